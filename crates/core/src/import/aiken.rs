//! Aiken (docs.moodle.org/en/Aiken_format) is the simplest multiple-choice bank format there is, and the one
//! people type by hand or get out of a word processor, so examday reads it: a stem of one or more lines,
//! options `A)` / `A.`, then `ANSWER: B`, questions separated by blank lines.
//!
//! Hand-typed files go wrong in a few typical ways (a forgotten ANSWER line, a letter with no option); each such
//! question is reported with its line and left out, and every sound question around it is still imported.
//!
//! Beyond the strict format this reader tolerates: `ANSWER: B.`, a lower-case `answer:` or letter, no space
//! after the option label (`A)text`), questions not separated by blank lines when each ends with its ANSWER line
//! (as Moodle's own reader does), blank lines within a question (between the stem and the options, between
//! options, before the ANSWER line: see `Block::goes_on_after_blank`), and several letters (`ANSWER: A, C`),
//! which make a multi-select question.

use super::text::tidy;
use super::types::{Imported, ImportedOption, ImportedQuestion, Problem};

/// Options examday can show for one question.
const MAX_OPTIONS: usize = 8;

/// Questions of an Aiken file.
pub fn parse(text: &str) -> Imported {
    let mut out = Imported::default();
    let mut block: Option<Block> = None;
    // `lines` drops the "\r" of a CRLF ending too.
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    // Whether blank lines came since the last line of `block`.
    let mut after_blank = false;
    for (index, &line) in lines.iter().enumerate() {
        let line_no = index + 1;
        if line.is_empty() {
            after_blank = block.is_some();
            continue;
        }
        if std::mem::take(&mut after_blank)
            && !block.as_ref().is_some_and(|b| b.goes_on_after_blank(line, &lines[index + 1..]))
            && let Some(done) = block.take()
        {
            done.finish(None, &mut out);
        }
        let has_options = block.as_ref().is_some_and(|b| !b.options.is_empty());
        if let Some(letters) = answer_line(line, has_options) {
            match block.take() {
                Some(done) => done.finish(Some((line_no, letters)), &mut out),
                None => out.problems.push(Problem {
                    line: line_no,
                    message: format!("“{}” has no question before it", excerpt(line)),
                }),
            }
            continue;
        }
        let current = block.get_or_insert_with(|| Block::new(line_no));
        if current.add(line_no, line) {
            continue;
        }
        // A plain line after the options: a new question starts, so the one before had no ANSWER line.
        if let Some(done) = block.take() {
            done.finish(None, &mut out);
        }
        let mut next = Block::new(line_no);
        next.add(line_no, line);
        block = Some(next);
    }
    if let Some(done) = block.take() {
        done.finish(None, &mut out);
    }
    out
}

/// One question being read: its stem lines, its options (line, letter, text), and the first fault found in it.
struct Block {
    line: usize,
    stem: Vec<String>,
    options: Vec<(usize, char, String)>,
    fault: Option<Problem>,
}

impl Block {
    fn new(line: usize) -> Self {
        Block { line, stem: Vec::new(), options: Vec::new(), fault: None }
    }

    /// Whether `line`, met after blank lines, still belongs to this question (`rest`: the lines after it). Blank
    /// lines separate questions, but as in Moodle's reader they may also stand between the stem and the options,
    /// between options and before the ANSWER line. So the question goes on with its next option letter, with an
    /// ANSWER line once it has options, or, when it has only a stem, with `A)` followed by a `B)` option (so that
    /// a stem such as "A. Lincoln said…" after a blank line still starts a new question).
    fn goes_on_after_blank(&self, line: &str, rest: &[&str]) -> bool {
        if self.options.is_empty() {
            let next = rest.iter().find(|l| !l.is_empty());
            return !self.stem.is_empty()
                && option_line(line).is_some_and(|(letter, _)| letter == 'A')
                && next.and_then(|l| option_line(l)).is_some_and(|(letter, _)| letter == 'B');
        }
        answer_line(line, true).is_some()
            || option_line(line).is_some_and(|(letter, _)| letter == letter_at(self.options.len()))
    }

