//! Reads Moodle GIFT files, the plain-text question format that Moodle and many teachers' tools write, so that a
//! candidate can rehearse a question bank they already have in examday.
//!
//! GIFT can describe more kinds of question than examday can sit. Multiple choice (one right answer, or several
//! with percentage weights), true/false and the "missing word" form of multiple choice are imported. Essays,
//! numerical, matching, short-answer and description items, and questions with more than one answer block, are
//! listed in `skipped` with their line. A question that is broken (a brace never closed, no right answer, an
//! option list that ends early, text where it cannot belong) is listed in `problems` with its line and left out,
//! while every sound question around it is still imported. Nothing is dropped silently, and no input, however
//! malformed, makes the parser panic.
//!
//! The format follows <https://docs.moodle.org/en/GIFT_format> and Moodle's own importer
//! (`question/format/gift/format.php`):
//!
//! - Questions are separated by blank lines. Where one is missing, a block with several answer blocks is split
//!   where a new question evidently starts (a `::title::` line, or a line after an answer block's `}` ending its
//!   line; see `question_starts`) rather than skipped whole as cloze. A line whose first non-blank characters
//!   are `//` is a comment; `[tag:x]` in a question's comments gives it a tag, as Moodle's exporter writes them.
//! - An `=` answer makes a question single-answer; several answers with full credit in it (`{=a =b ~c}`) mean
//!   that either one alone is right, which examday cannot ask, so such a question is a problem, not imported
//!   with a key that needs them all.
//! - `$CATEGORY: $course$/top/Networking` puts the questions after it in the domain "Networking".
//! - `::Title::` names a question; `[html]`, `[moodle]`, `[plain]` or `[markdown]` before a text gives its format.
//! - `\~ \= \# \{ \} \:` stand for the bare characters, `\n` for a line break and `\\` for one backslash (as Moodle's
//!   exporter writes a backslash); a backslash before anything else stays as it is.
//!
//! Whitespace: in a question's text a line break of the source is kept (Moodle shows it), while inside the answer
//! block (options, feedback, general feedback) a line break is only layout and becomes a space; `\n` is a line
//! break everywhere except in `[html]` text, where all line breaks are spaces, as in HTML.

use super::text::{decode_entities, html_to_text, tidy};
use super::types::{Imported, ImportedOption, ImportedQuestion, Problem, Skipped};

/// What stands for the answer block in a "missing word" question's text.
const BLANK: &str = "_____";

/// How long a skipped question's excerpt may be, in characters.
const EXCERPT_CHARS: usize = 60;

/// Reads GIFT `text` (UTF-8, BOM removed, LF or CRLF line endings).
pub fn parse(text: &str) -> Imported {
    let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut parser = Parser { out: Imported::default(), domain: None };
    let mut block: Vec<(usize, &str)> = Vec::new();
    let mut comments: Vec<(usize, &str)> = Vec::new();
    for (index, line) in normalized.split('\n').enumerate() {
        let number = index + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() {
            parser.block(&block, &comments);
            block.clear();
            comments.clear();
        } else if trimmed.starts_with("//") {
            comments.push((number, trimmed));
        } else if let Some(path) = trimmed.strip_prefix("$CATEGORY:") {
            // A category line closes whatever came before it, even without a blank line.
            parser.block(&block, &comments);
            block.clear();
            comments.clear();
            parser.domain = category_domain(path);
        } else {
            block.push((number, line));
        }
    }
    parser.block(&block, &comments);
    parser.out
}

struct Parser {
    out: Imported,
    /// The domain the last `$CATEGORY` set.
    domain: Option<String>,
}

/// The text formats GIFT knows. `Auto` is Moodle's own ("moodle") format, the default: line breaks are kept and
/// HTML tags are allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Auto,
    Html,
    Plain,
    Markdown,
}

/// One question's lines joined, with where each line starts so that an offset can be turned into a line number.
struct Source {
    text: String,
    /// (byte offset in `text`, 1-based line number in the file) of each line.
    starts: Vec<(usize, usize)>,
}

impl Source {
    fn new(lines: &[(usize, &str)]) -> Source {
        let mut text = String::new();
        let mut starts = Vec::with_capacity(lines.len());
        for (i, (number, line)) in lines.iter().enumerate() {
            if i > 0 {
                text.push('\n');
            }
            starts.push((text.len(), *number));
            text.push_str(line);
        }
        Source { text, starts }
    }

    /// The file line that holds byte `offset` of the joined text.
    fn line_at(&self, offset: usize) -> usize {
        let after = self.starts.partition_point(|&(start, _)| start <= offset);
        self.starts.get(after.saturating_sub(1)).map_or(0, |&(_, number)| number)
    }
}

/// Where the questions of one blank-line-separated block start (indexes into `lines`; the first is always 0).
///
/// Moodle needs a blank line between questions, but a missing one is a common slip, and the block then holds
/// several answer blocks. Read as one question it would be cloze and skipped, losing every question in it. So
/// when a block has several answer blocks, a new question is taken to start, outside any answer block, at
/// - a line that starts with a `::title::`, or
/// - a line after one that ends with an answer block's `}`, when that line does not start with a lower-case
///   letter (which reads as the sentence going on: "The {=cat ~dog}\nsat on the {=mat ~hat}." stays cloze) and
///   an answer block follows before the next such start (else the line is stray text of the question before).
///
/// Each part is then read as a question of its own, so a part that is broken, cloze or without answers is
/// reported at its own line as a whole block would be.
fn question_starts(lines: &[(usize, &str)]) -> Vec<usize> {
    let src = Source::new(lines);
    let text = src.text.as_str();
    let mut opens = 0usize;
    let mut open = false;
    let mut previous_ends_block = false;
    // (line index, whether it starts with a title), and which lines hold a `{`.
    let mut candidates: Vec<(usize, bool)> = Vec::new();
    let mut has_brace = vec![false; lines.len()];
    for (k, &(start, _)) in src.starts.iter().enumerate() {
        let end = src.starts.get(k + 1).map_or(text.len(), |&(next, _)| next.saturating_sub(1));
        let line = text.get(start..end).unwrap_or_default();
        let lead = line.len() - line.trim_start().len();
        let body = &line[lead..];
        let title_end =
            if open || !body.starts_with("::") { None } else { find_unescaped(line, lead + 2, "::") };
        if k > 0 && !open {
            if title_end.is_some() {
                candidates.push((k, true));
            } else if previous_ends_block && !body.starts_with(char::is_lowercase) {
                candidates.push((k, false));
            }
        }
        let from = start + title_end.map_or(lead, |t| t + 2);
        let mut last_close = None;
        for (i, b) in unescaped(text, from).take_while(|&(i, _)| i < end) {
            match b {
                b'{' => {
                    open = true;
                    opens += 1;
                    if let Some(flag) = has_brace.get_mut(k) {
                        *flag = true;
                    }
                }
                b'}' if open => {
                    open = false;
                    last_close = Some(i);
                }
                _ => {}
            }
        }
        let content_end = start + line.trim_end().len();
        previous_ends_block = !open && last_close.is_some_and(|i| i + 1 == content_end);
    }
    let mut starts = vec![0];
    if opens < 2 {
        return starts;
    }
    for (j, &(k, titled)) in candidates.iter().enumerate() {
        let to = candidates.get(j + 1).map_or(lines.len(), |&(next, _)| next);
        if titled || has_brace.get(k..to).is_some_and(|part| part.contains(&true)) {
            starts.push(k);
        }
    }
    starts
}

