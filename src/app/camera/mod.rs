//! The proctor's eyes, camera half: frames from a webcam (or a folder of pictures) on a thread of their own,
//! faces found in them twice a second, reported to the window through a sink. What the faces mean for the
//! sitting (no one there, someone else, looking away) is the proctor's business in the core, not this one's.

pub mod detect;
pub mod error;
pub mod grey;

pub use detect::{Face, FaceFinder};
pub use error::CameraError;
pub use grey::GreyFrame;
