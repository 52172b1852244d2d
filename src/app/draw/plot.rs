//! The chart surface that paints on the canvas: the PNG of `examday review --png` and `history --png`, and
//! the timeline strip in the window, drawn by the same chart code as the HTML.

use super::canvas::{Canvas, Color};
use super::text::{Text, Weight};
use crate::driver::Rect;
use crate::review::Report;
use crate::review::chart::{self, Anchor, Area, Rgb, Surface, TextStyle};
use crate::review::history::History;

pub struct CanvasSurface<'c, 'b> {
    pub canvas: &'c mut Canvas<'b>,
    pub text: &'c mut Text,
}

fn color(c: Rgb, opacity: f32) -> Color {
    Color(c.0, c.1, c.2, (opacity.clamp(0.0, 1.0) * 255.0).round() as u8)
}

impl Surface for CanvasSurface<'_, '_> {
    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, c: Rgb, opacity: f32) {
        if w >= 1.0 && h >= 1.0 {
            self.canvas.fill_rect(Rect::new(x, y, w, h), color(c, opacity));
        } else {
            // A sliver thinner than a pixel still shows, as a thin stroke.
            self.canvas.line((x + w / 2.0, y), (x + w / 2.0, y + h), w.max(0.8), color(c, opacity));
        }
    }

    fn line(&mut self, from: (f32, f32), to: (f32, f32), width: f32, c: Rgb, dashed: bool) {
        if !dashed {
            self.canvas.line(from, to, width, color(c, 1.0));
            return;
        }
        let (dx, dy) = (to.0 - from.0, to.1 - from.1);
        let len = (dx * dx + dy * dy).sqrt().max(1e-3);
        let mut d = 0.0;
        while d < len {
            let e = (d + 5.0).min(len);
            let a = (from.0 + dx * d / len, from.1 + dy * d / len);
            let b = (from.0 + dx * e / len, from.1 + dy * e / len);
            self.canvas.line(a, b, width, color(c, 1.0));
            d += 9.0;
        }
    }

    fn polyline(&mut self, points: &[(f32, f32)], width: f32, c: Rgb) {
        for pair in points.windows(2) {
            self.canvas.line(pair[0], pair[1], width, color(c, 1.0));
        }
    }

    fn label(&mut self, x: f32, baseline: f32, text: &str, style: TextStyle) {
        let TextStyle { size, anchor, color: c, bold } = style;
        let weight = if bold { Weight::Bold } else { Weight::Regular };
        let layout = self.text.layout(text, size.round(), weight, f32::INFINITY, 1.3);
        let left = match anchor {
            Anchor::Start => x,
            Anchor::Middle => x - layout.width / 2.0,
            Anchor::End => x - layout.width,
        };
        self.text.draw(self.canvas, &layout, left.round(), (baseline - layout.lead()).round(), color(c, 1.0));
    }

    fn measure(&mut self, text: &str, size: f32, bold: bool) -> f32 {
        self.text.measure(text, size.round(), if bold { Weight::Bold } else { Weight::Regular })
    }
}

const WIDTH: u32 = 1600;

/// A white image with a title line; `paint` fills the rest.
fn picture(
    height: u32,
    title: &str,
    subtitle: &str,
    paint: impl FnOnce(&mut CanvasSurface<'_, '_>),
) -> image::RgbaImage {
    let mut buf = vec![0u8; (WIDTH * height * 4) as usize];
    let mut text = Text::new();
    let mut canvas = Canvas::new(&mut buf, WIDTH, height);
    canvas.fill(Color::rgb(0xFFFFFF));
    let mut s = CanvasSurface { canvas: &mut canvas, text: &mut text };
    s.text(40.0, 48.0, title, 26.0, Anchor::Start, chart::INK, true);
    s.text(40.0, 76.0, subtitle, 15.0, Anchor::Start, chart::MUTED, false);
    paint(&mut s);
    image::RgbaImage::from_raw(WIDTH, height, buf).unwrap_or_default()
}

/// The timeline and pace charts of one sitting, as one image.
pub fn report_png(r: &Report) -> image::RgbaImage {
    let counted = |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let subtitle = format!(
        "{}: {:.1}% ({}), {} of {}, {}, {}",
        r.started_at.format("%Y-%m-%d %H:%M"),
        r.score_percent,
        if r.passed { "pass" } else { "fail" },
        r.duration_ms / 60_000,
        counted(r.allowed_ms / 60_000, "minute", "minutes"),
        counted(r.focus_losses as u64, "focus loss", "focus losses"),
        counted(r.idle_incidents as u64, "idle spell", "idle spells"),
    );
    picture(1000, &format!("{}: timeline and pace", r.title), &subtitle, |s| {
        s.text(40.0, 128.0, "Timeline", 18.0, Anchor::Start, chart::INK, true);
        chart::timeline(s, r, Area { x: 40.0, y: 140.0, w: 1520.0, h: 330.0, scale: 1.0 }, None);
        s.text(
            40.0,
            540.0,
            "Pace: questions answered against an even pace",
            18.0,
            Anchor::Start,
            chart::INK,
            true,
        );
        chart::pace(s, r, Area { x: 40.0, y: 552.0, w: 1520.0, h: 420.0, scale: 1.0 });
    })
}

/// Score and stamina over attempts.
pub fn history_png(h: &History) -> image::RgbaImage {
    let attempts = h.attempts();
    let subtitle = format!("{} submitted sittings, {} journals left out", attempts.len(), h.problems.len());
    picture(820, "examday: score and stamina over attempts", &subtitle, |s| {
        chart::history(s, &attempts, Area { x: 40.0, y: 110.0, w: 1520.0, h: 690.0, scale: 1.0 });
    })
}
