//! Drawing: what the driver says a frame shows (screen model, sitting, status, report) painted into an RGBA
//! framebuffer by a pure function, which also says where the clickable things are. Golden-image tests call it
//! without a window.

mod canvas;
mod checkin;
mod exam;
mod overlays;
pub mod plot;
mod results;
mod text;
pub mod theme;

use std::collections::HashMap;

pub use crate::driver::{Painted, Rect, Status};
pub use canvas::{Canvas, Color};
pub use text::{Text, Weight};
use theme::Sizes;

use crate::Elapsed;
use crate::driver::{Hit, Stage, Target, Ui, View};
use crate::review::Report;
use crate::session::Sitting;

/// A decoded question image.
#[derive(Clone, Debug)]
pub struct Picture {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
}

/// The camera's latest frame and the faces found in it, for the check-in's webcam step.
pub struct Preview {
    pub picture: Picture,
    /// Each face: its box in the picture's pixels, and whether it faces the screen.
    pub faces: Vec<(Rect, bool)>,
}

/// Everything a frame shows.
pub struct Scene<'a> {
    pub ui: &'a Ui,
    pub sitting: &'a Sitting,
    pub now: Elapsed,
    pub scale: f32,
    pub status: &'a Status,
    pub images: &'a HashMap<String, Picture>,
    /// The replayed journal, once the exam is over (results and debrief show its figures).
    pub report: Option<&'a Report>,
    /// The live camera picture, while the check-in's webcam step shows it.
    pub preview: Option<&'a Preview>,
}

impl<'a> Scene<'a> {
    /// What the driver says a frame shows, at a window scale, with the exam's decoded images.
    pub fn new(view: View<'a>, scale: f32, images: &'a HashMap<String, Picture>) -> Scene<'a> {
        Scene {
            ui: view.ui,
            sitting: view.sitting,
            now: view.now,
            scale,
            status: view.status,
            images,
            report: view.report,
            preview: None,
        }
    }

    /// The same scene with the camera's live picture.
    pub fn with_preview(mut self, preview: Option<&'a Preview>) -> Scene<'a> {
        self.preview = preview;
        self
    }
}

/// Paints one whole frame.
pub fn frame(canvas: &mut Canvas<'_>, text: &mut Text, scene: &Scene<'_>) -> Painted {
    let mut p =
        Painter { c: canvas, t: text, z: Sizes { s: scene.scale }, hits: Vec::new(), hover: scene.ui.hover };
    let mut painted = Painted::default();
    p.c.fill(theme::PAGE);
    match scene.ui.stage {
        Stage::ResumeOffer => checkin::resume_offer(&mut p, scene),
        Stage::CheckIn => checkin::checkin(&mut p, scene),
        Stage::Rules => checkin::rules(&mut p, scene),
        Stage::Exam => exam::exam(&mut p, scene, &mut painted),
        Stage::Results => results::results(&mut p, scene),
        Stage::Debrief(pos) => results::debrief(&mut p, scene, pos, &mut painted),
    }
    overlays::banners(&mut p, scene);
    overlays::alerts(&mut p, scene);
    painted.hits = p.hits;
    painted
}

/// A button: its label, its key, its look and what it does.
#[derive(Clone, Copy, Debug)]
pub struct Btn<'a>(pub &'a str, pub &'a str, pub ButtonKind, pub Target);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ButtonKind {
    Primary,
    Secondary,
    Danger,
    /// White outline on a dark or red background.
    OnDark,
}

/// The canvas, the text engine and the sizes, with the widgets every screen uses.
pub struct Painter<'c, 'b> {
    pub c: &'c mut Canvas<'b>,
    pub t: &'c mut Text,
    pub z: Sizes,
    pub hits: Vec<Hit>,
    pub hover: Option<Target>,
}

impl Painter<'_, '_> {
    pub fn hit(&mut self, rect: Rect, target: Target) {
        self.hits.push(Hit { rect, target });
    }

    pub fn hovered(&self, target: Target) -> bool {
        self.hover == Some(target)
    }

    /// One line of text with its top at `y`; returns its width.
    pub fn text(&mut self, s: &str, x: f32, y: f32, size: f32, weight: Weight, color: Color) -> f32 {
        let layout = self.t.layout(s, size, weight, f32::INFINITY, 1.3);
        self.t.draw(self.c, &layout, x, y, color);
        layout.width
    }