/// Bytes of `s` from `from` that are not part of a backslash escape, with their offsets. Every character that
/// matters to GIFT's structure is ASCII, so these offsets are always character boundaries.
fn unescaped(s: &str, from: usize) -> impl Iterator<Item = (usize, u8)> + '_ {
    let bytes = s.as_bytes();
    let mut i = from;
    std::iter::from_fn(move || {
        loop {
            let b = *bytes.get(i)?;
            if b == b'\\' {
                i += 2;
                continue;
            }
            i += 1;
            return Some((i - 1, b));
        }
    })
}

/// Offset of the first unescaped `pattern` (ASCII) in `s` at or after `from`.
fn find_unescaped(s: &str, from: usize, pattern: &str) -> Option<usize> {
    let first = *pattern.as_bytes().first()?;
    unescaped(s, from)
        .find(|&(i, b)| {
            b == first && s.as_bytes().get(i..).is_some_and(|r| r.starts_with(pattern.as_bytes()))
        })
        .map(|(i, _)| i)
}

/// Offsets of every unescaped byte of `s` for which `wanted` holds.
fn positions(s: &str, wanted: impl Fn(u8) -> bool) -> Vec<usize> {
    unescaped(s, 0).filter(|&(_, b)| wanted(b)).map(|(i, _)| i).collect()
}

/// GIFT's escapes decoded: `\~ \= \# \{ \} \:` and `\\` give the bare character, `\n` a line break; a backslash
/// before anything else stays.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some(e @ ('~' | '=' | '#' | '{' | '}' | ':' | '\\')) => out.push(e),
            Some('n') => out.push('\n'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// A leading `[html]`, `[moodle]`, `[plain]` or `[markdown]` and the text after it.
fn take_format(raw: &str) -> (Option<Format>, &str) {
    let trimmed = raw.trim_start();
    if let Some(rest) = trimmed.strip_prefix('[')
        && let Some(end) = rest.find(']')
    {
        let format = match rest[..end].to_ascii_lowercase().as_str() {
            "html" => Format::Html,
            "moodle" => Format::Auto,
            "plain" => Format::Plain,
            "markdown" => Format::Markdown,
            _ => return (None, raw),
        };
        return (Some(format), &rest[end + 1..]);
    }
    (None, raw)
}

/// Tags that make Moodle-format text HTML. Only real tag names count, so that "a<b and c>d" stays text.
#[rustfmt::skip]
const HTML_TAGS: &[&str] = &[
    "a", "b", "big", "blockquote", "br", "code", "del", "div", "em", "font", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "img", "ins", "kbd", "li", "ol", "p", "pre", "s", "samp", "small", "span", "strike", "strong", "sub",
    "sup", "table", "tbody", "td", "th", "thead", "tr", "tt", "u", "ul", "var",
];

fn looks_like_html(s: &str) -> bool {
    // The next `>` is found once and reused by every `<` before it, so a flood of "<b" stays linear.
    let mut next_gt: Option<Option<usize>> = None;
    for (i, _) in s.match_indices('<') {
        let gt = match next_gt {
            Some(Some(g)) if g > i => g,
            Some(None) => return false,
            _ => {
                let found = s[i..].find('>').map(|k| i + k);
                next_gt = Some(found);
                match found {
                    Some(g) => g,
                    None => return false,
                }
            }
        };
        let tag = &s[i + 1..gt];
        let tag = tag.strip_prefix('/').unwrap_or(tag);
        let name_len = tag.bytes().take_while(u8::is_ascii_alphanumeric).count();
        if !HTML_TAGS.contains(&tag[..name_len].to_ascii_lowercase().as_str()) {
            continue;
        }
        // `<b>`, `<br/>`, `<br />`, `<p class="x">`; not "<b and c>".
        let after_name = &tag[name_len..];
        let attributes = after_name.trim().trim_end_matches('/').trim();
        let separated =
            after_name.is_empty() || after_name.starts_with(char::is_whitespace) || after_name == "/";
        if separated && (attributes.is_empty() || attributes.contains('=')) {
            return true;
        }
    }
    false
}

/// Source text as the candidate should read it. `keep_breaks`: whether a line break in the source is a line break
/// (question text) or only layout (inside the answer block).
fn render(raw: &str, format: Format, keep_breaks: bool) -> String {
    let flat;
    let raw = if keep_breaks && format != Format::Html {
        raw
    } else {
        flat = raw.replace('\n', " ");
        &flat
    };
    let text = unescape(raw);
    match format {
        Format::Html => html_to_text(&text.replace('\n', " ")),
        Format::Auto if looks_like_html(&text) => html_to_text(&text),
        Format::Auto => tidy(&decode_entities(&text)),
        Format::Plain | Format::Markdown => tidy(&text),
    }
}

/// Text in its own `[format]` if it starts with one, else in `default`; `None` when nothing is left.
fn render_part(raw: &str, default: Format, keep_breaks: bool) -> Option<String> {
    let (format, rest) = take_format(raw);
    Some(render(rest, format.unwrap_or(default), keep_breaks)).filter(|t| !t.is_empty())
}

/// The domain a `$CATEGORY:` path gives (escapes undone).
fn category_domain(path: &str) -> Option<String> {
    super::text::category_domain(path, |p| tidy(&unescape(p)))
}

/// `[tag:x]` tokens in a question's comments (`\]` is a `]` within a tag), in order, without repeats.
fn comment_tags(comments: &[&str]) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for comment in comments {
        let mut rest: &str = comment;
        while let Some(start) = rest.find("[tag:") {
            let after = &rest[start + 5..];
            let mut tag = String::new();
            let mut end = None;
            let mut chars = after.char_indices();
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' if after[i + 1..].starts_with(']') => {
                        tag.push(']');
                        chars.next();
                    }
                    ']' => {
                        end = Some(i);
                        break;
                    }
                    _ => tag.push(c),
                }
            }
            let Some(end) = end else { break };
            let tag = tag.trim().to_string();
            if !tag.is_empty() && !tags.contains(&tag) {
                tags.push(tag);
            }
            rest = &after[end + 1..];
        }
    }
    tags
}

