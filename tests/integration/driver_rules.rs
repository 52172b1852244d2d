//! The app's own rules, through the driver and without a window: what Escape and closing mean at each stage,
//! how the check-in gates the exam, how a crashed sitting is offered and taken up, how the app ends. Written as
//! tables of (where the app is, what happens, what follows), like Helix's (before, keys, after) tests.

use examday::Elapsed;
use examday::driver::{Effect, Finding, Frame, Key, QuitReason, Stage, WindowSignal};
use examday::journal::{AlertKind, CheckStatus, Completion, Event, FinishedIndex, Integrity};
use examday::proctor::{Preset, Signal};
use examday::session::Phase;

use crate::screens::offer_after_a_crash;
use crate::support::{Harness, Sim, setup, small_paper};

/// Where a test begins.
#[derive(Clone, Copy, Debug)]
enum Before {
    ResumeOffer,
    CheckIn,
    Rules,
    Exam,
    ExamOnReview,
    Results,
    Debrief,
}

fn at(before: Before) -> Harness {
    match before {
        Before::ResumeOffer => {
            Harness::offered(small_paper(), setup(Preset::Standard, 3), offer_after_a_crash())
        }
        Before::CheckIn => Harness::new(small_paper(), setup(Preset::Standard, 3)),
        Before::Rules => {
            let mut h = Harness::new(small_paper(), setup(Preset::Standard, 3));
            h.pass_checks();
            h.keys(&[Key::Char('t'), Key::Enter, Key::Enter, Key::Enter, Key::Enter, Key::Enter]);
            h
        }
        Before::Exam => Harness::started(small_paper(), Preset::Standard),
        Before::ExamOnReview => {
            let mut h = Harness::started(small_paper(), Preset::Standard);
            h.key(Key::Char('r'));
            h
        }
        Before::Results | Before::Debrief => {
            let mut h = Harness::started(small_paper(), Preset::Standard);
            h.keys(&[Key::Char('r'), Key::Char('s'), Key::Char('y')]);
            if matches!(before, Before::Debrief) {
                h.key(Key::Char('d'));
            }
            h
        }
    }
}

fn quit_reason(h: &Harness) -> Option<QuitReason> {
    h.effects.iter().find_map(|e| match e {
        Effect::Quit(q) => Some(q.reason.clone()),
        _ => None,
    })
}

#[derive(Clone, Copy, Debug)]
enum Input {
    Key(Key),
    Close,
}

#[test]
fn escape_and_closing_mean_what_the_stage_says() {
    use Before::*;
    use Input::{Close, Key as K};
    // (where, what happens, the stage after, whether the app quits, events recorded by it)
    let table: &[(Before, Input, Stage, bool, &[&str])] = &[
        (ResumeOffer, K(Key::Escape), Stage::ResumeOffer, true, &[]),
        (ResumeOffer, Close, Stage::ResumeOffer, true, &[]),
        (CheckIn, K(Key::Escape), Stage::CheckIn, true, &[]),
        (CheckIn, Close, Stage::CheckIn, true, &["close_requested"]),
        (Rules, K(Key::Escape), Stage::Rules, true, &[]),
        (Rules, Close, Stage::Rules, true, &["close_requested"]),
        // In the exam, Escape does nothing and closing asks first (the real exam ends if you close it).
        (Exam, K(Key::Escape), Stage::Exam, false, &[]),
        (Exam, Close, Stage::Exam, false, &["close_requested", "alert_shown"]),
        (ExamOnReview, K(Key::Escape), Stage::Exam, false, &["question_shown"]),
        (Results, K(Key::Escape), Stage::Results, true, &[]),
        (Results, Close, Stage::Results, true, &[]),
        (Debrief, K(Key::Escape), Stage::Results, false, &[]),
        (Debrief, Close, Stage::Debrief(0), true, &[]),
    ];
    for &(before, input, after, quits, recorded) in table {
        let mut h = at(before);
        let written = h.lines.len();
        match input {
            Input::Key(k) => h.key(k),
            Input::Close => h.window(WindowSignal::CloseRequested),
        }
        let case = format!("{before:?} + {input:?}");
        assert_eq!(h.driver.ui().stage, after, "{case}: stage");
        assert_eq!(quit_reason(&h), quits.then_some(QuitReason::Done), "{case}: quits");
        let new: Vec<&str> = h.journal().records[written..].iter().map(|r| r.event.name()).collect();
        assert_eq!(new, recorded, "{case}: recorded");
    }
}

