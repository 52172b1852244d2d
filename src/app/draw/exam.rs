//! The exam screens: one question at a time (stem, image, options as large targets, mark for review), and the
//! review screen of tiles with its filters.

use super::theme::{self};
use super::{Btn, ButtonKind, Color, Painted, Painter, Rect, Scene, Weight, card_area, overlays};
use crate::driver::{Filter, Target};
use crate::exam::choose_words;
use crate::session::{AnswerState, Screen};

pub fn exam(p: &mut Painter<'_, '_>, scene: &Scene<'_>, painted: &mut Painted) {
    let s = scene.sitting;
    let n = s.question_count();
    let (answered, incomplete, _, marked) = s.counts();
    let center = match s.screen() {
        Some(Screen::Question(pos)) => format!("Question {} of {n}", pos + 1),
        Some(Screen::Review) => "Review".to_string(),
        None => String::new(),
    };
    // As the results screen counts them: a "Choose two" with one option picked is answered, and incomplete.
    let mut info = format!("Answered {}/{n}", answered + incomplete);
    if incomplete > 0 {
        info.push_str(&format!("  ·  Incomplete {incomplete}"));
    }
    if marked > 0 {
        info.push_str(&format!("  ·  Marked {marked}"));
    }
    let bar = p.top_bar(s.paper().title(), &center, &info, Some(s.remaining(scene.now)));
    let nav = p.nav_bar();
    let top = bar.bottom() + overlays::banner_space(p, scene);
    match s.screen() {
        Some(Screen::Question(pos)) => question(p, scene, pos, top, nav, painted),
        Some(Screen::Review) => review(p, scene, top, nav),
        None => {}
    }
}