/// The start of a question's text, on one line, for the report.
fn excerpt(stem: &str, name: Option<&str>) -> String {
    let base = if stem.trim().is_empty() { name.unwrap_or("") } else { stem };
    let flat = base.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= EXCERPT_CHARS {
        return flat;
    }
    let mut cut: String = flat.chars().take(EXCERPT_CHARS - 1).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

/// One answer of a multiple-choice block.
struct Choice<'a> {
    marker: u8,
    /// File line of its `~` or `=`.
    line: usize,
    weight: Option<f64>,
    text: &'a str,
    feedback: Option<&'a str>,
}

/// A `%50%` / `%-33.3%` weight at the start of `s`, and the rest.
fn take_weight(s: &str) -> (Option<f64>, &str) {
    let Some(body) = s.strip_prefix('%') else { return (None, s) };
    let Some(end) = body.find('%') else { return (None, s) };
    let number = &body[..end];
    let digits = number.strip_prefix('-').unwrap_or(number);
    let well_formed = digits.starts_with(|c: char| c.is_ascii_digit())
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.matches('.').count() <= 1;
    match number.parse::<f64>() {
        Ok(weight) if well_formed => (Some(weight), &body[end + 1..]),
        _ => (None, s),
    }
}

/// Whether a short-answer block (`=a =%50%b#feedback`) has markers but no answer text at all.
fn short_answers_empty(answers: &str) -> bool {
    let mut bounds = vec![0];
    bounds.extend(positions(answers, |b| b == b'=').into_iter().map(|i| i + 1));
    bounds.iter().enumerate().all(|(k, &from)| {
        let to = bounds.get(k + 1).map_or(answers.len(), |&next| next - 1).max(from);
        let (_, rest) = take_weight(answers[from..to].trim_start());
        split_feedback(rest).0.trim().is_empty()
    })
}

/// Text before the first unescaped `#` and the feedback after it.
fn split_feedback(s: &str) -> (&str, Option<&str>) {
    match find_unescaped(s, 0, "#") {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    }
}

impl Parser {
    fn problem(&mut self, line: usize, message: String) {
        self.out.problems.push(Problem { line, message });
    }

    fn skip(&mut self, line: usize, kind: &str, stem: &str, name: Option<&str>) {
        self.out.skipped.push(Skipped { line, kind: kind.to_string(), excerpt: excerpt(stem, name) });
    }

    /// One blank-line-separated block of non-comment lines (with the block's comments and their lines): one
    /// question, or several when the blank lines between them are missing (see `question_starts`). A comment
    /// belongs to the question it comes before or stands in.
    fn block(&mut self, lines: &[(usize, &str)], comments: &[(usize, &str)]) {
        let starts = question_starts(lines);
        let mut after = 0;
        for (k, &from) in starts.iter().enumerate() {
            let to = starts.get(k + 1).copied().unwrap_or(lines.len());
            let part = lines.get(from..to).unwrap_or_default();
            let last = match part.last() {
                Some(&(number, _)) if k + 1 < starts.len() => number,
                _ => usize::MAX,
            };
            let own: Vec<&str> =
                comments.iter().filter(|&&(n, _)| n > after && n <= last).map(|&(_, c)| c).collect();
            after = last;
            self.question(part, &own);
        }
    }

