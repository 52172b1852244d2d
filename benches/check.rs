//! `cargo bench --bench check`: `examday check` on files built to be slow (the adversarial test's: 100,000 tags,
//! 100,000 time warnings, 20,000 domains), a 7,000-question bank for the near-duplicate search, and the bundled
//! exams linted together. Target: each well under a second (a check that grows with the square of its input
//! took 24 s on 100,000 tags).

use std::time::{Duration, Instant};

use examday::app::bundled;
use examday::exam::{Paper, Sheet, TrustImages, lint};

fn time(what: &str, text: &str) {
    let mut best = Duration::MAX;
    for _ in 0..3 {
        let start = Instant::now();
        match Paper::from_toml_placed("bench.toml", text, &TrustImages) {
            Ok((paper, places)) => {
                let found = lint(&[Sheet { file: "bench.toml", paper: &paper, places: &places }]);
                std::hint::black_box(found);
            }
            Err(e) => {
                std::hint::black_box(e.to_string());
            }
        }
        best = best.min(start.elapsed());
    }
    println!("{what}: {best:?} (best of 3, {} KB)", text.len() / 1024);
}

fn question(i: usize, domain: &str, stem: &str) -> String {
    format!(
        "[[questions]]\nid = \"q{i}\"\ndomain = \"{domain}\"\nstem = \"{stem}\"\n\
         options = [{{ text = \"a{i}\", correct = true }}, {{ text = \"b{i}\" }}]\n"
    )
}

fn main() {
    let n = 100_000;
    let tags: Vec<String> = (0..n).map(|i| format!("\"t{i}\"")).collect();
    let mut text = String::from("[exam]\nid = \"x\"\ntitle = \"X\"\n");
    text += &question(0, "d", "s").replace("stem", &format!("tags = [{}]\nstem", tags.join(",")));
    time("100,000 tags on one question", &text);

    let warnings: Vec<String> = (1..=n).map(|i| i.to_string()).collect();
    let text = format!(
        "[exam]\nid = \"x\"\ntitle = \"X\"\nduration_minutes = 1440\ntime_warnings_minutes = [{}]\n{}",
        warnings.join(","),
        question(0, "d", "s")
    );
    time("100,000 time warnings (98,560 of them errors)", &text);

    let domains: Vec<String> = (0..20_000).map(|i| format!("{{ name = \"d{i}\" }}")).collect();
    let mut text = format!("[exam]\nid = \"x\"\ntitle = \"X\"\ndomains = [{}]\n", domains.join(","));
    for i in 0..20_000 {
        text += &question(i, &format!("z{i}"), "s");
    }
    time("20,000 domains, 20,000 questions naming none of them", &text);

    // Stems of 40 words from a 3,000-word vocabulary: no rare words to index, the worst case for the search.
    let mut seed = 7u64;
    let mut word = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        format!("w{}", seed % 3000)
    };
    let mut text = String::from("[exam]\nid = \"x\"\ntitle = \"X\"\n");
    for i in 0..7_000 {
        let stem: Vec<String> = (0..40).map(|_| word()).collect();
        text += &question(i, "d", &stem.join(" "));
    }
    time("7,000 random 40-word stems (near-duplicate search)", &text);

    let start = Instant::now();
    let loaded: Vec<_> = bundled::EXAMS.iter().map(|b| bundled::open(b).unwrap()).collect();
    let sheets: Vec<Sheet<'_>> =
        loaded.iter().map(|e| Sheet { file: &e.source, paper: &e.paper, places: &e.places }).collect();
    std::hint::black_box(lint(&sheets));
    println!("the {} bundled exams read and linted together: {:?}", loaded.len(), start.elapsed());
}
