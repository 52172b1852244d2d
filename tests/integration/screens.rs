//! Every screen drawn by the pure draw function at 1280x800, compared with a reviewed golden image
//! (`EXAMDAY_BLESS=1` rewrites them). `EXAMDAY_SHOTS=DIR` also writes 1920x1080 and HiDPI versions to look at.

use std::path::PathBuf;
use std::sync::Arc;

use examday::Elapsed;
use examday::app::draw::Picture;
use examday::app::exam_file;
use examday::driver::{Finding, Key, Offer, Stage, WindowSignal};
use examday::journal::CheckStatus;
use examday::proctor::Preset;

use crate::support::{Harness, Sim, fixture, right_positions, setup, small_paper, wrong_position};

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// Compares with the golden image: at most 0.2% of pixels may differ by more than a small amount.
pub fn check(name: &str, shot: Harness) {
    check_at(name, shot, 1280, 800);
}

pub fn check_at(name: &str, mut shot: Harness, width: u32, height: u32) {
    let img = shot.draw(width, height, 1.0);
    if let Some(dir) = std::env::var_os("EXAMDAY_SHOTS") {
        let dir = PathBuf::from(dir);
        std::fs::create_dir_all(&dir).unwrap();
        img.save(dir.join(format!("{name}-1280x800.png"))).unwrap();
        shot.draw(1920, 1080, 1.0).save(dir.join(format!("{name}-1920x1080.png"))).unwrap();
        shot.draw(2560, 1600, 2.0).save(dir.join(format!("{name}-2560x1600@2x.png"))).unwrap();
    }
    let path = golden_dir().join(format!("{name}.png"));
    if std::env::var_os("EXAMDAY_BLESS").is_some() {
        std::fs::create_dir_all(golden_dir()).unwrap();
        img.save(&path).unwrap();
        return;
    }
    let golden = image::open(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (EXAMDAY_BLESS=1 writes it)", path.display()))
        .to_rgba8();
    assert_eq!(golden.dimensions(), img.dimensions());
    let differing = golden
        .pixels()
        .zip(img.pixels())
        .filter(|(a, b)| a.0.iter().zip(b.0.iter()).any(|(x, y)| x.abs_diff(*y) > 24))
        .count();
    let limit = (width * height) as usize / 500;
    if differing > limit {
        let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}.actual.png"));
        img.save(&out).unwrap();
        panic!(
            "{name}: {differing} pixels differ from the golden image (limit {limit}); see {}",
            out.display()
        );
    }
}

fn long_paper() -> Arc<examday::exam::Paper> {
    exam_file::open(&fixture("long.toml")).unwrap().paper
}

#[test]
fn checkin_screen() {
    let mut shot = Harness::new(small_paper(), setup(Preset::Standard, 3));
    for (id, status, detail) in [
        ("monitors", CheckStatus::Pass, "1 monitor: 1280x800"),
        ("screen", CheckStatus::Pass, "1280x800 at scale 1"),
        ("applications", CheckStatus::Warn, "Close these before the exam: Slack, zoom, chromium"),
    ] {
        shot.found(Finding { id, status, detail: detail.into() });
    }
    assert_eq!(shot.driver.ui().stage, Stage::CheckIn);
    assert_eq!(shot.driver.ui().checkin.current().unwrap().id, "applications", "the warning waits for Enter");
    check("checkin", shot);
}

/// An 800x600 window (what X11 gives when no window manager grants fullscreen): the check-in's rows fit the card,
/// and the warning about the window manager is there to read whole, not cut off beside its buttons.
#[test]
fn checkin_on_a_small_window_without_a_window_manager() {
    let mut shot = Harness::new(small_paper(), setup(Preset::Standard, 3));
    shot.found(Finding { id: "monitors", status: CheckStatus::Pass, detail: "1 monitor: 1280x800".into() });
    shot.found(examday::app::checks::fullscreen((800, 600), (1280, 800), 1.0));
    assert_eq!(shot.driver.ui().checkin.current().unwrap().status, Some(CheckStatus::Warn));
    shot.draw(800, 600, 1.0);
    let lowest = shot.driver.ui().hits.iter().map(|h| h.rect.bottom()).fold(0.0, f32::max);
    assert!(lowest <= 600.0, "everything clickable is on the window");
    check_at("checkin-800x600", shot, 800, 600);
}

