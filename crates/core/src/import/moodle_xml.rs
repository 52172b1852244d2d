//! Moodle XML (docs.moodle.org/en/Moodle_XML_format) is what Moodle, and most LMS and quiz tools after it,
//! export question banks as, so it is the richest source of real exam questions examday can get: names,
//! categories, per-answer feedback, general feedback, tags and embedded images.
//!
//! The file is read as XML with `roxmltree` (never by matching strings). Multiple-choice (`multichoice`, also the
//! all-or-nothing `multichoiceset` plugin) and true/false questions are imported; category pseudo-questions set
//! the domain of the questions after them; every other type (essay, matching, cloze…) is listed as skipped with
//! its line. A file that is not well-formed XML gives one problem with the line the XML parser names.

use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use roxmltree::{Document, Node};

use super::text::{decode_entities, html_to_text, tidy};
use super::types::{ImageRef, Imported, ImportedOption, ImportedQuestion, Problem, Skipped};

/// Options examday can show for one question.
const MAX_OPTIONS: usize = 8;

/// How deep elements may nest; far beyond any question bank, far within the stack.
const MAX_DEPTH: usize = 256;

/// The line where elements first nest deeper than [`MAX_DEPTH`], if they do: a linear scan of the tags (comments,
/// CDATA, declarations and processing instructions skipped), before the real parse.
fn too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    let skip_to =
        |from: usize, end: &str| text[from..].find(end).map_or(bytes.len(), |j| from + j + end.len());
    while let Some(j) = text[i..].find('<') {
        let at = i + j;
        let rest = &text[at..];
        i = if rest.starts_with("<!--") {
            skip_to(at, "-->")
        } else if rest.starts_with("<![CDATA[") {
            skip_to(at, "]]>")
        } else if rest.starts_with("<?") {
            skip_to(at, "?>")
        } else if rest.starts_with("<!") {
            skip_to(at, ">")
        } else if rest.starts_with("</") {
            depth = depth.saturating_sub(1);
            skip_to(at, ">")
        } else {
            // An opening tag: to its '>' outside quoted attribute values; "/>" closes it at once.
            let mut k = at + 1;
            let mut quote = None;
            while k < bytes.len() {
                match (quote, bytes[k]) {
                    (None, b'"' | b'\'') => quote = Some(bytes[k]),
                    (Some(q), c) if c == q => quote = None,
                    (None, b'>') => break,
                    _ => {}
                }
                k += 1;
            }
            if k > at + 1 && bytes.get(k - 1) != Some(&b'/') {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(text[..at].matches('\n').count() + 1);
                }
            }
            k + 1
        };
        if i >= bytes.len() {
            break;
        }
    }
    None
}

/// Questions of a Moodle XML file.
pub fn parse(text: &str) -> Imported {
    let mut out = Imported::default();
    // The XML parser descends one call per level: a file nested thousands deep would overflow the stack.
    if let Some(line) = too_deep(text) {
        out.problems.push(Problem {
            line,
            message: format!(
                "elements are nested more than {MAX_DEPTH} deep here (a Moodle export nests about ten); nothing \
                 imported from the file"
            ),
        });
        return out;
    }
    let doc = match Document::parse(text) {
        Ok(doc) => doc,
        Err(error) => {
            // Errors at the end of the input carry no position: the file's last line is where it went wrong.
            let at_end =
                matches!(error, roxmltree::Error::UnclosedRootNode | roxmltree::Error::UnexpectedEndOfStream);
            let line =
                if at_end { text.trim_end().matches('\n').count() + 1 } else { error.pos().row as usize };
            out.problems.push(Problem {
                line,
                message: format!("the file is not well-formed XML ({error}); nothing imported from it"),
            });
            return out;
        }
    };
    let root = doc.root_element();
    if root.tag_name().name() != "quiz" {
        out.problems.push(Problem {
            line: line_of(root),
            message: format!(
                "the file is not a Moodle XML question file: its root element is <{}>, not <quiz>",
                root.tag_name().name()
            ),
        });
        return out;
    }
    let mut domain: Option<String> = None;
    let mut lines = LineCounter { text: text.as_bytes(), at: 0, line: 1 };
    for question in root.children().filter(|n| is(*n, "question")) {
        let line = lines.line_at(question.range().start);
        let kind = question.attribute("type").unwrap_or_default();
        match kind {
            "category" => {
                domain =
                    child(question, "category").and_then(text_child).and_then(|path| category_domain(&path));
            }
            "multichoice" | "multichoiceset" | "truefalse" => match read_choice(question, kind, line) {
                Ok(mut q) => {
                    q.domain.clone_from(&domain);
                    out.questions.push(q);
                }
                Err(message) => out.problems.push(Problem { line, message }),
            },
            _ => out.skipped.push(Skipped {
                line,
                kind: skipped_kind(kind),
                excerpt: excerpt(&question_excerpt(question)),
            }),
        }
    }
    out
}

