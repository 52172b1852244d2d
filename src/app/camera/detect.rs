//! Faces in a camera frame: the `FaceFinder`, SeetaFace's frontal-face cascade (rustface, with the model
//! embedded in the binary) kept cheap enough to run twice a second for a whole sitting. Pure: no thread, no
//! clock; what it remembers between calls is the last analysed frame and the faces found in it.
//!
//! Cost: a full search of a 320x240 frame is the expensive path. So the finder skips a frame that barely
//! changed (the previous answer stands), looks first around the faces it found last (twice their size), and
//! searches the whole frame when that finds nothing, when the frame changed outside that region (a second
//! face arriving is found at once), and every `FULL_SEARCH_EVERY` analysed frames (two seconds at 2 fps).

use std::io::Cursor;
use std::sync::OnceLock;

use rustface::{Detector, ImageData, Model};

use super::error::CameraError;
use super::grey::GreyFrame;

/// SeetaFace's frontal model, BSD-2 (assets/models/README.md): in the binary, so nothing is read at run time.
const MODEL: &[u8] = include_bytes!("../../../assets/models/seeta_fd_frontal_v1.0.bin");

/// A face scoring at least this is looking at the screen. Calibrated on tests/fixtures/camera (its README
/// lists the scores): faces looking at the camera score 13.5 (30% light with sensor noise) to 31 there; a face
/// turned three-quarters to the side 6.2 (4.6 to 10.6 as the crop changes), a head tilted 25 degrees 5.5,
/// half a face cut by the frame's edge 3.6. The score mixes pose with picture quality: heavier noise brings a
/// frontal face to 3 to 9, and the small, grainy faces of an old group photograph score 7 to 14, so "not
/// frontal" means "not clearly a face looking at the screen", and 8 is where the two groups overlap least.
pub const FRONTAL_SCORE: f32 = 8.0;
/// A detection scoring at least this (and under `FRONTAL_SCORE`) is a face the camera sees that is not facing
/// the screen: turned, tilted, half out of the frame (3.6 on the fixture). It is the threshold rustface's own
/// examples use; nothing in the empty and rotated fixtures reaches it.
pub const SEEN_SCORE: f32 = 2.0;

/// The cascade's window: the smallest face found is this many pixels wide in the 320x240 frame (about a
/// sixth of its height: a candidate sitting at a desk fills far more).
const WINDOW: u32 = 40;
/// Window step in pixels at each pyramid level, and the size ratio of two pyramid levels. A face's score adds
/// up the overlapping windows that agree, so it depends on both: the thresholds above hold for 4 and 0.8 only.
/// Measured on the fixtures: step 2 costs 2.3 times as much (scores up by half, same faces); step 6 saves a
/// third and a pyramid ratio of 0.7 a fifth, but scores drop by a third and the dim frontal face comes near
/// the frontal threshold while the turned one nearly drops out.
const WINDOW_STEP: u32 = 4;
const PYRAMID_SCALE: f32 = 0.8;
/// A full-frame search at least every this many analysed frames (two seconds at 2 fps).
pub const FULL_SEARCH_EVERY: u32 = 4;
/// The region searched around a face last seen: this many times its width and height, same centre.
const REGION_GROWTH: f32 = 2.0;
/// Past this share of the frame, a region search costs nearly a full one: search the frame.
const REGION_MAX_SHARE: f32 = 0.6;
/// Frames are compared on means of 8x8 blocks (40x30 of them at 320x240), which averages sensor noise away.
const BLOCK: u32 = 8;
/// A frame is "unchanged" when its block means moved by less than this on average (grey levels, 0-255) and no
/// block moved by more than `UNCHANGED_MAX_BLOCK` (so a small new face in a corner is never skipped).
const UNCHANGED_MEAN: f32 = 1.5;
const UNCHANGED_MAX_BLOCK: f32 = 12.0;

/// A face found in a frame, in that frame's pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct Face {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
    /// The cascade's confidence: `FRONTAL_SCORE` and up for a face looking at the screen.
    pub score: f32,
    /// Looking at the screen: `score >= FRONTAL_SCORE`. A face seen but not frontal is turned away or down.
    pub frontal: bool,
}

