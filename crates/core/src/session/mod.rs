//! The sitting: phases, navigation, answers, marks, the countdown, time warnings and scoring, driven by
//! actions and signals with their times, emitting the journal's events. Pure: no window, no clock.

mod action;
mod order;
mod score;
mod sitting;

pub use action::{Action, Refusal};
pub use order::Order;
pub use score::{Score, Tally, is_correct};
pub use sitting::{AnswerState, Phase, ReplayError, Screen, Setup, Sitting, TIME_BANNER_MS};