    /// One question's non-comment lines.
    fn question(&mut self, lines: &[(usize, &str)], comments: &[&str]) {
        let Some(&(line, _)) = lines.first() else { return };
        let src = Source::new(lines);
        let text = src.text.as_str();
        let mut pos = text.len() - text.trim_start().len();

        let mut name = None;
        if text[pos..].starts_with("::") {
            // Without a closing `::` Moodle drops the opening one and reads the rest as the question.
            pos += 2;
            if let Some(end) = find_unescaped(text, pos, "::") {
                name = Some(tidy(&unescape(&text[pos..end].replace('\n', " ")))).filter(|n| !n.is_empty());
                pos = end + 2;
            }
        }
        let (format, body_start) = take_format(&text[pos..]);
        let format = format.unwrap_or(Format::Auto);
        let body_offset = text.len() - body_start.len();

        // The answer blocks: `{` ... `}`, neither escaped.
        let mut blocks: Vec<(usize, usize)> = Vec::new();
        let mut open: Option<usize> = None;
        for (i, b) in unescaped(text, body_offset) {
            match (b, open) {
                (b'{', None) => open = Some(i),
                (b'{', Some(start)) => {
                    let message = format!(
                        "the answer block opened here is not closed before the `{{` on line {} (a literal brace is \
                         written \\{{)",
                        src.line_at(i)
                    );
                    return self.problem(src.line_at(start), message);
                }
                (b'}', Some(start)) => {
                    blocks.push((start, i));
                    open = None;
                }
                (b'}', None) => {
                    let message = "`}` without an opening `{` (a literal brace is written \\})".to_string();
                    return self.problem(src.line_at(i), message);
                }
                _ => {}
            }
        }
        if let Some(start) = open {
            return self
                .problem(src.line_at(start), "the answer block opened here is never closed".to_string());
        }

        let (open, close) = match blocks.as_slice() {
            [] => {
                let stem = render(&text[body_offset..], format, true);
                return self.skip(line, "description", &stem, name.as_deref());
            }
            [only] => *only,
            [first, ..] => {
                let stem = render(&text[body_offset..first.0], format, true);
                return self.skip(line, "several answer blocks (cloze)", &stem, name.as_deref());
            }
        };

        let prefix = &text[body_offset..open];
        let suffix = &text[close + 1..];
        let embedded = !suffix.trim().is_empty();
        let stem_raw = if embedded { format!("{prefix}{BLANK}{suffix}") } else { prefix.to_string() };
        let stem = render(&stem_raw, format, true);
        let open_line = src.line_at(open);

        // The answer block: general feedback after `####`, then the answers.
        let inner = &text[open + 1..close];
        let (answers, general) = match find_unescaped(inner, 0, "####") {
            Some(i) => (&inner[..i], Some(&inner[i + 4..])),
            None => (inner, None),
        };
        let explanation = general.and_then(|g| render_part(g, format, false));
        let answers_trimmed = answers.trim();
        let has = |wanted: u8| unescaped(answers, 0).any(|(_, b)| b == wanted);

        let kind = if answers_trimmed.is_empty() {
            Some("essay")
        } else if answers_trimmed.starts_with('#') {
            Some("numerical")
        } else if has(b'~') {
            None
        } else if has(b'=') && answers.contains("->") {
            Some("matching")
        } else if ["T", "TRUE", "F", "FALSE"].contains(&split_feedback(answers).0.trim()) {
            if embedded {
                Some("missing-word true/false")
            } else {
                let question = ImportedQuestion { line, name, stem, explanation, ..Default::default() };
                return self.true_false(question, answers, format, comments);
            }
        } else if short_answers_empty(answers) {
            return self.problem(open_line, "the answer block has `=` but no answer after it".to_string());
        } else {
            Some("short answer")
        };
        if let Some(kind) = kind {
            return self.skip(line, kind, &stem, name.as_deref());
        }

        // Multiple choice. In the missing-word form the sentence goes on after `}` on the same line; text that
        // starts on a later line is most likely the next question without its blank line.
        if embedded {
            let gap = suffix.len() - suffix.trim_start().len();
            let stray_line = src.line_at(close + 1 + gap);
            let close_line = src.line_at(close);
            if stray_line > close_line {
                let message = format!(
                    "text after the answer block that ends on line {close_line}: a missing-word sentence goes on \
                     after `}}` on the same line, and a new question needs a blank line before it"
                );
                return self.problem(stray_line, message);
            }
        }
        let Some(options) = self.choices(&src, answers, open + 1, (line, open_line), format) else { return };
        if stem.is_empty() {
            return self.problem(line, "the question has no text before its answers".to_string());
        }
        let domain = self.domain.clone();
        let tags = comment_tags(comments);
        self.out.questions.push(ImportedQuestion {
            line,
            name,
            domain,
            tags,
            stem,
            options,
            explanation,
            image: None,
        });
    }

    /// The options of a multiple-choice block (`answers` starts at byte `base` of the question's text; `lines`:
    /// the question's first line and the line of its `{`), or `None` after reporting a problem.
    fn choices(
        &mut self,
        src: &Source,
        answers: &str,
        base: usize,
        (line, open_line): (usize, usize),
        format: Format,
    ) -> Option<Vec<ImportedOption>> {
        let markers = positions(answers, |b| b == b'~' || b == b'=');
        let first = markers.first().copied().unwrap_or(answers.len());
        let before = answers[..first].trim();
        if !before.is_empty() {
            let message = format!("text before the first answer of the block: `{}`", excerpt(before, None));
            self.problem(src.line_at(base + answers.len() - answers.trim_start().len()), message);
            return None;
        }
        let mut choices: Vec<Choice> = Vec::new();
        for (k, &at) in markers.iter().enumerate() {
            let end = markers.get(k + 1).copied().unwrap_or(answers.len());
            let marker = answers.as_bytes().get(at).copied().unwrap_or(b'~');
            let (weight, rest) = take_weight(answers[at + 1..end].trim_start());
            let (text, feedback) = split_feedback(rest);
            choices.push(Choice { marker, line: src.line_at(base + at), weight, text, feedback });
        }
        let empty = |c: &Choice| c.text.trim().is_empty();
        if choices.iter().all(empty) {
            self.problem(open_line, "the answer block has `~`/`=` markers but no option text".to_string());
            return None;
        }
        if let Some(c) = choices.iter().find(|c| empty(c)) {
            let message =
                format!("the option list ends early: `{}` with nothing after it", char::from(c.marker));
            self.problem(c.line, message);
            return None;
        }
        if choices.len() < 2 {
            self.problem(open_line, "a multiple-choice question needs at least two options".to_string());
            return None;
        }
        // With an `=` answer the question has one right answer and `~%50%` gives partial credit only; without one
        // (`~%50%a ~%50%b ~%-100%c`) every option with a positive weight is one of the right answers.
        let single = choices.iter().any(|c| c.marker == b'=');
        let options: Vec<ImportedOption> = choices
            .iter()
            .map(|c| {
                let weight = c.weight.unwrap_or(0.0);
                let correct = c.marker == b'=' || if single { weight >= 100.0 } else { weight > 0.0 };
                ImportedOption {
                    text: render_part(c.text, format, false).unwrap_or_default(),
                    correct,
                    why: c.feedback.and_then(|f| render_part(f, format, false)),
                }
            })
            .collect();
        if let Some(blank) = choices.iter().zip(&options).find(|(_, o)| o.text.is_empty()) {
            let message =
                format!("the option after `{}` has no text once formatted", char::from(blank.0.marker));
            self.problem(blank.0.line, message);
            return None;
        }
        // Several full-credit answers in a single-answer question mean, in Moodle, that any one of them alone
        // scores full marks. examday cannot say "either one"; as a multi-select key it would mark a candidate
        // who picks one of them wrong, so the question is left out.
        if single && options.iter().filter(|o| o.correct).count() > 1 {
            let message = "several answers are each right on their own (`=`); examday needs one right answer, or \
                           all right answers marked with %weights% when all must be chosen";
            self.problem(line, message.to_string());
            return None;
        }
        if !options.iter().any(|o| o.correct) {
            let message = "no right answer: mark one with `=`, or give right answers a positive `%weight%`";
            self.problem(open_line, message.to_string());
            return None;
        }
        Some(options)
    }