    /// Takes one non-blank, non-ANSWER line; false when the line cannot belong to this question (a stem line
    /// after the options).
    fn add(&mut self, line_no: usize, line: &str) -> bool {
        match option_line(line) {
            // Options start with A) once there is a stem; before that, "A. Lincoln..." or "I. ..." is stem.
            Some(('A', text)) if self.options.is_empty() && !self.stem.is_empty() => {
                self.options.push((line_no, 'A', text.to_string()));
                true
            }
            Some((letter, text)) if !self.options.is_empty() => {
                let expected = letter_at(self.options.len());
                if letter != expected && self.fault.is_none() {
                    self.fault = Some(Problem {
                        line: line_no,
                        message: format!("option {letter}) where {expected}) was expected"),
                    });
                }
                self.options.push((line_no, letter, text.to_string()));
                true
            }
            _ if self.options.is_empty() => {
                self.stem.push(line.to_string());
                true
            }
            _ => false,
        }
    }

    /// Ends the question: with its ANSWER line (line number, letters as 0-based indexes) or without one.
    fn finish(self, answer: Option<(usize, Result<Vec<usize>, String>)>, out: &mut Imported) {
        let first = self.stem.first().map(String::as_str).unwrap_or_default();
        let Some((answer_line, letters)) = answer else {
            let what = if self.options.is_empty() {
                "text without options or ANSWER line"
            } else {
                "no ANSWER line"
            };
            out.problems
                .push(Problem {
                    line: self.line, message: format!("question “{}”: {what}", excerpt(first))
                });
            return;
        };
        if let Some(fault) = self.fault {
            out.problems.push(fault);
            return;
        }
        let problem = |line: usize, message: String| Problem { line, message };
        if self.options.is_empty() {
            out.problems.push(problem(
                self.line,
                format!("question “{}” has an ANSWER line but no options A), B)…", excerpt(first)),
            ));
            return;
        }
        if self.options.len() > MAX_OPTIONS {
            out.problems.push(problem(
                self.line,
                format!(
                    "question “{}” has {} options; examday shows at most {MAX_OPTIONS}",
                    excerpt(first),
                    self.options.len()
                ),
            ));
            return;
        }
        if let Some((line, letter, _)) = self.options.iter().find(|(_, _, text)| text.is_empty()) {
            out.problems.push(problem(*line, format!("option {letter}) has no text")));
            return;
        }
        if self.options.len() < 2 {
            out.problems
                .push(problem(self.line, format!("question “{}” has only one option", excerpt(first))));
            return;
        }
        let letters = match letters {
            Ok(letters) => letters,
            Err(message) => {
                out.problems.push(problem(answer_line, message));
                return;
            }
        };
        if let Some(&missing) = letters.iter().find(|&&i| i >= self.options.len()) {
            let last = letter_at(self.options.len() - 1);
            out.problems.push(problem(
                answer_line,
                format!("ANSWER {} names no option: the options go from A) to {last})", letter_at(missing)),
            ));
            return;
        }
        let options = self
            .options
            .into_iter()
            .enumerate()
            .map(|(i, (_, _, text))| ImportedOption {
                text: tidy(&text),
                correct: letters.contains(&i),
                why: None,
            })
            .collect();
        out.questions.push(ImportedQuestion {
            line: self.line,
            stem: tidy(&self.stem.join("\n")),
            options,
            ..ImportedQuestion::default()
        });
    }
}

/// `A) text`, `A. text`, `A)text`: the letter and the text.
fn option_line(line: &str) -> Option<(char, &str)> {
    let mut chars = line.chars();
    let letter = chars.next().filter(char::is_ascii_uppercase)?;
    let mark = chars.next()?;
    if mark != ')' && mark != '.' {
        return None;
    }
    Some((letter, chars.as_str().trim()))
}

/// An `ANSWER:` line (any case): its letters as 0-based indexes, or why they cannot be read. A line such as
/// "Answer: the next two questions…" met before any option is stem text, not an ANSWER line.
fn answer_line(line: &str, has_options: bool) -> Option<Result<Vec<usize>, String>> {
    let head = line.get(..6)?;
    if !head.eq_ignore_ascii_case("answer") {
        return None;
    }
    let value = line[6..].trim_start().strip_prefix(':')?.trim();
    let letters = answer_letters(value);
    if letters.is_none() && !has_options {
        return None;
    }
    Some(letters.ok_or_else(|| match value {
        "" => "the ANSWER line names no letter".to_string(),
        _ => format!("ANSWER “{}” is not an option letter", excerpt(value)),
    }))
}