fn question(
    p: &mut Painter<'_, '_>,
    scene: &Scene<'_>,
    pos: usize,
    top: f32,
    nav: Rect,
    painted: &mut Painted,
) {
    let s = scene.sitting;
    let q = &s.paper().questions()[s.question_at(pos)];
    let card = card_area(p, top, nav.y);
    p.card(card);
    let pad = p.z.px(36.0);
    let inner = Rect::new(card.x + pad, card.y, card.w - 2.0 * pad, card.h);

    // Header: the question number, and the mark-for-review toggle.
    let header_h = p.z.px(64.0);
    let label_size = p.z.small();
    let ly = inner.y + ((header_h - p.line_h(label_size)) / 2.0).round();
    p.text(&format!("QUESTION {}", pos + 1), inner.x, ly, label_size, Weight::Bold, theme::FAINT);
    let marked = s.is_marked(pos);
    let mark_label = if marked { "Marked for review" } else { "Mark for review" };
    let bh = p.z.px(38.0);
    let bw = p.button_width(mark_label, "M", bh) + p.z.px(22.0);
    let mark = Rect::new(inner.right() - bw, inner.y + ((header_h - bh) / 2.0).round(), bw, bh);
    mark_toggle(p, mark, mark_label, marked);
    p.c.fill_rect(Rect::new(card.x, inner.y + header_h, card.w, p.z.px(1.0).max(1.0)), theme::LINE_SOFT);

    // The scrolling body.
    let view = Rect::new(card.x, inner.y + header_h + 1.0, card.w, card.h - header_h - 1.0);
    let body_w = inner.w;
    let stem_size = p.z.stem();
    let stem_h = p.para_height(q.stem(), body_w, stem_size, Weight::Regular, 1.5);
    let image = q.image().map(|path| (path, scene.images.get(path)));
    let image_h = match image {
        Some((_, Some(pic))) => {
            let max_h = (view.h * 0.55).max(p.z.px(160.0));
            let scale = (body_w / pic.width as f32).min(max_h / pic.height as f32).min(2.0 * p.z.s);
            (pic.height as f32 * scale).round()
        }
        Some((_, None)) => p.z.px(48.0),
        None => 0.0,
    };
    let opt_size = p.z.option();
    let opt_pad = p.z.px(16.0);
    let text_x = p.z.px(96.0);
    let opt_text_w = body_w - text_x - p.z.px(20.0);
    let order = &s.order().options[pos];
    let heights: Vec<f32> = order
        .iter()
        .map(|&o| {
            let h =
                p.para_height(q.options()[usize::from(o)].text(), opt_text_w, opt_size, Weight::Regular, 1.4);
            (h.max(p.z.px(28.0)) + 2.0 * opt_pad).round()
        })
        .collect();
    let gap = p.z.px(12.0);
    let choose_h = p.z.px(40.0);
    let top_pad = p.z.px(24.0);
    let content_h = top_pad
        + stem_h
        + if image_h > 0.0 { image_h + p.z.px(20.0) } else { 0.0 }
        + p.z.px(24.0)
        + choose_h
        + heights.iter().sum::<f32>()
        + gap * heights.len() as f32
        + p.z.px(24.0);
    let max_scroll = (content_h - view.h).max(0.0);
    painted.max_scroll = max_scroll;
    painted.page = view.h;
    let scroll = scene.ui.scroll.clamp(0.0, max_scroll).round();

    let old = p.c.set_clip(view);
    let mut y = view.y + top_pad - scroll;
    y += p.para(q.stem(), inner.x, y, body_w, stem_size, Weight::Regular, 1.5, theme::INK);
    if let Some((path, pic)) = image {
        y += p.z.px(20.0);
        match pic {
            Some(pic) => {
                let w = (pic.width as f32 * image_h / pic.height as f32).round();
                let r = Rect::new(inner.x, y, w, image_h);
                p.c.image(&pic.rgba, pic.width, pic.height, r);
                p.c.stroke_round_rect(r, 0.0, 1.0, theme::LINE_SOFT);
            }
            None => {
                let r = Rect::new(inner.x, y, body_w, image_h);
                p.c.fill_round_rect(r, p.z.px(6.0), theme::WARN_SOFT);
                let msg = format!("The image {path} could not be shown.");
                p.text(
                    &msg,
                    r.x + p.z.px(16.0),
                    r.y + p.z.px(13.0),
                    p.z.small(),
                    Weight::Regular,
                    theme::WARN,
                );
            }
        }
        y += image_h;
    }
    y += p.z.px(24.0);

    // "Choose two" for multiple-select, a quiet line for single.
    let choose = q.choose();
    let cy = y + ((choose_h - p.z.px(30.0)) / 2.0).round();
    if choose > 1 {
        let chip =
            p.pill(inner.x, cy, p.z.px(30.0), &choose_words(choose), theme::ACCENT_SOFT, theme::ACCENT_DARK);
        let selected = (0..order.len()).filter(|&i| s.is_selected(pos, i)).count();
        let note = format!("Select {choose} options  ·  {selected} selected");
        p.text(
            &note,
            chip.right() + p.z.px(12.0),
            chip.y + ((chip.h - p.line_h(p.z.small())) / 2.0).round(),
            p.z.small(),
            Weight::Regular,
            theme::MUTED,
        );
    } else {
        p.text(
            "Select one option",
            inner.x,
            cy + ((p.z.px(30.0) - p.line_h(p.z.small())) / 2.0).round(),
            p.z.small(),
            Weight::Regular,
            theme::MUTED,
        );
    }
    y += choose_h;

    for (shown, (&o, &h)) in order.iter().zip(&heights).enumerate() {
        let r = Rect::new(inner.x, y, body_w, h);
        let selected = s.is_selected(pos, shown);
        let hover = p.hovered(Target::Option(shown));
        let radius = p.z.radius();
        let (bg, border, bw) = if selected {
            (theme::ACCENT_SOFT, theme::ACCENT, p.z.px(2.0))
        } else if hover {
            (theme::HOVER, Color::rgb(0x9AA8BC), p.z.px(1.5))
        } else {
            (theme::CARD, theme::LINE, p.z.px(1.5))
        };
        p.c.fill_round_rect(r, radius, bg);
        p.c.stroke_round_rect(r, radius, bw.max(1.0), border);
        let mid = r.y + opt_pad + p.z.px(14.0);
        let mx = r.x + p.z.px(30.0);
        marker(p, mx, mid, choose > 1, selected);
        let letter = ((b'A' + shown as u8) as char).to_string();
        let lsize = p.z.px(17.0);
        p.text(
            &letter,
            r.x + p.z.px(56.0),
            mid - (p.line_h(lsize) / 2.0).round(),
            lsize,
            Weight::Bold,
            if selected { theme::ACCENT_DARK } else { theme::FAINT },
        );
        p.para(
            q.options()[usize::from(o)].text(),
            r.x + text_x,
            r.y + opt_pad,
            opt_text_w,
            opt_size,
            Weight::Regular,
            1.4,
            theme::INK,
        );
        let visible = r.intersect(view);
        if visible.h > 0.0 {
            p.hit(visible, Target::Option(shown));
        }
        y += h + gap;
    }
    p.c.restore_clip(old);

    if max_scroll > 0.0 {
        scroll_cues(p, view, scroll, max_scroll, content_h);
    }

    // Navigation.
    // On the last question Next already leads to the review screen.
    let last = pos + 1 == s.question_count();
    let previous = [Btn("Previous", "P", ButtonKind::Secondary, Target::Previous)];
    let hint_area = if last {
        p.nav_buttons(nav, &previous, &[Btn("Review", "N", ButtonKind::Primary, Target::Next)])
    } else {
        let right = [
            Btn("Review all", "R", ButtonKind::Secondary, Target::Review),
            Btn("Next", "N", ButtonKind::Primary, Target::Next),
        ];
        p.nav_buttons(nav, &previous, &right)
    };
    let keys = if max_scroll > 0.0 {
        vec![("1-8", "select"), ("M", "mark"), ("PgDn", "scroll")]
    } else {
        vec![("1-8", "or A-H select"), ("M", "mark"), ("←  →", "move")]
    };
    if hint_area.w > p.z.px(420.0) {
        p.hints(hint_area, &keys, theme::MUTED, theme::LINE_SOFT);
    }
}

