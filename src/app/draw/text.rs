//! Text in any script: paragraphs shaped by cosmic-text (harfrust), so Arabic and Hebrew run right to left with
//! joined letters, Chinese and Japanese wrap between characters, and emoji draw. The bundled Inter (embedded, so
//! `examday` looks the same everywhere) comes first; a character it lacks falls back to the system's fonts.
//! Laid-out paragraphs and rasterized glyphs (swash) are cached, so a frame of a long question stays cheap.

use std::collections::HashMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

use cosmic_text::{
    Attrs, Buffer, CacheKey, Family, FontSystem, Metrics, Shaping, SwashCache, SwashContent, Wrap,
};

use super::canvas::{Canvas, Color};

static REGULAR: &[u8] = include_bytes!("../../../assets/fonts/Inter-Regular.otf");
static BOLD: &[u8] = include_bytes!("../../../assets/fonts/Inter-SemiBold.otf");

/// The bundled family, asked for first.
const FAMILY: &str = "Inter";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Weight {
    Regular,
    Bold,
}

impl Weight {
    fn font_weight(self) -> cosmic_text::Weight {
        match self {
            Weight::Regular => cosmic_text::Weight::NORMAL,
            Weight::Bold => cosmic_text::Weight::SEMIBOLD,
        }
    }
}

/// A glyph placed in a layout: its cache key and its whole-pixel offset from the line's origin.
#[derive(Clone, Copy, Debug)]
struct Placed {
    key: CacheKey,
    x: i32,
    y: i32,
}

/// One line of a layout: where its top and baseline are, and its glyphs.
#[derive(Debug)]
struct Line {
    top: f32,
    baseline: f32,
    glyphs: Vec<Placed>,
}

/// A paragraph laid out for one width: lines, and the box they fill.
#[derive(Debug)]
pub struct Layout {
    lines: Vec<Line>,
    pub width: f32,
    pub height: f32,
    pub line_height: f32,
    /// Whether the paragraph runs right to left (its lines are aligned to the right of the width).
    pub rtl: bool,
}

impl Layout {
    /// From the top of the first line to its baseline.
    pub fn lead(&self) -> f32 {
        self.lines.first().map_or(self.line_height * 0.75, |l| l.baseline - l.top)
    }
}

pub struct Text {
    fonts: FontSystem,
    glyphs: SwashCache,
    layouts: HashMap<u64, Rc<Layout>>,
    /// Whether some font has each character asked about (for `examday check`).
    covered: HashMap<char, bool>,
}

const MAX_CACHED_LAYOUTS: usize = 2048;
/// Rasterized glyphs are dropped wholesale past this many (a long sitting's text stays far below it).
const MAX_CACHED_GLYPHS: usize = 8192;

impl Text {
    /// The bundled fonts, then every font the system has, for fallback.
    pub fn new() -> Text {
        let mut fonts = FontSystem::new();
        let db = fonts.db_mut();
        db.load_font_data(REGULAR.to_vec());
        db.load_font_data(BOLD.to_vec());
        db.set_sans_serif_family(FAMILY);
        Text { fonts, glyphs: SwashCache::new(), layouts: HashMap::new(), covered: HashMap::new() }
    }

    /// The bundled fonts and exactly these font files, nothing else from the system: the same pixels on every
    /// machine that has the files (golden images of every script). Says which file is missing.
    pub fn with_font_files(files: &[&std::path::Path]) -> Result<Text, String> {
        let mut db = cosmic_text::fontdb::Database::new();
        db.load_font_data(REGULAR.to_vec());
        db.load_font_data(BOLD.to_vec());
        for file in files {
            db.load_font_file(file).map_err(|e| format!("{}: {e}", file.display()))?;
        }
        db.set_sans_serif_family(FAMILY);
        let fonts = FontSystem::new_with_locale_and_db("en-US".to_string(), db);
        Ok(Text { fonts, glyphs: SwashCache::new(), layouts: HashMap::new(), covered: HashMap::new() })
    }