/// "B", "b", "B.", "(B)", "A, C", "A C", "AC": 0-based indexes, in order, without repeats.
fn answer_letters(value: &str) -> Option<Vec<usize>> {
    let mut indexes = Vec::new();
    let tokens = value.split(|c: char| c == ',' || c == ';' || c == '&' || c.is_whitespace());
    for token in tokens.map(|t| t.trim_matches(|c| matches!(c, '.' | '(' | ')'))).filter(|t| !t.is_empty()) {
        let single = token.chars().count() == 1;
        if !token.chars().all(|c| c.is_ascii_alphabetic())
            || (!single && !token.chars().all(|c| c.is_ascii_uppercase()))
        {
            return None;
        }
        for c in token.chars() {
            let index = usize::from(c.to_ascii_uppercase() as u8 - b'A');
            if !indexes.contains(&index) {
                indexes.push(index);
            }
        }
    }
    (!indexes.is_empty()).then_some(indexes)
}

fn letter_at(index: usize) -> char {
    u8::try_from(index).ok().filter(|&i| i < 26).map_or('?', |i| char::from(b'A' + i))
}

/// The start of a line for a message: at most 60 characters.
fn excerpt(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A question as (line, stem, options as (text, right)).
    type Found<'a> = (usize, &'a str, Vec<(&'a str, bool)>);

    fn found(got: &Imported) -> Vec<Found<'_>> {
        got.questions
            .iter()
            .map(|q| {
                (q.line, q.stem.as_str(), q.options.iter().map(|o| (o.text.as_str(), o.correct)).collect())
            })
            .collect()
    }

    fn problems(got: &Imported) -> Vec<usize> {
        got.problems.iter().map(|p| p.line).collect()
    }

    /// Moodle's reader takes a blank line between the stem and the options, between options and before ANSWER.
    #[test]
    fn blank_lines_inside_a_question_are_tolerated() {
        let got = parse("Which port does SSH use?\n\nA) 21\nB) 22\nANSWER: B\n");
        assert_eq!(got.problems, []);
        assert_eq!(found(&got), [(1, "Which port does SSH use?", vec![("21", false), ("22", true)])]);

        let text = "First line\nsecond line\n\n\nA. x\n\nB. y\n\nC. z\n\nANSWER: C\n\nNext?\nA) p\nB) q\nANSWER: A\n\
                    Third?\n\n  \nA) r\n\nB) s\nANSWER: B";
        let got = parse(text);
        assert_eq!(got.problems, []);
        assert_eq!(
            found(&got),
            [
                (1, "First line\nsecond line", vec![("x", false), ("y", false), ("z", true)]),
                (13, "Next?", vec![("p", true), ("q", false)]),
                (17, "Third?", vec![("r", false), ("s", true)])
            ]
        );
    }

    /// A blank line still ends a question when what follows cannot continue it.
    #[test]
    fn blank_lines_still_separate_questions() {
        // Options then a new stem: the first question has no ANSWER line.
        let got = parse("One?\nA) a\nB) b\n\nTwo?\nA) c\nB) d\nANSWER: B\n");
        assert_eq!(problems(&got), [1]);
        assert_eq!(found(&got), [(5, "Two?", vec![("c", false), ("d", true)])]);
        // Text without options, then a question: the text is reported on its own.
        let got = parse("Just some text.\n\nQ?\nA) a\nB) b\nANSWER: A\n");
        assert_eq!(problems(&got), [1]);
        assert_eq!(found(&got)[0].0, 3);
        // "A. Lincoln…" after a blank line is a stem, not option A, when no option B follows it.
        let text =
            "Intro.\n\nA. Lincoln said which of these?\nI. four score\nA) Only I\nB) Not I\nANSWER: B\n";
        let got = parse(text);
        assert_eq!(problems(&got), [1]);
        assert_eq!(found(&got)[0].1, "A. Lincoln said which of these?\nI. four score");
        // An option letter out of order after a blank line is not taken as the next option.
        let got = parse("One?\nA) a\nB) b\n\nD) c\nANSWER: A\n");
        assert!(got.questions.is_empty());
        // A blank line after ANSWER ends the question; an ANSWER line ends it without one.
        let got = parse("One?\nA) a\nB) b\nANSWER: A\n\nA) c\nB) d\nANSWER: B\n");
        assert_eq!(found(&got).len(), 1);
        assert_eq!(problems(&got), [6]);
    }
}
