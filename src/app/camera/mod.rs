//! The proctor's eyes, camera half: frames from a webcam (or a folder of pictures) on a thread of their own,
//! faces found in them twice a second, reported to the window through a sink. What the faces mean for the
//! sitting (no one there, someone else, looking away) is the proctor's business in the core, not this one's.
//!
//! `choice` parses `--camera`; `device` captures with nokhwa, `frames` plays a folder; both turn what they get
//! into a `GreyFrame` (`grey`) for the `FaceFinder` (`detect`); `handle` owns the thread.

pub mod choice;
pub mod detect;
pub mod device;
pub mod error;
pub mod frames;
pub mod grey;
pub mod handle;

use std::sync::Arc;

pub use choice::CameraChoice;
pub use detect::{Face, FaceFinder};
pub use error::CameraError;
pub use grey::GreyFrame;
pub use handle::CameraHandle;

/// What the camera thread tells the window, in the order it happens.
#[derive(Clone, Debug)]
pub enum CameraReport {
    /// The camera (or the folder) is open and frames follow.
    Opened { name: String },
    /// An analysed frame and the faces in it (about two a second).
    Look(Look),
    /// Frames stopped coming (unplugged, taken by another program, a picture that does not decode). The
    /// thread keeps trying; `Back` follows when frames come again.
    Lost { why: String },
    /// Frames come again after `Lost`.
    Back,
    /// No camera will run, and why ("no camera found", "the camera is off"): sent once, before `start`
    /// returns `Ok(None)`, so the check-in can say it.
    Off { why: String },
}

/// One analysed frame: the faces found, and the frame itself for a preview.
#[derive(Clone, Debug)]
pub struct Look {
    pub faces: Vec<Face>,
    pub frame: Arc<GreyFrame>,
}

/// Where reports go; called from the camera thread (the window forwards them through its event loop proxy).
pub type Sink = Box<dyn FnMut(CameraReport) + Send>;

/// Starts the chosen camera on its own thread. `Ok(None)` (after one `CameraReport::Off` naming the reason) for
/// `Off`, and for `Auto` when no camera opens. An error for what the candidate asked for and cannot have: a
/// DEVICE that does not exist (the message lists the cameras found) or does not open, a folder that cannot be
/// played.
pub fn start(choice: &CameraChoice, mut sink: Sink) -> Result<Option<CameraHandle>, CameraError> {
    let off = |mut sink: Sink, why: String| {
        sink(CameraReport::Off { why });
        Ok(None)
    };
    match choice {
        CameraChoice::Off => off(sink, "the camera is off (--camera off)".into()),
        CameraChoice::Frames { dir, fps } => {
            // A choice built in code rather than parsed gets the same check as `--camera`.
            if !(*fps > 0.0 && *fps <= choice::MAX_FRAMES_FPS) {
                return Err(CameraError::BadChoice {
                    given: format!("frames:{}@{fps}", dir.display()),
                    why: format!("the frame rate must be more than 0 and at most {}", choice::MAX_FRAMES_FPS),
                });
            }
            let player = frames::FramePlayer::open(dir)?;
            FaceFinder::new()?;
            let fps = *fps;
            let handle =
                CameraHandle::spawn("camera frames", move |stop| frames::play(player, fps, &mut sink, &stop))
                    .map_err(CameraError::Thread)?;
            Ok(Some(handle))
        }
        CameraChoice::Auto | CameraChoice::Device(_) => {
            // The model is checked here, before any thread, so a broken build fails loudly at the start.
            FaceFinder::new()?;
            match device::start(choice, sink)? {
                device::Started::Running(handle) => Ok(Some(handle)),
                device::Started::Off { why, sink } => off(sink, why),
            }
        }
    }
}
