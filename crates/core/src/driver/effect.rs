//! What the driver asks the shell to do: the only way the core's decisions reach the disk, the speaker, the
//! window and the process.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};

use crate::journal::{Finished, Sensor};
use crate::proctor::Beep;

#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Append this sealed line (with its newline) to the journal, durably.
    Persist(String),
    /// Play a tone.
    Beep(Beep),
    /// Run the automatic check-in checks (monitors, screen, running applications) and report each with
    /// [`super::Driver::handle_found`].
    RunChecks,
    /// Create the journal of a new sitting that started at `wall_start` (the candidate declined to resume);
    /// answer with [`super::Driver::journal_opened`] or [`super::Driver::journal_failed`].
    OpenJournal { wall_start: DateTime<FixedOffset> },
    /// Reopen the unfinished journal to go on writing it, keeping its first `keep` bytes (a line cut short by
    /// the crash is dropped); answer as for `OpenJournal`.
    ReopenJournal { path: PathBuf, keep: u64 },
    /// The sitting is scored: note it in the index of finished sittings, outside the journal, so that a journal
    /// whose end was cut off later cannot pass for an unfinished one.
    Finished(Finished),
    /// Confine the pointer to the window (true) or let it go.
    GrabPointer(bool),
    /// Stop the camera or microphone: the candidate went on without it.
    SensorOff(Sensor),
    /// The app is done: close the journal and leave.
    Quit(Quit),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quit {
    pub reason: QuitReason,
    /// Nothing happened beyond the journal's first record: the file is not worth keeping.
    pub discard_journal: bool,
    /// The exam's clock was running: `examday run` will offer to take the sitting up again.
    pub resumable: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QuitReason {
    /// The candidate left (after the results, or before the clock started).
    Done,
    /// The process was told to stop (SIGTERM, SIGINT, SIGHUP); the sitting can be resumed.
    Interrupted(String),
    /// The window was destroyed from outside; the sitting can be resumed.
    WindowGone,
    /// Something the app cannot do without failed (the journal could not be opened).
    Failed(String),
}
