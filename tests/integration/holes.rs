//! The holes an adversarial test of the release binary found, each reproduced: a second examday on a live
//! sitting, a journal whose numbers are absurd, a journal whose end was cut off after the results, junk after
//! the end, a blank line at the end, and the smaller ones. Each test failed before its fix.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use examday::app::journal_lock::JournalLock;
use examday::journal::{Event, FinishedIndex, Journal};
use examday::proctor::Preset;

use crate::support::{Sim, fixture, full_sitting, seal_all, small_paper};

/// Runs examday with its home in `home`, no display, and a time limit: a hang is a failure, not a stuck test.
fn examday_in(home: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_examday"))
        .args(args)
        .env("EXAMDAY_HOME", home)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("examday {args:?} did not finish in 20 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A sitting of the small exam left two minutes into the clock, as its journal in `dir`.
fn unfinished_journal(dir: &Path) -> PathBuf {
    let mut sim = Sim::started(Preset::Standard);
    sim.wait_s(120);
    let path = dir.join("20261126-090000-small.jsonl");
    std::fs::write(&path, sim.journal()).unwrap();
    path
}

// ----- 1. one live process per journal -----

#[test]
fn a_second_run_of_a_sitting_in_progress_is_refused_and_writes_nothing() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("sessions");
    std::fs::create_dir(&dir).unwrap();
    let journal = unfinished_journal(&dir);
    let before = std::fs::read(&journal).unwrap();
    // Another examday is sitting it: it holds the journal's lock.
    let _live = JournalLock::acquire(&journal).unwrap();
    let out = examday_in(home.path(), &["run", fixture("small.toml").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("small is being sat in another examday"), "{err}");
    assert!(err.contains(&format!("(pid {})", std::process::id())), "names the process: {err}");
    assert_eq!(std::fs::read(&journal).unwrap(), before, "the live journal is untouched");
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1, "no other journal was started");
}

// ----- 3. numbers in a journal never size a loop or an allocation -----

/// The full sitting's events with session_started changed by `edit`, re-sealed so the chain holds.
fn resealed(edit: impl Fn(&mut Vec<(examday::Elapsed, Event)>)) -> String {
    let mut events = full_sitting().events;
    edit(&mut events);
    seal_all(&events)
}

#[test]
fn absurd_durations_and_times_are_refused_quickly_by_review_history_and_png() {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "huge-duration",
            resealed(|e| {
                if let Event::SessionStarted(s) = &mut e[0].1 {
                    s.duration_ms = 1_000_000_000_000_000;
                }
            }),
            "duration_ms 1000000000000000 is not a sitting of this paper",
        ),
        (
            "big-duration",
            resealed(|e| {
                if let Event::SessionStarted(s) = &mut e[0].1 {
                    s.duration_ms = 10_000_000_000_000;
                }
            }),
            "is not a sitting of this paper",
        ),
        (
            "far-time",
            resealed(|e| {
                let last = e.len() - 1;
                e[last].0 = examday::Elapsed::from_ms(1_000_000_000_000_000);
            }),
            "is long after the sitting ended",
        ),
        (
            "moved-deadline",
            resealed(|e| {
                for (_, ev) in e.iter_mut() {
                    if let Event::ExamStarted { deadline_ms, .. } = ev {
                        *deadline_ms = 1_000_000_000_000_000;
                    }
                }
            }),
            "not its start plus the 20 minutes of the sitting",
        ),
    ];
    for (name, journal, reason) in &cases {
        let path = dir.path().join(format!("20261126-090000-{name}.jsonl"));
        std::fs::write(&path, journal).unwrap();
        assert!(Journal::read(journal.as_bytes()).integrity.is_intact(), "{name}: the chain was re-sealed");
        let started = Instant::now();
        let png = dir.path().join(format!("{name}.png"));
        let out =
            examday_in(home.path(), &["review", path.to_str().unwrap(), "--png", png.to_str().unwrap()]);
        assert!(started.elapsed() < Duration::from_secs(5), "{name}: review took {:?}", started.elapsed());
        assert_eq!(out.status.code(), Some(2), "{name}: {}", text(&out.stderr));
        assert!(text(&out.stderr).contains(reason), "{name}: {}", text(&out.stderr));
        assert!(!png.exists(), "{name}: no chart of a journal that cannot be replayed");
    }
    // One good sitting among them: history lists it, and names each bad file with its reason.
    std::fs::write(dir.path().join("20261127-090000-small.jsonl"), full_sitting().journal()).unwrap();
    let out = examday_in(home.path(), &["history", "--json", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let history: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(history["sittings"].as_array().unwrap().len(), 1, "{history}");
    let problems = history["problems"].as_array().unwrap();
    assert_eq!(problems.len(), cases.len(), "{history}");
    for (name, _, reason) in &cases {
        assert!(
            problems.iter().any(|p| p["journal"].as_str().unwrap().contains(name)
                && p["reason"].as_str().unwrap().contains(reason)),
            "{name}: {problems:?}"
        );
    }
}

// ----- 4. a journal's end: finished, unfinished, or cut off -----

/// The full sitting, finished, noted in the index of finished sittings under `home`.
fn finished_and_indexed(home: &Path, dir: &Path) -> (PathBuf, String) {
    let text = full_sitting().journal();
    let journal = Journal::read(text.as_bytes());
    let first = &journal.records[0];
    let scored = journal.records.last().unwrap();
    let entry = examday::journal::Finished {
        first_hash: first.hash.clone(),
        exam_id: "small".into(),
        scored_seq: scored.seq,
        scored_hash: scored.hash.clone(),
    };
    std::fs::write(home.join("finished.tsv"), FinishedIndex::line(&entry, "20261126-090000-small.jsonl"))
        .unwrap();
    let path = dir.join("20261126-090000-small.jsonl");
    std::fs::write(&path, &text).unwrap();
    (path, text)
}

#[test]
fn verify_tells_finished_unfinished_and_tampered_apart() {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (path, text) = finished_and_indexed(home.path(), dir.path());
    let verify = |bytes: &str| {
        std::fs::write(&path, bytes).unwrap();
        let out = examday_in(home.path(), &["verify", path.to_str().unwrap()]);
        (out.status.code(), text_of(&out.stdout))
    };
    fn text_of(b: &[u8]) -> String {
        String::from_utf8_lossy(b).into_owned()
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let n = lines.len();

    let (code, out) = verify(&text);
    assert_eq!((code, out.starts_with("intact, finished: 32 records")), (Some(0), true), "{out}");

    // `scored` removed, or `submitted` and `scored`: the index knows it was scored.
    for cut in [1, 2] {
        let (code, out) = verify(&lines[..n - cut].concat());
        assert_eq!(code, Some(1), "{out}");
        assert!(out.starts_with(&format!("tampered: record {} ", n - cut + 1)), "{out}");
        assert!(out.contains("the sitting was scored (record 32"), "{out}");
    }

    // Junk without a final newline after `scored` is not a crash: nothing is written after the end.
    let (code, out) = verify(&format!("{text}{{\"seq\":33,\"junk"));
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("bytes after the end of the sitting (record 32 scored it)"), "{out}");

    // A trailing blank line (an editor's) is not tampering.
    let (code, out) = verify(&format!("{text}\n"));
    assert_eq!(code, Some(0), "{out}");
    let (code, _) = verify(&format!("{text}  \r\n\n"));
    assert_eq!(code, Some(0));

    // A sitting still in progress is intact and unfinished.
    let mut sim = Sim::started(Preset::Standard);
    sim.wait_s(60);
    let (code, out) = verify(&sim.journal());
    assert_eq!(code, Some(0));
    assert!(out.starts_with("intact, unfinished: "), "{out}");
}

#[test]
fn a_journal_cut_off_after_its_results_is_not_offered_for_resuming() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("sessions");
    std::fs::create_dir(&dir).unwrap();
    let (path, text) = finished_and_indexed(home.path(), &dir);
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    std::fs::write(&path, lines[..lines.len() - 2].concat()).unwrap();
    let out = examday_in(home.path(), &["run", fixture("small.toml").to_str().unwrap()]);
    let err = text_of(&out.stderr);
    assert!(err.contains("was cut short after the results, so it is not offered for resuming"), "{err}");
    // Without a display the new sitting cannot start either, and leaves nothing behind.
    assert!(err.contains("no display"), "{err}");
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
    fn text_of(b: &[u8]) -> String {
        String::from_utf8_lossy(b).into_owned()
    }
    let _ = small_paper();
}

