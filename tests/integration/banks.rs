//! Sittings of part of a paper: a draw from a bank (`[exam] draw`, `--questions`, `--domain`), and a retake of
//! the questions missed before (`--missed`), with the per-question history it is built from.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, FixedOffset};
use examday::app::exam_file;
use examday::exam::{DrawRequest, Paper};
use examday::journal::Journal;
use examday::proctor::Preset;
use examday::review::Report;
use examday::review::questions::{Outcome, question_records, retake_sitting};
use examday::session::{Action, Setup};

use crate::candidate;
use crate::support::{Sim, right_positions, setup, wrong_position};

fn bundled(name: &str) -> Arc<Paper> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("exams").join(name);
    exam_file::open(&path).expect("a bundled exam loads").paper
}

fn ids(paper: &Paper) -> Vec<String> {
    paper.questions().iter().map(|q| q.id().to_string()).collect()
}

fn per_domain(paper: &Paper) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for q in paper.questions() {
        *counts.entry(q.domain().to_string()).or_insert(0) += 1;
    }
    counts
}

fn at(day: u32) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-01T09:00:00+01:00").unwrap() + Duration::days(i64::from(day))
}

#[test]
fn a_draw_spreads_over_the_domains_by_their_weights_and_repeats_from_its_seed() {
    let paper = bundled("pmle-mock-1.toml");
    let request = DrawRequest { questions: Some(10), domains: Vec::new() };
    let drawn = paper.draw_sitting(&request, 41).unwrap();
    assert_eq!(drawn.questions().len(), 10);
    assert_eq!(drawn.id(), paper.id(), "a draw is a sitting of the same exam");
    // The weights (13, 14, 18, 20, 22, 13) give 1.3, 1.4, 1.8, 2.0, 2.2, 1.3 seats: 1, 2, 2, 2, 2, 1.
    let want: Vec<usize> = paper
        .domains()
        .iter()
        .map(|d| match d.weight().map(|w| w.round() as u32) {
            Some(14 | 18 | 20 | 22) => 2,
            _ => 1,
        })
        .collect();
    let got: Vec<usize> =
        paper.domains().iter().map(|d| per_domain(&drawn).get(d.name()).copied().unwrap_or(0)).collect();
    assert_eq!(got, want, "seats per domain, in the paper's domain order");
    // The questions keep the paper's order, without repeats; 10 of 60 questions get 10 of 120 minutes.
    let positions: Vec<usize> =
        ids(&drawn).iter().map(|id| paper.questions().iter().position(|q| q.id() == id).unwrap()).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    assert_eq!(drawn.duration_minutes(), 20);

    assert_eq!(ids(&paper.draw_sitting(&request, 41).unwrap()), ids(&drawn), "the same seed draws the same");
    let others: Vec<Vec<String>> =
        (0..5).map(|seed| ids(&paper.draw_sitting(&request, seed).unwrap())).collect();
    assert!(others.iter().any(|o| o != &ids(&drawn)), "other seeds draw other questions");
}

#[test]
fn domains_narrow_the_draw_and_wrong_requests_say_what_the_exam_has() {
    let paper = bundled("pmle-mock-1.toml");
    let first = paper.domains()[0].name().to_string();
    let second = paper.domains()[1].name().to_string();
    let only = paper.draw_sitting(&DrawRequest { questions: None, domains: vec![first.clone()] }, 1).unwrap();
    assert_eq!(per_domain(&only).keys().collect::<Vec<_>>(), [&first]);
    assert_eq!(only.questions().len(), per_domain(&paper)[&first], "all of the domain's questions");
    assert_eq!(only.domains().len(), 1);

    let two = DrawRequest { questions: Some(6), domains: vec![first.clone(), second.clone()] };
    let drawn = paper.draw_sitting(&two, 1).unwrap();
    assert_eq!(drawn.questions().len(), 6);
    assert!(drawn.questions().iter().all(|q| q.domain() == first || q.domain() == second));

    let unknown = paper.draw_sitting(&DrawRequest { questions: None, domains: vec!["Cooking".into()] }, 1);
    let message = unknown.unwrap_err();
    assert!(message.contains("no domain 'Cooking'") && message.contains(&first), "{message}");
    let too_many = paper.draw_sitting(&DrawRequest { questions: Some(61), domains: Vec::new() }, 1);
    assert!(too_many.unwrap_err().contains("cannot draw 61 questions: the exam has 60"));
}

