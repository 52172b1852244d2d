//! The debrief: a journal replayed through the core into one [`Report`], and the ways to print it.

pub mod chart;
pub mod history;
pub mod html;
pub mod questions;
mod report;
pub mod svg;
pub mod text;

pub use report::{
    BLOCK_MINUTES, Block, Changes, Half, Incident, IncidentKind, KindTotal, QuestionStats, Report,
    ReviewError, Revocation, Watched,
};
