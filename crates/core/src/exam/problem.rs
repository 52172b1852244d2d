//! What is wrong with an exam file, said the way compilers say it: `file:line:column: error: message`.

use std::fmt;
use std::ops::Range;

/// One problem in an exam, located by byte range in its source (none when the source is not a file of ours).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub span: Option<Range<usize>>,
    pub message: String,
}

impl Problem {
    pub fn at(span: Option<Range<usize>>, message: impl Into<String>) -> Self {
        Problem { span, message: message.into() }
    }
}

/// Every problem found in one exam file, with lines and columns resolved against its text.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct ExamError {
    pub file: String,
    /// `(line, column, message)`, 1-based, in source order; line 0 when the problem has no place in the file.
    pub problems: Vec<(usize, usize, String)>,
}

impl ExamError {
    /// Resolves byte spans to lines and columns (columns count characters, not bytes).
    pub fn new(file: impl Into<String>, text: &str, mut problems: Vec<Problem>) -> Self {
        problems.sort_by_key(|p| p.span.as_ref().map_or(0, |s| s.start));
        let index = LineIndex::new(text);
        let problems = problems
            .into_iter()
            .map(|p| match p.span {
                Some(span) => {
                    let (line, col) = index.line_col(span.start);
                    (line, col, p.message)
                }
                None => (0, 0, p.message),
            })
            .collect();
        ExamError { file: file.into(), problems }
    }

    /// A problem with the file as a whole (too large, not text), placed at a given line and column.
    pub fn whole(file: impl Into<String>, line: usize, col: usize, message: impl Into<String>) -> Self {
        ExamError { file: file.into(), problems: vec![(line, col, message.into())] }
    }
}

impl fmt::Display for ExamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (line, col, message)) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            if *line == 0 {
                write!(f, "{}: error: {message}", self.file)?;
            } else {
                write!(f, "{}:{line}:{col}: error: {message}", self.file)?;
            }
        }
        Ok(())
    }
}

/// Answers "which line and column?" for many offsets into one text without rescanning it each time.
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset where each line starts.
    starts: Vec<usize>,
    /// Whether each line is ASCII (its columns are then byte offsets: no counting along a long line).
    ascii: Vec<bool>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let starts: Vec<usize> =
            std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        let ascii = starts
            .iter()
            .enumerate()
            .map(|(i, &s)| text[s..starts.get(i + 1).copied().unwrap_or(text.len())].is_ascii())
            .collect();
        LineIndex { text, starts, ascii }
    }

    /// 1-based line and character column, as [`line_col`] gives.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let col =
            if self.ascii[line - 1] { offset - start } else { self.text[start..offset].chars().count() };
        (line, col + 1)
    }
}

/// 1-based line and character column of a byte offset (clamped to the text, and to a character boundary).
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters_from_one() {
        let text = "a = 1\nb = \"é\" x\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        // 'x' sits after a two-byte character: byte 14, character column 9.
        assert_eq!(line_col(text, text.find('x').unwrap()), (2, 9));
    }

    #[test]
    fn the_line_index_agrees_with_a_scan_everywhere() {
        let text = "a = 1\nb = \"é\" x\n\nlast";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(index.line_col(offset), line_col(text, offset), "offset {offset}");
        }
    }

    #[test]
    fn problems_print_in_source_order_compiler_style() {
        let text = "one\ntwo\nthree\n";
        let err = ExamError::new(
            "x.toml",
            text,
            vec![
                Problem::at(Some(8..13), "late"),
                Problem::at(Some(4..7), "early"),
                Problem::at(None, "nowhere"),
            ],
        );
        assert_eq!(
            err.to_string(),
            "x.toml: error: nowhere\nx.toml:2:1: error: early\nx.toml:3:1: error: late"
        );
    }
}
