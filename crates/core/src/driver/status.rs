//! Facts from outside the core that the screens show: where the journal goes and whether writing it works,
//! whether beeps can be heard, and what the resume offer is about.

use crate::Elapsed;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Status {
    /// Where the journal is written.
    pub journal: String,
    /// Journal writes are failing: why (records stay queued in memory).
    pub journal_problem: Option<String>,
    /// Beeps are silent: why.
    pub silent: Option<String>,
    /// For the resume offer: when the unfinished sitting started, and the time it has left.
    pub resume: Option<(String, Elapsed)>,
}