#[test]
fn the_exam_starts_only_after_every_check_in_item() {
    let mut h = Harness::new(small_paper(), setup(Preset::Standard, 3));
    assert!(h.effects.contains(&Effect::RunChecks), "the automatic checks are asked for at once");
    // Enter while the checks run does nothing; a warning waits for Enter; the checklist needs each Enter.
    h.key(Key::Enter);
    assert_eq!(h.driver.ui().checkin.current().unwrap().id, "monitors");
    h.found(Finding { id: "monitors", status: CheckStatus::Pass, detail: "1 monitor".into() });
    h.found(Finding { id: "screen", status: CheckStatus::Warn, detail: "1024x600 is small".into() });
    assert_eq!(h.driver.ui().checkin.current().unwrap().id, "screen");
    h.found(Finding { id: "applications", status: CheckStatus::Pass, detail: String::new() });
    h.key(Key::Enter);
    assert_eq!(h.driver.ui().checkin.current().unwrap().id, "sound", "the warning was accepted");
    h.keys(&[Key::Char('t'), Key::Char('x')]);
    assert_eq!(h.beeps.len(), 1, "the test tone played");
    for item in ["desk", "phone", "notifications", "no_breaks"] {
        assert_eq!(h.driver.ui().stage, Stage::CheckIn, "{item}");
        h.key(Key::Enter);
    }
    assert_eq!(h.driver.ui().stage, Stage::Rules);
    assert_eq!(h.sitting().phase(), Phase::CheckIn, "the clock has not started");
    h.key(Key::Enter);
    assert!(matches!(h.sitting().phase(), Phase::InProgress { .. }));
    let items: Vec<(String, CheckStatus)> = h
        .journal()
        .records
        .iter()
        .filter_map(|r| match &r.event {
            Event::CheckinItem { item, status, .. } => Some((item.clone(), *status)),
            _ => None,
        })
        .collect();
    assert_eq!(items.len(), 8, "{items:?}");
    assert_eq!(items[1], ("screen".to_string(), CheckStatus::Warn));
    assert_eq!(items[3], ("sound".to_string(), CheckStatus::Warn), "the tone was not heard");
}

#[test]
fn taking_up_an_offered_sitting_reopens_its_journal_and_the_clock_ran_on() {
    let offer = offer_after_a_crash();
    let last_seq = offer.last.seq;
    let mut h = Harness::offered(small_paper(), setup(Preset::Standard, 3), offer);
    assert!(h.effects.is_empty() && h.lines.is_empty(), "nothing happens until the candidate chooses");
    h.wait_s(30);
    h.key(Key::Char('y'));
    assert!(matches!(h.effects[0], Effect::ReopenJournal { keep, .. } if keep > 0));
    assert!(
        h.lines[0].starts_with(&format!("{{\"seq\":{},", last_seq + 1)),
        "the chain goes on: {}",
        h.lines[0]
    );
    // The warning due while examday was gone comes first, at its own time; then the resumption.
    assert!(h.lines[0].contains("\"event\":\"time_warning\",\"remaining_min\":15"), "{}", h.lines[0]);
    assert!(h.lines.iter().any(|l| l.contains("\"event\":\"session_resumed\",\"gap_ms\"")), "{:?}", h.lines);
    // With the lines before the crash, the journal is whole again.
    let mut offered = offer_after_a_crash().lines.concat();
    offered.push_str(&h.lines.concat());
    let whole = examday::journal::Journal::read(offered.as_bytes());
    assert!(whole.integrity.is_intact(), "{:?}", whole.integrity);
    assert!(matches!(whole.integrity, Integrity::Intact { .. }));
    // Ten minutes and thirty seconds since the sitting began: the countdown shows what is really left.
    let Phase::InProgress { deadline, .. } = h.sitting().phase() else { panic!("in progress") };
    let shown = h.driver.view(h.now).now;
    assert_eq!(deadline.since(shown), Elapsed::from_secs(9 * 60 + 30));
    assert_eq!(h.driver.ui().stage, Stage::Exam);
}

