//! Which camera a sitting uses, as the command line names it: `--camera auto|off|DEVICE|frames:DIR[@FPS]`.
//! Parsed once, with a message naming what is wrong, so the rest of the camera never sees a bad option.

use std::path::PathBuf;
use std::str::FromStr;

use super::error::CameraError;

/// Frames a second a folder of pictures plays at when `@FPS` is not given.
pub const DEFAULT_FRAMES_FPS: f32 = 2.0;
/// The fastest a folder may play: more is pointless at two analyses a second.
pub const MAX_FRAMES_FPS: f32 = 30.0;

#[derive(Clone, Debug, PartialEq)]
pub enum CameraChoice {
    /// The first camera that opens; silently off when there is none.
    Auto,
    /// No camera.
    Off,
    /// A camera by its index in the list (`0`, `1`) or a part of its name (`Logitech`), ignoring case.
    Device(String),
    /// A folder of PNG/JPEG pictures played in name order at `fps` frames a second, then the last held:
    /// a camera for machines without one (tests, containers, demonstrations).
    Frames { dir: PathBuf, fps: f32 },
}

impl FromStr for CameraChoice {
    type Err = CameraError;

    fn from_str(given: &str) -> Result<Self, CameraError> {
        let bad = |why: &str| CameraError::BadChoice { given: given.to_string(), why: why.to_string() };
        let text = given.trim();
        match text.to_ascii_lowercase().as_str() {
            "" => return Err(bad("name a camera: auto, off, a device, or frames:DIR[@FPS]")),
            "auto" => return Ok(CameraChoice::Auto),
            "off" | "none" => return Ok(CameraChoice::Off),
            _ => {}
        }
        let Some(rest) = text.strip_prefix("frames:") else {
            return Ok(CameraChoice::Device(text.to_string()));
        };
        // `@FPS` is whatever follows the last `@`: a folder whose name holds an `@` is named with the rate
        // after it (`frames:a@b@2`).
        let (dir, fps) = match rest.rsplit_once('@') {
            Some((dir, fps)) => {
                let fps: f32 = fps.trim().parse().map_err(|_| {
                    bad(&format!(
                        "the frame rate {fps:?} after @ is not a number (frames:DIR@2 plays 2 a second)"
                    ))
                })?;
                (dir, fps)
            }
            None => (rest, DEFAULT_FRAMES_FPS),
        };
        if dir.is_empty() {
            return Err(bad("frames: needs a folder of pictures, as in frames:DIR or frames:DIR@2"));
        }
        if !(fps > 0.0 && fps <= MAX_FRAMES_FPS) {
            return Err(bad(&format!(
                "the frame rate {fps} is out of range: give more than 0 and at most {MAX_FRAMES_FPS} frames a second"
            )));
        }
        Ok(CameraChoice::Frames { dir: PathBuf::from(dir), fps })
    }
}
