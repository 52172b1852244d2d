//! Text: the bundled Inter font (embedded, so `examday` runs from anywhere), word wrapping, and caches of
//! rasterized glyphs and laid-out paragraphs so a frame of a long question stays cheap.

use std::collections::HashMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

use fontdue::{Font, FontSettings, Metrics};

use super::canvas::{Canvas, Color};

static REGULAR: &[u8] = include_bytes!("../../../assets/fonts/Inter-Regular.otf");
static BOLD: &[u8] = include_bytes!("../../../assets/fonts/Inter-SemiBold.otf");

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Weight {
    Regular,
    Bold,
}

/// A line of laid-out text: characters with their x offsets from the line's start.
#[derive(Debug)]
pub struct Line {
    pub glyphs: Vec<(f32, char)>,
    pub width: f32,
}

/// A paragraph laid out for one width: lines, and the box they fill.
#[derive(Debug)]
pub struct Layout {
    pub lines: Vec<Line>,
    pub width: f32,
    pub height: f32,
    pub line_height: f32,
    size: f32,
    weight: Weight,
    ascent: f32,
}

impl Layout {
    /// From the top of a line to its baseline: the font's box centred in the line (extra leading split above
    /// and below), then its ascent.
    pub fn lead(&self) -> f32 {
        ((self.line_height - self.size * 1.2) / 2.0).max(0.0) + self.ascent + self.size * 0.1
    }
}

struct Glyph {
    metrics: Metrics,
    coverage: Vec<u8>,
}

pub struct Text {
    fonts: [Font; 2],
    glyphs: HashMap<(Weight, char, u32), Glyph>,
    layouts: HashMap<u64, Rc<Layout>>,
}

const MAX_CACHED_LAYOUTS: usize = 2048;

impl Text {
    pub fn new() -> Text {
        let load = |bytes: &[u8]| {
            // The fonts are part of the binary and checked by the tests: failing here is a build defect.
            Font::from_bytes(bytes, FontSettings { scale: 40.0, ..FontSettings::default() })
                .unwrap_or_else(|e| panic!("the bundled font does not load: {e}"))
        };
        Text { fonts: [load(REGULAR), load(BOLD)], glyphs: HashMap::new(), layouts: HashMap::new() }
    }

    fn font(&self, weight: Weight) -> &Font {
        &self.fonts[weight as usize]
    }

    fn glyph(&mut self, weight: Weight, c: char, size: f32) -> &Glyph {
        let key = (weight, c, (size * 4.0).round() as u32);
        let fonts = &self.fonts;
        self.glyphs.entry(key).or_insert_with(|| {
            let (metrics, coverage) = fonts[weight as usize].rasterize(c, size);
            Glyph { metrics, coverage }
        })
    }

    fn advance(&mut self, weight: Weight, c: char, size: f32) -> f32 {
        self.glyph(weight, c, size).metrics.advance_width
    }

    /// Width of a single line of text.
    pub fn measure(&mut self, text: &str, size: f32, weight: Weight) -> f32 {
        text.chars().map(|c| self.advance(weight, c, size)).sum()
    }

    /// Lays out `text` (paragraphs split on newlines) wrapped to `max_width`, lines `line_height` x size apart.
    pub fn layout(
        &mut self,
        text: &str,
        size: f32,
        weight: Weight,
        max_width: f32,
        line_height: f32,
    ) -> Rc<Layout> {
        let mut h = DefaultHasher::new();
        (text, size.to_bits(), weight, max_width.to_bits(), line_height.to_bits()).hash(&mut h);
        let key = h.finish();
        if let Some(l) = self.layouts.get(&key) {
            return l.clone();
        }
        let layout = Rc::new(self.wrap(text, size, weight, max_width, line_height));
        if self.layouts.len() >= MAX_CACHED_LAYOUTS {
            self.layouts.clear();
        }
        self.layouts.insert(key, layout.clone());
        layout
    }

    fn wrap(&mut self, text: &str, size: f32, weight: Weight, max_width: f32, line_height: f32) -> Layout {
        let space = self.advance(weight, ' ', size);
        let mut lines: Vec<Line> = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = Line { glyphs: Vec::new(), width: 0.0 };
            for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
                let word_width: f32 = word.chars().map(|c| self.advance(weight, c, size)).sum();
                let gap = if line.glyphs.is_empty() { 0.0 } else { space };
                if !line.glyphs.is_empty() && line.width + gap + word_width > max_width {
                    lines.push(std::mem::replace(&mut line, Line { glyphs: Vec::new(), width: 0.0 }));
                }
                let mut x = if line.glyphs.is_empty() { 0.0 } else { line.width + space };
                for c in word.chars() {
                    let adv = self.advance(weight, c, size);
                    // A word longer than the whole line breaks where it must.
                    if x + adv > max_width && x > 0.0 && line.glyphs.len() > 1 && word_width > max_width {
                        line.width = x;
                        lines.push(std::mem::replace(&mut line, Line { glyphs: Vec::new(), width: 0.0 }));
                        x = 0.0;
                    }
                    line.glyphs.push((x, c));
                    x += adv;
                }
                line.width = x;
            }
            lines.push(line);
        }
        let metrics = self.font(weight).horizontal_line_metrics(size);
        let ascent = metrics.map_or(size * 0.8, |m| m.ascent);
        let step = (size * line_height).round();
        let width = lines.iter().map(|l| l.width).fold(0.0, f32::max);
        Layout { height: step * lines.len() as f32, lines, width, line_height: step, size, weight, ascent }
    }

    /// Draws a layout with its top-left at (x, y); lines outside the canvas's clip are skipped.
    pub fn draw(&mut self, canvas: &mut Canvas<'_>, layout: &Layout, x: f32, y: f32, color: Color) {
        let clip = canvas.clip();
        let lead = layout.lead();
        for (i, line) in layout.lines.iter().enumerate() {
            let top = y + i as f32 * layout.line_height;
            if top > clip.bottom() || top + layout.line_height < clip.y {
                continue;
            }
            let baseline = (top + lead).round();
            for &(gx, c) in &line.glyphs {
                if c == ' ' {
                    continue;
                }
                let g = self.glyph(layout.weight, c, layout.size);
                let m = g.metrics;
                let px = (x + gx).round() as i32 + m.xmin;
                let py = baseline as i32 - m.height as i32 - m.ymin;
                canvas.mask(px, py, m.width, m.height, &g.coverage, color);
            }
        }
    }
}

impl Default for Text {
    fn default() -> Self {
        Text::new()
    }
}
