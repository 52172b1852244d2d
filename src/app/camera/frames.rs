//! A camera without a camera: a folder of PNG/JPEG pictures played in name order (natural order: `frame2`
//! before `frame10`), then the last one held. Containers and tests have no /dev/video*, and a folder makes a
//! sitting's camera reproducible. `FramePlayer` hands out frames on demand (tests use it alone); `play` paces
//! it on the camera thread.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::import::markdown::natural_cmp;

use super::detect::FaceFinder;
use super::error::CameraError;
use super::grey::GreyFrame;
use super::handle::Stop;
use super::{CameraReport, Look};

/// The pictures of a folder, decoded one at a time as they are played.
pub struct FramePlayer {
    dir: PathBuf,
    files: Vec<PathBuf>,
    next: usize,
    last: Option<Arc<GreyFrame>>,
    /// The first picture, decoded by `open` to check it, handed out by the first `next_frame`.
    first: Option<Arc<GreyFrame>>,
}

impl FramePlayer {
    /// The folder's pictures in natural name order. An unreadable or empty folder is an error naming it, and so
    /// is a first picture that does not decode (the rest are decoded as they are played).
    pub fn open(dir: &Path) -> Result<Self, CameraError> {
        let unreadable = |source| CameraError::UnreadableFolder { path: dir.to_path_buf(), source };
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(unreadable)? {
            let path = entry.map_err(unreadable)?.path();
            let picture = path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| ["png", "jpg", "jpeg"].contains(&e.to_ascii_lowercase().as_str()));
            if picture && path.is_file() {
                files.push(path);
            }
        }
        if files.is_empty() {
            return Err(CameraError::EmptyFolder { path: dir.to_path_buf() });
        }
        let name = |p: &PathBuf| p.file_name().unwrap_or_default().to_string_lossy().into_owned();
        files.sort_by(|a, b| natural_cmp(&name(a), &name(b)));
        let first = Arc::new(decode(&files[0])?);
        Ok(FramePlayer {
            dir: dir.to_path_buf(),
            files,
            next: 1,
            last: Some(Arc::clone(&first)),
            first: Some(first),
        })
    }

    /// The folder played.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The pictures in the order they play.
    pub fn files(&self) -> &[PathBuf] {
        &self.files
    }

    /// The next frame: each picture in turn, then the last one again and again. A picture that does not decode
    /// is an error naming it; the player moves past it, so the next call plays the picture after.
    pub fn next_frame(&mut self) -> Result<Arc<GreyFrame>, CameraError> {
        if let Some(first) = self.first.take() {
            return Ok(first);
        }
        if self.next >= self.files.len()
            && let Some(last) = &self.last
        {
            return Ok(Arc::clone(last));
        }
        let index = self.next.min(self.files.len() - 1);
        self.next = index + 1;
        let frame = Arc::new(decode(&self.files[index])?);
        self.last = Some(Arc::clone(&frame));
        Ok(frame)
    }
}

/// The camera thread for a folder: a frame every `1 / fps` seconds, its faces reported, until stopped. A picture
/// that does not decode is the camera lost (naming the file) until the next one that does.
pub(super) fn play(mut player: FramePlayer, fps: f32, sink: &mut dyn FnMut(CameraReport), stop: &Stop) {
    // Made here: the detector cannot move between threads. `start` loaded the model already, so this holds.
    let mut finder = match FaceFinder::new() {
        Ok(finder) => finder,
        Err(e) => return sink(CameraReport::Lost { why: e.to_string() }),
    };
    sink(CameraReport::Opened { name: format!("frames: {}", player.dir().display()) });
    let period = Duration::from_secs_f32(1.0 / fps);
    let mut due = Instant::now();
    let mut lost = false;
    loop {
        match player.next_frame() {
            Ok(frame) => {
                if std::mem::take(&mut lost) {
                    sink(CameraReport::Back);
                }
                let faces = finder.find(&frame);
                sink(CameraReport::Look(Look { faces, frame }));
            }
            Err(e) => {
                if !lost {
                    lost = true;
                    finder.forget();
                    sink(CameraReport::Lost { why: e.to_string() });
                }
            }
        }
        // Keep to the rate even when a frame took long; never try to catch up with a burst.
        due = (due + period).max(Instant::now());
        if stop.wait(due.saturating_duration_since(Instant::now())) {
            return;
        }
    }
}

fn decode(path: &Path) -> Result<GreyFrame, CameraError> {
    let bad = |why: String| CameraError::BadPicture { path: path.to_path_buf(), why };
    let image = image::ImageReader::open(path)
        .map_err(|e| bad(e.to_string()))?
        .with_guessed_format()
        .map_err(|e| bad(e.to_string()))?
        .decode()
        .map_err(|e| bad(e.to_string()))?;
    GreyFrame::from_image(&image).ok_or_else(|| CameraError::EmptyPicture {
        path: path.to_path_buf(),
        width: image.width(),
        height: image.height(),
    })
}
