//! The paper: an exam file (TOML) read, checked and turned into a [`Paper`] that cannot hold an invalid exam.
//!
//! Reading is pure: bytes in, a `Paper` or every problem found (file, line, column) out. The only outside fact a
//! paper needs, whether its images exist and are images, comes through the [`ImageCheck`] trait.

mod images;
mod paper;
mod problem;
mod raw;
mod toml_reader;
mod validate;

pub use images::{ImageCheck, ImageStatus, TrustImages};
pub use paper::{Choice, Domain, Paper, Question, choose_words};
pub use problem::{ExamError, Problem, line_col};
pub use raw::{Located, RawChoice, RawDomain, RawExam, RawPaper, RawQuestion};

/// Exam files larger than this are refused before parsing: a real 60-question exam is ~150 KB.
pub const MAX_EXAM_BYTES: usize = 4 * 1024 * 1024;
