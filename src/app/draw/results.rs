//! After the exam: the results (score against the pass mark, time, domains, incidents, the journal) and the
//! debrief, question by question with the right answers and why.

use super::theme::{self};
use super::{Btn, ButtonKind, Color, Painted, Painter, Rect, Scene, Weight, framed};
use crate::driver::Target;
use crate::elapsed::human;
use crate::journal::{SensorKind, SubmitReason};
use crate::session::{Phase, Score};

pub fn results(p: &mut Painter<'_, '_>, scene: &Scene<'_>) {
    let s = scene.sitting;
    let (card, nav) = framed(p, scene, "Results", "");
    let pad = p.z.px(44.0);
    let x = card.x + pad;
    let w = card.w - 2.0 * pad;
    let mut y = card.y + p.z.px(36.0);
    let Some(score) = s.score() else { return };
    let reason = match s.phase() {
        Phase::Submitted { reason, .. } => reason,
        _ => SubmitReason::Candidate,
    };
    // Ended by the proctor: which rule, and how many times.
    let headline = match scene.report {
        Some(r) if reason == SubmitReason::Terminated => crate::review::text::terminated(r),
        _ => reason.headline().to_string(),
    };
    p.text(&headline, x, y, p.z.px(18.0), Weight::Bold, theme::MUTED);
    y += p.line_h(p.z.px(18.0)) + p.z.px(8.0);

    // The score, and the verdict against the pass mark.
    let big = p.z.px(64.0);
    let percent = format!("{:.0}%", score.percent);
    let pw = p.text(&percent, x, y, big, Weight::Bold, theme::INK);
    let (badge, bg) = if score.passed { ("PASS", theme::GOOD) } else { ("FAIL", theme::BAD) };
    let bh = p.z.px(34.0);
    let by = y + ((p.line_h(big) - bh) / 2.0).round();
    let pill = p.pill(x + pw + p.z.px(20.0), by, bh, badge, bg, theme::CARD);
    let (bx, bw) = (pill.x, pill.w);
    let detail =
        format!("{} of {} correct  ·  pass mark {}%", score.correct, score.total, score.pass_percent);
    p.text(
        &detail,
        bx + bw + p.z.px(20.0),
        by + ((bh - p.line_h(p.z.body())) / 2.0).round(),
        p.z.body(),
        Weight::Regular,
        theme::MUTED,
    );
    y += p.line_h(big) + p.z.px(20.0);

    // Figures in a row.
    let used = s.used(s.now());
    let mut figures = vec![
        ("Time used".to_string(), format!("{} of {}", human(used.as_ms()), human(s.duration().as_ms()))),
        ("Answered".to_string(), format!("{} of {}", s.counts().0 + s.counts().1, s.question_count())),
    ];
    if let Some(r) = scene.report {
        figures.push((
            "Focus lost".to_string(),
            format!("{} × · {} away", r.focus_losses, human(r.time_away_ms)),
        ));
        figures.push(("Idle".to_string(), format!("{} × · {}", r.idle_incidents, human(r.idle_ms))));
        if r.watched.camera.is_some() {
            let seen = r.sensor(SensorKind::FaceAbsent).count + r.sensor(SensorKind::LookingAway).count;
            figures.push(("Eyes away".to_string(), format!("{seen} × · {}", human(r.eyes_away_ms))));
        }
        if r.watched.microphone.is_some() {
            let talk = r.sensor(SensorKind::SpeechDetected);
            figures.push(("Talking".to_string(), format!("{} × · {}", talk.count, human(talk.total_ms))));
        }
    }
    // One row when every figure fits its share of the width, else two.
    let widest = figures.iter().map(|(_, v)| p.measure(v, p.z.px(18.0), Weight::Bold)).fold(0.0, f32::max);
    let per_row = if widest + p.z.px(12.0) <= w / figures.len() as f32 {
        figures.len()
    } else {
        figures.len().div_ceil(2)
    };
    let fw = w / per_row as f32;
    let row_h = p.line_h(p.z.px(13.0)) + p.line_h(p.z.px(18.0)) + p.z.px(8.0);
    for (i, (label, value)) in figures.iter().enumerate() {
        let fx = x + (i % per_row) as f32 * fw;
        let fy = y + (i / per_row) as f32 * row_h;
        p.text(&label.to_uppercase(), fx, fy, p.z.px(13.0), Weight::Bold, theme::FAINT);
        p.text(value, fx, fy + p.line_h(p.z.px(13.0)) + p.z.px(2.0), p.z.px(18.0), Weight::Bold, theme::INK);
    }
    y += figures.len().div_ceil(per_row) as f32 * row_h + p.z.px(16.0);
    p.c.fill_rect(Rect::new(x, y, w, 1.0), theme::LINE_SOFT);
    y += p.z.px(20.0);

    // Domains as bars.
    p.text("BY DOMAIN", x, y, p.z.px(13.0), Weight::Bold, theme::FAINT);
    y += p.line_h(p.z.px(13.0)) + p.z.px(10.0);
    let bottom_reserve = p.z.px(70.0);
    domain_bars(p, score, x, &mut y, w, card.bottom() - bottom_reserve);

    // The sitting's timeline, when there is room for it: the same chart as the HTML debrief.
    let room = card.bottom() - bottom_reserve - y - p.z.px(24.0);
    // Each camera or sound lane needs its share of height to stay legible.
    let lanes = scene
        .report
        .map_or(0, |r| usize::from(r.watched.camera.is_some()) + usize::from(r.watched.microphone.is_some()));
    if let Some(report) = scene.report
        && room >= p.z.px(150.0 + 26.0 * lanes as f32)
    {
        y += p.z.px(16.0);
        p.text("TIMELINE", x, y, p.z.px(13.0), Weight::Bold, theme::FAINT);
        y += p.line_h(p.z.px(13.0)) + p.z.px(4.0);
        let h = (room - p.z.px(24.0)).min(p.z.px(300.0));
        timeline(p, report, Rect::new(x, y, w, h), None);
    }

    // The journal.
    let jy = card.bottom() - p.z.px(58.0);
    p.c.fill_rect(Rect::new(x, jy - p.z.px(12.0), w, 1.0), theme::LINE_SOFT);
    let integrity = match scene.report {
        Some(r) if r.intact => format!(
            "intact, digest {}…",
            r.digest.as_deref().unwrap_or("").chars().take(16).collect::<String>()
        ),
        Some(_) => "NOT intact".to_string(),
        None => String::new(),
    };
    let line = format!("Journal: {}  ({integrity})", scene.status.journal);
    let line = super::fit(p, &line, w, p.z.small(), Weight::Regular);
    p.text(&line, x, jy, p.z.small(), Weight::Regular, theme::MUTED);
    p.text(
        "Review it later: examday review <journal>",
        x,
        jy + p.line_h(p.z.small()),
        p.z.small(),
        Weight::Regular,
        theme::FAINT,
    );

    p.nav_buttons(
        nav,
        &[Btn("Quit", "Q", ButtonKind::Secondary, Target::Quit)],
        &[Btn("Debrief: question by question", "D", ButtonKind::Primary, Target::Debrief)],
    );
}

