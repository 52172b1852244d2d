//! The watcher: focus, idle, pointer, occlusion and close signals with their times in; incidents (journal
//! events), alerts, beeps and "call me back at" deadlines out. Pure: no window, no clock.

mod rules;
mod signal;
mod watch;

pub use rules::{DEFAULT_IDLE_SECONDS, FLICKER_MS, FocusResponse, Preset, Rules};
pub use signal::{Beep, Signal};
pub use watch::{Decision, Proctor, ProctorTimer};
