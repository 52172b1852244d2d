//! The validated exam: every question has an id, a stem, 2 to 8 options with at least one right and one wrong,
//! and a known domain. Only [`Paper::from_toml`] and [`Paper::from_raw`] make one.

use std::collections::BTreeSet;

use super::images::ImageCheck;
use super::places::Places;
use super::problem::{ExamError, line_col};
use super::raw::{Located, RawChoice, RawDomain, RawExam, RawPaper, RawQuestion};
use super::{MAX_EXAM_BYTES, toml_reader, validate};

#[derive(Clone, Debug, PartialEq)]
pub struct Paper {
    pub(super) id: String,
    pub(super) title: String,
    pub(super) duration_minutes: u32,
    pub(super) pass_percent: f64,
    pub(super) shuffle_questions: bool,
    pub(super) shuffle_options: bool,
    /// Minutes remaining at which to warn, largest first, each shorter than the exam.
    pub(super) time_warnings: Vec<u32>,
    /// How many questions a sitting draws from this bank (none: every question).
    pub(super) draw: Option<u32>,
    /// The declared domains, or those the questions name in order of first use.
    pub(super) domains: Vec<Domain>,
    pub(super) domains_declared: bool,
    pub(super) questions: Vec<Question>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Domain {
    pub(super) name: String,
    pub(super) weight: Option<f64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Question {
    pub(super) id: String,
    pub(super) domain: String,
    pub(super) tags: Vec<String>,
    pub(super) stem: String,
    pub(super) image: Option<String>,
    pub(super) options: Vec<Choice>,
    pub(super) explanation: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    pub(super) text: String,
    pub(super) correct: bool,
    pub(super) why: Option<String>,
}

impl Paper {
    /// Reads an exam file's bytes. `file` names it in messages; `images` answers for its images.
    pub fn from_bytes(file: &str, bytes: &[u8], images: &dyn ImageCheck) -> Result<Paper, ExamError> {
        Paper::from_bytes_placed(file, bytes, images).map(|(paper, _)| paper)
    }

    /// As [`Paper::from_bytes`], with where each question and option stood in the file.
    pub fn from_bytes_placed(
        file: &str,
        bytes: &[u8],
        images: &dyn ImageCheck,
    ) -> Result<(Paper, Places), ExamError> {
        if bytes.len() > MAX_EXAM_BYTES {
            return Err(ExamError::whole(
                file,
                1,
                1,
                format!(
                    "the file is larger than {} MB, the limit for an exam file; is it really an exam?",
                    MAX_EXAM_BYTES / (1024 * 1024)
                ),
            ));
        }
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let good = &bytes[..e.valid_up_to()];
                let good = std::str::from_utf8(good).unwrap_or_default();
                let (line, col) = line_col(good, good.len());
                return Err(ExamError::whole(
                    file,
                    line,
                    col,
                    format!(
                        "not UTF-8 text: byte 0x{:02x} cannot start or continue a character; save the file as UTF-8",
                        bytes[e.valid_up_to()]
                    ),
                ));
            }
        };
        Paper::from_toml_placed(file, text, images)
    }

    /// Reads an exam from TOML text, reporting every problem at once.
    pub fn from_toml(file: &str, text: &str, images: &dyn ImageCheck) -> Result<Paper, ExamError> {
        Paper::from_toml_placed(file, text, images).map(|(paper, _)| paper)
    }

    /// As [`Paper::from_toml`], with where each question and option stood in the text.
    pub fn from_toml_placed(
        file: &str,
        text: &str,
        images: &dyn ImageCheck,
    ) -> Result<(Paper, Places), ExamError> {
        if text.contains('\0') {
            let (line, col) = line_col(text, text.find('\0').unwrap_or(0));
            return Err(ExamError::whole(file, line, col, "a NUL byte: this is a binary file, not an exam"));
        }
        if text.trim().is_empty() {
            return Err(ExamError::whole(
                file,
                1,
                1,
                "the file is empty; an exam needs an [exam] table and questions",
            ));
        }
        let mut problems = Vec::new();
        let Some(raw) = toml_reader::read(text, &mut problems) else {
            return Err(ExamError::new(file, text, problems));
        };
        match validate::validate(&raw, images, &mut problems) {
            Some(paper) if problems.is_empty() => Ok((paper, Places::of(&raw, text))),
            _ => Err(ExamError::new(file, text, problems)),
        }
    }

    /// Makes a paper from its raw form (as a journal carries it), with the same checks as a file gets.
    pub fn from_raw(file: &str, raw: &RawPaper, images: &dyn ImageCheck) -> Result<Paper, ExamError> {
        let mut problems = Vec::new();
        match validate::validate(raw, images, &mut problems) {
            Some(paper) if problems.is_empty() => Ok(paper),
            _ => Err(ExamError::new(file, "", problems)),
        }
    }

