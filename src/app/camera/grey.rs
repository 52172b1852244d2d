//! A camera frame as the face finder sees it: greyscale, about 320x240. Whatever the camera or the folder
//! delivers is brought down to this size by averaging each output pixel's whole area (nearest-neighbour would
//! alias, and noise would survive), so detection costs the same at any camera resolution.

/// The largest frame the finder analyses: a bigger picture is scaled down, keeping its aspect, to fit.
pub const ANALYSIS_WIDTH: u32 = 320;
pub const ANALYSIS_HEIGHT: u32 = 240;

/// A greyscale picture, row by row, one byte a pixel. Its size always matches its pixels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GreyFrame {
    width: u32,
    height: u32,
    pixels: Vec<u8>,
}

impl GreyFrame {
    /// A frame from its pixels, `None` when they do not fill `width` x `height` exactly or the size is zero.
    pub fn new(width: u32, height: u32, pixels: Vec<u8>) -> Option<Self> {
        let want = (width as usize).checked_mul(height as usize)?;
        (want > 0 && pixels.len() == want).then_some(GreyFrame { width, height, pixels })
    }

    pub fn width(&self) -> u32 {
        self.width
    }

    pub fn height(&self) -> u32 {
        self.height
    }

    pub fn pixels(&self) -> &[u8] {
        &self.pixels
    }

    /// The frame to analyse from a full-size luma plane (`stride` bytes a row, `step` bytes between two pixels
    /// of a row: 1 for grey, 2 for YUYV's Y): scaled down to fit 320x240, keeping its aspect. `None` when the
    /// plane is too short for the size it claims or the size is zero.
    pub fn from_luma(width: u32, height: u32, stride: usize, step: usize, luma: &[u8]) -> Option<Self> {
        let (w, h) = (width as usize, height as usize);
        if w == 0 || h == 0 || step == 0 {
            return None;
        }
        let last = (h - 1).checked_mul(stride)?.checked_add((w - 1).checked_mul(step)?)?;
        if last >= luma.len() || stride < w.checked_mul(step)? {
            return None;
        }
        let (out_w, out_h) = fit(width, height);
        let columns = spans(w, out_w as usize);
        let rows = spans(h, out_h as usize);
        // Horizontal pass into f32 rows, then vertical: each output pixel is the mean of its source area.
        let mut across = vec![0f32; h * out_w as usize];
        for y in 0..h {
            let row = &luma[y * stride..];
            let out = &mut across[y * out_w as usize..(y + 1) * out_w as usize];
            for (o, span) in out.iter_mut().zip(&columns) {
                *o = span.mean(|x| f32::from(row[x * step]));
            }
        }
        let mut pixels = vec![0u8; out_w as usize * out_h as usize];
        for (oy, span) in rows.iter().enumerate() {
            for ox in 0..out_w as usize {
                let v = span.mean(|y| across[y * out_w as usize + ox]);
                pixels[oy * out_w as usize + ox] = (v + 0.5).clamp(0.0, 255.0) as u8;
            }
        }
        GreyFrame::new(out_w, out_h, pixels)
    }

    /// A frame from a decoded picture (a PNG or JPEG file, an MJPEG frame), scaled down to fit 320x240.
    pub fn from_image(image: &image::DynamicImage) -> Option<Self> {
        let luma = image.to_luma8();
        let (w, h) = luma.dimensions();
        GreyFrame::from_luma(w, h, w as usize, 1, luma.as_raw())
    }
}

/// The analysis size for a `width` x `height` picture: the largest that fits 320x240 with the same aspect,
/// never bigger than the picture, never smaller than 1x1.
fn fit(width: u32, height: u32) -> (u32, u32) {
    let scale = (f64::from(ANALYSIS_WIDTH) / f64::from(width))
        .min(f64::from(ANALYSIS_HEIGHT) / f64::from(height))
        .min(1.0);
    let w = (f64::from(width) * scale).round().max(1.0) as u32;
    let h = (f64::from(height) * scale).round().max(1.0) as u32;
    (w.min(width), h.min(height))
}

/// The source pixels one output pixel covers along an axis, with the weight of the partly covered ones.
struct Span {
    /// (index, weight) for every source pixel the output pixel covers; the weights add up to 1.
    weights: Vec<(usize, f32)>,
}

impl Span {
    fn mean(&self, value: impl Fn(usize) -> f32) -> f32 {
        self.weights.iter().map(|&(i, w)| value(i) * w).sum()
    }
}

fn spans(source: usize, out: usize) -> Vec<Span> {
    let ratio = source as f64 / out as f64;
    (0..out)
        .map(|o| {
            let start = o as f64 * ratio;
            let end = ((o + 1) as f64 * ratio).min(source as f64);
            let first = start.floor() as usize;
            let last = (end.ceil() as usize).clamp(first + 1, source);
            let weights = (first..last)
                .map(|i| {
                    let covered = (end.min(i as f64 + 1.0) - start.max(i as f64)).max(0.0);
                    (i, (covered / (end - start)) as f32)
                })
                .collect();
            Span { weights }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vga_frame_averages_each_two_by_two_block() {
        let (w, h) = (640u32, 480u32);
        let luma: Vec<u8> = (0..w * h).map(|i| if (i % w + i / w) % 2 == 0 { 0 } else { 200 }).collect();
        let frame = GreyFrame::from_luma(w, h, w as usize, 1, &luma).unwrap();
        assert_eq!((frame.width(), frame.height()), (320, 240));
        // A checkerboard averages to flat grey: nearest-neighbour would give 0 or 200.
        assert!(frame.pixels().iter().all(|&p| p == 100), "{:?}", &frame.pixels()[..8]);
    }

    #[test]
    fn a_wide_frame_keeps_its_aspect_and_a_small_one_its_size() {
        assert_eq!(fit(1280, 720), (320, 180));
        assert_eq!(fit(160, 120), (160, 120));
        assert_eq!(fit(1000, 1), (320, 1));
    }

    #[test]
    fn a_short_plane_is_refused_not_read_past_its_end() {
        // The last pixel is at 3 * 8 + 3 * 2 = 30.
        assert!(GreyFrame::from_luma(4, 4, 8, 2, &[0; 30]).is_none());
        assert!(GreyFrame::from_luma(4, 4, 8, 2, &[0; 31]).is_some());
        assert!(GreyFrame::from_luma(4, 4, 7, 2, &[0; 64]).is_none(), "a row shorter than its pixels");
        assert!(GreyFrame::from_luma(0, 4, 8, 2, &[0; 32]).is_none());
        assert!(GreyFrame::new(2, 2, vec![0; 3]).is_none());
    }
}
