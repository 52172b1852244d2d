//! Text from question banks as a candidate should read it: HTML (Moodle, Markdown's `<br/>` and `<details>`)
//! turned into plain paragraphs, character entities decoded, whitespace tidied.

/// Elements whose tags are HTML in a question bank; any other `<word>` is text.
pub const HTML_ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "big",
    "blockquote",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "font",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "picture",
    "pre",
    "q",
    "s",
    "samp",
    "script",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Plain text from HTML: block tags (`p`, `div`, `li`, headings, `tr`) start paragraphs, `<br>` a new line,
/// list items get a "• ", other tags are dropped, entities are decoded, runs of spaces become one. Paragraphs are
/// separated by "\n\n"; lines within a paragraph by "\n". Text that is not HTML comes back tidied.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&decode_entities(&rest[..lt]));
        let after = &rest[lt + 1..];
        // "<" not starting a tag ("a < b") is text.
        let starts_tag = after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!');
        if !starts_tag {
            out.push('<');
            rest = after;
            continue;
        }
        if let Some(comment) = after.strip_prefix("!--") {
            rest = comment.find("-->").map_or("", |i| &comment[i + 3..]);
            continue;
        }
        // A tag ends at the next '>'; another '<' first means this one was text. Looking no further than the
        // next '<' keeps a flood of unclosed '<' linear.
        let gt = match after.find(['<', '>']) {
            Some(i) if after.as_bytes()[i] == b'>' => i,
            Some(_) => {
                out.push('<');
                rest = after;
                continue;
            }
            None => {
                out.push('<');
                out.push_str(&decode_entities(after));
                rest = "";
                break;
            }
        };
        let tag = &after[..gt];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        // `<file>`, `<bucket-name>`, `List<T>`: not HTML, so text.
        let after_name = tag.trim_start_matches('/').get(name.len()..).unwrap_or("");
        let tag_like =
            after_name.is_empty() || after_name.starts_with(|c: char| c.is_whitespace() || c == '/');
        if !tag_like || !HTML_ELEMENTS.contains(&name.as_str()) {
            out.push('<');
            rest = after;
            continue;
        }
        rest = &after[gt + 1..];
        let closing = tag.starts_with('/');
        match name.as_str() {
            "pre" if !closing => {
                // Code: its lines and indentation are the point. Its own tags (`<code>`, `<b>`) go, its
                // whitespace is kept from the tidying by standing in for it until the end.
                let lower = rest.to_ascii_lowercase();
                let end = lower.find("</pre").unwrap_or(rest.len());
                let code = strip_tags(&rest[..end]);
                let code = decode_entities(&code).replace("\r\n", "\n").replace('\t', "    ");
                let code = code.trim_matches('\n').trim_end();
                out.push_str("\n\n");
                out.extend(code.chars().map(|c| match c {
                    ' ' => KEPT_SPACE,
                    '\n' => KEPT_BREAK,
                    c => c,
                }));
                out.push_str("\n\n");
                rest = &rest[end..];
            }
            "br" => out.push('\n'),
            "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "tr" | "table" | "ul" | "ol" | "pre"
            | "blockquote" | "details" | "summary" => out.push_str("\n\n"),
            "li" if !closing => out.push_str("\n• "),
            "td" | "th" if closing => out.push(' '),
            "script" | "style" if !closing => {
                // Their content is not text.
                let close = format!("</{name}");
                let lower = rest.to_ascii_lowercase();
                rest = match lower.find(&close) {
                    Some(i) => &rest[i..],
                    None => "",
                };
            }
            _ => {}
        }
    }
    out.push_str(&decode_entities(rest));
    tidy(&out).replace(KEPT_SPACE, " ").replace(KEPT_BREAK, "\n")
}

/// Stand-ins for a `<pre>` block's spaces and line breaks while the rest is tidied (private-use characters, which
/// no bank holds).
const KEPT_SPACE: char = '\u{F8F0}';
const KEPT_BREAK: char = '\u{F8F1}';

