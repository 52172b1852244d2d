//! The debrief's charts, written once against a small drawing [`Surface`] so that the HTML (SVG), the PNG and
//! the window all show the same picture: the timeline of a sitting, the pace against an even pace, accuracy by
//! block, bars by domain or tag, and score and stamina over many sittings.

use super::report::{IncidentKind, Report};
use crate::journal::AlertKind;
use crate::session::Tally;

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

pub const INK: Rgb = Rgb(0x1D, 0x24, 0x33);
pub const MUTED: Rgb = Rgb(0x5B, 0x65, 0x76);
pub const GRID: Rgb = Rgb(0xE3, 0xE8, 0xEF);
pub const AXIS: Rgb = Rgb(0x9A, 0xA8, 0xBC);
pub const BLUE: Rgb = Rgb(0x25, 0x63, 0xEB);
pub const BLUE_SOFT: Rgb = Rgb(0xBF, 0xD3, 0xF8);
pub const BLUE_PALE: Rgb = Rgb(0xDC, 0xE7, 0xFB);
pub const GREEN: Rgb = Rgb(0x1E, 0x8E, 0x3E);
pub const RED: Rgb = Rgb(0xC6, 0x28, 0x28);
pub const AMBER: Rgb = Rgb(0xF5, 0x9E, 0x0B);
pub const GREY: Rgb = Rgb(0xB8, 0xC1, 0xCE);
pub const PURPLE: Rgb = Rgb(0x7C, 0x3A, 0xED);
pub const TEAL: Rgb = Rgb(0x0F, 0x76, 0x6E);
pub const TEAL_SOFT: Rgb = Rgb(0x5E, 0xC4, 0xB6);
pub const BROWN: Rgb = Rgb(0xB4, 0x53, 0x09);
pub const PINK: Rgb = Rgb(0xDB, 0x27, 0x77);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// How a label looks and where it hangs from its point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TextStyle {
    pub size: f32,
    pub anchor: Anchor,
    pub color: Rgb,
    pub bold: bool,
}

/// What a chart needs from a backend. Coordinates in pixels, y down; `text` takes its baseline.
pub trait Surface {
    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb, opacity: f32);
    fn line(&mut self, from: (f32, f32), to: (f32, f32), width: f32, color: Rgb, dashed: bool);
    fn polyline(&mut self, points: &[(f32, f32)], width: f32, color: Rgb);
    fn label(&mut self, x: f32, baseline: f32, text: &str, style: TextStyle);
    fn measure(&mut self, text: &str, size: f32, bold: bool) -> f32;

    /// A label, spelled out.
    #[allow(clippy::too_many_arguments)]
    fn text(&mut self, x: f32, baseline: f32, text: &str, size: f32, anchor: Anchor, color: Rgb, bold: bool) {
        self.label(x, baseline, text, TextStyle { size, anchor, color, bold });
    }
}

/// A chart's box on the surface, and the scale of its text (1 in documents, the window's scale factor on screen).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Area {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
    pub scale: f32,
}

/// Minutes from 0 to `max_ms` on the x axis of `plot`.
struct TimeAxis {
    x: f32,
    w: f32,
    max_ms: f64,
}

impl TimeAxis {
    fn at(&self, ms: u64) -> f32 {
        self.x + (ms as f64 / self.max_ms * f64::from(self.w)) as f32
    }

    /// Ticks every 5, 10, 15 or 30 minutes, whichever gives 4 to 9 of them.
    fn step_min(&self) -> u64 {
        let minutes = (self.max_ms / 60_000.0).ceil() as u64;
        [1, 2, 5, 10, 15, 30, 60].into_iter().find(|s| minutes / s <= 8).unwrap_or(60)
    }

    fn draw(&self, s: &mut dyn Surface, top: f32, bottom: f32, size: f32) {
        let step = self.step_min();
        let minutes = (self.max_ms / 60_000.0).ceil() as u64;
        let mut m = 0;
        while m <= minutes {
            let x = self.at(m * 60_000);
            s.line((x, top), (x, bottom), 1.0, GRID, false);
            s.text(x, bottom + size * 1.4, &m.to_string(), size, Anchor::Middle, MUTED, false);
            m += step;
        }
        s.line((self.x, bottom), (self.x + self.w, bottom), 1.0, AXIS, false);
        s.text(
            self.x + self.w,
            bottom + size * 2.8,
            "minutes into the exam",
            size,
            Anchor::End,
            MUTED,
            false,
        );
    }
}