// ----- 6. the smaller ones -----

#[test]
fn a_home_that_cannot_be_looked_into_does_not_fail_on_a_checkin_list_that_is_not_there() {
    // EXAMDAY_HOME is a file: nothing can be looked up under it (as in a home folder without permission).
    let home = tempfile::tempdir().unwrap();
    let not_a_folder = home.path().join("home");
    std::fs::write(&not_a_folder, "").unwrap();
    let journals = tempfile::tempdir().unwrap();
    let out = examday_in(
        &not_a_folder,
        &["run", fixture("small.toml").to_str().unwrap(), "--journal-dir", journals.path().to_str().unwrap()],
    );
    let err = text(&out.stderr);
    assert!(!err.contains("checkin.toml: error"), "{err}");
    assert!(err.contains("the check-in uses its own list of applications"), "{err}");
    assert!(err.contains("no display"), "it gets as far as the window: {err}");
}

#[test]
fn a_fifo_as_a_question_image_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("img")).unwrap();
    let fifo = dir.path().join("img/pipe.png");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let exam = std::fs::read_to_string(fixture("small.toml")).unwrap().replacen(
        "domain = \"Serving\"\n",
        "domain = \"Serving\"\nimage = \"img/pipe.png\"\n",
        1,
    );
    std::fs::write(dir.path().join("exam.toml"), exam).unwrap();
    let home = tempfile::tempdir().unwrap();
    let out = examday_in(home.path(), &["check", dir.path().join("exam.toml").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("is not a regular file"), "{}", text(&out.stderr));
}