/// The score by domain: the same bars as the HTML debrief and the PNG (one chart, drawn on the canvas).
fn domain_bars(p: &mut Painter<'_, '_>, score: &Score, x: f32, y: &mut f32, w: f32, limit: f32) {
    let rows = score.domains.len().max(1) as f32;
    let h = (p.z.px(34.0) * rows).min(limit - *y);
    if h < p.z.px(18.0) {
        return;
    }
    let mut surface = super::plot::CanvasSurface { canvas: &mut *p.c, text: &mut *p.t };
    // The chart's text is 13 units at scale 1: the window's body text is 15.
    let area = crate::review::chart::Area { x, y: *y, w, h, scale: p.z.s * 15.0 / 13.0 };
    crate::review::chart::bars(&mut surface, &score.domains, score.pass_percent, area);
    *y += h;
}

pub fn debrief(p: &mut Painter<'_, '_>, scene: &Scene<'_>, pos: usize, painted: &mut Painted) {
    let s = scene.sitting;
    let paper = s.paper();
    let n = s.question_count();
    let pos = pos.min(n - 1);
    let q = &paper.questions()[s.question_at(pos)];
    let (card, nav) = framed(p, scene, &format!("Debrief  ·  Question {} of {n}", pos + 1), "");
    let pad = p.z.px(36.0);
    let inner_x = card.x + pad;
    let w = card.w - 2.0 * pad;
    let stats = scene.report.and_then(|r| r.questions.get(pos));
    let answered = (0..q.options().len()).any(|i| s.is_selected(pos, i));
    let right = crate::session::is_correct(paper, s.question_at(pos), &s.answers()[s.question_at(pos)]);

    // Header: the verdict and the figures.
    let header_h = p.z.px(64.0);
    let (verdict, vbg, vfg) = match (answered, right) {
        (_, true) => ("Right", theme::GOOD_SOFT, theme::GOOD),
        (true, false) => ("Wrong", theme::BAD_SOFT, theme::BAD),
        (false, _) => ("Unanswered", theme::WARN_SOFT, theme::WARN),
    };
    let vh = p.z.px(30.0);
    let vy = card.y + ((header_h - vh) / 2.0).round();
    let vw = p.pill(inner_x, vy, vh, verdict, vbg, vfg).w;
    let mut facts = vec![q.domain().to_string()];
    if let Some(st) = stats {
        facts.push(format!("{} on screen", human(st.time_ms)));
        facts.push(format!("{} {}", st.visits, if st.visits == 1 { "visit" } else { "visits" }));
        if st.changes > 0 {
            facts.push(format!("answer changed {}×", st.changes));
        }
        if st.focus_losses > 0 {
            facts.push(format!("focus lost {}× here", st.focus_losses));
        }
    }
    if s.is_marked(pos) {
        facts.push("marked".to_string());
    }
    let facts = super::fit(p, &facts.join("  ·  "), w - vw - p.z.px(20.0), p.z.small(), Weight::Regular);
    p.text(
        &facts,
        inner_x + vw + p.z.px(16.0),
        vy + ((vh - p.line_h(p.z.small())) / 2.0).round(),
        p.z.small(),
        Weight::Regular,
        theme::MUTED,
    );
    p.c.fill_rect(Rect::new(card.x, card.y + header_h, card.w, 1.0), theme::LINE_SOFT);

    // A timeline strip along the bottom of the card, with this question's time on screen picked out.
    let strip_h = if scene.report.is_some() && card.h > p.z.px(420.0) { p.z.px(130.0) } else { 0.0 };
    if let Some(report) = scene.report
        && strip_h > 0.0
    {
        let strip = Rect::new(inner_x, card.bottom() - strip_h, w, strip_h - p.z.px(12.0));
        p.c.fill_rect(Rect::new(card.x, strip.y - p.z.px(8.0), card.w, 1.0), theme::LINE_SOFT);
        timeline(p, report, strip, Some(pos + 1));
    }
    let view = Rect::new(card.x, card.y + header_h + 1.0, card.w, card.h - header_h - 1.0 - strip_h);
    let old = p.c.set_clip(view);
    let scroll = scene.ui.scroll.round();
    let top = view.y + p.z.px(22.0) - scroll;
    let mut y = top;
    y += p.para(q.stem(), inner_x, y, w, p.z.px(19.0), Weight::Regular, 1.5, theme::INK) + p.z.px(18.0);
    let order = &s.order().options[pos];
    for (shown, &o) in order.iter().enumerate() {
        let choice = &q.options()[usize::from(o)];
        let picked = s.is_selected(pos, shown);
        let text_x = inner_x + p.z.px(56.0);
        let tw = w - p.z.px(76.0);
        let tag = match (choice.correct(), picked) {
            (true, true) => "YOUR ANSWER  ·  RIGHT",
            (true, false) => "RIGHT ANSWER",
            (false, true) => "YOUR ANSWER  ·  WRONG",
            (false, false) => "",
        };
        let tag_size = p.z.px(12.0);
        let tag_h = if tag.is_empty() { 0.0 } else { p.line_h(tag_size) + p.z.px(4.0) };
        let text_h = p.para_height(choice.text(), tw, p.z.px(17.0), Weight::Regular, 1.4);
        let why = choice.why().unwrap_or("");
        let why_h = if why.is_empty() {
            0.0
        } else {
            p.para_height(why, tw, p.z.px(15.0), Weight::Regular, 1.45) + p.z.px(6.0)
        };
        let h = tag_h + text_h + why_h + p.z.px(28.0);
        let r = Rect::new(inner_x, y, w, h);
        let (bg, border) = match (choice.correct(), picked) {
            (true, _) => (theme::GOOD_SOFT, theme::GOOD),
            (false, true) => (theme::BAD_SOFT, theme::BAD),
            (false, false) => (theme::CARD, theme::LINE),
        };
        p.c.fill_round_rect(r, p.z.radius(), bg);
        p.c.stroke_round_rect(r, p.z.radius(), p.z.px(if picked { 2.5 } else { 1.5 }), border);
        let letter = ((b'A' + shown as u8) as char).to_string();
        let top = r.y + p.z.px(14.0);
        p.text(&letter, inner_x + p.z.px(20.0), top + tag_h, p.z.px(17.0), Weight::Bold, theme::FAINT);
        if !tag.is_empty() {
            p.text(tag, text_x, top, tag_size, Weight::Bold, border);
        }
        p.para(choice.text(), text_x, top + tag_h, tw, p.z.px(17.0), Weight::Regular, 1.4, theme::INK);
        if !why.is_empty() {
            p.para(
                why,
                text_x,
                top + tag_h + text_h + p.z.px(6.0),
                tw,
                p.z.px(15.0),
                Weight::Regular,
                1.45,
                theme::MUTED,
            );
        }
        y += h + p.z.px(10.0);
    }
    if let Some(explanation) = q.explanation() {
        y += p.z.px(8.0);
        let eh =
            p.para_height(explanation, w - p.z.px(40.0), p.z.px(16.0), Weight::Regular, 1.5) + p.z.px(56.0);
        let r = Rect::new(inner_x, y, w, eh);
        p.c.fill_round_rect(r, p.z.radius(), Color::rgb(0xF1F4F9));
        p.text(
            "EXPLANATION",
            r.x + p.z.px(20.0),
            r.y + p.z.px(14.0),
            p.z.px(12.0),
            Weight::Bold,
            theme::FAINT,
        );
        p.para(
            explanation,
            r.x + p.z.px(20.0),
            r.y + p.z.px(38.0),
            w - p.z.px(40.0),
            p.z.px(16.0),
            Weight::Regular,
            1.5,
            theme::INK,
        );
        y += eh;
    }
    y += p.z.px(24.0);
    p.c.restore_clip(old);
    painted.max_scroll = (y + scroll - top - view.h + p.z.px(22.0)).max(0.0);
    painted.page = view.h;

    p.nav_buttons(
        nav,
        &[Btn("Previous", "P", ButtonKind::Secondary, Target::Previous)],
        &[
            Btn("Results", "Esc", ButtonKind::Secondary, Target::Back),
            Btn("Next", "N", ButtonKind::Primary, Target::Next),
        ],
    );
}

/// The debrief's timeline chart, painted on the canvas.
fn timeline(p: &mut Painter<'_, '_>, report: &crate::review::Report, r: Rect, highlight: Option<usize>) {
    let old = p.c.set_clip(r);
    let mut surface = super::plot::CanvasSurface { canvas: &mut *p.c, text: &mut *p.t };
    let area = crate::review::chart::Area { x: r.x, y: r.y, w: r.w, h: r.h, scale: p.z.s };
    crate::review::chart::timeline(&mut surface, report, area, highlight);
    p.c.restore_clip(old);
}