fn legend(s: &mut dyn Surface, x: f32, y: f32, size: f32, items: &[(&str, Rgb)]) {
    let mut x = x;
    for (label, color) in items {
        s.rect(x, y - size * 0.8, size * 0.9, size * 0.9, *color, 1.0);
        s.text(x + size * 1.3, y, label, size, Anchor::Start, MUTED, false);
        x += size * 1.3 + s.measure(label, size, false) + size * 1.5;
    }
}

/// The whole sitting on one time axis: what was on screen, answers, focus losses, idle spells, alerts and
/// time warnings. `highlight` picks out one question's time on screen (the debrief's current question).
pub fn timeline(s: &mut dyn Surface, r: &Report, a: Area, highlight: Option<usize>) {
    let size = (a.h / 16.0).clamp(10.0 * a.scale, 14.0 * a.scale);
    let label_w = s.measure("On screen", size, true) + size;
    let plot_x = a.x + label_w;
    let plot_w = (a.w - label_w - size).max(10.0);
    let axis = TimeAxis { x: plot_x, w: plot_w, max_ms: r.allowed_ms.max(r.duration_ms).max(60_000) as f64 };
    let legend_y = a.y + size;
    let camera = r.watched.camera.is_some();
    let microphone = r.watched.microphone.is_some();
    let mut keys = vec![
        ("question on screen", BLUE_SOFT),
        ("review screen", GREY),
        ("answer", BLUE),
        ("focus lost", RED),
        ("idle", AMBER),
    ];
    // The camera's and microphone's keys for what happened only: the legend is one line.
    let happened = |kind: IncidentKind| r.incidents.iter().any(|i| i.kind == kind);
    for (kind, key) in [
        (IncidentKind::FaceAbsent, ("no face", TEAL)),
        (IncidentKind::LookingAway, ("looking away", TEAL_SOFT)),
        (IncidentKind::FacesMultiple, ("second face", PINK)),
        (IncidentKind::SpeechDetected, ("talking", BROWN)),
    ] {
        if happened(kind) {
            keys.push(key);
        }
    }
    keys.push(("alert", PURPLE));
    legend(s, plot_x, legend_y, size, &keys);
    let top = legend_y + size * 0.9;
    let bottom = a.y + a.h - size * 3.2;
    let mut lanes = vec!["On screen", "Answers", "Focus", "Idle"];
    let camera_lane = camera.then(|| {
        lanes.push("Camera");
        lanes.len() - 1
    });
    let sound_lane = microphone.then(|| {
        lanes.push("Sound");
        lanes.len() - 1
    });
    lanes.push("Alerts");
    let alerts_lane = lanes.len() - 1;
    let lane_h = (bottom - top) / lanes.len() as f32;
    axis.draw(s, top, bottom, size);
    for (i, name) in lanes.iter().enumerate() {
        let y = top + lane_h * (i as f32 + 0.5) + size * 0.35;
        s.text(a.x, y, name, size, Anchor::Start, INK, true);
    }
    let lane = |i: usize| (top + lane_h * i as f32 + lane_h * 0.18, lane_h * 0.64);

    // On screen: alternating shades so neighbouring questions can be told apart.
    let (y, h) = lane(0);
    for (i, span) in r.screens.iter().enumerate() {
        let (x0, x1) = (axis.at(span.from_ms), axis.at(span.to_ms));
        let color = match span.question_number {
            None => GREY,
            Some(n) if Some(n) == highlight => BLUE,
            Some(_) if i % 2 == 0 => BLUE_SOFT,
            Some(_) => BLUE_PALE,
        };
        s.rect(x0, y, (x1 - x0).max(0.5), h, color, 1.0);
        if let Some(n) = span.question_number {
            let label = n.to_string();
            if x1 - x0 > s.measure(&label, size * 0.8, false) + 4.0 {
                let fg = if Some(n) == highlight { Rgb(255, 255, 255) } else { INK };
                s.text(
                    (x0 + x1) / 2.0,
                    y + h / 2.0 + size * 0.3,
                    &label,
                    size * 0.8,
                    Anchor::Middle,
                    fg,
                    false,
                );
            }
        }
    }
    // Answers: a tick per change.
    let (y, h) = lane(1);
    for m in &r.answer_marks {
        let x = axis.at(m.at_ms);
        let color = if Some(m.question_number) == highlight { INK } else { BLUE };
        s.line((x, y), (x, y + h), 1.5, color, false);
    }
    // Focus losses as red bars (at least a visible sliver), flickers as thin red ticks.
    let (y, h) = lane(2);
    for i in &r.incidents {
        let x = axis.at(i.at_ms);
        match i.kind {
            IncidentKind::FocusLost => {
                let w = (axis.at(i.at_ms + i.duration_ms) - x).max(2.5);
                s.rect(x, y, w, h, RED, 1.0);
            }
            IncidentKind::Flicker => s.line((x, y + h * 0.3), (x, y + h * 0.7), 1.0, RED, false),
            _ => {}
        }
    }
    let (y, h) = lane(3);
    for i in r.incidents.iter().filter(|i| i.kind == IncidentKind::Idle) {
        let x = axis.at(i.at_ms);
        let w = (axis.at(i.at_ms + i.duration_ms) - x).max(2.5);
        s.rect(x, y, w, h, AMBER, 1.0);
    }
    // Camera and microphone: each incident a bar (at least a sliver), a noise spike a tick, a sensor that
    // stopped a grey bar.
    for (lane_index, sensor_kinds) in [
        (
            camera_lane,
            &[
                IncidentKind::FaceAbsent,
                IncidentKind::LookingAway,
                IncidentKind::FacesMultiple,
                IncidentKind::CameraLost,
            ][..],
        ),
        (
            sound_lane,
            &[IncidentKind::SpeechDetected, IncidentKind::NoiseSpike, IncidentKind::MicrophoneLost][..],
        ),
    ] {
        let Some(lane_index) = lane_index else { continue };
        let (y, h) = lane(lane_index);
        for i in r.incidents.iter().filter(|i| sensor_kinds.contains(&i.kind)) {
            let x = axis.at(i.at_ms);
            let w = (axis.at(i.at_ms + i.duration_ms) - x).max(2.5);
            match i.kind {
                IncidentKind::NoiseSpike => s.line((x, y + h * 0.2), (x, y + h * 0.8), 1.5, BROWN, false),
                IncidentKind::FaceAbsent => s.rect(x, y, w, h, TEAL, 1.0),
                IncidentKind::LookingAway => s.rect(x, y + h * 0.15, w, h * 0.7, TEAL_SOFT, 1.0),
                IncidentKind::FacesMultiple => s.rect(x, y + h * 0.3, w, h * 0.4, PINK, 1.0),
                IncidentKind::SpeechDetected => s.rect(x, y, w, h, BROWN, 1.0),
                _ => s.rect(x, y + h * 0.4, w, h * 0.2, GREY, 1.0),
            }
        }
    }
    // Alerts as marks; time warnings as dashed lines across the chart with their minutes.
    let (y, h) = lane(alerts_lane);
    for m in &r.alert_marks {
        if m.kind == AlertKind::TimeWarning {
            continue;
        }
        let x = axis.at(m.at_ms);
        let color = match m.kind {
            AlertKind::FocusLost | AlertKind::FocusBanner | AlertKind::Terminated => RED,
            AlertKind::Idle => AMBER,
            AlertKind::Sight | AlertKind::SightBanner => TEAL,
            AlertKind::Speech => BROWN,
            _ => PURPLE,
        };
        s.rect(x - 2.0, y + h * 0.2, 4.0, h * 0.6, color, 1.0);
    }
    for w in &r.time_warnings {
        let x = axis.at(w.at_ms);
        s.line((x, top), (x, bottom), 1.0, PURPLE, true);
        s.text(
            x + 3.0,
            top + size,
            &format!("{} min left", w.remaining_min),
            size * 0.85,
            Anchor::Start,
            PURPLE,
            false,
        );
    }
    if r.submitted_reason.is_some() {
        let x = axis.at(r.duration_ms);
        s.line((x, top), (x, bottom), 2.0, INK, false);
        s.text(x - 3.0, bottom - 4.0, "submitted", size * 0.85, Anchor::End, INK, true);
    }
}