    /// One line, right-aligned to `right`.
    pub fn text_right(
        &mut self,
        s: &str,
        right: f32,
        y: f32,
        size: f32,
        weight: Weight,
        color: Color,
    ) -> f32 {
        let w = self.measure(s, size, weight);
        self.text(s, right - w, y, size, weight, color);
        w
    }

    /// One line centred on `cx`.
    pub fn text_center(&mut self, s: &str, cx: f32, y: f32, size: f32, weight: Weight, color: Color) -> f32 {
        let w = self.measure(s, size, weight);
        self.text(s, (cx - w / 2.0).round(), y, size, weight, color);
        w
    }

    pub fn measure(&mut self, s: &str, size: f32, weight: Weight) -> f32 {
        self.t.measure(s, size, weight)
    }

    /// Height of a wrapped paragraph.
    pub fn para_height(&mut self, s: &str, width: f32, size: f32, weight: Weight, lh: f32) -> f32 {
        self.t.layout(s, size, weight, width, lh).height
    }

    /// A wrapped paragraph with its top at `y`; returns its height.
    #[allow(clippy::too_many_arguments)]
    pub fn para(
        &mut self,
        s: &str,
        x: f32,
        y: f32,
        width: f32,
        size: f32,
        weight: Weight,
        lh: f32,
        color: Color,
    ) -> f32 {
        let layout = self.t.layout(s, size, weight, width, lh);
        self.t.draw(self.c, &layout, x, y, color);
        layout.height
    }

    /// Height of a single line of text at `size`.
    pub fn line_h(&self, size: f32) -> f32 {
        (size * 1.3).round()
    }

    /// A small key cap ("N", "Enter") drawn at (x, y) with the given height; returns its width.
    pub fn keycap(&mut self, key: &str, x: f32, y: f32, h: f32, fg: Color, bg: Color) -> f32 {
        let size = (h * 0.62).round();
        let w = (self.measure(key, size, Weight::Bold) + h * 0.6).max(h).round();
        self.c.fill_round_rect(Rect::new(x, y, w, h), (h * 0.25).round(), bg);
        let ty = y + ((h - self.line_h(size)) / 2.0).round();
        self.text_center(key, x + w / 2.0, ty, size, Weight::Bold, fg);
        w
    }

    pub fn keycap_width(&mut self, key: &str, h: f32) -> f32 {
        let size = (h * 0.62).round();
        (self.measure(key, size, Weight::Bold) + h * 0.6).max(h).round()
    }

    /// The width a button needs for its label and key.
    pub fn button_width(&mut self, label: &str, key: &str, h: f32) -> f32 {
        let size = (h * 0.38).round();
        let gap =
            if key.is_empty() { 0.0 } else { self.z.px(10.0) + self.keycap_width(key, (h * 0.5).round()) };
        (self.measure(label, size, Weight::Bold) + gap + h * 0.9).round()
    }

    /// A button with its label and its key, registered as a click target.
    pub fn button(&mut self, r: Rect, label: &str, key: &str, kind: ButtonKind, target: Target) {
        let hover = self.hovered(target);
        let radius = self.z.px(8.0);
        let (bg, fg, cap_bg) = match kind {
            ButtonKind::Primary => (
                if hover { theme::ACCENT_DARK } else { theme::ACCENT },
                theme::CARD,
                Color(255, 255, 255, 60),
            ),
            ButtonKind::Danger => {
                (if hover { Color::rgb(0xA31F1F) } else { theme::BAD }, theme::CARD, Color(255, 255, 255, 60))
            }
            ButtonKind::Secondary => {
                (if hover { theme::HOVER } else { theme::CARD }, theme::INK, theme::LINE_SOFT)
            }
            ButtonKind::OnDark => {
                (Color(255, 255, 255, if hover { 60 } else { 28 }), theme::CARD, Color(255, 255, 255, 70))
            }
        };
        self.c.fill_round_rect(r, radius, bg);
        match kind {
            ButtonKind::Secondary => {
                self.c.stroke_round_rect(r, radius, self.z.px(1.5).max(1.0), theme::LINE)
            }
            ButtonKind::OnDark => {
                self.c.stroke_round_rect(r, radius, self.z.px(2.0), Color(255, 255, 255, 200))
            }
            _ => {}
        }
        let size = (r.h * 0.38).round();
        let cap_h = (r.h * 0.5).round();
        let label_w = self.measure(label, size, Weight::Bold);
        let cap_w = if key.is_empty() { 0.0 } else { self.keycap_width(key, cap_h) + self.z.px(10.0) };
        let x = (r.x + (r.w - label_w - cap_w) / 2.0).round();
        let ty = r.y + ((r.h - self.line_h(size)) / 2.0).round();
        self.text(label, x, ty, size, Weight::Bold, fg);
        if !key.is_empty() {
            self.keycap(
                key,
                x + label_w + self.z.px(10.0),
                r.y + ((r.h - cap_h) / 2.0).round(),
                cap_h,
                fg,
                cap_bg,
            );
        }
        self.hit(r, target);
    }

