//! An RGBA framebuffer to paint on: rectangles (rounded, anti-aliased), circles, thick lines, alpha masks
//! (glyphs) and scaled images, all clipped. Pure: the same calls always give the same bytes.

use crate::driver::Rect;

/// An sRGB colour with alpha, 0-255.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Color(pub u8, pub u8, pub u8, pub u8);

impl Color {
    pub const fn rgb(hex: u32) -> Color {
        Color((hex >> 16) as u8, (hex >> 8) as u8, hex as u8, 255)
    }

    pub const fn with_alpha(self, a: u8) -> Color {
        Color(self.0, self.1, self.2, a)
    }
}

pub struct Canvas<'a> {
    buf: &'a mut [u8],
    width: usize,
    height: usize,
    clip: Rect,
    /// The buffer holds B, G, R, A (what many screens take as is) rather than R, G, B, A.
    bgra: bool,
}

impl<'a> Canvas<'a> {
    /// `buf` holds `width * height` RGBA pixels.
    pub fn new(buf: &'a mut [u8], width: u32, height: u32) -> Canvas<'a> {
        Canvas::with_order(buf, width, height, false)
    }

    /// A canvas over a buffer in B, G, R, A order when `bgra`.
    pub fn with_order(buf: &'a mut [u8], width: u32, height: u32, bgra: bool) -> Canvas<'a> {
        let (width, height) = (width as usize, height as usize);
        assert!(buf.len() >= width * height * 4, "framebuffer smaller than its size");
        Canvas { buf, width, height, clip: Rect::new(0.0, 0.0, width as f32, height as f32), bgra }
    }

    /// A colour's three channels in the buffer's order.
    #[inline]
    fn pack(&self, c: Color) -> [u8; 3] {
        if self.bgra { [c.2, c.1, c.0] } else { [c.0, c.1, c.2] }
    }

    pub fn width(&self) -> f32 {
        self.width as f32
    }

    pub fn height(&self) -> f32 {
        self.height as f32
    }

    pub fn clip(&self) -> Rect {
        self.clip
    }

    /// Restricts painting to `rect` (within the current clip) until the returned clip is put back.
    pub fn set_clip(&mut self, rect: Rect) -> Rect {
        let old = self.clip;
        self.clip = rect.intersect(old);
        old
    }

    pub fn restore_clip(&mut self, old: Rect) {
        self.clip = old;
    }

    /// Integer pixel bounds of `r` within the clip: (x0, y0, x1, y1), exclusive ends.
    fn bounds(&self, r: Rect) -> Option<(usize, usize, usize, usize)> {
        let r = r.intersect(self.clip);
        let x0 = r.x.floor().max(0.0) as usize;
        let y0 = r.y.floor().max(0.0) as usize;
        let x1 = (r.right().ceil() as usize).min(self.width);
        let y1 = (r.bottom().ceil() as usize).min(self.height);
        (x0 < x1 && y0 < y1).then_some((x0, y0, x1, y1))
    }

    /// Paints the whole clip with one colour, fast: one row built, then copied.
    pub fn fill(&mut self, color: Color) {
        let clip = self.clip;
        self.fill_rect(clip, color);
    }

    /// An axis-aligned rectangle, snapped to whole pixels.
    pub fn fill_rect(&mut self, r: Rect, color: Color) {
        let snapped = Rect::new(r.x.round(), r.y.round(), r.w.round(), r.h.round());
        let Some((x0, y0, x1, y1)) = self.bounds(snapped) else { return };
        if color.3 == 255 {
            let [a, b, c] = self.pack(color);
            let px = [a, b, c, 255];
            let row_len = (x1 - x0) * 4;
            let first = (y0 * self.width + x0) * 4;
            for chunk in self.buf[first..first + row_len].chunks_exact_mut(4) {
                chunk.copy_from_slice(&px);
            }
            for y in y0 + 1..y1 {
                let start = (y * self.width + x0) * 4;
                self.buf.copy_within(first..first + row_len, start);
            }
        } else {
            for y in y0..y1 {
                for x in x0..x1 {
                    self.blend(x, y, color, 255);
                }
            }
        }
    }

    #[inline]
    fn blend(&mut self, x: usize, y: usize, color: Color, coverage: u8) {
        let c = self.pack(color);
        self.blend_packed(x, y, c, color.3, coverage);
    }

    /// Blends channels already in buffer order; alpha is `alpha` x `coverage`.
    #[inline]
    fn blend_packed(&mut self, x: usize, y: usize, c: [u8; 3], alpha: u8, coverage: u8) {
        let a = u32::from(alpha) * u32::from(coverage);
        if a == 0 {
            return;
        }
        let i = (y * self.width + x) * 4;
        let p = &mut self.buf[i..i + 4];
        if a == 255 * 255 {
            p[..3].copy_from_slice(&c);
            p[3] = 255;
            return;
        }
        // `a` is alpha on a 0..=65025 scale (alpha x coverage); the division by a constant compiles to a multiply.
        let inv = 65025 - a;
        for k in 0..3 {
            let v = u32::from(c[k]) * a + u32::from(p[k]) * inv;
            p[k] = ((v + 32512) / 65025) as u8;
        }
        p[3] = 255;
    }

    /// Paints every pixel of `area` with the coverage `shape` gives at its centre (0.0 to 1.0).
    fn shade(&mut self, area: Rect, color: Color, shape: impl Fn(f32, f32) -> f32) {
        let Some((x0, y0, x1, y1)) = self.bounds(area) else { return };
        for y in y0..y1 {
            let py = y as f32 + 0.5;
            for x in x0..x1 {
                let c = shape(x as f32 + 0.5, py);
                if c > 0.0 {
                    self.blend(x, y, color, (c.min(1.0) * 255.0 + 0.5) as u8);
                }
            }
        }
    }

    /// A rounded rectangle: straight parts as spans, only the corners shaded.
    pub fn fill_round_rect(&mut self, r: Rect, radius: f32, color: Color) {
        // Whole pixels, so the bands and corners tile without overlapping (which would show with alpha).
        let r = r.snapped();
        let radius = radius.min(r.w / 2.0).min(r.h / 2.0).max(0.0);
        if radius < 0.5 {
            self.fill_rect(r, color);
            return;
        }
        let rr = radius.ceil();
        self.fill_rect(Rect::new(r.x, r.y + rr, r.w, r.h - 2.0 * rr), color);
        self.fill_rect(Rect::new(r.x + rr, r.y, r.w - 2.0 * rr, rr), color);
        self.fill_rect(Rect::new(r.x + rr, r.bottom() - rr, r.w - 2.0 * rr, rr), color);
        for (area, corner) in corners(r, rr) {
            self.shade(area, color, |x, y| 0.5 - box_sdf(r, radius, corner, x, y));
        }
    }

    /// The outline of a rounded rectangle, `width` wide, inside `r`.
    pub fn stroke_round_rect(&mut self, r: Rect, radius: f32, width: f32, color: Color) {
        let r = r.snapped();
        let radius = radius.min(r.w / 2.0).min(r.h / 2.0).max(0.0);
        let inner = r.inset(width);
        let inner_radius = (radius - width).max(0.0);
        let rr = radius.ceil().max(width.ceil());
        self.fill_rect(Rect::new(r.x + rr, r.y, r.w - 2.0 * rr, width), color);
        self.fill_rect(Rect::new(r.x + rr, r.bottom() - width, r.w - 2.0 * rr, width), color);
        self.fill_rect(Rect::new(r.x, r.y + rr, width, r.h - 2.0 * rr), color);
        self.fill_rect(Rect::new(r.right() - width, r.y + rr, width, r.h - 2.0 * rr), color);
        for (area, corner) in corners(r, rr) {
            self.shade(area, color, |x, y| {
                let outer = 0.5 - box_sdf(r, radius, corner, x, y);
                let hole = 0.5 + box_sdf(inner, inner_radius, corner, x, y);
                outer.min(hole)
            });
        }
    }

    pub fn fill_circle(&mut self, cx: f32, cy: f32, radius: f32, color: Color) {
        let area = Rect::new(cx - radius - 1.0, cy - radius - 1.0, 2.0 * radius + 2.0, 2.0 * radius + 2.0);
        self.shade(area, color, |x, y| radius + 0.5 - ((x - cx).powi(2) + (y - cy).powi(2)).sqrt());
    }

    pub fn stroke_circle(&mut self, cx: f32, cy: f32, radius: f32, width: f32, color: Color) {
        let area = Rect::new(cx - radius - 1.0, cy - radius - 1.0, 2.0 * radius + 2.0, 2.0 * radius + 2.0);
        self.shade(area, color, |x, y| {
            let d = ((x - cx).powi(2) + (y - cy).powi(2)).sqrt();
            (radius + 0.5 - d).min(d - (radius - width) + 0.5)
        });
    }

    /// A straight stroke with round ends.
    pub fn line(&mut self, (x0, y0): (f32, f32), (x1, y1): (f32, f32), width: f32, color: Color) {
        let half = width / 2.0;
        let area = Rect::new(
            x0.min(x1) - half - 1.0,
            y0.min(y1) - half - 1.0,
            (x1 - x0).abs() + width + 2.0,
            (y1 - y0).abs() + width + 2.0,
        );
        let (dx, dy) = (x1 - x0, y1 - y0);
        let len2 = (dx * dx + dy * dy).max(1e-6);
        self.shade(area, color, |x, y| {
            let t = (((x - x0) * dx + (y - y0) * dy) / len2).clamp(0.0, 1.0);
            let (px, py) = (x0 + t * dx - x, y0 + t * dy - y);
            half + 0.5 - (px * px + py * py).sqrt()
        });
    }

    /// A filled triangle (anti-aliased edges).
    pub fn fill_triangle(&mut self, a: (f32, f32), b: (f32, f32), c: (f32, f32), color: Color) {
        let min_x = a.0.min(b.0).min(c.0) - 1.0;
        let min_y = a.1.min(b.1).min(c.1) - 1.0;
        let max_x = a.0.max(b.0).max(c.0) + 1.0;
        let max_y = a.1.max(b.1).max(c.1) + 1.0;
        let orient = ((b.0 - a.0) * (c.1 - a.1) - (b.1 - a.1) * (c.0 - a.0)).signum();
        let edge = move |p: (f32, f32), q: (f32, f32), x: f32, y: f32| {
            let (ex, ey) = (q.0 - p.0, q.1 - p.1);
            let len = (ex * ex + ey * ey).sqrt().max(1e-6);
            orient * (ex * (y - p.1) - ey * (x - p.0)) / len
        };
        self.shade(Rect::new(min_x, min_y, max_x - min_x, max_y - min_y), color, |x, y| {
            let d = edge(a, b, x, y).min(edge(b, c, x, y)).min(edge(c, a, x, y));
            d + 0.5
        });
    }

    /// An RGBA image (a colour emoji) with its top-left at (x, y), blended by its alpha, clipped.
    pub fn rgba(&mut self, x: i32, y: i32, w: usize, h: usize, data: &[u8]) {
        if data.len() < w * h * 4 {
            return;
        }
        for row in 0..h {
            for col in 0..w {
                let i = (row * w + col) * 4;
                let a = data[i + 3];
                if a == 0 {
                    continue;
                }
                let rgb = (u32::from(data[i]) << 16) | (u32::from(data[i + 1]) << 8) | u32::from(data[i + 2]);
                let cover = [a];
                self.mask(x + col as i32, y + row as i32, 1, 1, &cover, Color::rgb(rgb));
            }
        }
    }

    /// An 8-bit coverage mask (a glyph) with its top-left at (x, y), in `color`.
    pub fn mask(&mut self, x: i32, y: i32, w: usize, h: usize, coverage: &[u8], color: Color) {
        let c = self.pack(color);
        let clip = self.clip;
        let cx0 = (clip.x.max(0.0) as i32).max(x);
        let cy0 = (clip.y.max(0.0) as i32).max(y);
        let cx1 = (clip.right() as i32).min(self.width as i32).min(x + w as i32);
        let cy1 = (clip.bottom() as i32).min(self.height as i32).min(y + h as i32);
        if cx0 >= cx1 || cy0 >= cy1 {
            return;
        }
        let (col0, col1) = ((cx0 - x) as usize, (cx1 - x) as usize);
        for py in cy0..cy1 {
            let row = (py - y) as usize;
            let src = &coverage[row * w + col0..row * w + col1];
            let start = (py as usize * self.width + cx0 as usize) * 4;
            let dst = &mut self.buf[start..start + src.len() * 4];
            for (&cov, p) in src.iter().zip(dst.chunks_exact_mut(4)) {
                let a = u32::from(cov) * u32::from(color.3) / 255;
                if a == 0 {
                    continue;
                }
                let inv = 255 - a;
                for k in 0..3 {
                    p[k] = div255(u32::from(c[k]) * a + u32::from(p[k]) * inv);
                }
                p[3] = 255;
            }
        }
    }

    /// Draws an RGBA image scaled (bilinear) into `dst`.
    pub fn image(&mut self, src: &[u8], sw: u32, sh: u32, dst: Rect) {
        let Some((x0, y0, x1, y1)) = self.bounds(dst) else { return };
        if sw == 0 || sh == 0 || dst.w <= 0.0 || dst.h <= 0.0 {
            return;
        }
        let (sw, sh) = (sw as usize, sh as usize);
        let sx = sw as f32 / dst.w;
        let sy = sh as f32 / dst.h;
        let fetch = |x: usize, y: usize| -> [f32; 4] {
            let i = (y.min(sh - 1) * sw + x.min(sw - 1)) * 4;
            [src[i] as f32, src[i + 1] as f32, src[i + 2] as f32, src[i + 3] as f32]
        };
        for y in y0..y1 {
            let fy = ((y as f32 + 0.5 - dst.y) * sy - 0.5).max(0.0);
            let (iy, ty) = (fy as usize, fy.fract());
            for x in x0..x1 {
                let fx = ((x as f32 + 0.5 - dst.x) * sx - 0.5).max(0.0);
                let (ix, tx) = (fx as usize, fx.fract());
                let (a, b, c, d) =
                    (fetch(ix, iy), fetch(ix + 1, iy), fetch(ix, iy + 1), fetch(ix + 1, iy + 1));
                let mut px = [0u8; 4];
                for k in 0..4 {
                    let top = a[k] + (b[k] - a[k]) * tx;
                    let bottom = c[k] + (d[k] - c[k]) * tx;
                    px[k] = (top + (bottom - top) * ty).round().clamp(0.0, 255.0) as u8;
                }
                self.blend(x, y, Color(px[0], px[1], px[2], 255), px[3]);
            }
        }
    }
}

/// The four corner squares of `r`, `size` on a side, each with its outward direction.
fn corners(r: Rect, size: f32) -> [(Rect, (f32, f32)); 4] {
    [
        (Rect::new(r.x, r.y, size, size), (-1.0, -1.0)),
        (Rect::new(r.right() - size, r.y, size, size), (1.0, -1.0)),
        (Rect::new(r.x, r.bottom() - size, size, size), (-1.0, 1.0)),
        (Rect::new(r.right() - size, r.bottom() - size, size, size), (1.0, 1.0)),
    ]
}

/// Signed distance from (x, y) to a rounded box, near the corner facing `dir` (negative inside).
fn box_sdf(r: Rect, radius: f32, dir: (f32, f32), x: f32, y: f32) -> f32 {
    let cx = if dir.0 < 0.0 { r.x + radius } else { r.right() - radius };
    let cy = if dir.1 < 0.0 { r.y + radius } else { r.bottom() - radius };
    let qx = (x - cx) * dir.0;
    let qy = (y - cy) * dir.1;
    let outside = (qx.max(0.0).powi(2) + qy.max(0.0).powi(2)).sqrt();
    outside + qx.max(qy).min(0.0) - radius
}

/// x / 255, rounded, for x up to 255 * 255 (exact over that range, and much cheaper than a division).
#[inline]
fn div255(x: u32) -> u8 {
    let x = x + 128;
    ((x + (x >> 8)) >> 8) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn div255_rounds_exactly_over_its_range() {
        for x in 0..=255 * 255 {
            assert_eq!(u32::from(div255(x)), (x + 127) / 255, "x = {x}");
        }
    }

    #[test]
    fn painting_stays_inside_the_clip_and_the_buffer() {
        let mut buf = vec![0u8; 8 * 8 * 4];
        let mut c = Canvas::new(&mut buf, 8, 8);
        c.set_clip(Rect::new(2.0, 2.0, 4.0, 4.0));
        c.fill_rect(Rect::new(-10.0, -10.0, 100.0, 100.0), Color::rgb(0xFF0000));
        c.mask(-3, 5, 4, 4, &[255; 16], Color::rgb(0x00FF00));
        c.fill_circle(7.0, 7.0, 20.0, Color::rgb(0x0000FF).with_alpha(128));
        let painted: Vec<(usize, usize)> =
            (0..64).filter(|i| buf[i * 4 + 3] != 0).map(|i| (i % 8, i / 8)).collect();
        assert!(painted.iter().all(|&(x, y)| (2..6).contains(&x) && (2..6).contains(&y)), "{painted:?}");
        assert_eq!(painted.len(), 16);
    }

    #[test]
    fn bgra_buffers_get_their_channels_swapped() {
        let mut buf = vec![0u8; 4];
        Canvas::with_order(&mut buf, 1, 1, true).fill(Color::rgb(0x102030));
        assert_eq!(buf, [0x30, 0x20, 0x10, 255]);
    }
}
