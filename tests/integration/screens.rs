//! Every screen drawn by the pure draw function at 1280x800, compared with a reviewed golden image
//! (`EXAMDAY_BLESS=1` rewrites them). `EXAMDAY_SHOTS=DIR` also writes 1920x1080 and HiDPI versions to look at.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use examday::Elapsed;
use examday::app::checkin::{CheckIn, Finding};
use examday::app::draw::{self, Canvas, Picture, Scene, Status, Text};
use examday::app::exam_file;
use examday::app::ui::{Key, Stage, Ui};
use examday::journal::{CheckStatus, Journal};
use examday::proctor::{Preset, Signal};
use examday::review::Report;
use examday::session::{Action, Sitting};

use crate::support::{fixture, right_positions, setup, small_paper, wrong_position};

struct Shot {
    sitting: Sitting,
    ui: Ui,
    now: Elapsed,
    status: Status,
    report: Option<Report>,
    images: HashMap<String, Picture>,
}

impl Shot {
    fn new(paper: Arc<examday::exam::Paper>, preset: Preset) -> Shot {
        let sitting = Sitting::begin(paper, setup(preset, 3), Elapsed::ZERO);
        let status = Status {
            journal: "/home/candidate/.local/share/examday/sessions/20261126-090000-small.jsonl".into(),
            ..Status::default()
        };
        Shot {
            sitting,
            ui: Ui::new(CheckIn::new(false, 20), false),
            now: Elapsed::ZERO,
            status,
            report: None,
            images: HashMap::new(),
        }
    }

    fn started(paper: Arc<examday::exam::Paper>) -> Shot {
        let mut shot = Shot::new(paper, Preset::Standard);
        shot.ui.stage = Stage::Rules;
        shot.key(Key::Enter);
        shot
    }

    fn key(&mut self, key: Key) {
        self.ui.key(key, &mut self.sitting, self.now);
    }

    fn at(&mut self, secs: u64) {
        self.now = Elapsed::from_secs(secs);
        self.sitting.handle_timeout(self.now);
        self.ui.sync(&self.sitting);
    }

    fn finish(&mut self) {
        let mut events = Vec::new();
        while let Some(e) = self.sitting.poll_event() {
            events.push(e);
        }
        let journal = crate::support::seal_all(&events);
        self.report = Some(Report::from_journal(&Journal::read(journal.as_bytes())).unwrap());
    }

    fn draw(&mut self, width: u32, height: u32, scale: f32) -> image::RgbaImage {
        let mut buf = vec![0u8; (width * height * 4) as usize];
        let images = self.images.clone();
        let mut text = Text::new();
        // Two passes: the first learns the scroll limits and click targets, as the window does frame to frame.
        for _ in 0..2 {
            let scene = Scene {
                ui: &self.ui,
                sitting: &self.sitting,
                now: self.now,
                scale,
                status: &self.status,
                images: &images,
                report: self.report.as_ref(),
            };
            let mut canvas = Canvas::new(&mut buf, width, height);
            let painted = draw::frame(&mut canvas, &mut text, &scene);
            self.ui.hits = painted.hits;
            self.ui.max_scroll = painted.max_scroll;
            self.ui.page = painted.page;
        }
        image::RgbaImage::from_raw(width, height, buf).unwrap()
    }
}

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// Compares with the golden image: at most 0.2% of pixels may differ by more than a small amount.
fn check(name: &str, mut shot: Shot) {
    let img = shot.draw(1280, 800, 1.0);
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
    let limit = (1280 * 800) / 500;
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
    let mut shot = Shot::new(small_paper(), Preset::Standard);
    for (id, status, detail) in [
        ("monitors", CheckStatus::Pass, "1 monitor: 1280x800"),
        ("screen", CheckStatus::Pass, "1280x800 at scale 1"),
        ("applications", CheckStatus::Warn, "Close these before the exam: Slack, zoom, chromium"),
    ] {
        let items = shot.ui.checkin.found(Finding { id, status, detail: detail.into() });
        shot.ui.record(items, &mut shot.sitting, shot.now);
    }
    check("checkin", shot);
}

