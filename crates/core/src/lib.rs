//! examday's pure core: the paper (`exam`), the sitting (`session`), the proctor (`proctor`), the record
//! (`journal`) and the debrief (`review`).
//!
//! Nothing here touches the window, the sound card, the async runtime, the file system or a clock: time comes in
//! as [`Elapsed`], facts from outside through small traits. The build holds it to that: this crate's
//! dependencies have no window, GPU, sound or runtime in them, and its clippy.toml forbids reading a clock or a
//! file. The shell (the `examday` package) turns OS events into inputs here and outputs into pixels and bytes.
#![forbid(unsafe_code)]

pub mod driver;
pub mod elapsed;
pub mod exam;
pub mod import;
pub mod journal;
pub mod proctor;
pub mod review;
pub mod session;

pub use elapsed::Elapsed;
