//! The look: a calm palette and type scale, every size multiplied by the window's scale factor.

use super::canvas::Color;

pub const PAGE: Color = Color::rgb(0xEEF1F5);
pub const CARD: Color = Color::rgb(0xFFFFFF);
pub const BAR: Color = Color::rgb(0x1B2A41);
pub const BAR_TEXT: Color = Color::rgb(0xFFFFFF);
pub const BAR_MUTED: Color = Color::rgb(0xAEB9CA);
pub const INK: Color = Color::rgb(0x1D2433);
pub const MUTED: Color = Color::rgb(0x5B6576);
pub const FAINT: Color = Color::rgb(0x8A93A3);
pub const LINE: Color = Color::rgb(0xC9D1DC);
pub const LINE_SOFT: Color = Color::rgb(0xE3E8EF);
pub const HOVER: Color = Color::rgb(0xF4F7FB);
pub const ACCENT: Color = Color::rgb(0x2563EB);
pub const ACCENT_DARK: Color = Color::rgb(0x1D4ED8);
pub const ACCENT_SOFT: Color = Color::rgb(0xEAF1FF);
pub const GOOD: Color = Color::rgb(0x1E8E3E);
pub const GOOD_SOFT: Color = Color::rgb(0xE6F4EA);
pub const WARN: Color = Color::rgb(0xB45309);
pub const WARN_BRIGHT: Color = Color::rgb(0xF59E0B);
pub const WARN_SOFT: Color = Color::rgb(0xFEF3C7);
pub const BAD: Color = Color::rgb(0xC62828);
pub const BAD_SOFT: Color = Color::rgb(0xFDECEA);
pub const ALERT_RED: Color = Color::rgb(0xA61B1B);
pub const SHADE: Color = Color(0x10, 0x18, 0x28, 120);

/// Sizes in pixels at scale 1.
pub struct Sizes {
    pub s: f32,
}

impl Sizes {
    pub fn px(&self, v: f32) -> f32 {
        (v * self.s).round()
    }
    pub fn stem(&self) -> f32 {
        self.px(21.0)
    }
    pub fn option(&self) -> f32 {
        self.px(18.0)
    }
    pub fn body(&self) -> f32 {
        self.px(16.0)
    }
    pub fn small(&self) -> f32 {
        self.px(14.0)
    }
    pub fn title(&self) -> f32 {
        self.px(26.0)
    }
    pub fn bar_height(&self) -> f32 {
        self.px(56.0)
    }
    pub fn nav_height(&self) -> f32 {
        self.px(76.0)
    }
    pub fn radius(&self) -> f32 {
        self.px(10.0)
    }
}
