//! The paper: an exam file (TOML) read, checked and turned into a [`Paper`] that cannot hold an invalid exam.
//!
//! Reading is pure: bytes in, a `Paper` or every problem found (file, line, column) out. The only outside fact a
//! paper needs, whether its images exist and are images, comes through the [`ImageCheck`] trait. A valid paper
//! can still be unfair: [`lint`] finds the answer cues and careless items that `examday check` warns about.

mod cues;
mod draw;
mod images;
mod lint;
mod paper;
mod places;
mod problem;
mod raw;
mod toml_reader;
mod validate;
mod words;

pub use cues::{AbsoluteWords, Cues, PositionCount, QuestionCues};
pub use draw::DrawRequest;
pub use images::{ImageCheck, ImageStatus, TrustImages};
pub use lint::{CHANCE_MARGIN, Findings, FontCoverage, Lint, Rule, Sheet, Warning, lint, lint_with_fonts};
pub use paper::{Choice, Domain, Paper, Question, choose_words};
pub use places::{Place, Places, QuestionPlaces};
pub use problem::{ExamError, LineIndex, Problem, line_col};
pub use raw::{Located, RawChoice, RawDomain, RawExam, RawPaper, RawQuestion};
pub use words::ABSOLUTE_WORDS;

/// Exam files larger than this are refused before parsing: a real 60-question exam is ~150 KB; an imported bank
/// of 20,000 questions fits.
pub const MAX_EXAM_BYTES: usize = 32 * 1024 * 1024;
