//! The exams shipped in the binary: valid, balanced like the real exam guide, and complete enough to learn from.

use examday::app::bundled::{self, EXAMS};
use examday::exam::Paper;

use crate::cli::examday;

fn papers() -> Vec<(&'static str, Paper)> {
    EXAMS
        .iter()
        .map(|b| {
            (b.name, bundled::open(b).unwrap_or_else(|e| panic!("{}: {e}", b.name)).paper.as_ref().clone())
        })
        .collect()
}

#[test]
fn every_bundled_exam_passes_check() {
    for b in EXAMS {
        let path = format!("{}/exams/{}.toml", env!("CARGO_MANIFEST_DIR"), b.name);
        let out = examday(&["check", &path]);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            b.text,
            "the binary embeds exams/{}.toml as it is",
            b.name
        );
    }
}

#[test]
fn domain_shares_follow_the_exam_guide() {
    for (name, paper) in papers() {
        let n = paper.questions().len() as f64;
        let total: f64 =
            paper.domains().iter().map(|d| d.weight().expect("bundled domains carry weights")).sum();
        for d in paper.domains() {
            let target = n * d.weight().unwrap() / total;
            let actual = paper.questions().iter().filter(|q| q.domain() == d.name()).count() as f64;
            assert!(
                (actual - target).abs() <= 2.0,
                "{name}: {} has {actual} questions, target {target:.1}",
                d.name()
            );
        }
    }
}

#[test]
fn every_option_says_why_and_every_question_explains() {
    for (name, paper) in papers() {
        for q in paper.questions() {
            assert!(q.explanation().is_some(), "{name}: {} has no explanation", q.id());
            for (i, o) in q.options().iter().enumerate() {
                assert!(o.why().is_some(), "{name}: option {} of {} has no why", i + 1, q.id());
            }
            assert!(!q.tags().is_empty(), "{name}: {} has no tags", q.id());
            let criteria =
                ["cost", "data size", "latency", "speed", "scalability", "customisation", "maintenance"];
            for t in q.tags() {
                assert!(
                    criteria.contains(&t.as_str()),
                    "{name}: {} has tag '{t}', not a selection criterion",
                    q.id()
                );
            }
        }
    }
}

#[test]
fn no_two_stems_open_alike() {
    let mut seen: Vec<(String, String)> = Vec::new();
    for (name, paper) in papers() {
        for q in paper.questions() {
            let opening: String = q.stem().chars().take(60).collect();
            if let Some((other, _)) = seen.iter().find(|(_, o)| *o == opening) {
                panic!("{name}: {} opens like {other}: {opening:?}", q.id());
            }
            seen.push((format!("{name}/{}", q.id()), opening));
        }
    }
}

#[test]
fn the_full_mock_is_exam_sized() {
    let paper = bundled::open(bundled::find("pmle-mock-1").unwrap()).unwrap().paper;
    assert_eq!((paper.questions().len(), paper.duration_minutes(), paper.pass_percent()), (60, 120, 70.0));
    let multiple = paper.questions().iter().filter(|q| q.is_multiple_select()).count();
    assert!(multiple >= 8, "{multiple} multiple-select questions");
    let long = paper
        .questions()
        .iter()
        .filter(|q| (60..=180).contains(&q.stem().split_whitespace().count()))
        .count();
    assert!(long * 2 > paper.questions().len(), "most stems are scenarios of 60 to 180 words ({long} are)");
    let quick = bundled::open(bundled::find("quick-rehearsal").unwrap()).unwrap().paper;
    assert_eq!((quick.questions().len(), quick.duration_minutes()), (10, 15));
}

#[test]
fn examday_lists_the_bundled_exams_and_names_the_default() {
    let out = examday(&["exams"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("pmle-mock-1        Professional ML Engineer: full mock exam 1 · 60 questions · 120 minutes  (the default"), "{text}");
    assert!(text.contains("quick-rehearsal"), "{text}");
    assert_eq!(bundled::DEFAULT, "pmle-mock-1");
}
