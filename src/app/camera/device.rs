//! A real webcam through nokhwa (V4L2 on Linux, Media Foundation, AVFoundation), captured on the camera
//! thread: frames are taken as the camera delivers them and two a second are analysed. A camera that stops
//! mid-sitting is reported lost and reopened every two seconds until it works again.

use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use nokhwa::Camera;
use nokhwa::utils::{
    ApiBackend, CameraFormat, CameraIndex, CameraInfo, FrameFormat, RequestedFormat, RequestedFormatType,
};

use super::choice::CameraChoice;
use super::detect::FaceFinder;
use super::error::CameraError;
use super::grey::GreyFrame;
use super::handle::{CameraHandle, Stop};
use super::{CameraReport, Look, Sink};

/// Frames analysed a second: enough to notice someone leaving or arriving, cheap for a two-hour sitting.
const ANALYSES_PER_SECOND: f64 = 2.0;
/// The pause between two attempts to reopen a lost camera.
const RETRY_EVERY: Duration = Duration::from_secs(2);
/// This many frames in a row that cannot be read (a corrupt MJPEG now and then is normal) is a lost camera.
const BAD_FRAMES_LOST: u32 = 20;
/// The formats examday turns into grey itself (no `decoding` feature: MJPEG goes through `image`).
const FORMATS: &[FrameFormat] =
    &[FrameFormat::YUYV, FrameFormat::MJPEG, FrameFormat::GRAY, FrameFormat::NV12, FrameFormat::RAWRGB];

/// What `start` gives back: a running camera, or the reason there is none (with the sink, unused).
pub enum Started {
    Running(CameraHandle),
    Off { why: String, sink: Sink },
}

/// The cameras the OS offers, in its order. None at all is an empty list, not an error.
pub fn cameras() -> Result<Vec<CameraInfo>, CameraError> {
    nokhwa::query(ApiBackend::Auto).map_err(|e| CameraError::Query(e.to_string()))
}

/// Opens the chosen camera on its own thread, and waits until it is open (or is known not to open).
pub fn start(choice: &CameraChoice, sink: Sink) -> Result<Started, CameraError> {
    // Under `auto` a camera list that cannot be read is no camera, not a reason to stop the exam.
    let found = match (cameras(), choice) {
        (Ok(found), _) => found,
        (Err(e), CameraChoice::Auto) => {
            return Ok(Started::Off { why: format!("the cameras could not be listed ({e})"), sink });
        }
        (Err(e), _) => return Err(e),
    };
    let candidates = match choice {
        CameraChoice::Device(wanted) => vec![pick(&found, wanted)?],
        _ if found.is_empty() => return Ok(Started::Off { why: "no camera found".into(), sink }),
        _ => found,
    };
    let explicit = matches!(choice, CameraChoice::Device(_));
    let (opened_tx, opened_rx) = mpsc::channel::<Result<(), (String, Sink)>>();
    let handle = CameraHandle::spawn("camera", move |stop| {
        let mut sink = sink;
        let mut reasons = Vec::new();
        for info in candidates {
            match open(info.index()) {
                Ok(camera) => {
                    let name = info.human_name();
                    let _ = opened_tx.send(Ok(()));
                    sink(CameraReport::Opened { name });
                    capture(camera, info.index(), &mut sink, &stop);
                    return;
                }
                Err(why) => reasons.push(format!("{}: {why}", info.human_name())),
            }
        }
        let _ = opened_tx.send(Err((reasons.join("; "), sink)));
    })
    .map_err(CameraError::Thread)?;
    match opened_rx.recv() {
        Ok(Ok(())) => Ok(Started::Running(handle)),
        Ok(Err((why, sink))) if !explicit => {
            Ok(Started::Off { why: format!("no camera could be opened ({why})"), sink })
        }
        Ok(Err((why, _))) => Err(CameraError::CannotOpen { name: describe(choice), why }),
        Err(_) => {
            Err(CameraError::CannotOpen { name: describe(choice), why: "the camera thread ended".into() })
        }
    }
}

fn describe(choice: &CameraChoice) -> String {
    match choice {
        CameraChoice::Device(name) => name.clone(),
        _ => "auto".into(),
    }
}

/// The camera `wanted` names: its index (`0` for /dev/video0), else the first whose name contains it,
/// ignoring case. Not found: an error listing what was found.
fn pick(found: &[CameraInfo], wanted: &str) -> Result<CameraInfo, CameraError> {
    let by_index = wanted.trim().parse::<u32>().ok().and_then(|n| {
        found.iter().find(|c| *c.index() == CameraIndex::Index(n)).or_else(|| found.get(n as usize))
    });
    let lower = wanted.to_lowercase();
    by_index
        .or_else(|| found.iter().find(|c| c.human_name().to_lowercase().contains(&lower)))
        .cloned()
        .ok_or_else(|| CameraError::NoSuchCamera { wanted: wanted.to_string(), found: list(found) })
}

