//! A question bank's bytes as text, and which format it is in: the extension when it says, else the content.

use std::fmt;

/// The question-bank formats examday reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    Gift,
    Aiken,
    MoodleXml,
    Markdown,
    Csv,
}

impl Format {
    pub const ALL: [Format; 5] =
        [Format::Gift, Format::Aiken, Format::MoodleXml, Format::Markdown, Format::Csv];

    /// The name on the command line (`--format`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Gift => "gift",
            Format::Aiken => "aiken",
            Format::MoodleXml => "moodle-xml",
            Format::Markdown => "markdown",
            Format::Csv => "csv",
        }
    }

    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name.to_ascii_lowercase())
    }

    /// What a user calls it.
    pub fn describe(self) -> &'static str {
        match self {
            Format::Gift => "GIFT",
            Format::Aiken => "Aiken",
            Format::MoodleXml => "Moodle XML",
            Format::Markdown => "Markdown",
            Format::Csv => "CSV",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a file's bytes are not text examday can read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("{file}: error: the file is UTF-16 ({which}); save it as UTF-8 and import it again")]
    Utf16 { file: String, which: &'static str },
    #[error(
        "{file}:{line}:{column}: error: not UTF-8 text (byte 0x{byte:02X}); save the file as UTF-8 and import it again"
    )]
    NotUtf8 { file: String, line: usize, column: usize, byte: u8 },
    #[error("{file}:{line}: error: the file holds a NUL byte: it is not a text file")]
    Binary { file: String, line: usize },
}

/// The text of a bank file: UTF-8 with or without a byte-order mark. UTF-16 and other encodings, and binary
/// files, are errors that say so, with the line of the first bad byte.
pub fn decode(file: &str, bytes: &[u8]) -> Result<String, DecodeError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let which = if bytes[0] == 0xFF { "little-endian" } else { "big-endian" };
        return Err(DecodeError::Utf16 { file: file.to_string(), which });
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let line_col = |at: usize| {
        let before = &body[..at];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        (line, String::from_utf8_lossy(&before[start..]).chars().count() + 1)
    };
    if let Some(nul) = body.iter().position(|&b| b == 0) {
        // UTF-16 without a byte-order mark shows as a NUL beside each ASCII letter.
        let head = &body[..body.len().min(512) & !1];
        let pairs = head.len() / 2;
        let nul_at = |odd: usize| head.chunks_exact(2).filter(|p| p[odd] == 0 && p[1 - odd] != 0).count();
        let which = if pairs >= 2 && nul_at(1) * 10 >= pairs * 9 {
            Some("little-endian, without a byte-order mark")
        } else if pairs >= 2 && nul_at(0) * 10 >= pairs * 9 {
            Some("big-endian, without a byte-order mark")
        } else {
            None
        };
        if let Some(which) = which {
            return Err(DecodeError::Utf16 { file: file.to_string(), which });
        }
        let (line, _) = line_col(nul);
        return Err(DecodeError::Binary { file: file.to_string(), line });
    }
    match std::str::from_utf8(body) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            let at = e.valid_up_to();
            let (line, column) = line_col(at);
            Err(DecodeError::NotUtf8 { file: file.to_string(), line, column, byte: body[at] })
        }
    }
}

/// The format of a file named `name` holding `text`: its extension when that is unambiguous (`.gift`, `.xml`,
/// `.md`, `.csv`, `.tsv`), else what the content looks like (`.txt` is GIFT, Aiken or an Anki export).
pub fn detect(name: &str, text: &str) -> Option<Format> {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "gift" => return Some(Format::Gift),
        "xml" => return Some(Format::MoodleXml),
        "md" | "markdown" => return Some(Format::Markdown),
        "csv" | "tsv" => return Some(Format::Csv),
        "aiken" => return Some(Format::Aiken),
        _ => {}
    }
    sniff(text)
}

