//! `cargo bench --bench history`: `examday history` over 200 journals of full two-hour sittings of the mock
//! exam. Target: under one second, reading, checking, replaying and tabulating them all.

#[path = "../tests/integration/candidate.rs"]
#[allow(dead_code)]
mod candidate;
#[path = "../tests/integration/support.rs"]
#[allow(dead_code)]
mod support;

use std::time::Instant;

use examday::app::{bundled, journals};
use examday::review::history::History;

fn main() {
    let paper = bundled::open(bundled::find("pmle-mock-1").unwrap()).unwrap().paper;
    let dir = std::env::temp_dir().join(format!("examday-history-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let start = chrono::DateTime::parse_from_rfc3339("2026-01-01T09:00:00.000+01:00").unwrap();
    let mut bytes = 0;
    for i in 0..200u64 {
        let text = candidate::journal(
            &candidate::sitting(paper.clone(), i + 1),
            start + chrono::Duration::days(i as i64),
        );
        bytes += text.len();
        std::fs::write(dir.join(format!("{i:03}-pmle-mock-1.jsonl")), text).unwrap();
    }
    println!("200 journals, {:.1} MB in all", bytes as f64 / 1e6);
    let mut times = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let files = journals::collect(std::slice::from_ref(&dir)).unwrap();
        let history = History::new(journals::load_all(&files), None);
        std::hint::black_box(history.text());
        assert_eq!(history.sittings.len(), 200);
        times.push(t.elapsed());
    }
    times.sort();
    println!("history of 200 two-hour sittings: median {:?}, worst {:?} over 5 runs", times[2], times[4]);
    let _ = std::fs::remove_dir_all(&dir);
}