    /// The raw form, with every default written out: what a journal records, and what `from_raw` reads back.
    pub fn to_raw(&self) -> RawPaper {
        let exam = RawExam {
            span: None,
            mistyped: Vec::new(),
            id: Some(Located::bare(self.id.clone())),
            title: Some(Located::bare(self.title.clone())),
            duration_minutes: Some(Located::bare(i64::from(self.duration_minutes))),
            pass_percent: Some(Located::bare(self.pass_percent)),
            shuffle_questions: Some(Located::bare(self.shuffle_questions)),
            shuffle_options: Some(Located::bare(self.shuffle_options)),
            time_warnings_minutes: Some(Located::bare(
                self.time_warnings.iter().map(|&m| Located::bare(i64::from(m))).collect(),
            )),
            draw: self.draw.map(|n| Located::bare(i64::from(n))),
            domains: self.domains_declared.then(|| {
                self.domains
                    .iter()
                    .map(|d| RawDomain {
                        span: None,
                        mistyped: Vec::new(),
                        name: Some(Located::bare(d.name.clone())),
                        weight: d.weight.map(Located::bare),
                    })
                    .collect()
            }),
        };
        let questions = self
            .questions
            .iter()
            .map(|q| RawQuestion {
                span: None,
                mistyped: Vec::new(),
                id: Some(Located::bare(q.id.clone())),
                domain: Some(Located::bare(q.domain.clone())),
                tags: (!q.tags.is_empty()).then(|| q.tags.iter().cloned().map(Located::bare).collect()),
                stem: Some(Located::bare(q.stem.clone())),
                image: q.image.clone().map(Located::bare),
                options: Some(Located::bare(
                    q.options
                        .iter()
                        .map(|c| RawChoice {
                            span: None,
                            mistyped: Vec::new(),
                            text: Some(Located::bare(c.text.clone())),
                            correct: Some(Located::bare(c.correct)),
                            why: c.why.clone().map(Located::bare),
                        })
                        .collect(),
                )),
                explanation: q.explanation.clone().map(Located::bare),
            })
            .collect();
        RawPaper { exam: Some(exam), questions }
    }

    pub fn id(&self) -> &str {
        &self.id
    }
    pub fn title(&self) -> &str {
        &self.title
    }
    pub fn duration_minutes(&self) -> u32 {
        self.duration_minutes
    }
    pub fn pass_percent(&self) -> f64 {
        self.pass_percent
    }
    pub fn shuffle_questions(&self) -> bool {
        self.shuffle_questions
    }
    pub fn shuffle_options(&self) -> bool {
        self.shuffle_options
    }
    /// How many questions a sitting draws (`[exam] draw`), when the paper is a bank larger than a sitting.
    pub fn draw(&self) -> Option<u32> {
        self.draw
    }
    /// Minutes remaining at which the candidate is warned, largest first.
    pub fn time_warnings(&self) -> &[u32] {
        &self.time_warnings
    }
    pub fn domains(&self) -> &[Domain] {
        &self.domains
    }
    pub fn questions(&self) -> &[Question] {
        &self.questions
    }
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }
    /// Every tag used, sorted.
    pub fn tags(&self) -> Vec<&str> {
        let tags: BTreeSet<&str> =
            self.questions.iter().flat_map(|q| q.tags.iter().map(String::as_str)).collect();
        tags.into_iter().collect()
    }
}

impl Domain {
    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn weight(&self) -> Option<f64> {
        self.weight
    }
}

impl Question {
    pub fn id(&self) -> &str {
        &self.id
    }
    pub fn domain(&self) -> &str {
        &self.domain
    }
    pub fn tags(&self) -> &[String] {
        &self.tags
    }
    pub fn stem(&self) -> &str {
        &self.stem
    }
    /// Path relative to the exam file's folder, checked to exist when the paper was read.
    pub fn image(&self) -> Option<&str> {
        self.image.as_deref()
    }
    pub fn options(&self) -> &[Choice] {
        &self.options
    }
    pub fn explanation(&self) -> Option<&str> {
        self.explanation.as_deref()
    }
    /// How many options are right: 1 for a single-select question, N for "Choose N".
    pub fn choose(&self) -> usize {
        self.options.iter().filter(|c| c.correct).count()
    }
    pub fn is_multiple_select(&self) -> bool {
        self.choose() > 1
    }
    /// The right options, as indexes into [`Question::options`] (file order).
    pub fn correct_set(&self) -> BTreeSet<u8> {
        (0..self.options.len()).filter(|&i| self.options[i].correct).map(|i| i as u8).collect()
    }
}

impl Choice {
    pub fn text(&self) -> &str {
        &self.text
    }
    pub fn correct(&self) -> bool {
        self.correct
    }
    pub fn why(&self) -> Option<&str> {
        self.why.as_deref()
    }
}

/// "Choose two" for N = 2, in words up to eight.
pub fn choose_words(n: usize) -> String {
    const WORDS: [&str; 9] = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight"];
    format!("Choose {}", WORDS.get(n).copied().unwrap_or("several"))
}