/// Questions answered over time against the even pace that would finish exactly at the limit.
/// Grid lines for a count from 0 to `total`: whole numbers a round step apart (1, 2, 5, 10, 20...), at most six,
/// and the total itself on top unless a line sits just below it.
fn count_ticks(total: usize) -> Vec<usize> {
    let total = total.max(1);
    let step = [1, 2, 5]
        .iter()
        .flat_map(|m| (0..6).map(move |e| m * 10usize.pow(e)))
        .filter(|s| total / s <= 5)
        .min();
    let step = step.unwrap_or(total);
    let mut ticks: Vec<usize> = (0..=total).step_by(step).collect();
    if let Some(&last) = ticks.last()
        && last != total
    {
        if (total - last) * 2 <= step {
            ticks.pop();
        }
        ticks.push(total);
    }
    ticks
}

pub fn pace(s: &mut dyn Surface, r: &Report, a: Area) {
    let size = (a.h / 18.0).clamp(10.0 * a.scale, 14.0 * a.scale);
    let total = r.total.max(1) as f32;
    let axis_w = s.measure(&r.total.to_string(), size, false) + size * 2.2;
    let plot = Area {
        x: a.x + axis_w,
        y: a.y + size * 2.2,
        w: a.w - axis_w - size,
        h: a.h - size * 5.6,
        scale: a.scale,
    };
    let axis = TimeAxis { x: plot.x, w: plot.w, max_ms: r.allowed_ms.max(r.duration_ms).max(60_000) as f64 };
    let title = "questions answered";
    s.text(a.x, a.y + size, title, size, Anchor::Start, MUTED, false);
    let after = a.x + s.measure(title, size, false) + size * 2.0;
    legend(s, after, a.y + size, size, &[("answered", BLUE), ("even pace (finishes at the limit)", MUTED)]);
    let y_of = |n: f32| plot.y + plot.h - n / total * plot.h;
    for n in count_ticks(r.total as usize) {
        let y = y_of(n as f32);
        s.line((plot.x, y), (plot.x + plot.w, y), 1.0, GRID, false);
        s.text(plot.x - size * 0.5, y + size * 0.35, &n.to_string(), size, Anchor::End, MUTED, false);
    }
    axis.draw(s, plot.y, plot.y + plot.h, size);
    s.line((axis.at(0), y_of(0.0)), (axis.at(r.allowed_ms), y_of(total)), 1.5, MUTED, true);
    // A step line: the count holds until the next change.
    let mut points = vec![(axis.at(0), y_of(0.0))];
    let mut last = 0.0;
    for p in &r.pace {
        let x = axis.at(p.at_ms);
        points.push((x, y_of(last)));
        last = p.answered as f32;
        points.push((x, y_of(last)));
    }
    points.push((axis.at(r.duration_ms), y_of(last)));
    s.polyline(&points, 2.5, BLUE);
}

