//! `cargo bench --bench import`: a 1,200-question bank in each format, read the way `examday import` and
//! `examday run BANK` read it: decoded, parsed, converted to an exam file and that file read back as a paper.
//! Target: each under a second (issue 10); a candidate's whole bank converts while they wait.

use std::fmt::Write;
use std::time::{Duration, Instant};

use examday::exam::{Paper, TrustImages};
use examday::import::{self, Format, Settings, Source};

const QUESTIONS: usize = 1_200;
const DOMAINS: [&str; 6] = ["Compute", "Storage", "Networking", "Security", "Databases", "Billing"];

/// Deterministic words, so each run measures the same bank.
struct Words(u64);

impl Words {
    fn next(&mut self) -> &'static str {
        const VOCABULARY: [&str; 24] = [
            "instance",
            "bucket",
            "latency",
            "region",
            "replica",
            "policy",
            "encryption",
            "throughput",
            "snapshot",
            "gateway",
            "queue",
            "cluster",
            "quota",
            "endpoint",
            "backup",
            "subnet",
            "role",
            "budget",
            "index",
            "stream",
            "cache",
            "certificate",
            "tenant",
            "workload",
        ];
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        VOCABULARY[(self.0 % VOCABULARY.len() as u64) as usize]
    }
    fn sentence(&mut self, n: usize) -> String {
        (0..n).map(|_| self.next()).collect::<Vec<_>>().join(" ")
    }
}

/// (stem, options, right option indexes, explanation, domain) for question `i`.
fn question(words: &mut Words, i: usize) -> (String, Vec<String>, Vec<usize>, String, &'static str) {
    let multi = i.is_multiple_of(5);
    let stem = format!(
        "Question {i}: which {} should the team choose{}",
        words.sentence(28),
        if multi { "? (Choose two.)" } else { "?" }
    );
    let options = (0..4).map(|o| format!("{} {}", words.sentence(9), o + i)).collect();
    let right = if multi { vec![i % 4, (i + 1) % 4] } else { vec![i % 4] };
    (stem, options, right, words.sentence(30), DOMAINS[i % DOMAINS.len()])
}

fn bank(format: Format) -> String {
    let mut words = Words(0x9E37_79B9_7F4A_7C15);
    let mut t = String::new();
    let letters = ["A", "B", "C", "D"];
    match format {
        Format::Csv => t.push_str("id,domain,question,A,B,C,D,answer,explanation\n"),
        Format::MoodleXml => t.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n"),
        _ => {}
    }
    let mut domain = "";
    for i in 0..QUESTIONS {
        let (stem, options, right, explanation, d) = question(&mut words, i);
        let key: String = right.iter().map(|&r| letters[r]).collect();
        match format {
            Format::Gift => {
                if d != domain {
                    let _ = writeln!(t, "$CATEGORY: $course$/top/{d}\n");
                }
                let _ = writeln!(t, "::q{i}:: {stem} {{");
                for (o, text) in options.iter().enumerate() {
                    let mark = if right.len() > 1 {
                        if right.contains(&o) { "~%50%" } else { "~%-100%" }
                    } else if right.contains(&o) {
                        "="
                    } else {
                        "~"
                    };
                    let _ = writeln!(t, "  {mark}{text} #{}", words.sentence(6));
                }
                let _ = writeln!(t, "  ####{explanation}\n}}\n");
            }
            Format::Aiken => {
                let _ = writeln!(t, "{stem}");
                for (o, text) in options.iter().enumerate() {
                    let _ = writeln!(t, "{}) {text}", letters[o]);
                }
                let _ =
                    writeln!(t, "ANSWER: {}\n", key.chars().map(String::from).collect::<Vec<_>>().join(", "));
            }
            Format::Csv => {
                let _ = writeln!(t, "q{i},{d},\"{stem}\",{},{key},\"{explanation}\"", options.join(","));
            }
            Format::Markdown => {
                let _ = writeln!(t, "{}. {stem}", i + 1);
                for (o, text) in options.iter().enumerate() {
                    let _ = writeln!(t, "    - {}. {text}", letters[o]);
                }
                let _ = writeln!(
                    t,
                    "\n    <details markdown=1><summary markdown='span'>Answer</summary>\n      Correct answer: {key}\n\n      Explanation: {explanation}\n    </details>\n"
                );
            }
            Format::MoodleXml => {
                if d != domain {
                    let _ = writeln!(
                        t,
                        "  <question type=\"category\"><category><text>$course$/top/{d}</text></category></question>"
                    );
                }
                let single = right.len() == 1;
                let _ = writeln!(
                    t,
                    "  <question type=\"multichoice\">\n    <name><text>q{i}</text></name>\n    <questiontext format=\"html\"><text><![CDATA[<p>{stem}</p>]]></text></questiontext>\n    <generalfeedback format=\"html\"><text><![CDATA[<p>{explanation}</p>]]></text></generalfeedback>\n    <single>{single}</single>"
                );
                for (o, text) in options.iter().enumerate() {
                    let fraction = match (right.contains(&o), single) {
                        (true, true) => "100",
                        (true, false) => "50",
                        (false, _) => "0",
                    };
                    let _ = writeln!(
                        t,
                        "    <answer fraction=\"{fraction}\" format=\"html\"><text>{text}</text><feedback><text>{}</text></feedback></answer>",
                        words.sentence(6)
                    );
                }
                let _ = writeln!(t, "  </question>");
            }
        }
        domain = d;
    }
    if format == Format::MoodleXml {
        t.push_str("</quiz>\n");
    }
    t
}

fn main() {
    // Input built to be slow: 200,000 '<' that never close a tag (a scan for '>' from each one is quadratic).
    let flood = format!("Q {} {{=a ~b}}", "<b".repeat(200_000));
    let start = Instant::now();
    let got = import::parse(Format::Gift, &flood);
    assert_eq!(got.questions.len(), 1);
    println!("GIFT, 200,000 unclosed '<' in one stem: {:?}", start.elapsed());
    let html = format!("<p>{}</p>", "a <b".repeat(200_000));
    let start = Instant::now();
    std::hint::black_box(import::text::html_to_text(&html));
    println!("HTML to text, 200,000 unclosed '<': {:?}", start.elapsed());

    for format in Format::ALL {
        let text = bank(format);
        let name = format!(
            "bank.{}",
            match format {
                Format::Gift => "gift",
                Format::Aiken => "txt",
                Format::MoodleXml => "xml",
                Format::Markdown => "md",
                Format::Csv => "csv",
            }
        );
        let mut best = Duration::MAX;
        let mut questions = 0;
        for _ in 0..3 {
            let start = Instant::now();
            let decoded = import::decode(&name, text.as_bytes()).expect("UTF-8");
            let detected = import::detect(&name, &decoded).expect("a known format");
            let imported = import::parse(detected, &decoded);
            let sources = vec![Source { file: name.clone(), format: detected, imported }];
            let settings = Settings {
                image_folder: "images".into(),
                fallback_name: "bank".into(),
                ..Settings::default()
            };
            let conversion = import::convert(sources, &settings).expect("questions");
            let paper =
                Paper::from_toml("bank.toml", &conversion.toml, &TrustImages).expect("an exam check accepts");
            questions = paper.questions().len();
            std::hint::black_box(paper);
            best = best.min(start.elapsed());
        }
        assert_eq!(questions, QUESTIONS, "{} lost questions", format.describe());
        println!(
            "{:<10} {QUESTIONS} questions, {:>5} KB: {best:?} (best of 3)",
            format.describe(),
            text.len() / 1024
        );
    }
}