fn mark_toggle(p: &mut Painter<'_, '_>, r: Rect, label: &str, marked: bool) {
    let hover = p.hovered(Target::Mark);
    let radius = p.z.px(8.0);
    let (bg, fg, border) = if marked {
        (theme::WARN_SOFT, theme::WARN, theme::WARN_BRIGHT)
    } else if hover {
        (theme::HOVER, theme::INK, theme::LINE)
    } else {
        (theme::CARD, theme::MUTED, theme::LINE)
    };
    p.c.fill_round_rect(r, radius, bg);
    p.c.stroke_round_rect(r, radius, p.z.px(1.5).max(1.0), border);
    let fh = (r.h * 0.44).round();
    let fx = r.x + p.z.px(14.0);
    p.flag(fx, r.y + ((r.h - fh) / 2.0).round(), fh, if marked { theme::WARN_BRIGHT } else { theme::FAINT });
    let size = (r.h * 0.38).round();
    let tx = fx + p.z.px(18.0);
    let ty = r.y + ((r.h - p.line_h(size)) / 2.0).round();
    let w = p.text(label, tx, ty, size, Weight::Bold, fg);
    let cap_h = (r.h * 0.5).round();
    p.keycap(
        "M",
        tx + w + p.z.px(10.0),
        r.y + ((r.h - cap_h) / 2.0).round(),
        cap_h,
        fg,
        if marked { Color(0xB4, 0x53, 0x09, 40) } else { theme::LINE_SOFT },
    );
    p.hit(r, Target::Mark);
}

/// A radio button (single-select) or a check box (multiple-select).
fn marker(p: &mut Painter<'_, '_>, cx: f32, cy: f32, square: bool, on: bool) {
    let r = p.z.px(11.0);
    let w = p.z.px(2.0).max(1.5);
    if square {
        let b = Rect::new(cx - r, cy - r, 2.0 * r, 2.0 * r);
        if on {
            p.c.fill_round_rect(b, p.z.px(5.0), theme::ACCENT);
            let (a, m, e) = (
                (cx - r * 0.5, cy + r * 0.02),
                (cx - r * 0.12, cy + r * 0.4),
                (cx + r * 0.55, cy - r * 0.38),
            );
            p.c.line(a, m, w * 1.2, theme::CARD);
            p.c.line(m, e, w * 1.2, theme::CARD);
        } else {
            p.c.fill_round_rect(b, p.z.px(5.0), theme::CARD);
            p.c.stroke_round_rect(b, p.z.px(5.0), w, Color::rgb(0x8592A6));
        }
    } else if on {
        p.c.fill_circle(cx, cy, r, theme::ACCENT);
        p.c.fill_circle(cx, cy, r * 0.42, theme::CARD);
    } else {
        p.c.fill_circle(cx, cy, r, theme::CARD);
        p.c.stroke_circle(cx, cy, r, w, Color::rgb(0x8592A6));
    }
}