/// Accuracy per 15-minute block as bars, with seconds per answer written under each.
pub fn blocks(s: &mut dyn Surface, r: &Report, a: Area) {
    let size = (a.h / 16.0).clamp(10.0 * a.scale, 14.0 * a.scale);
    let plot = Area {
        x: a.x + size * 3.0,
        y: a.y + size * 1.5,
        w: a.w - size * 3.0,
        h: a.h - size * 7.0,
        scale: a.scale,
    };
    for k in 0..=4 {
        let y = plot.y + plot.h - plot.h * k as f32 / 4.0;
        s.line((plot.x, y), (plot.x + plot.w, y), 1.0, GRID, false);
        s.text(
            plot.x - size * 0.4,
            y + size * 0.35,
            &format!("{}%", k * 25),
            size,
            Anchor::End,
            MUTED,
            false,
        );
    }
    let n = r.blocks.len().max(1) as f32;
    let slot = plot.w / n;
    for (i, b) in r.blocks.iter().enumerate() {
        let x = plot.x + slot * i as f32;
        let bw = slot * 0.6;
        let bx = x + (slot - bw) / 2.0;
        if b.answered > 0 {
            let acc = b.correct as f32 / b.answered as f32;
            let h = plot.h * acc;
            s.rect(
                bx,
                plot.y + plot.h - h,
                bw,
                h.max(1.0),
                if acc >= (r.pass_percent / 100.0) as f32 { GREEN } else { AMBER },
                1.0,
            );
            s.text(
                bx + bw / 2.0,
                plot.y + plot.h - h - size * 0.4,
                &format!("{:.0}%", acc * 100.0),
                size,
                Anchor::Middle,
                INK,
                true,
            );
        }
        let label = format!("{}-{}", b.start_min, b.start_min + super::report::BLOCK_MINUTES);
        s.text(x + slot / 2.0, plot.y + plot.h + size * 1.4, &label, size, Anchor::Middle, INK, false);
        let (first, second) = match b.seconds_per_answer {
            Some(sec) => (format!("{} answered", b.answered), format!("{sec:.0} s each")),
            None => ("none answered".to_string(), String::new()),
        };
        s.text(
            x + slot / 2.0,
            plot.y + plot.h + size * 2.7,
            &first,
            size * 0.85,
            Anchor::Middle,
            MUTED,
            false,
        );
        s.text(
            x + slot / 2.0,
            plot.y + plot.h + size * 3.8,
            &second,
            size * 0.85,
            Anchor::Middle,
            MUTED,
            false,
        );
    }
    s.text(
        plot.x + plot.w,
        plot.y + plot.h + size * 5.2,
        "minutes into the exam",
        size,
        Anchor::End,
        MUTED,
        false,
    );
}