#[test]
fn rules_screen() {
    let mut shot = Shot::new(small_paper(), Preset::Strict);
    shot.ui.stage = Stage::Rules;
    check("rules", shot);
}

#[test]
fn long_question_scrolls() {
    let mut shot = Shot::started(long_paper());
    shot.at(61);
    shot.key(Key::Char('a'));
    check("question-long", shot);
}

#[test]
fn multiple_select_question() {
    let mut shot = Shot::started(small_paper());
    let pos = (0..4)
        .find(|&p| shot.sitting.paper().questions()[shot.sitting.question_at(p)].is_multiple_select())
        .unwrap();
    shot.sitting.handle_action(Action::Show(pos), Elapsed::ZERO).unwrap();
    shot.ui.sync(&shot.sitting);
    shot.key(Key::Char('2'));
    shot.key(Key::Char('m'));
    shot.at(13 * 60 + 30);
    check("question-multiple", shot);
}

#[test]
fn review_screen() {
    let mut shot = Shot::started(small_paper());
    shot.key(Key::Char('1'));
    shot.key(Key::Char('m'));
    shot.key(Key::Right);
    shot.key(Key::Right);
    shot.key(Key::Char('b'));
    shot.key(Key::Char('r'));
    shot.at(17 * 60);
    check("review", shot);
}

#[test]
fn submit_confirmation() {
    let mut shot = Shot::started(small_paper());
    shot.key(Key::Char('r'));
    shot.key(Key::Char('s'));
    check("submit-confirm", shot);
}

#[test]
fn focus_alert() {
    let mut shot = Shot::started(small_paper());
    shot.at(12 * 60 + 13);
    shot.sitting.handle_signal(Signal::FocusLost, shot.now);
    shot.at(12 * 60 + 21);
    check("focus-alert", shot);
}

#[test]
fn close_confirmation() {
    let mut shot = Shot::started(small_paper());
    shot.sitting.handle_signal(Signal::CloseRequested, shot.now);
    check("close-confirm", shot);
}

#[test]
fn idle_and_time_banners() {
    let mut shot = Shot::started(small_paper());
    shot.at(5 * 60 + 2);
    check("banners", shot);
}

fn finished() -> Shot {
    let mut shot = Shot::started(small_paper());
    for pos in 0..4 {
        shot.sitting.handle_action(Action::Show(pos), shot.now).unwrap();
        let pick = if pos == 1 {
            vec![wrong_position(&shot.sitting, pos)]
        } else {
            right_positions(&shot.sitting, pos)
        };
        for o in pick {
            shot.sitting.handle_action(Action::Toggle(o), shot.now).unwrap();
        }
        shot.at(60 * (pos as u64 + 1));
    }
    shot.sitting.handle_signal(Signal::FocusLost, shot.now);
    shot.at(260);
    shot.sitting.handle_signal(Signal::FocusGained, shot.now);
    shot.key(Key::Enter);
    shot.at(400);
    shot.key(Key::Char('r'));
    shot.key(Key::Char('s'));
    shot.key(Key::Char('y'));
    shot.finish();
    shot
}

#[test]
fn results_screen() {
    let shot = finished();
    assert_eq!(shot.ui.stage, Stage::Results);
    check("results", shot);
}

#[test]
fn debrief_screen() {
    let mut shot = finished();
    shot.key(Key::Char('d'));
    shot.key(Key::Right);
    check("debrief", shot);
}

#[test]
fn resume_offer() {
    let mut shot = Shot::new(small_paper(), Preset::Standard);
    shot.ui = Ui::new(CheckIn::new(false, 20), true);
    shot.status.resume = Some(("today at 09:00".into(), Elapsed::from_mins(12)));
    check("resume-offer", shot);
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
    let mut shot = Shot::started(paper);
    shot.images.insert(
        "img/latency.png".to_string(),
        Picture { width: png.width(), height: png.height(), rgba: png.into_raw() },
    );
    check("question-image", shot);
}
