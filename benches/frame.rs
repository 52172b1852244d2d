//! `cargo bench --bench frame`: CPU time to build a full 1920x1080 frame of a 250-word question with five
//! options (before presenting), and of the once-a-second countdown strip. Target: a full frame under 4 ms.

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

use examday::Elapsed;
use examday::app::draw::{self, Canvas, Rect, Scene, Text};
use examday::app::exam_file;
use examday::driver::{Driver, Finding, Key, Start};
use examday::journal::{CheckStatus, Host};
use examday::proctor::Rules;
use examday::session::Setup;

fn main() {
    let exam =
        exam_file::open(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/long.toml")).unwrap();
    let setup = Setup {
        seed: 1,
        rules: Rules::default(),
        minutes: None,
        quick_start: true,
        exam_sha256: exam.sha256.clone(),
        exam_source: exam.source.clone(),
        host: Host::default(),
        app_version: "bench".into(),
        bank: None,
    };
    // The app as the window drives it: checks pass, no sound (so no sound test), the rules read, option B chosen.
    let mut driver = Driver::new(Start {
        paper: exam.paper.clone(),
        setup,
        origin_wall: chrono::DateTime::default(),
        offer: None,
        journal: "bench.jsonl".into(),
        free_pointer: true,
        silent: Some(("the benchmark plays no sound".into(), true)),
        sensors: Default::default(),
    });
    for id in ["monitors", "screen", "applications"] {
        driver.handle_found(Finding { id, status: CheckStatus::Pass, detail: String::new() }, Elapsed::ZERO);
    }
    driver.handle_key(Key::Enter, Elapsed::ZERO);
    driver.handle_key(Key::Char('b'), Elapsed::ZERO);
    while driver.poll_effect().is_some() {}
    let (w, h) = (1920u32, 1080u32);
    let mut buf = vec![0u8; (w * h * 4) as usize];
    let mut text = Text::new();
    let images = HashMap::new();

    let mut run = |strip: bool, n: usize| -> Vec<Duration> {
        (0..n)
            .map(|i| {
                let scene = Scene::new(driver.view(Elapsed::from_ms(1000 * i as u64)), 1.0, &images);
                let start = Instant::now();
                let mut canvas = Canvas::with_order(&mut buf, w, h, true);
                if strip {
                    canvas.set_clip(Rect::new(0.0, 0.0, w as f32, 56.0));
                }
                std::hint::black_box(draw::frame(&mut canvas, &mut text, &scene));
                start.elapsed()
            })
            .collect()
    };
    let first = run(false, 1)[0];
    let full = run(false, 200);
    let strip = run(true, 200);
    println!("first frame (cold glyph and layout caches): {first:?}");
    report("full 1920x1080 frame, 250-word question, 5 options", full);
    report("countdown strip only (the 1 Hz redraw)", strip);
}

fn report(what: &str, mut times: Vec<Duration>) {
    times.sort();
    let pick = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
    println!(
        "{what}: median {:?}, p95 {:?}, min {:?} over {} frames",
        pick(0.5),
        pick(0.95),
        times[0],
        times.len()
    );
}