/// Horizontal bars: right over total for each domain or tag, green when at the pass mark.
pub fn bars(s: &mut dyn Surface, tallies: &[Tally], pass_percent: f64, a: Area) {
    let size = (13.0 * a.scale).min(a.h / (tallies.len().max(1) as f32 * 1.9));
    let row = a.h / tallies.len().max(1) as f32;
    let name_w =
        tallies.iter().map(|t| s.measure(&t.name, size, false)).fold(0.0, f32::max).min(a.w * 0.5) + size;
    let figure_w = s.measure("100/100  100%", size, true);
    let bar_x = a.x + name_w;
    let bar_w = (a.w - name_w - figure_w - size).max(10.0);
    for (i, t) in tallies.iter().enumerate() {
        let y = a.y + row * i as f32;
        let mid = y + row / 2.0;
        let name = fit(s, &t.name, name_w - size, size, false);
        s.text(a.x, mid + size * 0.35, &name, size, Anchor::Start, INK, false);
        s.rect(bar_x, mid - size * 0.45, bar_w, size * 0.9, GRID, 1.0);
        let ratio = if t.total == 0 { 0.0 } else { t.correct as f32 / t.total as f32 };
        let color = if f64::from(ratio) * 100.0 >= pass_percent { GREEN } else { AMBER };
        if ratio > 0.0 {
            s.rect(bar_x, mid - size * 0.45, bar_w * ratio, size * 0.9, color, 1.0);
        }
        let figure = format!("{}/{}  {:.0}%", t.correct, t.total, ratio * 100.0);
        s.text(a.x + a.w, mid + size * 0.35, &figure, size, Anchor::End, INK, true);
    }
}