/// The format the content looks like, from its first few hundred lines.
fn sniff(text: &str) -> Option<Format> {
    let start = text.trim_start_matches('\u{feff}').trim_start();
    if start.starts_with("<?xml") || start.starts_with("<quiz") {
        return Some(Format::MoodleXml);
    }
    let lines: Vec<&str> = text.lines().take(400).map(str::trim).collect();
    if lines.iter().any(|l| l.starts_with("#separator:") || l.starts_with("#columns:")) {
        return Some(Format::Csv);
    }
    let aiken_answers = lines.iter().filter(|l| is_aiken_answer(l)).count();
    // GIFT's own marks: a title, a category, or an answer block that opens with `=`, `~`, `#` or T/F. A brace
    // alone is not one (Aiken stems quote JSON policies).
    let gift_marks = lines.iter().filter(|l| l.starts_with("::") || l.starts_with("$CATEGORY")).count()
        + gift_blocks(text);
    if aiken_answers > 0 && aiken_answers >= gift_marks {
        return Some(Format::Aiken);
    }
    if gift_marks > 0 {
        return Some(Format::Gift);
    }
    let checklists = lines
        .iter()
        .filter(|l| l.starts_with("- [ ]") || l.starts_with("- [x]") || l.starts_with("- [X]"))
        .count();
    let details = lines.iter().filter(|l| l.starts_with("<details")).count();
    if checklists > 0 || details > 0 || lines.first().is_some_and(|l| *l == "---") {
        return Some(Format::Markdown);
    }
    // A header row: three or more cells, one of them naming the question column.
    let first = lines.iter().find(|l| !l.is_empty()).copied().unwrap_or("").to_ascii_lowercase();
    for delimiter in ['\t', ',', ';'] {
        let cells: Vec<&str> = first.split(delimiter).map(|c| c.trim().trim_matches('"').trim()).collect();
        if cells.len() >= 3 && cells.iter().any(|c| matches!(*c, "question" | "stem" | "prompt" | "front")) {
            return Some(Format::Csv);
        }
    }
    None
}

/// Answer blocks that look like GIFT's: `{` then, past whitespace, `=`, `~`, `#`, `%` or T/TRUE/F/FALSE and `}`.
fn gift_blocks(text: &str) -> usize {
    text.match_indices('{')
        .filter(|(i, _)| !text[..*i].ends_with('\\'))
        .filter(|(i, _)| {
            let after = text[i + 1..].trim_start();
            let compact: String = after.chars().take(8).filter(|c| !c.is_whitespace()).collect();
            after.starts_with(['=', '~', '#', '%'])
                || ["T}", "F}", "TRUE}", "FALSE}"].iter().any(|tf| compact.starts_with(tf))
        })
        .count()
}

fn is_aiken_answer(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("ANSWER") else { return false };
    let rest = rest.trim_start();
    rest.starts_with(':') && rest[1..].trim().chars().next().is_some_and(|c| c.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_utf8_with_or_without_a_bom_and_anything_else_says_where() {
        assert_eq!(decode("a.txt", b"\xEF\xBB\xBFhello").unwrap(), "hello");
        assert_eq!(decode("a.txt", b"line 1\r\nline 2").unwrap(), "line 1\r\nline 2");
        let e = decode("a.txt", b"one\ntwo \xE9t\xE9").unwrap_err().to_string();
        assert_eq!(
            e,
            "a.txt:2:5: error: not UTF-8 text (byte 0xE9); save the file as UTF-8 and import it again"
        );
        assert!(
            decode("a.txt", b"\xFF\xFEh\0i\0").unwrap_err().to_string().contains("UTF-16 (little-endian)")
        );
        let e = |bytes: &[u8]| decode("a.txt", bytes).unwrap_err().to_string();
        assert!(e(b"h\0i\0").contains("UTF-16 (little-endian, without a byte-order mark)"));
        assert!(e(b"\0h\0i").contains("UTF-16 (big-endian, without a byte-order mark)"));
        assert!(e(b"PK\x03\x04\0\0\x14\0\x08\0\0\0").contains("a.txt:1: error: the file holds a NUL"));
    }

    #[test]
    fn the_extension_decides_and_the_content_settles_txt() {
        assert_eq!(detect("bank.GIFT", ""), Some(Format::Gift));
        assert_eq!(detect("quiz.xml", ""), Some(Format::MoodleXml));
        assert_eq!(detect("q.tsv", ""), Some(Format::Csv));
        assert_eq!(detect("a.txt", "What is 2+2?\nA) 3\nB) 4\nANSWER: B\n"), Some(Format::Aiken));
        assert_eq!(detect("a.txt", "::Q1:: What is 2+2? {=4 ~3 ~5}\n"), Some(Format::Gift));
        assert_eq!(detect("deck.txt", "#separator:tab\n#html:true\nFront\tBack\n"), Some(Format::Csv));
        assert_eq!(detect("notes", "## Q\n- [ ] a\n- [x] b\n"), Some(Format::Markdown));
        assert_eq!(detect("x", "question,A,B,answer\n"), Some(Format::Csv));
        assert_eq!(detect("x", "just some prose\n"), None);
        let policy =
            "Which statement does this deny?\n{\n  \"Effect\": \"Deny\"\n}\nA) reads\nB) writes\nANSWER: B\n";
        assert_eq!(detect("p.txt", policy), Some(Format::Aiken));
        assert_eq!(detect("x", "Just notes, no questions, really.\n"), None);
    }
}
