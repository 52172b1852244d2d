//! The chart surface that writes SVG, for the HTML report: inline, no scripts, scales and prints cleanly.

use std::fmt::Write;

use super::chart::{Anchor, Rgb, Surface, TextStyle};

pub struct Svg {
    width: f32,
    height: f32,
    body: String,
}

impl Svg {
    pub fn new(width: f32, height: f32) -> Svg {
        Svg { width, height, body: String::new() }
    }

    /// The `<svg>` element, sized to its box and scaling with the page.
    pub fn finish(self, title: &str) -> String {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"100%\" role=\"img\" \
             aria-label=\"{t}\"><title>{t}</title>{b}</svg>",
            w = self.width,
            h = self.height,
            t = escape(title),
            b = self.body
        )
    }
}

/// Text made safe for HTML and XML.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

impl Surface for Svg {
    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb, opacity: f32) {
        let _ = write!(
            self.body,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" fill=\"{}\"",
            color.hex()
        );
        if opacity < 1.0 {
            let _ = write!(self.body, " fill-opacity=\"{opacity:.2}\"");
        }
        self.body.push_str("/>");
    }

    fn line(&mut self, from: (f32, f32), to: (f32, f32), width: f32, color: Rgb, dashed: bool) {
        let _ = write!(
            self.body,
            "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{}\" stroke-width=\"{width}\"{}/>",
            from.0,
            from.1,
            to.0,
            to.1,
            color.hex(),
            if dashed { " stroke-dasharray=\"5 4\"" } else { "" }
        );
    }

    fn polyline(&mut self, points: &[(f32, f32)], width: f32, color: Rgb) {
        let pts: Vec<String> = points.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
        let _ = write!(
            self.body,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{width}\" stroke-linejoin=\"round\"/>",
            pts.join(" "),
            color.hex()
        );
    }

    fn label(&mut self, x: f32, baseline: f32, text: &str, style: TextStyle) {
        let TextStyle { size, anchor, color, bold } = style;
        let anchor = match anchor {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        };
        let _ = write!(
            self.body,
            "<text x=\"{x:.1}\" y=\"{baseline:.1}\" font-size=\"{size:.1}\" text-anchor=\"{anchor}\" fill=\"{}\"{}>{}</text>",
            color.hex(),
            if bold { " font-weight=\"600\"" } else { "" },
            escape(text)
        );
    }

    fn measure(&mut self, text: &str, size: f32, bold: bool) -> f32 {
        // No font metrics here: the average advance of a sans-serif UI font is close to 0.55 em.
        text.chars().count() as f32 * size * if bold { 0.58 } else { 0.55 }
    }
}
