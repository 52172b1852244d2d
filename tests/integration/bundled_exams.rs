//! The exams shipped in the binary: valid, balanced like the real exam guide, and complete enough to learn from.

use examday::app::bundled::{self, EXAMS};
use examday::exam::{Paper, Sheet, lint};

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
fn every_bundled_exam_passes_check_without_a_warning() {
    let paths: Vec<String> =
        EXAMS.iter().map(|b| format!("{}/exams/{}.toml", env!("CARGO_MANIFEST_DIR"), b.name)).collect();
    let mut args = vec!["check", "--deny-warnings"];
    args.extend(paths.iter().map(String::as_str));
    let out = examday(&args);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    for (b, path) in EXAMS.iter().zip(&paths) {
        assert_eq!(
            std::fs::read_to_string(path).unwrap(),
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

/// The figures a test-wise candidate would exploit, held well inside the lint's limits: the right option is the
/// longest in at most 30% of questions, right and wrong options are as long as each other (median ratio within
/// 0.85-1.15), and right options are spread over the positions in the file.
#[test]
fn no_bundled_exam_can_be_passed_by_a_trick() {
    let loaded: Vec<_> = EXAMS.iter().map(|b| bundled::open(b).unwrap()).collect();
    let sheets: Vec<Sheet<'_>> =
        loaded.iter().map(|e| Sheet { file: &e.source, paper: &e.paper, places: &e.places }).collect();
    let found = lint(&sheets);
    for (exam, findings) in loaded.iter().zip(&found.sheets) {
        let name = &exam.source;
        assert_eq!(findings.warnings, vec![], "{name} has warnings");
        let c = &findings.cues;
        assert!(
            c.key_longest_share() <= 0.30,
            "{name}: the right option is the longest in {}",
            c.key_longest
        );
        assert!(
            (0.85..=1.15).contains(&c.length_ratio_median),
            "{name}: right/wrong length ratio {:.2}",
            c.length_ratio_median
        );
        assert!(c.overlap_score <= c.chance + 0.10, "{name}: most-stem-words scores {:.2}", c.overlap_score);
        for (i, p) in c.positions.iter().enumerate() {
            assert!(
                (p.observed as f64) <= 2.0 * p.expected.max(1.0),
                "{name}: position {i} holds {} right options, fair share {:.1}",
                p.observed,
                p.expected
            );
        }
        assert!(c.positions_p >= 0.05, "{name}: right options unevenly placed (p = {:.3})", c.positions_p);
    }
}

#[test]
fn the_full_mocks_are_exam_sized() {
    for name in ["pmle-mock-1", "pmle-mock-2"] {
        let paper = bundled::open(bundled::find(name).unwrap()).unwrap().paper;
        assert_eq!(
            (paper.questions().len(), paper.duration_minutes(), paper.pass_percent()),
            (60, 120, 70.0),
            "{name}"
        );
        let multiple = paper.questions().iter().filter(|q| q.is_multiple_select()).count();
        assert!((8..=10).contains(&multiple), "{name}: {multiple} multiple-select questions");
        let mut words: Vec<usize> =
            paper.questions().iter().map(|q| q.stem().split_whitespace().count()).collect();
        words.sort_unstable();
        assert!(words[words.len() / 2] >= 50, "{name}: median stem of {} words", words[words.len() / 2]);
        let long = words.iter().filter(|w| (60..=180).contains(*w)).count();
        assert!(long * 2 > words.len(), "{name}: most stems are scenarios of 60 to 180 words ({long} are)");
    }
    let quick = bundled::open(bundled::find("quick-rehearsal").unwrap()).unwrap().paper;
    assert_eq!((quick.questions().len(), quick.duration_minutes()), (10, 15));
}

#[test]
fn question_ids_are_unique_across_the_bundled_exams() {
    let mut seen = std::collections::BTreeMap::new();
    for (name, paper) in papers() {
        for q in paper.questions() {
            if let Some(other) = seen.insert(q.id().to_string(), name) {
                panic!("question '{}' is in both {other} and {name}", q.id());
            }
        }
    }
}

#[test]
fn examday_lists_the_bundled_exams_and_names_the_default() {
    let out = examday(&["exams"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("pmle-mock-1        Professional ML Engineer: full mock exam 1 · 60 questions · 120 minutes  (the default"), "{text}");
    assert!(
        text.contains(
            "pmle-mock-2        Professional ML Engineer: full mock exam 2 · 60 questions · 120 minutes\n"
        ),
        "{text}"
    );
    assert!(text.contains("quick-rehearsal"), "{text}");
    assert_eq!(text.lines().count(), 3, "{text}");
    assert_eq!(bundled::DEFAULT, "pmle-mock-1");
}