/// Text without its tags (for a `<pre>` block's `<code>`, `<span>` and the like).
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let after = &rest[lt + 1..];
        match after.find('>') {
            Some(gt) if after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/') => {
                rest = &after[gt + 1..]
            }
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The domain a Moodle category path names (`$course$/top/Default for X/Networking` → "Networking"): its last
/// component once the root levels (`top`, `$course$`, `$system$`...) are left out; `//` is a `/` within a name.
/// `clean` turns each raw component into text (GIFT unescapes it first).
pub fn category_domain(path: &str, clean: impl Fn(&str) -> String) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut chars = path.trim().chars().peekable();
    while let Some(c) = chars.next() {
        if c == '/' {
            if chars.next_if_eq(&'/').is_some() {
                current.push('/');
            } else {
                parts.push(std::mem::take(&mut current));
            }
        } else {
            current.push(c);
        }
    }
    parts.push(current);
    let parts: Vec<String> = parts.iter().map(|p| clean(p)).filter(|p| !p.is_empty()).collect();
    let mut rest = parts.as_slice();
    while let Some((first, tail)) = rest.split_first()
        && (first == "top" || (first.len() > 2 && first.starts_with('$') && first.ends_with('$')))
    {
        rest = tail;
    }
    rest.last().cloned()
}

/// Whitespace as a reader expects it: spaces and tabs within a line collapsed, lines trimmed, at most one blank
/// line between paragraphs, none at the ends.
pub fn tidy(text: &str) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    for line in text.replace("\r\n", "\n").replace('\r', "\n").split('\n') {
        let line: String = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            if !current.is_empty() {
                paragraphs.push(current.join("\n"));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        paragraphs.push(current.join("\n"));
    }
    paragraphs.join("\n\n")
}

/// `&amp;`, `&lt;`, `&#39;`, `&#x2019;` and the common named entities decoded; an unknown `&name;` is kept as is.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after.find(';').filter(|&i| i <= 10);
        let decoded = end.and_then(|i| entity(&after[..i]));
        match (end, decoded) {
            (Some(i), Some(c)) => {
                out.push(c);
                rest = &after[i + 1..];
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ndash" => '–',
        "mdash" => '—',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "hellip" => '…',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "deg" => '°',
        "times" => '×',
        "divide" => '÷',
        "le" => '≤',
        "ge" => '≥',
        "ne" => '≠',
        "rarr" => '→',
        "larr" => '←',
        "bull" => '•',
        "middot" => '·',
        "eacute" => 'é',
        "egrave" => 'è',
        "agrave" => 'à',
        "aacute" => 'á',
        "ccedil" => 'ç',
        "uuml" => 'ü',
        "ouml" => 'ö',
        "auml" => 'ä',
        "szlig" => 'ß',
        "euro" => '€',
        "pound" => '£',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_paragraphs_with_entities_decoded() {
        let html =
            "<p>Which <b>two</b> services&nbsp;run Spark?</p><p>Pick &lt;2&gt;.<br/>Then go&#8230;</p>";
        assert_eq!(html_to_text(html), "Which two services run Spark?\n\nPick <2>.\nThen go…");
        assert_eq!(html_to_text("a < b and c > d"), "a < b and c > d");
        assert_eq!(html_to_text("<ul><li>one</li><li>two</li></ul>"), "• one\n• two");
        assert_eq!(html_to_text("x<!-- hidden -->y"), "xy");
        assert_eq!(decode_entities("&unknown; &amp &#x41;"), "&unknown; &amp A");
        // Only HTML's own elements are tags: placeholders and generics are text.
        assert_eq!(
            html_to_text("<p>Run kubectl apply -f <file> on <bucket-name></p>"),
            "Run kubectl apply -f <file> on <bucket-name>"
        );
        assert_eq!(html_to_text("if x<y then z>w"), "if x<y then z>w");
        // Code keeps its lines and indentation.
        let html = "<p>What does this print?</p><pre><code>for i in range(3):\n    if i == 1:\n        continue\n    print(i &lt; 2)\n</code></pre><p>Pick one.</p>";
        assert_eq!(
            html_to_text(html),
            "What does this print?\n\nfor i in range(3):\n    if i == 1:\n        continue\n    print(i < 2)\n\nPick one."
        );
        assert_eq!(html_to_text("a List<String> in <code>Java</code>"), "a List<String> in Java");
    }
}