#[test]
fn declining_the_offer_starts_a_new_sitting_with_its_own_journal() {
    let mut h = Harness::offered(small_paper(), setup(Preset::Standard, 3), offer_after_a_crash());
    h.wait_s(5);
    h.key(Key::Char('n'));
    assert!(matches!(h.effects[0], Effect::OpenJournal { .. }), "{:?}", h.effects);
    assert!(h.effects.contains(&Effect::RunChecks));
    assert_eq!(h.names(), ["session_started"]);
    assert_eq!(h.driver.ui().stage, Stage::CheckIn);
    assert_eq!(h.journal().records[0].t_ms, 0, "the new sitting's clock starts now");
}

/// The adversarial test's hole 2: a crash while the focus alert was up, then resume. The away spell closes at
/// the resume (so the debrief shows the real time away, not "away until the end").
#[test]
fn a_crash_during_a_focus_alert_closes_the_spell_when_the_sitting_is_taken_up() {
    let mut sim = Sim::started(Preset::Standard);
    sim.wait_s(60);
    sim.signal(Signal::FocusLost);
    sim.wait_s(5);
    assert!(sim.names().ends_with(&["focus_lost", "alert_shown"]), "{:?}", sim.names());
    let lines = crate::support::seal_all(&sim.events);
    let offer = crate::support::offer_of(&sim.events, 3);
    let mut h = Harness::offered(small_paper(), setup(Preset::Standard, 3), offer);
    h.key(Key::Char('y'));
    let names: Vec<&str> = h.lines.iter().map(|l| l.split("\"event\":\"").nth(1).unwrap()).collect();
    assert!(names[0].starts_with("session_resumed") && names[1].starts_with("focus_regained"), "{names:?}");
    let away: Event = {
        let whole = lines.clone() + &h.lines.concat();
        let j = examday::journal::Journal::read(whole.as_bytes());
        assert!(j.integrity.is_intact(), "{:?}", j.integrity);
        j.records.iter().find(|r| r.event.name() == "focus_regained").unwrap().event.clone()
    };
    // Lost at 60 s, taken up at 180 s (three minutes after the sitting began).
    assert_eq!(away, Event::FocusRegained { away_ms: 120_000 });
    assert_eq!(h.sitting().proctor().away_since(), None);
    assert_eq!(
        h.sitting().proctor().blocking(),
        Some(AlertKind::FocusLost),
        "the alert still wants acknowledging"
    );
}

/// The adversarial test's hole 2 as it happened: the window regains focus while the resume offer is on screen
/// (the candidate came back to the computer and clicked it). That must not close the away spell unrecorded; the
/// spell closes, journaled, when the sitting is taken up.
#[test]
fn focus_regained_on_the_resume_offer_screen_does_not_lose_the_end_of_the_away_spell() {
    let mut sim = Sim::started(Preset::Standard);
    sim.wait_s(60);
    sim.signal(Signal::FocusLost);
    sim.wait_s(5);
    let lines = crate::support::seal_all(&sim.events);
    let offer = crate::support::offer_of(&sim.events, 3);
    let mut h = Harness::offered(small_paper(), setup(Preset::Standard, 3), offer);
    h.window(WindowSignal::Focused(false));
    h.wait_s(2);
    h.window(WindowSignal::Focused(true));
    h.pointer(examday::driver::Pointer::Moved { x: 10.0, y: 10.0 });
    h.wait_s(2);
    assert!(h.lines.is_empty(), "nothing is written while the offer is up");
    h.key(Key::Char('y'));
    let whole = examday::journal::Journal::read((lines + &h.lines.concat()).as_bytes());
    assert!(whole.integrity.is_intact());
    let regained: Vec<&Event> =
        whole.records.iter().map(|r| &r.event).filter(|e| e.name() == "focus_regained").collect();
    assert_eq!(regained, [&Event::FocusRegained { away_ms: 124_000 }], "lost at 60 s, taken up at 184 s");
    let report = examday::review::Report::from_journal(&whole).unwrap();
    assert_eq!(report.time_away_ms, 124_000, "the debrief shows the real time away, not away until the end");
}

#[test]
fn a_stop_signal_and_a_destroyed_window_are_recorded_and_end_the_app() {
    let mut h = at(Before::Exam);
    h.stop("SIGTERM");
    assert_eq!(h.names().last(), Some(&"interrupted"));
    assert_eq!(quit_reason(&h), Some(QuitReason::Interrupted("SIGTERM".into())));

    let mut h = at(Before::Exam);
    h.window(WindowSignal::Destroyed);
    let last = h.journal().records.last().unwrap().event.clone();
    assert_eq!(last, Event::Interrupted { signal: "window destroyed".into() });
    assert_eq!(quit_reason(&h), Some(QuitReason::WindowGone));
}

