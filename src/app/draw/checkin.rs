//! The screens before the clock starts: the resume offer, the check-in that secures the test site, and the
//! rules of the sitting.

use super::theme::{self};
use super::{Btn, ButtonKind, Color, Icon, Painter, Rect, Scene, Weight, card_area, framed};
use crate::driver::{ItemKind, Target};
use crate::journal::{CheckStatus, Sensor};

pub fn resume_offer(p: &mut Painter<'_, '_>, scene: &Scene<'_>) {
    let paper = scene.sitting.paper();
    let bar = p.top_bar(paper.title(), "Unfinished sitting", "", None);
    let area = card_area(p, bar.bottom(), p.c.height() - p.z.px(20.0));
    let card = Rect::new(area.x, area.y, area.w, p.z.px(330.0).min(area.h));
    p.card(card);
    let pad = p.z.px(40.0);
    let w = card.w - 2.0 * pad;
    let mut y = card.y + pad;
    p.text(
        "An unfinished sitting of this exam was found",
        card.x + pad,
        y,
        p.z.title(),
        Weight::Bold,
        theme::INK,
    );
    y += p.line_h(p.z.title()) + p.z.px(14.0);
    let (when, left) = scene.status.resume.clone().unwrap_or_default();
    let body = if left.as_ms() > 0 {
        format!(
            "It started {when}. The clock kept running while it was closed, as in the real exam: {} left. \
             Resume it to go on where you stopped, or start a new sitting (the unfinished one stays in its journal).",
            crate::elapsed::human(left.as_ms())
        )
    } else {
        format!(
            "It started {when} and its time has run out. Resume it to see its results, or start a new sitting."
        )
    };
    p.para(&body, card.x + pad, y, w, p.z.px(18.0), Weight::Regular, 1.5, theme::MUTED);
    let bh = p.z.px(48.0);
    let band = Rect::new(card.x, card.bottom() - pad - bh, card.w, bh);
    p.buttons_from(
        band,
        card.x + pad,
        bh,
        &[
            Btn("Resume", "Y", ButtonKind::Primary, Target::Yes),
            Btn("Start a new sitting", "N", ButtonKind::Secondary, Target::No),
        ],
    );
}