    /// Width of a single line of text.
    pub fn measure(&mut self, text: &str, size: f32, weight: Weight) -> f32 {
        self.layout(text, size, weight, f32::INFINITY, 1.3).width
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
        let layout = Rc::new(self.shape(text, size, weight, max_width, line_height));
        if self.layouts.len() >= MAX_CACHED_LAYOUTS {
            self.layouts.clear();
        }
        self.layouts.insert(key, layout.clone());
        layout
    }

    fn shape(&mut self, text: &str, size: f32, weight: Weight, max_width: f32, line_height: f32) -> Layout {
        let step = (size * line_height).round().max(1.0);
        let mut buffer = Buffer::new(&mut self.fonts, Metrics::new(size, step));
        let width = max_width.is_finite().then_some(max_width.max(1.0));
        buffer.set_wrap(if width.is_some() { Wrap::WordOrGlyph } else { Wrap::None });
        buffer.set_size(width, None);
        let attrs = Attrs::new().family(Family::Name(FAMILY)).weight(weight.font_weight());
        buffer.set_text(text, &attrs, Shaping::Advanced, None);
        buffer.shape_until_scroll(&mut self.fonts, false);
        let mut lines = Vec::new();
        let mut widest: f32 = 0.0;
        let mut rtl = false;
        for run in buffer.layout_runs() {
            rtl |= run.rtl;
            widest = widest.max(run.line_w);
            let glyphs = run
                .glyphs
                .iter()
                .map(|g| {
                    let p = g.physical((0.0, 0.0), 1.0);
                    Placed { key: p.cache_key, x: p.x, y: p.y }
                })
                .collect();
            lines.push(Line { top: run.line_top, baseline: run.line_y, glyphs });
        }
        if lines.is_empty() {
            lines.push(Line { top: 0.0, baseline: (step * 0.75).round(), glyphs: Vec::new() });
        }
        let height = step * lines.len() as f32;
        Layout { lines, width: widest, height, line_height: step, rtl }
    }

    /// Draws a layout with its top-left at (x, y); lines outside the canvas's clip are skipped.
    pub fn draw(&mut self, canvas: &mut Canvas<'_>, layout: &Layout, x: f32, y: f32, color: Color) {
        if self.glyphs.image_cache.len() > MAX_CACHED_GLYPHS {
            self.glyphs.image_cache.clear();
        }
        let clip = canvas.clip();
        let (ox, oy) = (x.round() as i32, y.round() as i32);
        for line in &layout.lines {
            let top = y + line.top;
            if top > clip.bottom() || top + layout.line_height < clip.y {
                continue;
            }
            let baseline = oy + line.baseline.round() as i32;
            for g in &line.glyphs {
                let Some(image) = self.glyphs.get_image(&mut self.fonts, g.key) else { continue };
                let p = image.placement;
                let px = ox + g.x + p.left;
                let py = baseline + g.y - p.top;
                let (w, h) = (p.width as usize, p.height as usize);
                match image.content {
                    SwashContent::Mask => canvas.mask(px, py, w, h, &image.data, color),
                    // Colour emoji: drawn in their own colours.
                    SwashContent::Color => canvas.rgba(px, py, w, h, &image.data),
                    // Not asked for; its first channel is a usable coverage.
                    SwashContent::SubpixelMask => {
                        let coverage: Vec<u8> = image.data.chunks_exact(4).map(|c| c[0]).collect();
                        canvas.mask(px, py, w, h, &coverage, color)
                    }
                }
            }
        }
    }

    /// Whether some available font can draw `c` (spaces and controls always can).
    pub fn covers(&mut self, c: char) -> bool {
        if c.is_whitespace() || c.is_control() {
            return true;
        }
        if let Some(&known) = self.covered.get(&c) {
            return known;
        }
        let ids: Vec<cosmic_text::fontdb::ID> = self.fonts.db().faces().map(|f| f.id).collect();
        let found = ids.into_iter().any(|id| {
            self.fonts
                .get_font(id, cosmic_text::Weight::NORMAL)
                .is_some_and(|font| font.as_swash().charmap().map(c) != 0)
        });
        self.covered.insert(c, found);
        found
    }
}

impl crate::exam::FontCoverage for Text {
    fn covers(&mut self, c: char) -> bool {
        Text::covers(self, c)
    }
}

impl Default for Text {
    fn default() -> Self {
        Text::new()
    }
}