/// A multichoice, multichoiceset or truefalse question, or why it cannot be imported.
fn read_choice(question: Node, kind: &str, line: usize) -> Result<ImportedQuestion, String> {
    let name = child(question, "name").and_then(text_child).map(|n| tidy(&n)).filter(|n| !n.is_empty());
    let label = match &name {
        Some(name) => format!("{kind} “{}”", excerpt(name)),
        None => kind.to_string(),
    };
    let questiontext = child(question, "questiontext");
    let stem = questiontext.map(rich_text).unwrap_or_default();
    let image = match questiontext {
        Some(qt) => stem_image(qt).map_err(|why| format!("{label}: {why}"))?,
        None => None,
    };
    if stem.is_empty() && image.is_none() {
        return Err(format!("{label} has no question text"));
    }

    let answers: Vec<(f64, ImportedOption)> = question
        .children()
        .filter(|n| is(*n, "answer"))
        .map(|answer| {
            let fraction =
                answer.attribute("fraction").and_then(|f| f.trim().parse::<f64>().ok()).unwrap_or(0.0);
            let mut text = rich_text(answer);
            if kind == "truefalse" {
                if text.eq_ignore_ascii_case("true") {
                    text = "True".into();
                } else if text.eq_ignore_ascii_case("false") {
                    text = "False".into();
                }
            }
            let why = child(answer, "feedback").map(rich_text).filter(|w| !w.is_empty());
            (fraction, ImportedOption { text, correct: false, why })
        })
        .collect();
    if answers.len() < 2 {
        return Err(format!("{label} has {} answer(s); at least 2 are needed", answers.len()));
    }
    if answers.len() > MAX_OPTIONS {
        return Err(format!("{label} has {} answers; examday shows at most {MAX_OPTIONS}", answers.len()));
    }
    if let Some(i) = answers.iter().position(|(_, o)| o.text.is_empty()) {
        return Err(format!(
            "{label}: answer {} has no text (an image alone cannot be shown as an option)",
            i + 1
        ));
    }

    // Which answers are right: any positive fraction in a multi-answer question; in a single-answer one, the
    // only positive answer, or those worth 100% when partial credit is spread over several.
    let single = kind == "truefalse"
        || (kind == "multichoice"
            && child(question, "single")
                .and_then(|s| s.text())
                .is_none_or(|s| !matches!(s.trim(), "false" | "0")));
    let positive = answers.iter().filter(|(f, _)| *f > 0.0).count();
    let right = |fraction: f64| {
        if single && positive > 1 { fraction >= 99.99 } else { fraction > 0.0 }
    };
    let options: Vec<ImportedOption> =
        answers.into_iter().map(|(f, o)| ImportedOption { correct: right(f), ..o }).collect();
    if !options.iter().any(|o| o.correct) {
        let why = if positive > 1 {
            "it is single-answer, several answers give partial credit and none gives 100%"
        } else {
            "no answer has a positive fraction"
        };
        return Err(format!("{label} has no right answer: {why}"));
    }
    let full = options.iter().filter(|o| o.correct).count();
    if single && full > 1 {
        // Moodle scores any one of them as right; examday would ask for all of them.
        return Err(format!(
            "{label} is single-answer with {full} answers each worth 100% (any one of them is right); examday \
             needs one right answer, or a multiple-answer question (<single>false</single>) when all must be chosen"
        ));
    }

    let explanation = child(question, "generalfeedback").map(rich_text).filter(|e| !e.is_empty());
    let mut tags: Vec<String> = Vec::new();
    for tag in child(question, "tags").into_iter().flat_map(|t| t.children()).filter(|n| is(*n, "tag")) {
        let tag = text_child(tag).map(|t| tidy(&t)).unwrap_or_default();
        if !tag.is_empty() && !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    Ok(ImportedQuestion { line, name, domain: None, tags, stem, options, explanation, image })
}

/// The words a report uses for a question type examday does not sit.
fn skipped_kind(kind: &str) -> String {
    match kind {
        "" => "question without a type".into(),
        "essay" => "essay".into(),
        "match" => "matching".into(),
        "randomsamatch" => "random short-answer matching".into(),
        "numerical" => "numerical".into(),
        "shortanswer" => "short answer".into(),
        "multianswer" => "cloze".into(),
        "description" => "description".into(),
        "ddwtos" => "drag and drop into text".into(),
        "ddimageortext" => "drag and drop onto image".into(),
        "ddmarker" => "drag and drop markers".into(),
        "gapselect" => "select missing words".into(),
        "calculated" | "calculatedsimple" | "calculatedmulti" => "calculated".into(),
        "ordering" => "ordering".into(),
        "random" => "random question".into(),
        other => other.to_string(),
    }
}

/// The question's text as plain text (or its name when it has none), for a skipped question's excerpt.
fn question_excerpt(question: Node) -> String {
    let text = child(question, "questiontext").map(rich_text).unwrap_or_default();
    if text.is_empty() {
        child(question, "name").and_then(text_child).map(|n| tidy(&n)).unwrap_or_default()
    } else {
        text
    }
}

/// `$course$/top/Default for X/Networking` → "Networking".
fn category_domain(path: &str) -> Option<String> {
    super::text::category_domain(path, tidy)
}

/// The text of an element holding `<text>` (questiontext, answer, feedback…) as plain text, per its `format`.
fn rich_text(node: Node) -> String {
    let raw = text_child(node).unwrap_or_default();
    match node.attribute("format").unwrap_or_default() {
        "html" => html_text(&raw),
        // Moodle's auto-format keeps line breaks and lets HTML through.
        "moodle_auto_format" if has_html_tags(&raw) => html_to_text(&raw.replace('\n', "<br>")),
        "moodle_auto_format" | "plain_text" | "markdown" => tidy(&raw),
        _ if has_html_tags(&raw) => html_text(&raw),
        _ => tidy(&raw),
    }
}

/// HTML as a browser reads it: line breaks in the source are spaces (except inside `<pre>`).
pub(crate) fn html_text(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let mut flat = String::with_capacity(html.len());
    let mut at = 0;
    while let Some(open) = lower[at..].find("<pre").map(|i| at + i) {
        flat.push_str(&html[at..open].replace(['\r', '\n'], " "));
        let close = lower[open..].find("</pre").map_or(html.len(), |i| open + i);
        flat.push_str(&html[open..close]);
        at = close;
    }
    flat.push_str(&html[at..].replace(['\r', '\n'], " "));
    html_to_text(&flat)
}

/// Whether text holds an HTML tag that a browser would render (not "a < b" nor "List<T>").
pub(crate) fn has_html_tags(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.match_indices('<').any(|(i, _)| {
        let tag = lower[i + 1..].trim_start_matches('/');
        let name_len = tag.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(tag.len());
        let after = tag[name_len..].chars().next();
        super::text::HTML_ELEMENTS.contains(&&tag[..name_len])
            && matches!(after, Some('>' | '/' | ' ' | '\t' | '\n' | '\r'))
    })
}

/// The first image the question text shows: a `@@PLUGINFILE@@/name` file embedded in base64 next to the text,
/// or a relative path. Remote and `data:` images are left aside. An image referenced but missing or not
/// decodable is an error.
fn stem_image(questiontext: Node) -> Result<Option<ImageRef>, String> {
    let html = text_child(questiontext).unwrap_or_default();
    for src in img_sources(&html) {
        if let Some(rest) = src.strip_prefix("@@PLUGINFILE@@") {
            let wanted = percent_decode(rest);
            let wanted = if wanted.starts_with('/') { wanted } else { format!("/{wanted}") };
            let files: Vec<Node> = questiontext.children().filter(|n| is(*n, "file")).collect();
            let full_path = |f: &Node| {
                let dir = f.attribute("path").unwrap_or("/");
                let dir = dir.trim_end_matches('/');
                let dir = if dir.starts_with('/') { dir.to_string() } else { format!("/{dir}") };
                format!("{}/{}", dir.trim_end_matches('/'), f.attribute("name").unwrap_or_default())
            };
            let file = files.iter().find(|f| full_path(f) == wanted).or_else(|| {
                // Some tools write the path into the name, or forget it: fall back on the bare name.
                let bare = wanted.rsplit('/').next().unwrap_or_default();
                files.iter().find(|f| f.attribute("name").is_some_and(|n| n.rsplit('/').next() == Some(bare)))
            });
            let Some(file) = file else {
                return Err(format!(
                    "image “{}” is shown but not embedded in the file",
                    excerpt(&wanted[1..])
                ));
            };
            let name = file.attribute("name").unwrap_or_default().to_string();
            let encoding = file.attribute("encoding").unwrap_or("base64");
            if !encoding.eq_ignore_ascii_case("base64") {
                return Err(format!(
                    "image “{}” is encoded as “{}”, not base64",
                    excerpt(&name),
                    excerpt(encoding)
                ));
            }
            let data: String = file
                .descendants()
                .filter(|n| n.is_text())
                .filter_map(|n| n.text())
                .flat_map(str::chars)
                .filter(|c| !c.is_whitespace())
                .collect();
            let lenient = GeneralPurpose::new(
                &alphabet::STANDARD,
                GeneralPurposeConfig::new()
                    .with_decode_padding_mode(DecodePaddingMode::Indifferent)
                    .with_decode_allow_trailing_bits(true),
            );
            return match lenient.decode(data.as_bytes()) {
                Ok(bytes) if !bytes.is_empty() => Ok(Some(ImageRef::Embedded { name, bytes })),
                Ok(_) => Err(format!("image “{}” is empty", excerpt(&name))),
                Err(error) => Err(format!("image “{}” does not decode as base64 ({error})", excerpt(&name))),
            };
        }
        let lower = src.to_ascii_lowercase();
        if src.is_empty() || lower.starts_with("data:") || src.starts_with("//") || lower.contains("://") {
            continue;
        }
        return Ok(Some(ImageRef::Path(percent_decode(&src))));
    }
    Ok(None)
}

/// The `src` of each `<img>` tag, in order, entities decoded.
pub(crate) fn img_sources(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut sources = Vec::new();
    let mut at = 0;
    while let Some(i) = lower[at..].find("<img").map(|i| at + i) {
        let end = lower[i..].find('>').map_or(lower.len(), |e| i + e);
        at = end;
        if !lower[i + 4..].starts_with(|c: char| c.is_whitespace() || c == '/') {
            continue;
        }
        if let Some(src) = attribute(&html[i + 4..end], &lower[i + 4..end], "src") {
            sources.push(decode_entities(src.trim()));
        }
    }
    sources
}

/// The value of attribute `name` in the inside of a tag (`lower` is the same text in lower case).
fn attribute<'a>(tag: &'a str, lower: &str, name: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(i) = lower[from..].find(name).map(|i| from + i) {
        from = i + name.len();
        let before_ok =
            lower[..i].ends_with(|c: char| c.is_whitespace() || c == '/' || c == '"' || c == '\'');
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value_at = lower.len() - rest[1..].trim_start().len();
        let value = &tag[value_at..];
        return Some(match value.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let inner = &value[1..];
                inner.find(q).map_or(inner, |e| &inner[..e])
            }
            _ => value.split(|c: char| c.is_whitespace() || c == '>').next().unwrap_or_default(),
        });
    }
    None
}