/// The cameras as "0: Name, 2: Other" for a message; "none" when there are none.
pub fn list(found: &[CameraInfo]) -> String {
    if found.is_empty() {
        return "none".into();
    }
    found.iter().map(|c| format!("{}: {}", c.index(), c.human_name())).collect::<Vec<_>>().join(", ")
}

/// Opens a camera in a small format examday can read: 640x480 or 320x240 in YUYV or MJPEG when offered, else
/// whatever the camera is set to (scaled down and converted like the rest).
fn open(index: &CameraIndex) -> Result<Camera, String> {
    let mut wishes: Vec<RequestedFormatType> = [(640, 480), (320, 240)]
        .into_iter()
        .flat_map(|(w, h)| {
            [FrameFormat::YUYV, FrameFormat::MJPEG]
                .map(|f| RequestedFormatType::Closest(CameraFormat::new_from(w, h, f, 15)))
        })
        .collect();
    wishes.push(RequestedFormatType::None);
    let mut last = String::from("no format offered");
    for wish in wishes {
        match Camera::new(index.clone(), RequestedFormat::with_formats(wish, FORMATS)) {
            Ok(mut camera) => {
                return match camera.open_stream() {
                    Ok(()) => Ok(camera),
                    Err(e) => Err(e.to_string()),
                };
            }
            Err(e) => last = e.to_string(),
        }
    }
    Err(last)
}

/// Captures until stopped: every frame is taken (a camera left unread stalls or lags), two a second are
/// analysed. A failing camera is reported lost and reopened every `RETRY_EVERY`.
fn capture(camera: Camera, index: &CameraIndex, sink: &mut dyn FnMut(CameraReport), stop: &Stop) {
    let mut finder = match FaceFinder::new() {
        Ok(finder) => finder,
        Err(e) => return sink(CameraReport::Lost { why: e.to_string() }),
    };
    let period = Duration::from_secs_f64(1.0 / ANALYSES_PER_SECOND);
    let mut camera = Some(camera);
    let mut due = Instant::now();
    let mut bad = 0u32;
    while !stop.stopped() {
        let Some(live) = camera.as_mut() else {
            if stop.wait(RETRY_EVERY) {
                return;
            }
            if let Ok(again) = open(index) {
                camera = Some(again);
                sink(CameraReport::Back);
            }
            continue;
        };
        let why = match live.frame() {
            Ok(buffer) if Instant::now() >= due => match grey(&buffer) {
                Some(frame) => {
                    bad = 0;
                    due = (due + period).max(Instant::now());
                    let frame = Arc::new(frame);
                    let faces = finder.find(&frame);
                    sink(CameraReport::Look(Look { faces, frame }));
                    None
                }
                None => {
                    bad += 1;
                    (bad >= BAD_FRAMES_LOST).then(|| {
                        let r = buffer.resolution();
                        format!(
                            "the camera sends frames examday cannot read ({} {}x{})",
                            buffer.source_frame_format(),
                            r.width(),
                            r.height()
                        )
                    })
                }
            },
            Ok(_) => None,
            Err(e) => Some(e.to_string()),
        };
        if let Some(why) = why {
            if let Some(mut gone) = camera.take() {
                let _ = gone.stop_stream();
            }
            bad = 0;
            finder.forget();
            sink(CameraReport::Lost { why });
        }
    }
    if let Some(mut live) = camera {
        let _ = live.stop_stream();
    }
}

/// A captured frame as a grey analysis frame: YUYV's Y bytes, NV12's Y plane, grey as is, RGB's green (close
/// enough to luma for finding faces), MJPEG decoded with `image`. `None` for a frame too short for its size
/// or a JPEG that does not decode.
pub fn grey(buffer: &nokhwa::Buffer) -> Option<GreyFrame> {
    let r = buffer.resolution();
    let (w, h, data) = (r.width(), r.height(), buffer.buffer());
    let row = w as usize;
    match buffer.source_frame_format() {
        FrameFormat::YUYV => GreyFrame::from_luma(w, h, row * 2, 2, data),
        FrameFormat::GRAY | FrameFormat::NV12 => GreyFrame::from_luma(w, h, row, 1, data),
        FrameFormat::RAWRGB | FrameFormat::RAWBGR => GreyFrame::from_luma(w, h, row * 3, 3, data.get(1..)?),
        FrameFormat::MJPEG => {
            let image = image::load_from_memory_with_format(data, image::ImageFormat::Jpeg).ok()?;
            GreyFrame::from_image(&image)
        }
    }
}