pub fn checkin(p: &mut Painter<'_, '_>, scene: &Scene<'_>) {
    let (card, nav) = framed(p, scene, "Check-in", "The clock has not started");
    let pad = p.z.px(40.0);
    let mut inner = Rect::new(card.x + pad, card.y + p.z.px(32.0), card.w - 2.0 * pad, card.h - p.z.px(56.0));
    // The webcam and microphone steps show their live picture or level beside the list.
    if let Some(sensor) = scene.ui.checkin.current_sensor() {
        let panel_w = (inner.w * 0.4).min(p.z.px(480.0)).floor();
        let panel = Rect::new(inner.right() - panel_w, inner.y, panel_w, inner.h);
        inner.w -= panel_w + p.z.px(32.0);
        match sensor {
            Sensor::Camera => camera_panel(p, scene, panel),
            Sensor::Microphone => level_panel(p, scene, panel),
        }
    }
    let mut y = inner.y;
    p.text("Securing the test site", inner.x, y, p.z.title(), Weight::Bold, theme::INK);
    y += p.line_h(p.z.title()) + p.z.px(4.0);
    y += p.para(
        "As a remote proctor would before the exam: a few checks of this computer, then your own checklist.",
        inner.x,
        y,
        inner.w,
        p.z.body(),
        Weight::Regular,
        1.3,
        theme::MUTED,
    ) + p.z.px(16.0);

    // Rows share the card's height. The current item's detail wraps under its title when it does not fit
    // beside its buttons (a warning must be read whole); when even then the rows do not fit (a small window),
    // the other items show their titles only.
    let checkin = &scene.ui.checkin;
    let n = checkin.items.len().max(1) as f32;
    let available = inner.bottom() - y;
    let small = available / n < p.z.px(56.0);
    let title_size = if small { p.z.px(15.0) } else { p.z.px(17.0) };
    let detail_size = if small { p.z.px(13.0) } else { p.z.px(14.0) };
    let icon_r = p.z.px(13.0);
    let tx = inner.x + 2.0 * icon_r + p.z.px(20.0);
    let current_item = checkin.current();
    let actions = current_item.map_or_else(Vec::new, |i| actions_for(i.kind, i.status));
    let buttons_w = p.buttons_width(p.z.px(36.0), &actions);
    let beside = inner.right() - buttons_w - p.z.px(20.0) - tx;
    let current_detail = current_item.map_or(String::new(), |i| i.detail.clone());
    let wraps = !actions.is_empty() && p.measure(&current_detail, detail_size, Weight::Regular) > beside;
    let wrap_w = inner.right() - tx;
    let current_h = if wraps {
        p.line_h(title_size)
            + p.z.px(8.0)
            + p.para_height(&current_detail, wrap_w, detail_size, Weight::Regular, 1.3)
            + p.z.px(16.0)
    } else {
        0.0
    };
    let rest = if wraps { n - 1.0 } else { n };
    let full_row = ((available - current_h) / rest).min(p.z.px(68.0)).floor();
    let with_details = full_row >= p.z.px(44.0);
    let row_h = if with_details { full_row } else { ((available - current_h) / rest).floor() };
    for (i, item) in checkin.items.iter().enumerate() {
        let current = i == checkin.cursor;
        let h = if current && wraps { current_h } else { row_h };
        let r = Rect::new(inner.x - p.z.px(12.0), y, inner.w + p.z.px(24.0), h - p.z.px(4.0));
        if current {
            p.c.fill_round_rect(r, p.z.px(8.0), theme::ACCENT_SOFT);
            p.c.fill_round_rect(Rect::new(r.x, r.y, p.z.px(4.0), r.h), p.z.px(2.0), theme::ACCENT);
        }
        let show_detail = current || with_details;
        let block = p.line_h(title_size)
            + if show_detail && !(current && wraps) { p.line_h(detail_size) } else { 0.0 };
        let ty = if current && wraps { r.y + p.z.px(8.0) } else { r.y + ((r.h - block) / 2.0).round() };
        let cx = inner.x + icon_r + p.z.px(4.0);
        let cy = ty
            + p.line_h(title_size) / 2.0
            + if show_detail && !wraps { p.line_h(detail_size) / 2.0 } else { 0.0 };
        let icon = match item.status {
            Some(CheckStatus::Pass | CheckStatus::Confirmed) => Icon::Check(theme::GOOD),
            Some(CheckStatus::Warn) => Icon::Warn,
            Some(CheckStatus::Fail) => Icon::Cross,
            Some(CheckStatus::Skipped) => Icon::Dash,
            None if current => Icon::Pending(theme::ACCENT),
            None => Icon::Pending(theme::LINE),
        };
        let icon_y = if current && wraps { ty + p.line_h(title_size) / 2.0 } else { cy };
        let this_r = if show_detail { icon_r } else { icon_r.min((row_h * 0.36).floor()) };
        p.status_icon(cx, icon_y, this_r, icon);
        p.text(&item.title, tx, ty, title_size, Weight::Bold, theme::INK);
        let color = match item.status {
            Some(CheckStatus::Warn) => theme::WARN,
            Some(CheckStatus::Fail) => theme::BAD,
            _ => theme::MUTED,
        };
        let row_actions = if current { actions.clone() } else { Vec::new() };
        if current && wraps {
            let band = Rect::new(r.x, ty + p.line_h(title_size) / 2.0 - p.z.px(18.0), r.w, p.z.px(36.0));
            p.buttons_to(band, r.right() - p.z.px(12.0), band.h, &row_actions);
            let dy = ty + p.line_h(title_size) + p.z.px(8.0);
            p.para(&item.detail, tx, dy, wrap_w, detail_size, Weight::Regular, 1.3, color);
        } else {
            let band = Rect::new(r.x, r.y + r.h / 2.0 - p.z.px(18.0), r.w, p.z.px(36.0));
            let right = if row_actions.is_empty() {
                r.right() - p.z.px(12.0)
            } else {
                p.buttons_to(band, r.right() - p.z.px(12.0), band.h, &row_actions) - p.z.px(8.0)
            };
            if show_detail {
                let detail =
                    super::fit(p, &item.detail, right - tx - p.z.px(12.0), detail_size, Weight::Regular);
                p.text(&detail, tx, ty + p.line_h(title_size), detail_size, Weight::Regular, color);
            }
        }
        y += h;
    }

    let free = p.nav_buttons(nav, &[Btn("Quit", "Esc", ButtonKind::Secondary, Target::Quit)], &[]);
    if let Some(silent) = &scene.status.silent {
        let size = p.z.small();
        let room = free.w - p.z.px(40.0);
        let text = super::fit(p, &format!("Sound: {silent}"), room, size, Weight::Regular);
        let y = free.y + ((free.h - p.line_h(size)) / 2.0).round();
        p.text(&text, free.x + p.z.px(20.0), y, size, Weight::Regular, theme::WARN);
    }
}

