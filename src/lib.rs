//! examday: rehearse an online-proctored certification exam.
//!
//! The pure core (`exam`, `session`, `proctor`, `journal`, `review`) never touches the window, the sound card,
//! the async runtime or a clock: time comes in as [`Elapsed`]. The shell (`app`, `cli`) turns OS events into core
//! inputs and core outputs into pixels, sound and bytes on disk. docs/architecture.md draws the whole picture.
#![forbid(unsafe_code)]

pub mod app;
pub mod cli;
pub mod elapsed;
pub mod exam;
pub mod journal;
pub mod proctor;
pub mod review;
pub mod session;

pub use elapsed::Elapsed;

/// The version written into every journal, so a review knows which build recorded a sitting.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");