/// How the last call to `FaceFinder::find` got its answer (for tests and the benchmark).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Search {
    /// The frame barely changed from the last analysed one: its answer was returned again.
    Skipped,
    /// Only the region around the faces last found was searched, and it found a face.
    Region,
    /// The whole frame was searched.
    Full,
}

/// Finds faces frame after frame, remembering the last analysed frame to do as little as it can.
pub struct FaceFinder {
    detector: Box<dyn Detector>,
    last: Option<Analysed>,
    since_full: u32,
    search: Search,
}

struct Analysed {
    width: u32,
    height: u32,
    blocks: Vec<f32>,
    faces: Vec<Face>,
}

/// The embedded model, parsed once per process.
fn model() -> Result<Model, CameraError> {
    static LOADED: OnceLock<Result<Model, String>> = OnceLock::new();
    LOADED
        .get_or_init(|| rustface::read_model(Cursor::new(MODEL)).map_err(|e| e.to_string()))
        .clone()
        .map_err(CameraError::Model)
}

impl FaceFinder {
    pub fn new() -> Result<Self, CameraError> {
        let mut detector = rustface::create_detector_with_model(model()?);
        detector.set_min_face_size(WINDOW);
        detector.set_slide_window_step(WINDOW_STEP, WINDOW_STEP);
        detector.set_pyramid_scale_factor(PYRAMID_SCALE);
        detector.set_score_thresh(f64::from(SEEN_SCORE));
        Ok(FaceFinder { detector, last: None, since_full: 0, search: Search::Full })
    }

    /// The faces in `frame`, the cheapest way that gives the same answer as a full search: the previous answer
    /// if the frame barely changed, a search around the last faces if that finds one, else the whole frame.
    pub fn find(&mut self, frame: &GreyFrame) -> Vec<Face> {
        let blocks = block_means(frame);
        if let Some(last) = &self.last
            && (last.width, last.height) == (frame.width(), frame.height())
            && unchanged(&last.blocks, &blocks)
        {
            self.search = Search::Skipped;
            return last.faces.clone();
        }
        // The region alone is searched only while nothing outside it changed: a face appearing elsewhere makes
        // its blocks jump, and is then found at once instead of at the next periodic full search.
        let region = self
            .last
            .as_ref()
            .filter(|last| {
                (last.width, last.height) == (frame.width(), frame.height())
                    && self.since_full + 1 < FULL_SEARCH_EVERY
            })
            .and_then(|last| {
                region_around(&last.faces, frame.width(), frame.height())
                    .filter(|r| !changed_outside(&last.blocks, &blocks, frame.width(), *r))
            });
        let found = region.map(|r| self.search_region(frame, r)).filter(|faces| !faces.is_empty());
        let faces = match found {
            Some(faces) => {
                self.since_full += 1;
                self.search = Search::Region;
                faces
            }
            None => {
                self.since_full = 0;
                self.search = Search::Full;
                self.search_full(frame)
            }
        };
        self.last =
            Some(Analysed { width: frame.width(), height: frame.height(), blocks, faces: faces.clone() });
        faces
    }

    /// How the last `find` got its answer.
    pub fn last_search(&self) -> Search {
        self.search
    }

    /// Forget the last frame: the next `find` searches the whole frame (after the camera was lost, say).
    pub fn forget(&mut self) {
        self.last = None;
        self.since_full = 0;
    }

    /// Every face in the whole frame, ignoring what was found before (and not remembering this frame).
    pub fn search_full(&mut self, frame: &GreyFrame) -> Vec<Face> {
        let whole = Rect { x: 0, y: 0, width: frame.width(), height: frame.height() };
        self.search_region(frame, whole)
    }

