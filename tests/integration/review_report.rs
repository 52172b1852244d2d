//! A whole sitting driven through the core, sealed into a journal, replayed by review: the report people read.

use examday::journal::Journal;
use examday::review::{IncidentKind, Report, text};

use crate::cli::examday;
use crate::support::{fixture, full_sitting};

const FIXTURE: &str = "journals/full-sitting.jsonl";

/// The fixture journal is what the core writes today; `EXAMDAY_BLESS=1` rewrites it after a reviewed change.
#[test]
fn the_fixture_journal_is_what_the_core_writes() {
    let journal = full_sitting().journal();
    let path = fixture(FIXTURE);
    if std::env::var_os("EXAMDAY_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &journal).unwrap();
    }
    let stored = std::fs::read_to_string(&path).expect("fixture journal (EXAMDAY_BLESS=1 writes it)");
    assert!(stored == journal, "the core now writes a different journal than tests/fixtures/{FIXTURE}");
}

fn report() -> Report {
    let bytes = std::fs::read(fixture(FIXTURE)).unwrap();
    Report::from_journal(&Journal::read(&bytes)).unwrap()
}

#[test]
fn review_replays_the_figures_of_the_sitting() {
    let r = report();
    assert_eq!((r.exam_id.as_str(), r.total, r.correct, r.answered), ("small", 4, 2, 3));
    assert_eq!(r.score_percent, 50.0);
    assert!(r.passed, "50% meets the 50% pass mark");
    assert_eq!(r.recorded_score_agrees, Some(true));
    assert_eq!(r.duration_ms, 840_000);
    assert_eq!(r.allowed_ms, 1_200_000);
    assert_eq!((r.focus_losses, r.time_away_ms), (1, 12_000));
    assert_eq!((r.flickers, r.idle_incidents, r.idle_ms), (1, 1, 99_880));
    assert_eq!(r.close_attempts, 1);
    let loss = r.incidents.iter().find(|i| i.kind == IncidentKind::FocusLost).unwrap();
    assert_eq!((loss.at_ms, loss.duration_ms, loss.question_number), (180_000, 12_000, Some(2)));
    let q3 = &r.questions[2];
    assert_eq!((q3.correct, q3.changes), (true, 1));
    assert_eq!(r.changes.wrong_to_right, 1);
    assert_eq!(r.questions[1].visits, 2);
    assert!(r.questions[1].marked);
    assert_eq!(
        r.questions.iter().map(|q| q.time_ms).sum::<u64>(),
        840_000 - 100_000,
        "all but the review screen"
    );
    assert!(r.intact);
}

#[test]
fn the_text_review_reads_well() {
    insta::assert_snapshot!("full_sitting_review", text::render(&report()));
}

#[test]
fn the_json_review_has_the_documented_fields() {
    let out = examday(&["review", "--json", fixture(FIXTURE).to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in [
        "exam_id",
        "started_at",
        "duration_ms",
        "submitted_reason",
        "score_percent",
        "passed",
        "correct",
        "total",
        "domains",
        "focus_losses",
        "time_away_ms",
        "idle_incidents",
        "idle_ms",
        "alerts",
        "questions",
        "blocks",
        "intact",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    for key in ["id", "domain", "correct", "time_ms", "visits", "changes", "marked"] {
        assert!(v["questions"][0].get(key).is_some(), "question field {key}");
    }
    assert_eq!(v["submitted_reason"], "candidate");
    assert_eq!(v["blocks"][0]["start_min"], 0);
    assert_eq!(v["blocks"].as_array().unwrap().len(), 2);
    insta::assert_json_snapshot!("full_sitting_review_json", v);
}

#[test]
fn review_of_a_tampered_journal_says_so_and_covers_what_came_before() {
    let text = std::fs::read_to_string(fixture(FIXTURE)).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.remove(20);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.jsonl");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let out = examday(&["review", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Journal    TAMPERED at record 21 (line 21)"), "{stdout}");
    assert!(stdout.contains("provisional: never submitted"), "{stdout}");
}

#[test]
fn review_of_junk_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("junk.jsonl");
    std::fs::write(&path, "not json\n").unwrap();
    let out = examday(&["review", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with(&format!("{}: error: record 1 (line 1): not a journal record: ", path.display())),
        "{err}"
    );
}
