//! examday: rehearse an online-proctored certification exam.
//!
//! The pure core lives in its own crate, `examday-core` (`exam`, `session`, `proctor`, `journal`, `review`),
//! re-exported here: it never touches the window, the sound card, the async runtime or a clock, and the build
//! enforces it. This crate is the shell (`app`, `cli`): it turns OS events into core inputs and core outputs
//! into pixels, sound and bytes on disk. docs/architecture.md draws the whole picture.
// No unsafe code, but in one place: app/alsa.rs installs ALSA's error handler, a call through C.
#![deny(unsafe_code)]

pub mod app;
pub mod cli;

pub use examday_core::{Elapsed, driver, elapsed, exam, import, journal, proctor, review, session};

/// The version written into every journal, so a review knows which build recorded a sitting.
pub const APP_VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("EXAMDAY_COMMIT"), ")");