#[test]
fn a_finished_sitting_is_noted_for_the_index_with_its_scored_record() {
    let h = at(Before::Results);
    let finished = h
        .effects
        .iter()
        .find_map(|e| match e {
            Effect::Finished(f) => Some(f.clone()),
            _ => None,
        })
        .expect("the sitting is noted as finished");
    let journal = h.journal();
    let scored = journal.records.last().unwrap();
    assert_eq!(scored.event.name(), "scored");
    assert_eq!((finished.scored_seq, finished.scored_hash.as_str()), (scored.seq, scored.hash.as_str()));
    assert_eq!(finished.first_hash, journal.records[0].hash);
    // Cut the last two records off: the index still knows the sitting was scored.
    let index = FinishedIndex::parse(&FinishedIndex::line(&finished, "x.jsonl"));
    let cut: String = h.lines[..h.lines.len() - 2].concat();
    let cut = examday::journal::Journal::read(cut.as_bytes());
    assert!(cut.integrity.is_intact());
    assert!(matches!(index.completion(&cut), Completion::CutShort { .. }));
    assert_eq!(index.completion(&journal), Completion::Finished);
}

#[test]
fn the_pointer_is_confined_during_the_exam_and_freed_when_the_candidate_is_away() {
    let mut h = at(Before::Rules);
    assert!(!h.effects.iter().any(|e| matches!(e, Effect::GrabPointer(_))));
    h.key(Key::Enter);
    assert_eq!(h.effects.last(), Some(&Effect::GrabPointer(true)));
    h.window(WindowSignal::Focused(false));
    h.wait_s(1);
    assert_eq!(h.effects.last(), Some(&Effect::GrabPointer(false)));
}

#[test]
fn the_countdown_wakes_the_app_each_second_and_repaints_only_its_strip() {
    let mut h = at(Before::Exam);
    h.draw(1280, 800, 1.0);
    assert_eq!(h.driver.frame(h.now), None, "nothing changed");
    let next = h.driver.poll_timeout().unwrap();
    assert_eq!(next, h.now + Elapsed::from_secs(1));
    h.to(next);
    assert_eq!(h.driver.frame(h.now), Some(Frame::ClockOnly));
    h.key(Key::Char('1'));
    assert_eq!(h.driver.frame(h.now), Some(Frame::Full), "an answer repaints everything");
}

#[test]
fn a_click_acts_on_what_the_last_frame_drew_under_the_pointer() {
    let mut h = at(Before::Exam);
    h.draw(1280, 800, 1.0);
    let hit = h
        .driver
        .ui()
        .hits
        .iter()
        .find(|hit| hit.target == examday::driver::Target::Option(1))
        .copied()
        .expect("option B is drawn");
    h.pointer(examday::driver::Pointer::Moved { x: hit.rect.x + 4.0, y: hit.rect.y + 4.0 });
    assert_eq!(h.driver.ui().hover, Some(examday::driver::Target::Option(1)));
    h.pointer(examday::driver::Pointer::Pressed);
    assert!(h.sitting().is_selected(0, 1));
    assert_eq!(h.names().last(), Some(&"answer_changed"));
}

#[test]
fn a_crash_during_an_idle_alert_closes_the_idle_spell_when_the_sitting_is_taken_up() {
    let mut sim = Sim::started(Preset::Standard);
    sim.wait_s(100);
    assert!(sim.names().contains(&"idle_started"), "{:?}", sim.names());
    let lines = crate::support::seal_all(&sim.events);
    let offer = crate::support::offer_of(&sim.events, 4);
    let mut h = Harness::offered(small_paper(), setup(Preset::Standard, 3), offer);
    h.key(Key::Char('y'));
    let whole = examday::journal::Journal::read((lines + &h.lines.concat()).as_bytes());
    assert!(whole.integrity.is_intact());
    // Idle from the last input (0 s; the alert came at the 90 s limit) to the resumption at 240 s.
    let ended = whole.records.iter().find_map(|r| match r.event {
        Event::IdleEnded { idle_ms } => Some((r.t_ms, idle_ms)),
        _ => None,
    });
    assert_eq!(ended, Some((240_000, 240_000)));
    let report = examday::review::Report::from_journal(&whole).unwrap();
    assert_eq!(report.idle_ms, 240_000, "the debrief does not count the candidate idle until the end");
}