/// `my%20image.png` → `my image.png` (an invalid escape is kept as is).
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match hex.filter(|_| bytes[i] == b'%').and_then(|h| u8::from_str_radix(h, 16).ok()) {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn is(node: Node, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name
}

fn child<'a, 'input>(node: Node<'a, 'input>, name: &str) -> Option<Node<'a, 'input>> {
    node.children().find(|n| is(*n, name))
}

/// The content of the element's `<text>` child (text and CDATA, as one string).
fn text_child(node: Node) -> Option<String> {
    let text = child(node, "text")?;
    Some(text.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()).collect())
}

/// 1-based line where the element starts (as `roxmltree`'s `text_pos_at` gives it, which counts from the start of
/// the document at each call: too slow for every question of a large export).
fn line_of(node: Node) -> usize {
    node.document().text_pos_at(node.range().start).row as usize
}

/// Lines of byte offsets met in increasing order (the questions, in document order), counted forward only.
struct LineCounter<'a> {
    text: &'a [u8],
    at: usize,
    line: usize,
}

impl LineCounter<'_> {
    fn line_at(&mut self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        if byte > self.at {
            self.line += self.text[self.at..byte].iter().filter(|b| **b == b'\n').count();
            self.at = byte;
        }
        self.line
    }
}

/// The start of a text for a message or an excerpt: its first line, at most 60 characters.
fn excerpt(text: &str) -> String {
    let text = text.trim().lines().next().unwrap_or_default().trim();
    match text.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}