    /// `{T}`, `{TRUE#wrong feedback#right feedback}`, `{F}`, `{FALSE}`: a question with the options True and False.
    fn true_false(
        &mut self,
        mut question: ImportedQuestion,
        answers: &str,
        format: Format,
        comments: &[&str],
    ) {
        let hashes = positions(answers, |b| b == b'#');
        let part = |from: Option<usize>, to: Option<usize>| {
            let from = from.map_or(answers.len(), |i| i + 1);
            let to = to.unwrap_or(answers.len()).max(from);
            render_part(&answers[from..to], format, false)
        };
        let wrong = part(hashes.first().copied(), hashes.get(1).copied());
        let right = part(hashes.get(1).copied(), None);
        let value = split_feedback(answers).0.trim().starts_with('T');
        let option = |text: &str, is_true: bool| {
            let correct = is_true == value;
            ImportedOption {
                text: text.to_string(),
                correct,
                why: if correct { right.clone() } else { wrong.clone() },
            }
        };
        question.options = vec![option("True", true), option("False", false)];
        if question.stem.is_empty() {
            return self.problem(question.line, "the question has no text before its answers".to_string());
        }
        question.domain = self.domain.clone();
        question.tags = comment_tags(comments);
        self.out.questions.push(question);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> ImportedQuestion {
        let got = parse(text);
        assert!(got.problems.is_empty() && got.skipped.is_empty(), "{got:#?}");
        assert_eq!(got.questions.len(), 1, "{got:#?}");
        got.questions.into_iter().next().unwrap_or_default()
    }

    fn options(q: &ImportedQuestion) -> Vec<(&str, bool)> {
        q.options.iter().map(|o| (o.text.as_str(), o.correct)).collect()
    }

    fn problems(got: &Imported) -> Vec<usize> {
        got.problems.iter().map(|p| p.line).collect()
    }

    fn skipped(got: &Imported) -> Vec<(usize, &str)> {
        got.skipped.iter().map(|s| (s.line, s.kind.as_str())).collect()
    }

    #[test]
    fn multiple_choice_with_feedback_and_general_feedback() {
        let q = one(
            "::Q1:: Which port does HTTPS use? {\n  =443 # Right.\n  ~80 # That is HTTP.\n  ####TLS over TCP.\n}",
        );
        assert_eq!(q.name.as_deref(), Some("Q1"));
        assert_eq!(q.stem, "Which port does HTTPS use?");
        assert_eq!(options(&q), [("443", true), ("80", false)]);
        assert_eq!(q.options[0].why.as_deref(), Some("Right."));
        assert_eq!(q.options[1].why.as_deref(), Some("That is HTTP."));
        assert_eq!(q.explanation.as_deref(), Some("TLS over TCP."));
    }

    #[test]
    fn weights_make_a_multi_select_question() {
        let q = one("Which are primes? {~%50%2 ~%50%3 ~%-100%4 ~%0%6}");
        assert_eq!(options(&q), [("2", true), ("3", true), ("4", false), ("6", false)]);
        // With an `=` answer, a partial weight is partial credit, not a right answer (a full weight beside it makes
        // a second answer right on its own: see `several_right_answers_on_their_own_are_a_problem`).
        let q = one("Q {=a ~%50%b ~%33.3%d}");
        assert_eq!(options(&q), [("a", true), ("b", false), ("d", false)]);
        // A malformed weight is text.
        let q = one("Q {=a ~%x%b}");
        assert_eq!(options(&q), [("a", true), ("%x%b", false)]);
    }

    /// In Moodle several `=` answers in one block mean "any one of them is right" (a single pick scores full
    /// marks); examday has no such question, and a multi-select key would mark a single right pick wrong.
    #[test]
    fn several_right_answers_on_their_own_are_a_problem() {
        let text = "::e:: Name a primary colour. {=Red =Blue ~Green}\n\nGood {=a ~b}\n\nQ {\n  ~x\n  =y\n  =z\n}\n\n\
                    Full weight too {=a ~%100%b ~c}";
        let got = parse(text);
        assert_eq!(problems(&got), [1, 5, 11]);
        for p in &got.problems {
            assert_eq!(
                p.message,
                "several answers are each right on their own (`=`); examday needs one right answer, or all right \
                 answers marked with %weights% when all must be chosen"
            );
        }
        let stems: Vec<(usize, &str)> = got.questions.iter().map(|q| (q.line, q.stem.as_str())).collect();
        assert_eq!(stems, [(3, "Good")]);
        assert!(got.skipped.is_empty(), "{got:#?}");
        // Weights without `=` still make a multi-select question, and `=a ~%50%b` is partial credit for b.
        let q = one("Which are primes? {~%50%2 ~%50%3 ~%-100%4}");
        assert_eq!(options(&q), [("2", true), ("3", true), ("4", false)]);
        let q = one("Q {=a ~%50%b ~c}");
        assert_eq!(options(&q), [("a", true), ("b", false), ("c", false)]);
    }

    /// Moodle needs a blank line between questions; when one is missing the questions are still told apart at
    /// a `::title::` line, or at a line after one that ends with an answer block's `}`.
    #[test]
    fn questions_without_a_blank_line_between_them_are_split() {
        let text = "::Q0:: Good one {=a ~b}\n\n::Q1:: First question {=a ~b}\n::Q2:: Second question {=c ~d}\n\
                    ::Q3:: Third question {=e ~f}\n";
        let got = parse(text);
        assert!(got.problems.is_empty() && got.skipped.is_empty(), "{got:#?}");
        let found: Vec<(usize, Option<&str>, &str)> =
            got.questions.iter().map(|q| (q.line, q.name.as_deref(), q.stem.as_str())).collect();
        assert_eq!(
            found,
            [
                (1, Some("Q0"), "Good one"),
                (3, Some("Q1"), "First question"),
                (4, Some("Q2"), "Second question"),
                (5, Some("Q3"), "Third question")
            ]
        );
        assert_eq!(options(&got.questions[3]), [("e", true), ("f", false)]);

        // Without titles: a line after a `}` that ends its line starts a new question, whose stem may go on over
        // several lines; multi-line answer blocks, comments (with their tags) and a missing-word question too.
        let text = "// [tag:one]\nFirst? {\n  =a\n  ~b\n}\n// [tag:two]\nSecond\nover two lines {=c ~d}\n\
                    {=Paris ~Rome} is the capital of France.\n$CATEGORY: top/Geo\nA {=x ~y}\nB {T}";
        let got = parse(text);
        assert!(got.problems.is_empty() && got.skipped.is_empty(), "{got:#?}");
        let found: Vec<(usize, &str, Vec<String>, Option<&str>)> = got
            .questions
            .iter()
            .map(|q| (q.line, q.stem.as_str(), q.tags.clone(), q.domain.as_deref()))
            .collect();
        assert_eq!(
            found,
            [
                (2, "First?", vec!["one".to_string()], None),
                (7, "Second\nover two lines", vec!["two".to_string()], None),
                (9, "_____ is the capital of France.", vec![], None),
                (11, "A", vec![], Some("Geo")),
                (12, "B", vec![], Some("Geo"))
            ]
        );

        // Each part is read on its own: a broken one is a problem at its own line, a cloze one is skipped, a
        // title after text without an answer block leaves that text as a description.
        let text = "Intro text\n::A:: One {=a ~b}\n::B:: Two {~a ~b}\nThe {=cat ~dog} sat on the {=mat ~hat}.\n\
                    ::C:: Three {=a ~b\n::D:: Four {=c ~d}\nFive {=e ~f}\n} Six {=g ~h}";
        let got = parse(text);
        let lines: Vec<usize> = got.questions.iter().map(|q| q.line).collect();
        assert_eq!(lines, [2, 7]);
        assert_eq!(skipped(&got), [(1, "description"), (4, "several answer blocks (cloze)")]);
        assert_eq!(problems(&got), [3, 5, 8]);
        assert!(got.problems[0].message.contains("no right answer"), "{:?}", got.problems[0]);
        assert!(got.problems[1].message.contains("line 6"), "{:?}", got.problems[1]);
        assert!(got.problems[2].message.contains("without an opening"), "{:?}", got.problems[2]);
    }

    /// Several blanks in one sentence are cloze, also when the sentence goes on over a line break.
    #[test]
    fn cloze_stays_skipped() {
        for text in [
            "The {=cat ~dog} sat on the {=mat ~hat}.",
            "The {=cat ~dog}\nsat on the {=mat ~hat}.",
            "The {=cat ~dog} sat\non the {=mat ~hat}.",
            "::T:: The {=cat ~dog}\nsat on the {=mat ~hat}.",
        ] {
            let got = parse(text);
            assert_eq!(skipped(&got), [(1, "several answer blocks (cloze)")], "{text:?}");
            assert!(got.questions.is_empty() && got.problems.is_empty(), "{got:#?}");
        }
    }

    #[test]
    fn weighted_equals_answers_are_short_answer() {
        let got = parse("Capital of France? {=Paris =%50%paris}\n\nQ {=a}");
        assert_eq!(skipped(&got), [(1, "short answer"), (3, "short answer")]);
        assert!(got.questions.is_empty() && got.problems.is_empty());
    }

    #[test]
    fn true_false_with_feedback() {
        let q = one("The sky is green.{F#No, it is blue.#Right, it is not green.####Rayleigh.}");
        assert_eq!(options(&q), [("True", false), ("False", true)]);
        assert_eq!(q.options[0].why.as_deref(), Some("No, it is blue."));
        assert_eq!(q.options[1].why.as_deref(), Some("Right, it is not green."));
        assert_eq!(q.explanation.as_deref(), Some("Rayleigh."));
        for (block, value) in [("{T}", true), ("{TRUE}", true), ("{F}", false), ("{FALSE}", false)] {
            let q = one(&format!("Statement. {block}"));
            assert_eq!(options(&q), [("True", value), ("False", !value)], "{block}");
            assert_eq!(q.options[0].why, None);
        }
        let q = one("Statement. {TRUE#wrong only}");
        assert_eq!(q.options[1].why.as_deref(), Some("wrong only"));
        assert_eq!(q.options[0].why, None);
    }

    #[test]
    fn missing_word_multiple_choice() {
        let q = one("The holiday is on the {\n ~second\n =fourth\n} Thursday of November.");
        assert_eq!(q.stem, "The holiday is on the _____ Thursday of November.");
        let q = one("{=Paris ~Rome} is the capital of France.");
        assert_eq!(q.stem, "_____ is the capital of France.");
        let got = parse("Grant is {T} buried.\n\nJesus was from {=Nazareth}.");
        assert_eq!(skipped(&got), [(1, "missing-word true/false"), (3, "short answer")]);
    }

    #[test]
    fn unsittable_kinds_are_skipped_with_their_line() {
        let text = "// c\n::E::Write an essay. {}\n\nYear? {#1822:5}\n\nMatch {=a->b =c->d}\n\nName? {=x}\n\n\
                    Just a description.\nOver two lines.\n\nTwo {=a ~b} blocks {=c ~d}.\n\nEssay with feedback {####gf}";
        let got = parse(text);
        assert_eq!(
            skipped(&got),
            [
                (2, "essay"),
                (4, "numerical"),
                (6, "matching"),
                (8, "short answer"),
                (10, "description"),
                (13, "several answer blocks (cloze)"),
                (15, "essay")
            ]
        );
        assert_eq!(got.skipped[0].excerpt, "Write an essay.");
        assert_eq!(got.skipped[4].excerpt, "Just a description. Over two lines.");
        assert!(got.questions.is_empty() && got.problems.is_empty(), "{got:#?}");
    }

    #[test]
    fn long_excerpts_are_cut() {
        let got = parse(&format!("{} {{}}", "word ".repeat(40)));
        let excerpt = &got.skipped[0].excerpt;
        assert!(excerpt.chars().count() <= EXCERPT_CHARS && excerpt.ends_with('…'), "{excerpt}");
    }

    #[test]
    fn escapes_are_decoded_everywhere() {
        let q = one(
            "::A\\: B:: Is 1 \\= 1 \\{really\\}?\\nSay \\#yes \\~ \\\\ \\d {=a\\~b#c\\#d ~e\\=f ####g\\:h}",
        );
        assert_eq!(q.name.as_deref(), Some("A: B"));
        assert_eq!(q.stem, "Is 1 = 1 {really}?\nSay #yes ~ \\ \\d");
        assert_eq!(options(&q), [("a~b", true), ("e=f", false)]);
        assert_eq!(q.options[0].why.as_deref(), Some("c#d"));
        assert_eq!(q.explanation.as_deref(), Some("g:h"));
        // `\\{` is a backslash, then a real brace.
        let q = one("Path C:\\\\{=a ~b}");
        assert_eq!(q.stem, "Path C:\\");
        // A trailing backslash stays.
        let q = one("Q {=a\\ ~b}");
        assert_eq!(options(&q), [("a\\", true), ("b", false)]);
    }

    #[test]
    fn line_breaks_kept_in_stems_and_spaces_in_answers() {
        let q = one(
            "First line\n  second line {\n =right answer\n    continued # feedback\n    continued\n ~wrong\\nnext}",
        );
        assert_eq!(q.stem, "First line\nsecond line");
        assert_eq!(options(&q), [("right answer continued", true), ("wrong\nnext", false)]);
        assert_eq!(q.options[0].why.as_deref(), Some("feedback continued"));
    }

    #[test]
    fn formats() {
        let q = one(
            "[html]<p>Which <b>one</b>\nis &lt;right&gt;?</p><p>Pick\\none.</p>{=<i>this</i> ~[plain]<i>that</i>}",
        );
        assert_eq!(q.stem, "Which one is <right>?\n\nPick one.");
        assert_eq!(options(&q), [("this", true), ("<i>that</i>", false)]);
        // Moodle's own format with tags is HTML too, its line breaks kept; without tags, entities are decoded.
        let q = one("[moodle]Is <b>this</b>\nbold? {=yes ~no &amp; never}");
        assert_eq!(q.stem, "Is this\nbold?");
        assert_eq!(options(&q), [("yes", true), ("no & never", false)]);
        let q = one("Is a<b and c>d? Is x<y? {=yes ~no}");
        assert_eq!(q.stem, "Is a<b and c>d? Is x<y?");
        let q = one("A <br/>break and <img src=\"x.png\"> an image {=yes ~no}");
        assert_eq!(q.stem, "A\nbreak and an image");
        let q = one("::T::[markdown]Some *text*{=a ~b}");
        assert_eq!(q.stem, "Some *text*");
        let q = one("[unknown]x {=a ~b}");
        assert_eq!(q.stem, "[unknown]x");
    }

    /// What Moodle's own exporter writes: a comment per question, `$CATEGORY`, `[html]` text, tab-indented
    /// answers with weights, `\n` between HTML paragraphs, escaped colons.
    #[test]
    fn moodle_export() {
        let text = "// question: 0  name: Switch category to $course$/top/Default for C/Networking\n\
                    $CATEGORY: $course$/top/Default for C/Networking\n\n\n\
                    // question: 42  name: Ports\n// [tag:exam1]\n\
                    ::Ports::[html]<p>Which ports are <strong>encrypted</strong>?</p>{\n\
                    \t~%50%443#<p>HTTPS</p>\n\t~%50%22#SSH\n\t~%-100%80#Plain HTTP\n\
                    \t####<p>Look at TLS.</p>\\n<p>And SSH\\: port 22.</p>\n}\n\n\
                    // question: 43  name: TF\n\
                    ::TF::[html]<p>TLS 1.0 is deprecated.</p>{TRUE#<p>It is.</p>#Right.####Since 2021.}\n";
        let got = parse(text);
        assert!(got.problems.is_empty() && got.skipped.is_empty(), "{got:#?}");
        let q = &got.questions[0];
        assert_eq!((q.line, q.name.as_deref(), q.domain.as_deref()), (7, Some("Ports"), Some("Networking")));
        assert_eq!(q.tags, ["exam1"]);
        assert_eq!(q.stem, "Which ports are encrypted?");
        assert_eq!(options(q), [("443", true), ("22", true), ("80", false)]);
        assert_eq!(q.options[0].why.as_deref(), Some("HTTPS"));
        assert_eq!(q.explanation.as_deref(), Some("Look at TLS.\n\nAnd SSH: port 22."));
        let tf = &got.questions[1];
        assert_eq!(options(tf), [("True", true), ("False", false)]);
        assert_eq!(tf.options[0].why.as_deref(), Some("Right."));
        assert_eq!(tf.options[1].why.as_deref(), Some("It is."));
        assert_eq!(tf.explanation.as_deref(), Some("Since 2021."));
        assert_eq!(tf.domain.as_deref(), Some("Networking"));
    }

    #[test]
    fn categories_give_the_domain() {
        let text = "Q0 {=a ~b}\n\n$CATEGORY: $course$/top/Networking\n\nQ1 {=a ~b}\n\n\
                    $CATEGORY: $course$/top/Default for LING-373\nQ2 {=a ~b}\n\n$CATEGORY: Security/TLS//SSL\n\n\
                    Q3 {=a ~b}\n\n$CATEGORY: $course$/top\n\nQ4 {=a ~b}\n\n$CATEGORY: top/Storage\n\nQ5 {=a ~b}";
        let got = parse(text);
        let domains: Vec<Option<&str>> = got.questions.iter().map(|q| q.domain.as_deref()).collect();
        assert_eq!(
            domains,
            [None, Some("Networking"), Some("Default for LING-373"), Some("TLS/SSL"), None, Some("Storage")]
        );
        assert_eq!(got.questions[2].line, 8);
        assert!(got.problems.is_empty() && got.skipped.is_empty());
    }

    #[test]
    fn tags_come_from_comments() {
        let q =
            one("// question: 1 name: x\n// [id:ABC] [tag:net] [tag: tls ] [tag:net] [tag:a\\]b]\nQ {=a ~b}");
        assert_eq!(q.tags, ["net", "tls", "a]b"]);
        assert_eq!(q.line, 3);
    }

    #[test]
    fn comments_inside_a_question_are_ignored() {
        let q = one("  // leading\nQ?\n// between\n{\n// inside\n=a\n  //indented\n~b\n}");
        assert_eq!(q.line, 2);
        assert_eq!(q.stem, "Q?");
        assert_eq!(options(&q), [("a", true), ("b", false)]);
    }

    /// Each broken question is reported at its line and left out; the sound ones around it are imported.
    #[test]
    fn malformed_questions_are_problems_with_lines() {
        let text = "\
Good one {=a ~b}

Unclosed brace here {
=a
~b

No right answer {~a ~b ~c}

Ends early {=a ~b ~}

Empty {~ ~}

Empty short {=}

Stray {oops =a ~b}

Stray close } here {=a ~b}

Two opens {=a { ~b}

Missing blank line {=a ~b}
Next question? {=c ~d}

Missing blank line, no braces {=a ~b}
some stray text

Only one {=a}

One tilde {~%100%a}

Only a title ::T::{=a ~b}

::T::{=a ~b}

Good two {
  =x
  ~y
}
";
        let got = parse(text);
        let stems: Vec<&str> = got.questions.iter().map(|q| q.stem.as_str()).collect();
        // Lines 21 and 22 are two questions without a blank line between them: both are imported.
        assert_eq!(
            stems,
            ["Good one", "Missing blank line", "Next question?", "Only a title ::T::", "Good two"]
        );
        let lines: Vec<usize> = got.questions.iter().map(|q| q.line).collect();
        assert_eq!(lines, [1, 21, 22, 31, 35]);
        assert_eq!(skipped(&got), [(27, "short answer")]);
        assert_eq!(problems(&got), [3, 7, 9, 11, 13, 15, 17, 19, 25, 29, 33]);
        let messages: Vec<&str> = got.problems.iter().map(|p| p.message.as_str()).collect();
        assert!(messages[0].contains("never closed"), "{}", messages[0]);
        assert!(messages[1].contains("no right answer"), "{}", messages[1]);
        assert!(messages[2].contains("ends early"), "{}", messages[2]);
        assert!(messages[5].contains("before the first answer"), "{}", messages[5]);
        assert!(messages[6].contains("without an opening"), "{}", messages[6]);
        assert!(messages[7].contains("line 19"), "{}", messages[7]);
        assert!(messages[8].contains("ends on line 24"), "{}", messages[8]);
        assert!(messages[10].contains("no text"), "{}", messages[10]);
    }

    #[test]
    fn problem_lines_point_into_multiline_blocks() {
        let got = parse("Q {\n  =a\n  ~b\n  ~\n}\n\nQ {\n  ~a\n\n  =b\n}\n\nLast {=a ~b}");
        // Line 4: `~` with nothing after it. Line 7: the brace the blank line leaves open. Line 11: a stray `}`.
        assert_eq!(problems(&got), [4, 7, 11]);
        assert_eq!(got.questions.len(), 1);
        assert_eq!(got.questions[0].line, 13);
    }

    #[test]
    fn crlf_gives_the_same_result_as_lf() {
        let lf = "// c\n$CATEGORY: top/X\n\n::T::Q\nmore {\n=a # f\n~b\n}\n\nBad {\n\nTF {T}\n";
        assert_eq!(parse(&lf.replace('\n', "\r\n")), parse(lf));
        assert_eq!(parse(&lf.replace('\n', "\r")), parse(lf));
    }

    /// A small deterministic generator, so the fuzz test needs no dependency and always runs the same inputs.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            self.0 >> 33
        }

        fn below(&mut self, n: usize) -> usize {
            usize::try_from(self.next()).unwrap_or(0) % n.max(1)
        }
    }