#[test]
fn escape_sequences_in_an_exam_are_shown_not_obeyed_by_check_and_review() {
    let dir = tempfile::tempdir().unwrap();
    let exam = std::fs::read_to_string(fixture("small.toml"))
        .unwrap()
        .replace("title = \"Small test exam\"", "title = \"Small \\u001b[2J\\u001b]0;pwned\\u0007exam\"")
        .replace("id = \"serve-latency\"", "id = \"serve\\u001b[31m-latency\"");
    let path = dir.path().join("exam.toml");
    std::fs::write(&path, &exam).unwrap();
    let home = tempfile::tempdir().unwrap();
    let out = examday_in(home.path(), &["check", path.to_str().unwrap()]);
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(!all.contains('\u{1b}') && !all.contains('\u{7}'), "{all:?}");
    assert!(all.contains("Small \\u{1b}[2J\\u{1b}]0;pwned\\u{7}exam"), "{all}");

    // The same title recorded in a journal, printed by review and history.
    let paper = examday::exam::Paper::from_toml("exam.toml", &exam, &examday::exam::TrustImages).unwrap();
    let mut sim = Sim::new(std::sync::Arc::new(paper), crate::support::setup(Preset::Standard, 1));
    sim.act(examday::session::Action::Start).unwrap();
    sim.wait_s(60);
    sim.act(examday::session::Action::Submit).unwrap();
    let journal = dir.path().join("20261126-090000-small.jsonl");
    std::fs::write(&journal, sim.journal()).unwrap();
    for args in [vec!["review", journal.to_str().unwrap()], vec!["history", dir.path().to_str().unwrap()]] {
        let out = examday_in(home.path(), &args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", text(&out.stderr));
        let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
        assert!(!all.contains('\u{1b}'), "{args:?}: {all:?}");
    }
}

#[test]
fn lines_the_disk_would_not_take_are_saved_privately_with_the_way_back() {
    use std::os::unix::fs::PermissionsExt;
    let unwritten = examday::app::journal_writer::Unwritten {
        path: PathBuf::from("/exams/20261126-090000-small.jsonl"),
        lines: vec!["{\"seq\":7}\n".into(), "{\"seq\":8}\n".into()],
        error: "No space left on device".into(),
    };
    let message = examday::app::journal_writer::save_unwritten(&unwritten);
    let saved = message
        .lines()
        .find_map(|l| l.strip_prefix("They are saved in "))
        .and_then(|l| l.split(". Once").next())
        .map(PathBuf::from)
        .unwrap_or_else(|| panic!("{message}"));
    assert_eq!(std::fs::read_to_string(&saved).unwrap(), "{\"seq\":7}\n{\"seq\":8}\n");
    assert_eq!(std::fs::metadata(&saved).unwrap().permissions().mode() & 0o777, 0o600);
    let name = saved.file_name().unwrap().to_str().unwrap();
    assert!(name.starts_with("examday-unwritten-") && name.len() > "examday-unwritten-.jsonl".len() + 4);
    assert!(message.contains(&format!("cat {} >> /exams/20261126-090000-small.jsonl", saved.display())));
    assert!(!message.contains("resume"), "it promises nothing `run` does not do: {message}");
    std::fs::remove_file(saved).unwrap();
}
