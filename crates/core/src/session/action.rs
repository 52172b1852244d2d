//! What the candidate can do, and why the sitting may refuse it.

use std::fmt;

use crate::exam::choose_words;
use crate::journal::{AlertKind, CheckStatus};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Record one check-in item (before the start only).
    CheckIn {
        item: String,
        status: CheckStatus,
        detail: String,
    },
    /// Say which sensors watch the sitting, by name (before the start only).
    SensorsOn {
        camera: Option<String>,
        microphone: Option<String>,
    },
    /// Start the clock.
    Start,
    /// Show the question at this position (0-based, in the order the candidate sees).
    Show(usize),
    Next,
    Previous,
    /// Show the review screen.
    Review,
    /// Select or deselect the option at this position on screen (0-based).
    Toggle(usize),
    ToggleMark,
    Submit,
    /// Acknowledge the focus-loss alert.
    Acknowledge,
    /// Answer "closing ends your exam. End now?".
    ConfirmClose(bool),
}

/// Why an action did nothing: the window shows it, so it reads as advice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    NotStarted,
    Over,
    /// An alert must be answered first.
    Blocked(AlertKind),
    /// A "Choose N" question already has N selections.
    TooMany {
        choose: usize,
    },
    NoSuchQuestion(usize),
    NoSuchOption(usize),
    NotOnQuestion,
    AtFirst,
    NothingToConfirm,
    AlreadyStarted,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::NotStarted => f.write_str("The exam has not started yet."),
            Refusal::Over => f.write_str("The exam is over."),
            Refusal::Blocked(AlertKind::CloseConfirm) => f.write_str("Answer Y or N first."),
            Refusal::Blocked(_) => f.write_str("Acknowledge the alert first (Enter)."),
            Refusal::TooMany { choose } => {
                write!(f, "{}: deselect an option before choosing another.", choose_words(*choose))
            }
            Refusal::NoSuchQuestion(n) => write!(f, "There is no question {}.", n + 1),
            Refusal::NoSuchOption(n) => write!(f, "There is no option {}.", n + 1),
            Refusal::NotOnQuestion => f.write_str("Open a question first."),
            Refusal::AtFirst => f.write_str("This is the first question."),
            Refusal::NothingToConfirm => f.write_str("Nothing to confirm."),
            Refusal::AlreadyStarted => f.write_str("The exam has already started."),
        }
    }
}