/// The top bar on an 800-pixel window with a long exam title: the title is cut with an ellipsis, and the
/// question number keeps clear of the clock.
#[test]
fn question_on_a_narrow_window() {
    let mock = examday::app::bundled::open(examday::app::bundled::find("pmle-mock-1").unwrap()).unwrap();
    let shot = Harness::started(mock.paper, Preset::Standard);
    check_at("question-800x600", shot, 800, 600);
}

#[test]
fn rules_screen() {
    let mut shot = Harness::new(small_paper(), setup(Preset::Strict, 3));
    shot.pass_checks();
    shot.keys(&[Key::Char('t'), Key::Enter, Key::Enter, Key::Enter, Key::Enter, Key::Enter]);
    assert_eq!(shot.driver.ui().stage, Stage::Rules);
    check("rules", shot);
}

#[test]
fn long_question_scrolls() {
    let mut shot = Harness::started(long_paper(), Preset::Standard);
    shot.at(61);
    shot.key(Key::Char('a'));
    assert!(shot.sitting().is_selected(0, 0));
    check("question-long", shot);
}

/// Moves to the question at `pos` with the arrow key, as a candidate does.
fn go_to(shot: &mut Harness, pos: usize) {
    for _ in 0..pos {
        shot.key(Key::Right);
    }
}

#[test]
fn multiple_select_question() {
    let mut shot = Harness::started(small_paper(), Preset::Standard);
    let pos = (0..4)
        .find(|&p| shot.sitting().paper().questions()[shot.sitting().question_at(p)].is_multiple_select())
        .unwrap();
    go_to(&mut shot, pos);
    shot.key(Key::Char('2'));
    shot.key(Key::Char('m'));
    shot.at(13 * 60 + 30);
    assert!(shot.sitting().is_marked(pos));
    check("question-multiple", shot);
}

#[test]
fn review_screen() {
    let mut shot = Harness::started(small_paper(), Preset::Standard);
    shot.keys(&[Key::Char('1'), Key::Char('m'), Key::Right, Key::Right, Key::Char('b'), Key::Char('r')]);
    shot.at(17 * 60);
    assert_eq!(shot.sitting().screen(), Some(examday::session::Screen::Review));
    check("review", shot);
}

#[test]
fn submit_confirmation() {
    let mut shot = Harness::started(small_paper(), Preset::Standard);
    shot.keys(&[Key::Char('r'), Key::Char('s')]);
    assert!(shot.driver.ui().confirm_submit);
    check("submit-confirm", shot);
}

#[test]
fn focus_alert() {
    let mut shot = Harness::started(small_paper(), Preset::Standard);
    shot.at(12 * 60 + 13);
    shot.window(WindowSignal::Focused(false));
    shot.at(12 * 60 + 21);
    assert!(shot.sitting().proctor().blocking().is_some());
    check("focus-alert", shot);
}

#[test]
fn close_confirmation() {
    let mut shot = Harness::started(small_paper(), Preset::Standard);
    shot.window(WindowSignal::CloseRequested);
    assert_eq!(shot.sitting().proctor().blocking(), Some(examday::journal::AlertKind::CloseConfirm));
    check("close-confirm", shot);
}

#[test]
fn idle_and_time_banners() {
    let mut shot = Harness::started(small_paper(), Preset::Standard);
    shot.at(5 * 60 + 2);
    check("banners", shot);
}

fn finished() -> Harness {
    let mut shot = Harness::started(small_paper(), Preset::Standard);
    for pos in 0..4 {
        let pick = if pos == 1 {
            vec![wrong_position(shot.sitting(), pos)]
        } else {
            right_positions(shot.sitting(), pos)
        };
        for o in pick {
            shot.key(Key::Char((b'1' + o as u8) as char));
        }
        shot.at(60 * (pos as u64 + 1));
        if pos < 3 {
            shot.key(Key::Right);
        }
    }
    shot.window(WindowSignal::Focused(false));
    shot.at(260);
    shot.window(WindowSignal::Focused(true));
    shot.key(Key::Enter);
    shot.at(400);
    shot.keys(&[Key::Char('r'), Key::Char('s'), Key::Char('y')]);
    shot
}