    fn assert_sane(text: &str) {
        let got = parse(text);
        // Lines as the parser counts them: LF, CRLF and a lone CR each end one.
        let last = text.replace("\r\n", "\n").split(['\n', '\r']).count().max(1);
        for q in &got.questions {
            assert!((1..=last).contains(&q.line), "{text:?}");
            assert!(q.options.len() >= 2 && q.options.iter().any(|o| o.correct), "{text:?}");
            assert!(!q.stem.is_empty(), "{text:?}");
        }
        for line in got.skipped.iter().map(|s| s.line).chain(got.problems.iter().map(|p| p.line)) {
            assert!((1..=last).contains(&line), "line {line} in {text:?}");
        }
    }

    #[test]
    fn mutated_and_random_inputs_never_panic() {
        let seed = "// c\n$CATEGORY: $course$/top/A//B\n::T\\:1::[html]<p>Q &amp; \\{x\\}</p>{\n =%50%a#f\n ~%-50%b\n \
                    ~c####g\n}\n\nGrant is {~buried =entombed ~living} in the tomb.\n\nQ {T#w#r}\n\nQ {#1..2}\n\n\
                    Q {=a->b =c->d}\n\n[plain]Q {=x =%50%y}\n\nQ {}\n\nQ {~a ~b\n\n}\\";
        let alphabet: &[&str] = &[
            "{",
            "}",
            "~",
            "=",
            "#",
            "####",
            "%",
            "%50%",
            ":",
            "::",
            "\\",
            "\n",
            "\r\n",
            "\n\n",
            "//",
            "[html]",
            "->",
            "T",
            "$CATEGORY:",
            " ",
            "é",
            "😀",
            "<p>",
            "&amp;",
            "[tag:",
            "]",
        ];
        let mut rng = Lcg(0x5eed);
        for _ in 0..4000 {
            let mut text = seed.to_string();
            for _ in 0..=rng.below(6) {
                let boundaries: Vec<usize> =
                    text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
                let at = boundaries[rng.below(boundaries.len())];
                match rng.below(3) {
                    0 => text.insert_str(at, alphabet[rng.below(alphabet.len())]),
                    1 => {
                        let end = boundaries.iter().copied().find(|&b| b > at).unwrap_or(at);
                        text.replace_range(at..end, "");
                    }
                    _ => text.truncate(at),
                }
            }
            assert_sane(&text);
        }
        for _ in 0..2000 {
            let len = rng.below(200);
            let pool: &[u8] = b"{}~=#%:\\\n\r ab/[]->$T\xc3\xa9\xff";
            let bytes: Vec<u8> = (0..len).map(|_| pool[rng.below(pool.len())]).collect();
            assert_sane(&String::from_utf8_lossy(&bytes));
        }
        for text in [
            "",
            "\n",
            "{",
            "}",
            "\\",
            "::",
            "::::",
            "{#",
            "{~",
            "{=",
            "{T",
            "%",
            "~%",
            "[",
            "[html",
            "$CATEGORY:",
        ] {
            assert_sane(text);
        }
    }
}
