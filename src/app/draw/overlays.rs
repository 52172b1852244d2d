//! What goes over a screen: banners (idle, time warnings, a lenient focus loss or camera warning, talking,
//! journal trouble), notices, and the alerts that stop the candidate (focus lost, the camera's warning, closing,
//! submitting).

use super::theme::{self};
use super::{Btn, ButtonKind, Color, Painter, Rect, Scene, Weight};
use crate::Elapsed;
use crate::driver::{Stage, Target};
use crate::journal::{AlertKind, SensorKind};
use crate::session::Phase;

struct Banner {
    text: String,
    bg: Color,
    fg: Color,
}

fn banner_list(scene: &Scene<'_>) -> Vec<Banner> {
    let mut list = Vec::new();
    if let Some(problem) = &scene.status.journal_problem {
        list.push(Banner {
            text: format!("The journal cannot be written ({problem}). Nothing is lost: records wait in memory and are retried."),
            bg: theme::BAD,
            fg: theme::CARD,
        });
    }
    if scene.ui.stage != Stage::Exam {
        return list;
    }
    let s = scene.sitting;
    let alerts = s.proctor().alerts();
    if alerts.contains(&AlertKind::FocusBanner) {
        list.push(Banner {
            text: "The exam window lost focus. This is logged: keep your attention on the exam.".to_string(),
            bg: theme::WARN_BRIGHT,
            fg: theme::INK,
        });
    }
    if alerts.contains(&AlertKind::SightBanner) {
        let about = s.proctor().sensors().alert_about().unwrap_or(SensorKind::FaceAbsent);
        list.push(Banner {
            text: format!("{} This is logged.", sight_words(about).0),
            bg: theme::WARN_BRIGHT,
            fg: theme::INK,
        });
    }
    if alerts.contains(&AlertKind::Speech) {
        list.push(Banner {
            text: "Talking is not allowed during the exam. This is logged.".to_string(),
            bg: theme::WARN_BRIGHT,
            fg: theme::INK,
        });
    }
    if alerts.contains(&AlertKind::Idle) {
        list.push(Banner {
            text: "Please focus on the screen. No input for a while: a proctor would ask you to look at the exam."
                .to_string(),
            bg: theme::WARN_BRIGHT,
            fg: theme::INK,
        });
    }
    if let Some(m) = s.time_banner(scene.now) {
        let text = if m == 1 { "1 minute remaining.".to_string() } else { format!("{m} minutes remaining.") };
        let urgent = m <= 5;
        list.push(Banner {
            text: format!("{text} Unanswered questions score nothing; make sure each has an answer."),
            bg: if urgent { theme::BAD } else { theme::ACCENT },
            fg: theme::CARD,
        });
    }
    list
}

/// The height the banners take under the top bar (screens start their content below it).
pub fn banner_space(p: &Painter<'_, '_>, scene: &Scene<'_>) -> f32 {
    banner_list(scene).len() as f32 * p.z.px(44.0)
}

pub fn banners(p: &mut Painter<'_, '_>, scene: &Scene<'_>) {
    let h = p.z.px(44.0);
    let mut y = p.z.bar_height();
    for b in banner_list(scene) {
        let r = Rect::new(0.0, y, p.c.width(), h);
        p.c.fill_rect(r, b.bg);
        let size = p.z.body();
        let text = super::fit(p, &b.text, r.w - p.z.px(48.0), size, Weight::Bold);
        p.text_center(&text, r.w / 2.0, r.y + ((h - p.line_h(size)) / 2.0).round(), size, Weight::Bold, b.fg);
        y += h;
    }
    if let Some((notice, _)) = &scene.ui.notice {
        let size = p.z.body();
        let w = p.measure(notice, size, Weight::Regular) + p.z.px(40.0);
        let nh = p.z.px(42.0);
        let bottom = if matches!(scene.ui.stage, Stage::Exam | Stage::Debrief(_)) {
            p.c.height() - p.z.nav_height()
        } else {
            p.c.height()
        };
        let r = Rect::new(((p.c.width() - w) / 2.0).round(), bottom - nh - p.z.px(16.0), w, nh);
        p.c.fill_round_rect(r, nh / 2.0, Color(0x1B, 0x2A, 0x41, 235));
        p.label_in(notice, r, size, Weight::Regular, theme::CARD);
    }
}

pub fn alerts(p: &mut Painter<'_, '_>, scene: &Scene<'_>) {
    if scene.ui.stage != Stage::Exam {
        return;
    }
    let s = scene.sitting;
    if !matches!(s.phase(), Phase::InProgress { .. }) {
        return;
    }
    match s.proctor().blocking() {
        Some(AlertKind::CloseConfirm) => close_confirm(p, scene),
        Some(AlertKind::FocusLost) => focus_alert(p, scene),
        Some(AlertKind::Sight) => sight_alert(p, scene),
        _ if scene.ui.confirm_submit => submit_confirm(p, scene),
        _ => {}
    }
}