/// The live camera picture with a box round each face found (green: facing the screen), as a remote proctor's
/// webcam check shows it.
fn camera_panel(p: &mut Painter<'_, '_>, scene: &Scene<'_>, panel: Rect) {
    p.text("YOUR CAMERA", panel.x, panel.y, p.z.small(), Weight::Bold, theme::FAINT);
    let top = panel.y + p.line_h(p.z.small()) + p.z.px(8.0);
    let Some(preview) = scene.preview else {
        let r = Rect::new(panel.x, top, panel.w, (panel.w * 0.75).floor());
        p.c.fill_round_rect(r, p.z.px(8.0), theme::INK);
        p.label_in("Waiting for the camera…", r, p.z.body(), Weight::Regular, theme::CARD);
        return;
    };
    let pic = &preview.picture;
    let aspect = pic.height.max(1) as f32 / pic.width.max(1) as f32;
    let w = panel.w.min((panel.bottom() - top - p.z.px(60.0)) / aspect).floor();
    let r = Rect::new(panel.x, top, w, (w * aspect).floor());
    p.c.image(&pic.rgba, pic.width, pic.height, r);
    p.c.stroke_round_rect(r, p.z.px(2.0), p.z.px(1.0), theme::LINE);
    let k = r.w / pic.width.max(1) as f32;
    for (face, frontal) in &preview.faces {
        let color = if *frontal { theme::GOOD } else { theme::WARN_BRIGHT };
        let b = Rect::new(r.x + face.x * k, r.y + face.y * k, face.w * k, face.h * k);
        p.c.stroke_round_rect(b, p.z.px(3.0), p.z.px(3.0), color);
    }
    let (text, color) = match scene.ui.checkin.faces {
        Some((1, f)) if f >= 1 => ("One face, facing the screen", theme::GOOD),
        Some((1, _)) => ("A face, not facing the screen", theme::WARN),
        Some((0, _)) | None => ("No face found", theme::WARN),
        Some(_) => ("More than one face", theme::BAD),
    };
    let y = r.bottom() + p.z.px(12.0);
    p.text(text, r.x, y, p.z.body(), Weight::Bold, color);
    p.text(
        "Only the events are kept: no picture is saved.",
        r.x,
        y + p.line_h(p.z.body()) + p.z.px(2.0),
        p.z.small(),
        Weight::Regular,
        theme::MUTED,
    );
}

/// A live sound level, from -60 dBFS (silence) to 0, with speech heard marked.
fn level_panel(p: &mut Painter<'_, '_>, scene: &Scene<'_>, panel: Rect) {
    p.text("YOUR MICROPHONE", panel.x, panel.y, p.z.small(), Weight::Bold, theme::FAINT);
    let mut y = panel.y + p.line_h(p.z.small()) + p.z.px(14.0);
    let level = scene.ui.checkin.level_db;
    let share = level.map_or(0.0, |db| ((db + 60.0) / 60.0).clamp(0.0, 1.0));
    let h = p.z.px(28.0);
    let bar = Rect::new(panel.x, y, panel.w, h);
    p.c.fill_round_rect(bar, h / 2.0, theme::LINE);
    if share > 0.0 {
        let color = if share > 0.9 { theme::BAD } else { theme::GOOD };
        p.c.fill_round_rect(Rect::new(bar.x, bar.y, (bar.w * share).max(h), h), h / 2.0, color);
    }
    y += h + p.z.px(10.0);
    let reading = match level {
        Some(db) => format!("{db:.0} dB"),
        None => "listening…".to_string(),
    };
    p.text(&reading, panel.x, y, p.z.body(), Weight::Bold, theme::INK);
    y += p.line_h(p.z.body()) + p.z.px(6.0);
    p.para(
        "Say a few words at your normal voice. Only the events are kept: no sound is recorded.",
        panel.x,
        y,
        panel.w,
        p.z.small(),
        Weight::Regular,
        1.4,
        Color(0x5B, 0x65, 0x76, 255),
    );
}