    /// Text centred both ways in `r`.
    pub fn label_in(&mut self, s: &str, r: Rect, size: f32, weight: Weight, color: Color) {
        let y = r.y + ((r.h - self.line_h(size)) / 2.0).round();
        self.text_center(s, r.x + r.w / 2.0, y, size, weight, color);
    }

    /// A rounded label ("Choose two", "PASS") with its left at `x`, `h` high; returns its box.
    pub fn pill(&mut self, x: f32, y: f32, h: f32, label: &str, bg: Color, fg: Color) -> Rect {
        let size = (h * 0.5).round();
        let w = (self.measure(label, size, Weight::Bold) + h * 0.85).round();
        let r = Rect::new(x, y, w, h);
        self.c.fill_round_rect(r, h / 2.0, bg);
        self.label_in(label, r, size, Weight::Bold, fg);
        r
    }

    /// Buttons in a row from `x` (to the right), each `h` high and vertically centred in `band`; returns the
    /// x after the last one.
    pub fn buttons_from(&mut self, band: Rect, x: f32, h: f32, buttons: &[Btn<'_>]) -> f32 {
        let y = band.y + ((band.h - h) / 2.0).round();
        let gap = self.z.px(12.0);
        let mut x = x;
        for b in buttons {
            let w = self.button_width(b.0, b.1, h);
            self.button(Rect::new(x, y, w, h), b.0, b.1, b.2, b.3);
            x += w + gap;
        }
        x - gap
    }

    /// Buttons in a row ending at `right`; returns the x where the first one starts.
    pub fn buttons_to(&mut self, band: Rect, right: f32, h: f32, buttons: &[Btn<'_>]) -> f32 {
        let total = self.buttons_width(h, buttons);
        self.buttons_from(band, right - total, h, buttons);
        right - total
    }

    /// How wide a row of buttons `h` high is.
    pub fn buttons_width(&mut self, h: f32, buttons: &[Btn<'_>]) -> f32 {
        let gap = self.z.px(12.0);
        buttons.iter().map(|b| self.button_width(b.0, b.1, h)).sum::<f32>()
            + gap * buttons.len().saturating_sub(1) as f32
    }

    /// The nav bar's buttons: `left` from the left edge, `right` ending at the right edge. Returns the free
    /// space between them (for key hints).
    pub fn nav_buttons(&mut self, nav: Rect, left: &[Btn<'_>], right: &[Btn<'_>]) -> Rect {
        let h = self.z.px(46.0);
        let margin = self.z.px(28.0);
        let end_left = if left.is_empty() { margin } else { self.buttons_from(nav, margin, h, left) };
        let start_right = self.buttons_to(nav, nav.right() - margin, h, right);
        Rect::new(end_left, nav.y, (start_right - end_left).max(0.0), nav.h)
    }

    /// A row of key hints ("M mark", "R review") centred in `r`.
    pub fn hints(&mut self, r: Rect, hints: &[(&str, &str)], fg: Color, cap_bg: Color) {
        let size = self.z.small();
        let cap_h = self.z.px(22.0);
        let gap = self.z.px(6.0);
        let spacing = self.z.px(18.0);
        let widths: Vec<f32> = hints
            .iter()
            .map(|(k, l)| self.keycap_width(k, cap_h) + gap + self.measure(l, size, Weight::Regular))
            .collect();
        let total: f32 = widths.iter().sum::<f32>() + spacing * (hints.len().saturating_sub(1)) as f32;
        let mut x = (r.x + (r.w - total) / 2.0).round();
        let cy = r.y + ((r.h - cap_h) / 2.0).round();
        let ty = r.y + ((r.h - self.line_h(size)) / 2.0).round();
        for ((key, label), w) in hints.iter().zip(widths) {
            let kw = self.keycap(key, x, cy, cap_h, fg, cap_bg);
            self.text(label, x + kw + gap, ty, size, Weight::Regular, fg);
            x += w + spacing;
        }
    }

    /// The dark bar across the top: title on the left, a centre label, and on the right an info line and
    /// the clock pill (amber under 15 minutes, red under 5).
    pub fn top_bar(&mut self, title: &str, center: &str, info: &str, clock: Option<Elapsed>) -> Rect {
        let (bar, _) = Rect::new(0.0, 0.0, self.c.width(), self.c.height()).take_top(self.z.bar_height());
        self.c.fill_rect(bar, theme::BAR);
        let pad = self.z.px(24.0);
        let size = self.z.body();
        let ty = bar.y + ((bar.h - self.line_h(size)) / 2.0).round();
        let mut right = bar.right() - pad;
        if let Some(left) = clock {
            let label = format!("Time left  {}", left.countdown());
            let csize = self.z.px(17.0);
            let w = self.measure(&label, csize, Weight::Bold) + self.z.px(28.0);
            let h = self.z.px(36.0);
            let pill = Rect::new(right - w, bar.y + ((bar.h - h) / 2.0).round(), w, h);
            let mins = left.as_ms() / 60_000;
            let (bg, fg) = if left.as_ms() < 5 * 60_000 {
                (theme::BAD, theme::CARD)
            } else if mins < 15 {
                (theme::WARN_BRIGHT, theme::INK)
            } else {
                (Color::rgb(0x2E4166), theme::BAR_TEXT)
            };
            self.c.fill_round_rect(pill, h / 2.0, bg);
            let cy = pill.y + ((h - self.line_h(csize)) / 2.0).round();
            self.text_center(&label, pill.x + w / 2.0, cy, csize, Weight::Bold, fg);
            right = pill.x - self.z.px(20.0);
        }
        // On a narrow window the centre text keeps clear of the right side: the info goes first (the review
        // screen shows the same counts), then the centre text moves left of the clock.
        let gap = self.z.px(20.0);
        let center_w = self.measure(center, self.z.px(18.0), Weight::Bold);
        let info_size = self.z.px(15.0);
        if !info.is_empty() {
            let info_w = self.measure(info, info_size, Weight::Regular);
            if right - info_w - gap >= bar.w / 2.0 + center_w / 2.0 {
                self.text_right(info, right, ty, info_size, Weight::Regular, theme::BAR_MUTED);
                right -= info_w + gap;
            }
        }
        let cx = (bar.w / 2.0).min(right - gap - center_w / 2.0);
        self.text_center(
            center,
            cx,
            bar.y + ((bar.h - self.line_h(self.z.px(18.0))) / 2.0).round(),
            self.z.px(18.0),
            Weight::Bold,
            theme::BAR_TEXT,
        );
        // The title gets what is left of the left half.
        let room = (cx - center_w / 2.0 - pad * 2.0).min(right - pad);
        let title = fit(self, title, room, size, Weight::Regular);
        self.text(&title, pad, ty, size, Weight::Regular, theme::BAR_MUTED);
        bar
    }

    /// The white bar along the bottom, with a hairline on top.
    pub fn nav_bar(&mut self) -> Rect {
        let full = Rect::new(0.0, 0.0, self.c.width(), self.c.height());
        let (_, nav) = full.take_bottom(self.z.nav_height());
        self.c.fill_rect(nav, theme::CARD);
        self.c.fill_rect(Rect::new(nav.x, nav.y, nav.w, self.z.px(1.0).max(1.0)), theme::LINE);
        nav
    }

    /// A white card with a soft edge.
    pub fn card(&mut self, r: Rect) {
        let radius = self.z.px(14.0);
        let edge = self.z.px(1.0).max(1.0);
        // The soft edge is a ring around the card (a filled shape would blend a million pixels for nothing).
        let outer = Rect::new(r.x - edge, r.y - edge + self.z.px(1.0), r.w + 2.0 * edge, r.h + 2.0 * edge);
        self.c.stroke_round_rect(
            outer,
            radius + edge,
            2.0 * edge + self.z.px(1.0),
            Color(0x10, 0x18, 0x28, 28),
        );
        self.c.fill_round_rect(r, radius, theme::CARD);
    }

    /// A check mark in a circle, a warning mark, a cross: status icons drawn, not from the font.
    pub fn status_icon(&mut self, cx: f32, cy: f32, r: f32, icon: Icon) {
        let w = (r * 0.22).max(1.5);
        match icon {
            Icon::Check(color) => {
                self.c.fill_circle(cx, cy, r, color);
                self.c.line((cx - r * 0.45, cy + r * 0.02), (cx - r * 0.12, cy + r * 0.35), w, theme::CARD);
                self.c.line((cx - r * 0.12, cy + r * 0.35), (cx + r * 0.48, cy - r * 0.32), w, theme::CARD);
            }
            Icon::Warn => {
                self.c.fill_circle(cx, cy, r, theme::WARN_BRIGHT);
                self.c.line((cx, cy - r * 0.5), (cx, cy + r * 0.12), w, theme::INK);
                self.c.fill_circle(cx, cy + r * 0.45, w * 0.65, theme::INK);
            }
            Icon::Cross => {
                self.c.fill_circle(cx, cy, r, theme::BAD);
                let d = r * 0.38;
                self.c.line((cx - d, cy - d), (cx + d, cy + d), w, theme::CARD);
                self.c.line((cx - d, cy + d), (cx + d, cy - d), w, theme::CARD);
            }
            Icon::Dash => {
                self.c.fill_circle(cx, cy, r, theme::LINE);
                self.c.line((cx - r * 0.4, cy), (cx + r * 0.4, cy), w, theme::CARD);
            }
            Icon::Pending(color) => self.c.stroke_circle(cx, cy, r, w.max(2.0), color),
        }
    }

    /// A small flag (marked for review).
    pub fn flag(&mut self, x: f32, y: f32, h: f32, color: Color) {
        let w = (h * 0.1).max(1.5);
        self.c.line((x, y), (x, y + h), w, color);
        self.c.fill_triangle(
            (x + w * 0.4, y),
            (x + h * 0.75, y + h * 0.27),
            (x + w * 0.4, y + h * 0.55),
            color,
        );
    }
}

#[derive(Clone, Copy, Debug)]
pub enum Icon {
    Check(Color),
    Warn,
    Cross,
    Dash,
    Pending(Color),
}

/// `text` shortened with an ellipsis to fit `width`.
pub fn fit(p: &mut Painter<'_, '_>, text: &str, width: f32, size: f32, weight: Weight) -> String {
    if p.measure(text, size, weight) <= width {
        return text.to_string();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let candidate: String = chars.iter().collect::<String>() + "…";
        if p.measure(&candidate, size, weight) <= width {
            return candidate;
        }
    }
    String::new()
}

/// The frame most screens share: the top bar (the exam's title, a centre label, an info line, no clock), the
/// nav bar, and the white card between them, below any banners. Returns the card and the nav bar.
pub fn framed(p: &mut Painter<'_, '_>, scene: &Scene<'_>, center: &str, info: &str) -> (Rect, Rect) {
    let bar = p.top_bar(scene.sitting.paper().title(), center, info, None);
    let nav = p.nav_bar();
    let card = card_area(p, bar.bottom() + overlays::banner_space(p, scene), nav.y);
    p.card(card);
    (card, nav)
}

/// Where the question card sits: centred, at most ~1040 px (scaled) wide.
pub fn card_area(p: &Painter<'_, '_>, top: f32, bottom: f32) -> Rect {
    let width = p.c.width();
    let margin = p.z.px(28.0);
    let w = (width - 2.0 * margin).min(p.z.px(1040.0));
    Rect::new(
        ((width - w) / 2.0).round(),
        top + p.z.px(20.0),
        w,
        (bottom - top - p.z.px(36.0)).max(p.z.px(100.0)),
    )
}