/// The text cut with an ellipsis to fit `width` (a long domain name beside a narrow bar).
fn fit(s: &mut dyn Surface, text: &str, width: f32, size: f32, bold: bool) -> String {
    if s.measure(text, size, bold) <= width {
        return text.to_string();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while chars.pop().is_some() {
        let cut: String = chars.iter().collect::<String>().trim_end().to_string() + "…";
        if s.measure(&cut, size, bold) <= width {
            return cut;
        }
    }
    "…".to_string()
}

/// One point of a history chart: a sitting's label, score and stamina.
#[derive(Clone, Debug, PartialEq)]
pub struct Attempt {
    pub label: String,
    pub score: f64,
    pub pass_percent: f64,
    pub stamina: Option<f64>,
}

/// Score over attempts (top) and stamina over attempts (bottom), attempts in date order.
pub fn history(s: &mut dyn Surface, attempts: &[Attempt], a: Area) {
    let size = 13.0 * a.scale;
    let half = (a.h - size * 2.0) / 2.0;
    let n = attempts.len().max(1);
    let axis_w = size * 4.0;
    let plot_w = a.w - axis_w - size;
    // Points sit inside the plot, clear of its edges.
    let pad = size * 2.5;
    let x_of = |i: usize| {
        a.x + axis_w
            + if n == 1 { plot_w / 2.0 } else { pad + (plot_w - 2.0 * pad) * i as f32 / (n - 1) as f32 }
    };
    // Score, 0 to 100, with the pass mark.
    let top = Area { x: a.x + axis_w, y: a.y + size * 2.0, w: plot_w, h: half - size * 3.0, scale: a.scale };
    s.text(a.x, a.y + size, "Score (%) by attempt, with the pass mark", size, Anchor::Start, INK, true);
    let y_score = |v: f64| top.y + top.h - (v / 100.0) as f32 * top.h;
    for v in [0.0, 25.0, 50.0, 75.0, 100.0] {
        s.line((top.x, y_score(v)), (top.x + top.w, y_score(v)), 1.0, GRID, false);
        s.text(
            top.x - size * 0.5,
            y_score(v) + size * 0.35,
            &format!("{v:.0}"),
            size,
            Anchor::End,
            MUTED,
            false,
        );
    }
    if let Some(pass) = attempts.first().map(|a| a.pass_percent) {
        s.line((top.x, y_score(pass)), (top.x + top.w, y_score(pass)), 1.5, MUTED, true);
        s.text(
            top.x + top.w,
            y_score(pass) - size * 0.4,
            &format!("pass mark {pass:.0}%"),
            size * 0.9,
            Anchor::End,
            MUTED,
            false,
        );
    }
    let points: Vec<(f32, f32)> =
        attempts.iter().enumerate().map(|(i, t)| (x_of(i), y_score(t.score))).collect();
    s.polyline(&points, 2.5, BLUE);
    for (i, t) in attempts.iter().enumerate() {
        let color = if t.score >= t.pass_percent { GREEN } else { RED };
        s.rect(x_of(i) - 4.0, y_score(t.score) - 4.0, 8.0, 8.0, color, 1.0);
    }
    // Stamina, in points: last quarter's accuracy minus the first's.
    let bottom =
        Area { x: a.x + axis_w, y: a.y + half + size * 3.5, w: plot_w, h: half - size * 4.5, scale: a.scale };
    s.text(
        a.x,
        a.y + half + size * 2.0,
        "Stamina by attempt: accuracy in the last quarter minus the first (points)",
        size,
        Anchor::Start,
        INK,
        true,
    );
    let span = attempts.iter().filter_map(|t| t.stamina).map(f64::abs).fold(25.0, f64::max);
    let y_st = |v: f64| bottom.y + bottom.h / 2.0 - (v / span) as f32 * bottom.h / 2.0;
    for v in [-span, 0.0, span] {
        s.line(
            (bottom.x, y_st(v)),
            (bottom.x + bottom.w, y_st(v)),
            1.0,
            if v == 0.0 { AXIS } else { GRID },
            false,
        );
        let label = if v == 0.0 { "0".to_string() } else { format!("{v:+.0}") };
        s.text(bottom.x - size * 0.5, y_st(v) + size * 0.35, &label, size, Anchor::End, MUTED, false);
    }
    for (i, t) in attempts.iter().enumerate() {
        if let Some(v) = t.stamina {
            let (y0, y1) = (y_st(0.0), y_st(v));
            s.rect(
                x_of(i) - 6.0,
                y0.min(y1),
                12.0,
                (y1 - y0).abs().max(1.0),
                if v >= 0.0 { GREEN } else { AMBER },
                1.0,
            );
        }
    }
    // Date labels, thinned out so that they never overlap.
    let every = ((n as f32 * size * 5.0) / plot_w).ceil().max(1.0) as usize;
    for (i, t) in attempts.iter().enumerate().filter(|(i, _)| i % every == 0) {
        s.text(x_of(i), a.y + a.h - size * 0.2, &t.label, size * 0.85, Anchor::Middle, MUTED, false);
    }
}

#[cfg(test)]
mod tests {
    use super::count_ticks;

    #[test]
    fn count_ticks_are_whole_numbers_a_round_step_apart() {
        assert_eq!(count_ticks(10), vec![0, 2, 4, 6, 8, 10]);
        assert_eq!(count_ticks(60), vec![0, 20, 40, 60]);
        assert_eq!(count_ticks(50), vec![0, 10, 20, 30, 40, 50]);
        assert_eq!(count_ticks(11), vec![0, 2, 4, 6, 8, 11], "no line just under the top one");
        assert_eq!(count_ticks(3), vec![0, 1, 2, 3]);
        assert_eq!(count_ticks(0), vec![0, 1]);
        for total in 1..500 {
            let ticks = count_ticks(total);
            assert!(
                ticks.len() <= 7 && ticks[0] == 0 && *ticks.last().unwrap() == total,
                "{total}: {ticks:?}"
            );
        }
    }
}