    fn search_region(&mut self, frame: &GreyFrame, r: Rect) -> Vec<Face> {
        if r.width < WINDOW || r.height < WINDOW {
            return Vec::new();
        }
        let crop: Vec<u8>;
        let pixels = if (r.width, r.height) == (frame.width(), frame.height()) {
            frame.pixels()
        } else {
            let stride = frame.width() as usize;
            crop = (r.y..r.y + r.height)
                .flat_map(|y| {
                    let start = y as usize * stride + r.x as usize;
                    frame.pixels()[start..start + r.width as usize].iter().copied()
                })
                .collect();
            &crop
        };
        self.detector.set_max_face_size(safe_max_face(r.width, r.height));
        let mut faces: Vec<Face> = self
            .detector
            .detect(&ImageData::new(pixels, r.width, r.height))
            .iter()
            .filter_map(|info| {
                let b = info.bbox();
                let score = info.score() as f32;
                clip(b.x() + r.x as i32, b.y() + r.y as i32, b.width(), b.height(), frame).map(
                    |(x, y, width, height)| Face {
                        x,
                        y,
                        width,
                        height,
                        score,
                        frontal: score >= FRONTAL_SCORE,
                    },
                )
            })
            .collect();
        faces.sort_by(|a, b| b.score.total_cmp(&a.score));
        faces
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Rect {
    x: u32,
    y: u32,
    width: u32,
    height: u32,
}

/// The region to search around the faces last found: each grown to `REGION_GROWTH` times its size about its
/// centre, all joined, kept inside the frame and at least one window big. `None` when there were no faces or
/// the region is most of the frame anyway.
fn region_around(faces: &[Face], width: u32, height: u32) -> Option<Rect> {
    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for f in faces {
        let (cx, cy) = (f.x as f32 + f.width as f32 / 2.0, f.y as f32 + f.height as f32 / 2.0);
        let (hw, hh) = (f.width as f32 * REGION_GROWTH / 2.0, f.height as f32 * REGION_GROWTH / 2.0);
        x0 = x0.min(cx - hw);
        y0 = y0.min(cy - hh);
        x1 = x1.max(cx + hw);
        y1 = y1.max(cy + hh);
    }
    if faces.is_empty() {
        return None;
    }
    let (x, right) = span(x0, x1, width)?;
    let (y, bottom) = span(y0, y1, height)?;
    let r = Rect { x, y, width: right - x, height: bottom - y };
    let share = (r.width * r.height) as f32 / (width * height) as f32;
    (share <= REGION_MAX_SHARE).then_some(r)
}

/// `[start, end)` clamped to `[0, size)` and widened to at least one window; `None` if the frame is smaller.
fn span(start: f32, end: f32, size: u32) -> Option<(u32, u32)> {
    if size < WINDOW {
        return None;
    }
    let mut a = start.max(0.0).floor() as u32;
    let mut b = (end.min(size as f32).ceil() as u32).clamp(a, size);
    if b - a < WINDOW {
        a = ((a + b) / 2).saturating_sub(WINDOW / 2).min(size - WINDOW);
        b = a + WINDOW;
    }
    Some((a, b))
}

/// A detection's box kept inside the frame (the cascade may place a face partly outside it); `None` if nothing
/// of it is inside.
fn clip(x: i32, y: i32, width: u32, height: u32, frame: &GreyFrame) -> Option<(u32, u32, u32, u32)> {
    let (fw, fh) = (i64::from(frame.width()), i64::from(frame.height()));
    let (x0, y0) = (i64::from(x).clamp(0, fw), i64::from(y).clamp(0, fh));
    let x1 = (i64::from(x) + i64::from(width)).clamp(0, fw);
    let y1 = (i64::from(y) + i64::from(height)).clamp(0, fh);
    (x1 > x0 && y1 > y0).then(|| (x0 as u32, y0 as u32, (x1 - x0) as u32, (y1 - y0) as u32))
}

/// The largest face size to give rustface for a `width` x `height` image so that no level of its pyramid is
/// smaller than its 40-pixel window (it subtracts the window from each level's size in `u32`). It goes down to
/// `40 / min(side, max face)` in f32 steps that can land a rounding below 40; this replays its arithmetic and
/// lowers the largest face size until no level does. 0 means "no limit".
fn safe_max_face(width: u32, height: u32) -> u32 {
    let side = width.min(height);
    let mut max_face = side;
    while max_face >= WINDOW {
        let min_scale = WINDOW as f32 / max_face as f32;
        let mut scale = 1.0f32;
        let mut fits = true;
        while scale >= min_scale {
            if ((width as f32 * scale) as u32) < WINDOW || ((height as f32 * scale) as u32) < WINDOW {
                fits = false;
                break;
            }
            scale *= PYRAMID_SCALE;
        }
        if fits {
            return if max_face == side { 0 } else { max_face };
        }
        max_face -= 1;
    }
    WINDOW
}

/// Means of `BLOCK` x `BLOCK` blocks (the partial blocks at the right and bottom edges are left out).
fn block_means(frame: &GreyFrame) -> Vec<f32> {
    let (w, h) = (frame.width() as usize, frame.height() as usize);
    let b = BLOCK as usize;
    let (bw, bh) = (w / b, h / b);
    let mut sums = vec![0u32; bw * bh];
    for y in 0..bh * b {
        let row = &frame.pixels()[y * w..y * w + bw * b];
        let out = &mut sums[(y / b) * bw..(y / b + 1) * bw];
        for (sum, chunk) in out.iter_mut().zip(row.chunks_exact(b)) {
            *sum += chunk.iter().map(|&p| u32::from(p)).sum::<u32>();
        }
    }
    let n = (b * b) as f32;
    sums.into_iter().map(|s| s as f32 / n).collect()
}

/// Whether a block whose centre lies outside `r` moved by more than `UNCHANGED_MAX_BLOCK`.
fn changed_outside(before: &[f32], now: &[f32], width: u32, r: Rect) -> bool {
    let across = (width / BLOCK).max(1) as usize;
    before.iter().zip(now).enumerate().any(|(i, (a, b))| {
        let (cx, cy) = ((i % across) as u32 * BLOCK + BLOCK / 2, (i / across) as u32 * BLOCK + BLOCK / 2);
        let inside = cx >= r.x && cx < r.x + r.width && cy >= r.y && cy < r.y + r.height;
        !inside && (a - b).abs() > UNCHANGED_MAX_BLOCK
    })
}

fn unchanged(before: &[f32], now: &[f32]) -> bool {
    if before.len() != now.len() {
        return false;
    }
    if now.is_empty() {
        return true;
    }
    let mut total = 0.0;
    for (a, b) in before.iter().zip(now) {
        let d = (a - b).abs();
        if d > UNCHANGED_MAX_BLOCK {
            return false;
        }
        total += d;
    }
    total / (now.len() as f32) < UNCHANGED_MEAN
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_pyramid_level_is_ever_smaller_than_the_window() {
        for w in WINDOW..=400 {
            for h in [WINDOW, WINDOW + 1, 47, 61, 99, 120, 180, 240, 241] {
                let max = safe_max_face(w, h);
                let side = if max == 0 { w.min(h) } else { max };
                let min_scale = WINDOW as f32 / side as f32;
                let mut scale = 1.0f32;
                while scale >= min_scale {
                    assert!((w as f32 * scale) as u32 >= WINDOW && (h as f32 * scale) as u32 >= WINDOW);
                    scale *= PYRAMID_SCALE;
                }
            }
        }
    }

    #[test]
    fn a_region_is_at_least_a_window_and_inside_the_frame() {
        let face = Face { x: 300, y: 0, width: 10, height: 10, score: 9.0, frontal: true };
        let r = region_around(&[face], 320, 240).unwrap();
        assert!(r.width >= WINDOW && r.height >= WINDOW, "{r:?}");
        assert!(r.x + r.width <= 320 && r.y + r.height <= 240, "{r:?}");
        assert_eq!(region_around(&[], 320, 240), None);
    }

    #[test]
    fn frames_smaller_than_a_window_find_nothing_and_do_not_panic() {
        let mut finder = FaceFinder::new().unwrap();
        let tiny = GreyFrame::new(39, 200, vec![128; 39 * 200]).unwrap();
        assert!(finder.find(&tiny).is_empty());
        let dot = GreyFrame::new(1, 1, vec![0]).unwrap();
        assert!(finder.find(&dot).is_empty());
        // Every small size rustface's pyramid could trip on, with some texture to look at.
        for w in WINDOW..WINDOW + 30 {
            for h in [WINDOW, WINDOW + 7, WINDOW + 29, 241] {
                let pixels = (0..w * h).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect();
                finder.search_full(&GreyFrame::new(w, h, pixels).unwrap());
            }
        }
    }
}