#[test]
fn an_exam_can_ask_for_a_draw_per_sitting_and_keeps_its_time() {
    let text = std::fs::read_to_string(crate::support::fixture("small.toml")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bank.toml");
    std::fs::write(&path, text.replacen("pass_percent = 50", "pass_percent = 50\ndraw = 2", 1)).unwrap();
    let paper = exam_file::open(&path).unwrap().paper;
    assert_eq!(paper.draw(), Some(2));
    let drawn = paper.draw_sitting(&DrawRequest::default(), 3).unwrap();
    assert_eq!(drawn.questions().len(), 2);
    assert_eq!(
        per_domain(&drawn).values().collect::<Vec<_>>(),
        [&1, &1],
        "one from each domain (equal weights)"
    );
    assert_eq!(drawn.duration_minutes(), paper.duration_minutes(), "the exam's time is for its draw");

    for (bad, what) in [("draw = 0", "draw"), ("draw = 5", "draw")] {
        std::fs::write(&path, text.replacen("pass_percent = 50", &format!("pass_percent = 50\n{bad}"), 1))
            .unwrap();
        let Err(e) = exam_file::open(&path) else { panic!("{bad} is refused") };
        let e = e.to_string();
        assert!(e.contains("bank.toml") && e.contains(what) && e.contains("bank.toml:7:"), "{bad}: {e}");
    }
}

/// A submitted sitting of `paper`: the questions at the `wrong` positions answered wrongly, at `skipped` left
/// unanswered, the rest right. Returns the journal's text.
pub fn sitting(
    paper: &Arc<Paper>,
    seed: u64,
    wrong: &[usize],
    skipped: &[usize],
    day: u32,
) -> (String, Vec<String>) {
    let setup = Setup { exam_source: "exams/quick-rehearsal.toml".into(), ..setup(Preset::Standard, seed) };
    let mut sim = Sim::new(paper.clone(), setup);
    sim.act(Action::Start).unwrap();
    let mut asked = Vec::new();
    for pos in 0..paper.questions().len() {
        sim.act(Action::Show(pos)).unwrap();
        sim.wait_s(20);
        asked.push(paper.questions()[sim.sitting.question_at(pos)].id().to_string());
        if wrong.contains(&pos) {
            sim.act(Action::Toggle(wrong_position(&sim.sitting, pos))).unwrap();
        } else if !skipped.contains(&pos) {
            for shown in right_positions(&sim.sitting, pos) {
                sim.act(Action::Toggle(shown)).unwrap();
            }
        }
    }
    sim.act(Action::Review).unwrap();
    sim.act(Action::Submit).unwrap();
    assert_eq!(sim.count("submitted"), 1);
    (candidate::journal(&sim.events, at(day)), asked)
}

fn report(text: &str) -> Report {
    Report::from_journal(&Journal::read(text.as_bytes())).unwrap()
}

#[test]
fn a_retake_asks_exactly_the_questions_missed_most_recent_first() {
    let paper = bundled("quick-rehearsal.toml");
    let (first, asked) = sitting(&paper, 5, &[1, 4, 7], &[2, 9], 0);
    let first = report(&first);
    assert_eq!((first.correct, first.answered), (5, 8));

    let named = [("/j/20261101-090000-quick-rehearsal.jsonl", &first)];
    let (retake, bank) = retake_sitting(&paper, &named, None).expect("five to retake");
    let mut want: Vec<String> = [1, 2, 4, 7, 9].iter().map(|&p| asked[p].clone()).collect();
    assert_eq!(ids(&retake), want, "the misses in the order the sitting asked them");
    assert_eq!(bank.questions, 10);
    assert_eq!(bank.missed_in, ["20261101-090000-quick-rehearsal.jsonl"]);
    // Ten questions in 15 minutes: five keep their share, rounded up.
    assert_eq!(retake.duration_minutes(), paper.duration_minutes().div_ceil(2));
    assert_eq!(retake_sitting(&paper, &named, Some(7)).unwrap().0.duration_minutes(), 7);

    // The retake itself: two of the five now right, one still wrong, two left again. The newer misses come
    // first; the two put right drop out.
    let retake = Arc::new(retake);
    let (second, asked_again) = sitting(&retake, 9, &[0], &[3, 4], 2);
    let second = report(&second);
    let both = [
        ("/j/20261101-090000-quick-rehearsal.jsonl", &first),
        ("/j/20261103-090000-quick-rehearsal.jsonl", &second),
    ];
    let (next, bank) = retake_sitting(&paper, &both, None).unwrap();
    want = [0, 3, 4].iter().map(|&p| asked_again[p].clone()).collect();
    assert_eq!(ids(&next), want);
    assert_eq!(bank.missed_in, ["20261103-090000-quick-rehearsal.jsonl"]);

    // Per question: seen twice and missed twice for the one still wrong, once each for the ones put right.
    let records = question_records(&both);
    assert_eq!(records.len(), 10);
    let still_wrong = records.iter().find(|r| r.id == asked_again[0]).unwrap();
    assert_eq!((still_wrong.seen, still_wrong.missed, still_wrong.last), (2, 2, Outcome::Wrong));
    let put_right = records.iter().find(|r| r.id == asked_again[1]).unwrap();
    assert_eq!((put_right.seen, put_right.missed, put_right.last), (2, 1, Outcome::Right));
    assert_eq!(records.iter().filter(|r| r.seen == 1 && r.missed == 0).count(), 5);
}

#[test]
fn a_retake_ignores_unfinished_tampered_and_other_exams_sittings() {
    let paper = bundled("quick-rehearsal.toml");
    let (text, _) = sitting(&paper, 5, &[0, 1], &[], 0);
    // A line dropped from the middle breaks the chain.
    let lines: Vec<&str> = text.lines().collect();
    let cut: String =
        lines.iter().enumerate().filter(|(i, _)| *i != 5).map(|(_, l)| format!("{l}\n")).collect();
    let tampered = report(&cut);
    assert!(tampered.tampered.is_some());
    // Cut off before the submission: unfinished.
    let end = lines.iter().position(|l| l.contains("\"submitted\"")).unwrap();
    let unfinished = report(&(lines[..end].join("\n") + "\n"));
    assert!(unfinished.submitted_reason.is_none());
    let other = report(&sitting(&bundled("pmle-mock-1.toml"), 5, &[0, 1, 2], &[], 0).0);
    let sittings = [("a.jsonl", &tampered), ("b.jsonl", &unfinished), ("c.jsonl", &other)];
    assert!(retake_sitting(&paper, &sittings, None).is_none());
    assert!(question_records(&sittings[..2]).is_empty());
}

#[test]
fn the_review_says_what_part_of_the_bank_was_sat() {
    let paper = bundled("quick-rehearsal.toml");
    let (text, _) = sitting(&paper, 5, &[0, 3, 6], &[8], 0);
    let first = report(&text);
    let (retake, bank) = retake_sitting(&paper, &[("x.jsonl", &first)], None).unwrap();
    let setup = Setup { bank: Some(bank.clone()), ..setup(Preset::Standard, 3) };
    let mut sim = Sim::new(Arc::new(retake), setup);
    sim.act(Action::Start).unwrap();
    sim.act(Action::Review).unwrap();
    sim.act(Action::Submit).unwrap();
    let again = report(&candidate::journal(&sim.events, at(1)));
    assert_eq!(again.total, 4);
    assert_eq!(again.bank.as_ref(), Some(&bank), "the journal keeps where the questions came from");
    let text = examday::review::text::render(&again);
    assert!(text.contains("a retake of 4 questions missed in 1 sitting"), "{text}");
}

#[test]
fn history_lists_each_question_and_run_says_when_there_is_nothing_to_retake() {
    let paper = bundled("quick-rehearsal.toml");
    let journals = tempfile::tempdir().unwrap();
    let dir = journals.path().to_str().unwrap();
    let exam = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("exams/quick-rehearsal.toml");

    // No sitting yet: --missed stops before any window opens, saying why.
    let out = crate::cli::examday(&["run", exam.to_str().unwrap(), "--missed", "--journal-dir", dir]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("nothing to retake") && err.contains("quick-rehearsal"), "{err}");

    let (text, asked) = sitting(&paper, 5, &[1, 4, 7], &[2, 9], 0);
    std::fs::write(journals.path().join("20261101-090000-quick-rehearsal.jsonl"), &text).unwrap();
    // A tampered copy is named and left out.
    let cut: String =
        text.lines().enumerate().filter(|(i, _)| *i != 4).map(|(_, l)| format!("{l}\n")).collect();
    std::fs::write(journals.path().join("20261102-090000-quick-rehearsal.jsonl"), cut).unwrap();

    let out = crate::cli::examday(&["history", dir, "--exam", "quick-rehearsal", "--questions"]);
    assert_eq!(out.status.code(), Some(0));
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.starts_with("quick-rehearsal: 10 questions asked in submitted sittings"), "{table}");
    let wrong = table.lines().find(|l| l.starts_with(&asked[1])).unwrap();
    assert!(wrong.contains("   1       1  wrong (2026-11-01)"), "{wrong}");
    let skipped = table.lines().find(|l| l.starts_with(&asked[2])).unwrap();
    assert!(skipped.contains("unanswered"), "{skipped}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("20261102-090000-quick-rehearsal.jsonl: tampered"), "{err}");

    let out = crate::cli::examday(&["history", dir, "--exam", "quick-rehearsal", "--questions", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = json["questions"].as_array().unwrap();
    assert_eq!(rows.len(), 10);
    assert_eq!(rows.iter().filter(|r| r["missed"] == 1).count(), 5);
    assert_eq!(rows.iter().filter(|r| r["last"] == "unanswered").count(), 2);

    let out = crate::cli::examday(&["history", dir, "--questions"]);
    assert_eq!(out.status.code(), Some(2), "--questions needs --exam");
}