fn actions_for(kind: ItemKind, status: Option<CheckStatus>) -> Vec<Btn<'static>> {
    use ButtonKind::{Primary, Secondary};
    match (kind, status) {
        (ItemKind::Automatic, None) => Vec::new(),
        (ItemKind::Automatic, Some(_)) => vec![
            Btn("Check again", "R", Secondary, Target::Recheck),
            Btn("Continue anyway", "Enter", Primary, Target::Continue),
        ],
        (ItemKind::SoundTest, None) => vec![
            Btn("Play tone", "T", Secondary, Target::TestTone),
            Btn("Not heard", "X", Secondary, Target::NotHeard),
            Btn("Heard it", "Enter", Primary, Target::Continue),
        ],
        (ItemKind::Confirm, None) => vec![Btn("Confirm", "Enter", Primary, Target::Continue)],
        (ItemKind::Webcam | ItemKind::Microphone, None) => {
            vec![Btn("Go on without it", "S", Secondary, Target::SkipSensor)]
        }
        (ItemKind::Webcam | ItemKind::Microphone, Some(CheckStatus::Pass)) => vec![
            Btn("Go on without it", "S", Secondary, Target::SkipSensor),
            Btn("Continue", "Enter", Primary, Target::Continue),
        ],
        _ => Vec::new(),
    }
}

pub fn rules(p: &mut Painter<'_, '_>, scene: &Scene<'_>) {
    let s = scene.sitting;
    let paper = s.paper();
    let (card, nav) = framed(p, scene, "Before you start", "The clock has not started");
    let pad = p.z.px(44.0);
    let x = card.x + pad;
    let w = card.w - 2.0 * pad;
    let mut y = card.y + p.z.px(36.0);
    y += p.para(paper.title(), x, y, w, p.z.px(30.0), Weight::Bold, 1.25, theme::INK) + p.z.px(10.0);
    let minutes = s.duration().as_ms() / 60_000;
    let count = s.question_count() as u32;
    let questions = match &s.started().bank {
        Some(bank) => {
            let note = crate::review::text::bank_note(bank, count);
            let mut chars = note.chars();
            chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or(note)
        }
        None => format!("{count} questions"),
    };
    let mut facts = format!(
        "{questions}  ·  {minutes} minute{}  ·  no breaks  ·  pass mark {}%",
        if minutes == 1 { "" } else { "s" },
        paper.pass_percent()
    );
    if minutes < u64::from(paper.duration_minutes()) {
        facts.push_str(&format!("  ·  shortened from {} minutes", paper.duration_minutes()));
    }
    p.text(&facts, x, y, p.z.px(18.0), Weight::Regular, theme::MUTED);
    y += p.line_h(p.z.px(18.0)) + p.z.px(28.0);
    p.text("HOW THIS SITTING IS PROCTORED", x, y, p.z.small(), Weight::Bold, theme::FAINT);
    y += p.line_h(p.z.small()) + p.z.px(10.0);
    let rules = s.proctor().rules();
    let mut lines = rules.describe();
    let sensors = &scene.ui.sensors;
    lines.extend(rules.describe_sensors(sensors.is_on(Sensor::Camera), sensors.is_on(Sensor::Microphone)));
    lines.push(
        "Questions can be marked for review; the review screen (R) lists every question before you submit."
            .to_string(),
    );
    lines.push(
        "Time warnings appear at the listed minutes left; at zero the exam is submitted as it stands."
            .to_string(),
    );
    for line in &lines {
        p.c.fill_circle(x + p.z.px(5.0), y + p.z.px(13.0), p.z.px(3.5), theme::ACCENT);
        y += p.para(
            line,
            x + p.z.px(22.0),
            y,
            w - p.z.px(22.0),
            p.z.px(17.0),
            Weight::Regular,
            1.45,
            theme::INK,
        ) + p.z.px(8.0);
    }
    y += p.z.px(16.0);
    let note = "The clock starts when you press Enter and never stops, not even if this window closes.";
    p.para(note, x, y, w, p.z.px(17.0), Weight::Bold, 1.45, theme::INK);

    p.nav_buttons(
        nav,
        &[Btn("Quit", "Esc", ButtonKind::Secondary, Target::Quit)],
        &[Btn("Start the exam", "Enter", ButtonKind::Primary, Target::Start)],
    );
}