/// Dims everything and returns a centred dialog box of the given size.
fn dialog(p: &mut Painter<'_, '_>, w: f32, h: f32) -> Rect {
    p.hits.clear();
    p.c.fill(theme::SHADE);
    let w = w.min(p.c.width() - p.z.px(40.0));
    let r = Rect::new(((p.c.width() - w) / 2.0).round(), ((p.c.height() - h) / 2.0).round(), w, h);
    p.card(r);
    r
}

fn dialog_buttons(
    p: &mut Painter<'_, '_>,
    r: Rect,
    no: (&str, &str),
    yes: (&str, &str),
    yes_kind: ButtonKind,
) {
    let bh = p.z.px(46.0);
    let pad = p.z.px(32.0);
    let band = Rect::new(r.x, r.bottom() - pad - bh, r.w, bh);
    let buttons =
        [Btn(no.0, no.1, ButtonKind::Secondary, Target::No), Btn(yes.0, yes.1, yes_kind, Target::Yes)];
    p.buttons_to(band, r.right() - pad, bh, &buttons);
}

fn submit_confirm(p: &mut Painter<'_, '_>, scene: &Scene<'_>) {
    let s = scene.sitting;
    let (_, incomplete, unanswered, marked) = s.counts();
    let r = dialog(p, p.z.px(600.0), p.z.px(300.0));
    let pad = p.z.px(32.0);
    let w = r.w - 2.0 * pad;
    let mut y = r.y + pad;
    p.text("Submit the exam?", r.x + pad, y, p.z.px(24.0), Weight::Bold, theme::INK);
    y += p.line_h(p.z.px(24.0)) + p.z.px(12.0);
    let open = unanswered + incomplete;
    let mut body = match (open, marked) {
        (0, 0) => "Every question has an answer and none is marked for review.".to_string(),
        (0, m) => format!(
            "Every question has an answer; {m} {} marked for review.",
            if m == 1 { "is" } else { "are" }
        ),
        (u, 0) => {
            format!("{u} {} no complete answer.", if u == 1 { "question has" } else { "questions have" })
        }
        (u, m) => format!(
            "{u} {} no complete answer, and {m} {} marked for review.",
            if u == 1 { "question has" } else { "questions have" },
            if m == 1 { "is" } else { "are" }
        ),
    };
    body.push_str(&format!(
        " {} left on the clock. Once submitted, answers cannot change.",
        crate::elapsed::human(s.remaining(scene.now).as_ms())
    ));
    p.para(&body, r.x + pad, y, w, p.z.px(17.0), Weight::Regular, 1.45, theme::MUTED);
    dialog_buttons(p, r, ("Go back", "N"), ("Submit", "Y"), ButtonKind::Primary);
}

fn close_confirm(p: &mut Painter<'_, '_>, scene: &Scene<'_>) {
    let r = dialog(p, p.z.px(620.0), p.z.px(290.0));
    let pad = p.z.px(32.0);
    let mut y = r.y + pad;
    p.text("No breaks: closing ends your exam.", r.x + pad, y, p.z.px(24.0), Weight::Bold, theme::INK);
    y += p.line_h(p.z.px(24.0)) + p.z.px(12.0);
    let left = crate::elapsed::human(scene.sitting.remaining(scene.now).as_ms());
    let body = format!(
        "The real exam has no pause. If you end now, the exam is submitted as it stands, with {left} unused. End now?"
    );
    p.para(&body, r.x + pad, y, r.w - 2.0 * pad, p.z.px(17.0), Weight::Regular, 1.45, theme::MUTED);
    dialog_buttons(p, r, ("Keep going", "N"), ("End the exam", "Y"), ButtonKind::Danger);
}

/// A full-screen red alert's page: the window filled, the clock kept in its corner (it does not stop for the
/// alert). Returns the text column's left edge, its width, and where its icon goes.
fn alert_page(p: &mut Painter<'_, '_>, scene: &Scene<'_>) -> (f32, f32, f32) {
    p.hits.clear();
    p.c.fill(theme::ALERT_RED);
    let (w, h) = (p.c.width(), p.c.height());
    let left = format!("Time left  {}", scene.sitting.remaining(scene.now).countdown());
    p.text_right(&left, w - p.z.px(28.0), p.z.px(18.0), p.z.px(17.0), Weight::Bold, theme::CARD);
    let col = (w - 2.0 * p.z.px(40.0)).min(p.z.px(820.0));
    (((w - col) / 2.0).round(), col, (h * 0.24).round())
}