/// A scroll bar, and a "more below" cue while there is more below.
fn scroll_cues(p: &mut Painter<'_, '_>, view: Rect, scroll: f32, max_scroll: f32, content_h: f32) {
    let track =
        Rect::new(view.right() - p.z.px(10.0), view.y + p.z.px(8.0), p.z.px(4.0), view.h - p.z.px(16.0));
    p.c.fill_round_rect(track, p.z.px(2.0), theme::LINE_SOFT);
    let thumb_h = (track.h * view.h / content_h).max(p.z.px(30.0));
    let thumb_y = track.y + (track.h - thumb_h) * (scroll / max_scroll);
    p.c.fill_round_rect(Rect::new(track.x, thumb_y, track.w, thumb_h), p.z.px(2.0), Color::rgb(0x9AA8BC));
    if scroll < max_scroll - 1.0 {
        let fade = p.z.px(40.0);
        for i in 0..fade as i32 {
            let a = (i as f32 / fade * 235.0) as u8;
            p.c.fill_rect(
                Rect::new(view.x + p.z.px(2.0), view.bottom() - fade + i as f32, view.w - p.z.px(16.0), 1.0),
                Color(255, 255, 255, a),
            );
        }
        let label = "More below  ·  PgDn";
        let size = p.z.px(13.0);
        let w = p.measure(label, size, Weight::Bold) + p.z.px(24.0);
        let h = p.z.px(26.0);
        let pill = Rect::new(view.x + (view.w - w) / 2.0, view.bottom() - h - p.z.px(8.0), w, h);
        p.c.fill_round_rect(pill, h / 2.0, theme::BAR);
        p.label_in(label, pill, size, Weight::Bold, theme::CARD);
    }
}

