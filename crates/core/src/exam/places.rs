//! Where each part of a paper stood in its file, as lines and columns, so that findings about a valid exam (the
//! item-writing warnings) can point at the question or option they are about.

use std::ops::Range;

use serde::Serialize;

use super::problem::LineIndex;
use super::raw::RawPaper;

/// A 1-based line and character column in an exam file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Place {
    pub line: usize,
    pub col: usize,
}

/// The places of a paper's parts, index for index with [`super::Paper::questions`] and their options. Empty (every
/// place `None`) for a paper that did not come from a file, such as the copy a journal carries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Places {
    pub exam: Option<Place>,
    pub questions: Vec<QuestionPlaces>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QuestionPlaces {
    /// The question's `id` (or its table, when the id has no place).
    pub question: Option<Place>,
    pub stem: Option<Place>,
    /// Each option's `text`, in file order.
    pub options: Vec<Option<Place>>,
}

impl Places {
    /// Resolves the spans of the raw form the paper was validated from against the file's text.
    pub(super) fn of(raw: &RawPaper, text: &str) -> Places {
        let index = LineIndex::new(text);
        let place = |span: Option<&Range<usize>>| {
            span.map(|s| {
                let (line, col) = index.line_col(s.start);
                Place { line, col }
            })
        };
        let questions = raw
            .questions
            .iter()
            .map(|q| QuestionPlaces {
                question: place(q.id.as_ref().and_then(|id| id.span.as_ref()).or(q.span.as_ref())),
                stem: place(q.stem.as_ref().and_then(|s| s.span.as_ref())),
                options: q.options.as_ref().map_or_else(Vec::new, |list| {
                    list.value
                        .iter()
                        .map(|c| place(c.text.as_ref().and_then(|t| t.span.as_ref()).or(c.span.as_ref())))
                        .collect()
                }),
            })
            .collect();
        Places { exam: place(raw.exam.as_ref().and_then(|e| e.span.as_ref())), questions }
    }

    /// The same parts placed at other lines: question `i`'s at `lines[i].1` (column 1), as for an exam made from
    /// a question bank, whose warnings should point at the bank rather than the exam made of it.
    pub fn at_lines<T>(&self, lines: &[(T, usize)]) -> Places {
        let at =
            |i: usize, p: Option<Place>| p.and(lines.get(i).map(|(_, line)| Place { line: *line, col: 1 }));
        Places {
            exam: None,
            questions: self
                .questions
                .iter()
                .enumerate()
                .map(|(i, q)| QuestionPlaces {
                    question: at(i, q.question),
                    stem: at(i, q.stem),
                    options: q.options.iter().map(|o| at(i, *o)).collect(),
                })
                .collect(),
        }
    }

    /// The place of question `q`, if known.
    pub fn question(&self, q: usize) -> Option<Place> {
        self.questions.get(q).and_then(|p| p.question)
    }

    /// The place of question `q`'s stem, falling back to the question.
    pub fn stem(&self, q: usize) -> Option<Place> {
        self.questions.get(q).and_then(|p| p.stem).or_else(|| self.question(q))
    }

    /// The place of option `o` of question `q`, falling back to the question.
    pub fn option(&self, q: usize, o: usize) -> Option<Place> {
        self.questions.get(q).and_then(|p| p.options.get(o).copied().flatten()).or_else(|| self.question(q))
    }
}