fn focus_alert(p: &mut Painter<'_, '_>, scene: &Scene<'_>) {
    let s = scene.sitting;
    let (x, col, mut y) = alert_page(p, scene);
    let lost_at = s
        .proctor()
        .away_since()
        .or_else(|| last_loss(scene))
        .map(|t| t.since(started(scene)).clock().to_string())
        .unwrap_or_default();
    let r = p.z.px(34.0);
    p.c.fill_circle(x + r, y + r, r, theme::CARD);
    p.c.line((x + r, y + r * 0.5), (x + r, y + r * 1.12), p.z.px(6.0), theme::ALERT_RED);
    p.c.fill_circle(x + r, y + r * 1.48, p.z.px(4.0), theme::ALERT_RED);
    y += 2.0 * r + p.z.px(28.0);
    let title = format!("The exam window lost focus at {lost_at}.");
    y += p.para(&title, x, y, col, p.z.px(34.0), Weight::Bold, 1.25, theme::CARD) + p.z.px(14.0);
    y += p.para(
        "Keep your attention on the exam.",
        x,
        y,
        col,
        p.z.px(22.0),
        Weight::Regular,
        1.4,
        theme::CARD,
    );
    y += p.z.px(10.0);
    let losses = s.proctor().focus_losses();
    let mut note = format!(
        "This is focus loss {losses}. A live proctor sees every one, and it is in your journal with the time you were away."
    );
    if let Some(n) = s.proctor().rules().terminate_after {
        note = format!("This is focus loss {losses} of {n}: at {n} the proctor ends the exam.");
    }
    if s.proctor().away_since().is_some() {
        note.push_str(" Come back to this window to continue.");
    }
    y += p.para(&note, x, y, col, p.z.px(18.0), Weight::Regular, 1.45, Color(255, 255, 255, 215))
        + p.z.px(36.0);
    let bh = p.z.px(52.0);
    let bw = p.button_width("I am back: continue", "Enter", bh);
    p.button(
        Rect::new(x, y, bw, bh),
        "I am back: continue",
        "Enter",
        ButtonKind::OnDark,
        Target::Acknowledge,
    );
}

/// What the camera warning says: its title, and what to do.
fn sight_words(kind: SensorKind) -> (&'static str, &'static str) {
    match kind {
        SensorKind::FacesMultiple => (
            "More than one face is in view.",
            "Only you may be in the room during the exam. A live proctor would stop the exam.",
        ),
        SensorKind::LookingAway => (
            "Please focus on the screen.",
            "Your eyes left the screen. A live proctor flags looking away: keep your eyes on the exam.",
        ),
        _ => (
            "We can't see your face.",
            "Stay in front of the camera, centred and in good light, for the whole exam.",
        ),
    }
}

/// The camera's warning, as the seed's proctor flashes it: full screen, acknowledged with Enter.
fn sight_alert(p: &mut Painter<'_, '_>, scene: &Scene<'_>) {
    let s = scene.sitting;
    let (x, col, mut y) = alert_page(p, scene);
    let watch = s.proctor().sensors();
    let kind = watch.alert_about().unwrap_or(SensorKind::FaceAbsent);
    let (title, advice) = sight_words(kind);
    let r = p.z.px(34.0);
    // A camera: body and lens.
    p.c.fill_round_rect(Rect::new(x, y + r * 0.3, r * 2.0, r * 1.4), r * 0.25, theme::CARD);
    p.c.fill_circle(x + r, y + r, r * 0.45, theme::ALERT_RED);
    p.c.fill_circle(x + r, y + r, r * 0.22, theme::CARD);
    y += 2.0 * r + p.z.px(28.0);
    y += p.para(title, x, y, col, p.z.px(34.0), Weight::Bold, 1.25, theme::CARD) + p.z.px(14.0);
    y += p.para(advice, x, y, col, p.z.px(22.0), Weight::Regular, 1.4, theme::CARD);
    y += p.z.px(10.0);
    let count = watch.count(kind);
    let mut note = match watch.open().get(&kind) {
        Some(since) => format!("Since {}. ", since.since(started(scene)).clock()),
        None => String::new(),
    };
    note.push_str(&format!(
        "This is the {} time; it is in your journal with how long it lasted.",
        crate::proctor::ordinal(count)
    ));
    if let (Some(each), Some(all)) =
        (s.proctor().rules().terminate_after, s.proctor().rules().terminate_after_total)
    {
        note.push_str(&format!(
            " At {each} of one kind, or {all} warnings in all, the proctor ends the exam."
        ));
    }
    y += p.para(&note, x, y, col, p.z.px(18.0), Weight::Regular, 1.45, Color(255, 255, 255, 215))
        + p.z.px(36.0);
    let bh = p.z.px(52.0);
    let label = "I understand: continue";
    let bw = p.button_width(label, "Enter", bh);
    p.button(Rect::new(x, y, bw, bh), label, "Enter", ButtonKind::OnDark, Target::Acknowledge);
}

fn started(scene: &Scene<'_>) -> Elapsed {
    match scene.sitting.phase() {
        Phase::InProgress { started, .. } => started,
        _ => Elapsed::ZERO,
    }
}

/// When the window last went away, for an alert still up after focus came back.
fn last_loss(scene: &Scene<'_>) -> Option<Elapsed> {
    scene.sitting.proctor().last_loss()
}