fn review(p: &mut Painter<'_, '_>, scene: &Scene<'_>, top: f32, nav: Rect) {
    let s = scene.sitting;
    let ui = scene.ui;
    let card = card_area(p, top, nav.y);
    p.card(card);
    let pad = p.z.px(36.0);
    let inner = Rect::new(card.x + pad, card.y + p.z.px(28.0), card.w - 2.0 * pad, card.h - p.z.px(56.0));
    let (answered, incomplete, unanswered, marked) = s.counts();
    p.text("Review your answers", inner.x, inner.y, p.z.title(), Weight::Bold, theme::INK);
    let mut summary = format!("{answered} answered  ·  {unanswered} unanswered  ·  {marked} marked");
    if incomplete > 0 {
        summary = format!(
            "{answered} answered  ·  {incomplete} incomplete  ·  {unanswered} unanswered  ·  {marked} marked"
        );
    }
    let sy = inner.y + p.line_h(p.z.title()) + p.z.px(4.0);
    p.text(&summary, inner.x, sy, p.z.body(), Weight::Regular, theme::MUTED);

    // Filters: a segmented control.
    let fy = sy + p.line_h(p.z.body()) + p.z.px(18.0);
    let fh = p.z.px(36.0);
    let mut x = inner.x;
    for f in Filter::ALL {
        let count = match f {
            Filter::All => s.question_count(),
            Filter::Marked => marked,
            Filter::Unanswered => unanswered + incomplete,
        };
        let label = format!("{}  {count}", f.label());
        let size = p.z.px(15.0);
        let w = p.measure(&label, size, Weight::Bold) + p.z.px(32.0);
        let r = Rect::new(x, fy, w, fh);
        let on = ui.filter == f;
        let hover = p.hovered(Target::Filter(f));
        let bg = if on {
            theme::BAR
        } else if hover {
            theme::HOVER
        } else {
            theme::CARD
        };
        p.c.fill_round_rect(r, fh / 2.0, bg);
        if !on {
            p.c.stroke_round_rect(r, fh / 2.0, p.z.px(1.5).max(1.0), theme::LINE);
        }
        p.text_center(
            &label,
            r.x + w / 2.0,
            r.y + ((fh - p.line_h(size)) / 2.0).round(),
            size,
            Weight::Bold,
            if on { theme::CARD } else { theme::INK },
        );
        p.hit(r, Target::Filter(f));
        x += w + p.z.px(10.0);
    }
    let cap_h = p.z.px(22.0);
    let kw = p.keycap(
        "Tab",
        x + p.z.px(8.0),
        fy + ((fh - cap_h) / 2.0).round(),
        cap_h,
        theme::MUTED,
        theme::LINE_SOFT,
    );
    p.text(
        "switches",
        x + p.z.px(14.0) + kw,
        fy + ((fh - p.line_h(p.z.small())) / 2.0).round(),
        p.z.small(),
        Weight::Regular,
        theme::MUTED,
    );

    // The tiles.
    let tiles = ui.tiles(s);
    let grid = Rect::new(inner.x, fy + fh + p.z.px(22.0), inner.w, inner.bottom() - (fy + fh + p.z.px(22.0)));
    let columns = 10usize;
    let gap = p.z.px(10.0);
    let tw = ((grid.w - gap * (columns - 1) as f32) / columns as f32).floor();
    let rows = tiles.len().div_ceil(columns).max(1);
    let th = ((grid.h - gap * (rows - 1) as f32) / rows as f32).floor().min(p.z.px(72.0)).max(p.z.px(34.0));
    if tiles.is_empty() {
        let msg = match ui.filter {
            Filter::Marked => "No question is marked for review.",
            _ => "Every question has an answer.",
        };
        p.text(msg, grid.x, grid.y + p.z.px(8.0), p.z.body(), Weight::Regular, theme::MUTED);
    }
    for (i, &pos) in tiles.iter().enumerate() {
        let (row, col) = (i / columns, i % columns);
        let r = Rect::new(grid.x + col as f32 * (tw + gap), grid.y + row as f32 * (th + gap), tw, th);
        if r.bottom() > grid.bottom() + 1.0 {
            break;
        }
        let state = s.answer_state(pos);
        let hover = p.hovered(Target::Tile(pos));
        let (bg, border, num, note, note_color) = match state {
            AnswerState::Answered => {
                (Color::rgb(0xE8EEF7), Color::rgb(0xC3CFE0), theme::INK, "Answered", theme::MUTED)
            }
            AnswerState::Incomplete => {
                (theme::CARD, theme::WARN_BRIGHT, theme::INK, "Incomplete", theme::WARN)
            }
            AnswerState::Unanswered => (theme::CARD, theme::LINE, theme::INK, "Unanswered", theme::BAD),
        };
        let radius = p.z.px(8.0);
        p.c.fill_round_rect(r, radius, if hover { theme::HOVER } else { bg });
        p.c.stroke_round_rect(r, radius, p.z.px(1.5).max(1.0), border);
        if pos == ui.cursor {
            p.c.stroke_round_rect(
                Rect::new(r.x - 3.0, r.y - 3.0, r.w + 6.0, r.h + 6.0),
                radius + 3.0,
                p.z.px(3.0),
                theme::ACCENT,
            );
        }
        let nsize = (th * 0.3).round().min(p.z.px(20.0));
        let number = (pos + 1).to_string();
        let compact = th < p.z.px(52.0);
        let ny =
            if compact { r.y + ((th - p.line_h(nsize)) / 2.0).round() } else { r.y + (th * 0.16).round() };
        p.text_center(&number, r.x + tw / 2.0, ny, nsize, Weight::Bold, num);
        if !compact {
            let size = p.z.px(12.0);
            p.text_center(
                note,
                r.x + tw / 2.0,
                r.bottom() - p.line_h(size) - (th * 0.14).round(),
                size,
                Weight::Regular,
                note_color,
            );
        }
        if s.is_marked(pos) {
            let fh = (th * 0.28).round().min(p.z.px(16.0));
            p.flag(r.right() - fh - p.z.px(4.0), r.y + p.z.px(6.0), fh, theme::WARN_BRIGHT);
        }
        p.hit(r, Target::Tile(pos));
    }

    // Navigation.
    let hint_area = p.nav_buttons(
        nav,
        &[Btn("Back to question", "Esc", ButtonKind::Secondary, Target::Back)],
        &[Btn("Submit exam", "S", ButtonKind::Primary, Target::Submit)],
    );
    if hint_area.w > p.z.px(360.0) {
        p.hints(hint_area, &[("←↑↓→", "move"), ("Enter", "open question")], theme::MUTED, theme::LINE_SOFT);
    }
}