#[test]
fn results_screen() {
    let shot = finished();
    assert_eq!(shot.driver.ui().stage, Stage::Results);
    let report = shot.driver.report().expect("the report is built when the exam ends");
    assert_eq!(report.correct, 3);
    check("results", shot);
}

#[test]
fn debrief_screen() {
    let mut shot = finished();
    shot.keys(&[Key::Char('d'), Key::Right]);
    assert_eq!(shot.driver.ui().stage, Stage::Debrief(1));
    check("debrief", shot);
}

/// A sitting of the small exam that crashed two minutes into the clock, offered when examday starts again ten
/// minutes after the sitting began.
pub fn offer_after_a_crash() -> Offer {
    let mut sim = Sim::started(Preset::Standard);
    sim.wait_s(120);
    crate::support::offer_of(&sim.events, 10)
}

#[test]
fn resume_offer() {
    let shot = Harness::offered(small_paper(), setup(Preset::Standard, 3), offer_after_a_crash());
    assert_eq!(shot.driver.ui().stage, Stage::ResumeOffer);
    let (when, left) = shot.driver.status().resume.clone().unwrap();
    assert_eq!(when, "on Thu 26 Nov at 08:50");
    assert_eq!(left, Elapsed::from_mins(10), "20 minutes, of which 10 ran while examday was gone");
    assert!(shot.lines.is_empty(), "nothing is written while the candidate chooses");
    check("resume-offer", shot);
}

fn scripts_paper() -> Arc<examday::exam::Paper> {
    exam_file::open(&fixture("scripts.toml")).unwrap().paper
}

/// Arabic runs right to left with its letters joined, aligned to the right of the card.
#[test]
fn question_in_arabic() {
    let shot = Harness::started(scripts_paper(), Preset::Standard);
    assert_eq!(shot.sitting().paper().questions()[shot.sitting().question_at(0)].id(), "arabic");
    check("question-arabic", shot);
}

/// Chinese wraps between characters (there are no spaces to wrap at).
#[test]
fn question_in_chinese() {
    let mut shot = Harness::started(scripts_paper(), Preset::Standard);
    shot.key(Key::Right);
    check("question-chinese", shot);
}

/// Latin with Hebrew, Japanese and emoji in one paragraph.
#[test]
fn question_in_mixed_scripts() {
    let mut shot = Harness::started(scripts_paper(), Preset::Standard);
    shot.keys(&[Key::Right, Key::Right]);
    check("question-mixed", shot);
}

/// A chart-like picture: bars on a grid, so scaling artefacts would show.
fn chart(width: u32, height: u32) -> image::RgbaImage {
    image::RgbaImage::from_fn(width, height, |x, y| {
        let bar = x / (width / 8);
        let top = height - (bar + 1) * height / 9;
        if y % 40 == 0 || x % 60 == 0 {
            image::Rgba([220, 224, 230, 255])
        } else if y > top && x % (width / 8) > 12 {
            image::Rgba([37, 99, 235, 255])
        } else {
            image::Rgba([255, 255, 255, 255])
        }
    })
}

#[test]
fn question_with_an_image() {
    let dir = tempfile::tempdir().unwrap();
    let png = chart(640, 360);
    std::fs::create_dir(dir.path().join("img")).unwrap();
    png.save(dir.path().join("img/latency.png")).unwrap();
    let text = std::fs::read_to_string(fixture("small.toml"))
        .unwrap()
        .replace("shuffle_questions = true", "shuffle_questions = false");
    let text =
        text.replacen("domain = \"Serving\"\n", "domain = \"Serving\"\nimage = \"img/latency.png\"\n", 1);
    std::fs::write(dir.path().join("exam.toml"), text).unwrap();
    let paper = exam_file::open(&dir.path().join("exam.toml")).unwrap().paper;
    let mut shot = Harness::started(paper, Preset::Standard);
    shot.images.insert(
        "img/latency.png".to_string(),
        Picture { width: png.width(), height: png.height(), rgba: png.into_raw() },
    );
    check("question-image", shot);
}
