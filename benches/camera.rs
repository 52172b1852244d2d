//! `cargo bench --bench camera`: CPU time of the face finder on 320x240 fixture frames (tests/fixtures/camera):
//! a full search, a search of the region around the last face, and a frame skipped as unchanged. Target: the
//! whole sitting under 5% of one core at two analysed frames a second, so 25 ms a frame on average.

use std::path::Path;
use std::time::{Duration, Instant};

use examday::app::camera::detect::Search;
use examday::app::camera::{FaceFinder, GreyFrame};

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/camera");
    let frame = |name: &str| GreyFrame::from_image(&image::open(dir.join(name)).unwrap()).unwrap();
    let mut finder = FaceFinder::new().unwrap();

    for name in ["face.png", "empty.png", "two.png", "dim.png", "turned.png"] {
        let f = frame(name);
        report(&format!("full search, {name}"), (0..30).map(|_| time(|| finder.search_full(&f))).collect());
    }

    // The candidate moves a little each frame: only the area around the face changes, so the finder searches
    // that region (and the whole frame every fourth analysed frame, which these times include).
    let face = frame("face.png");
    let found = finder.find(&face)[0].clone();
    let around = (found.x - 10, found.y - 10, found.width + 20, found.height + 20);
    let moved: Vec<GreyFrame> =
        (0..4).map(|i| moved_within(&face, around, 1 + i, 12 * (i % 2) as u8 + 3)).collect();
    let (mut region, mut full) = (Vec::new(), Vec::new());
    for i in 0..120 {
        let t = time(|| finder.find(&moved[i % moved.len()]));
        match finder.last_search() {
            Search::Region => region.push(t),
            _ => full.push(t),
        }
    }
    let mixed: Vec<Duration> = region.iter().chain(&full).copied().collect();
    report("region around the last face (face.png, moving)", region);
    report("full searches in that sequence (every 4th)", full);
    report("moving face, all frames", mixed.clone());

    finder.find(&face);
    let skipped: Vec<Duration> = (0..200).map(|_| time(|| finder.find(&face))).collect();
    assert_eq!(finder.last_search(), Search::Skipped);
    report("unchanged frame, skipped (face.png)", skipped);

    let mean = mixed.iter().sum::<Duration>() / mixed.len() as u32;
    println!(
        "a moving face at 2 analysed frames a second: {:.1}% of one core (mean {mean:?} a frame)",
        mean.as_secs_f64() * 2.0 * 100.0
    );
}

fn time<T>(f: impl FnOnce() -> T) -> Duration {
    let start = Instant::now();
    std::hint::black_box(f());
    start.elapsed()
}

/// `frame` with the pixels of `r` moved `dx` to the right and brightened by `lift` (the test suite's helper).
fn moved_within(frame: &GreyFrame, (x, y, w, h): (u32, u32, u32, u32), dx: u32, lift: u8) -> GreyFrame {
    let width = frame.width();
    let mut pixels = frame.pixels().to_vec();
    for row in y..y + h {
        for col in (x + dx..x + w).rev() {
            pixels[(row * width + col) as usize] =
                frame.pixels()[(row * width + col - dx) as usize].saturating_add(lift);
        }
    }
    GreyFrame::new(width, frame.height(), pixels).unwrap()
}

fn report(what: &str, mut times: Vec<Duration>) {
    times.sort();
    let pick = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
    println!(
        "{what}: median {:.2} ms, p95 {:.2} ms, min {:.2} ms over {} frames",
        pick(0.5).as_secs_f64() * 1e3,
        pick(0.95).as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times.len()
    );
}
