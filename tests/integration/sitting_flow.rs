//! The sitting on a virtual clock: the countdown, warnings, navigation, answers, marks, scoring, replay.

use std::collections::BTreeSet;

use examday::Elapsed;
use examday::journal::{Event, SubmitReason};
use examday::proctor::{Beep, Preset, Signal};
use examday::session::{Action, AnswerState, Order, Phase, Refusal, Score, Screen, Sitting};

use crate::support::{Sim, right_positions, setup, small_paper, wrong_position};

const DEADLINE: Elapsed = Elapsed::from_mins(20);

#[test]
fn starting_shows_the_first_question_and_sets_the_deadline() {
    let sim = Sim::started(Preset::Standard);
    assert_eq!(sim.names(), ["session_started", "exam_started", "question_shown"]);
    assert_eq!(sim.sitting.phase(), Phase::InProgress { started: Elapsed::ZERO, deadline: DEADLINE });
    assert_eq!(sim.sitting.screen(), Some(Screen::Question(0)));
    assert_eq!(sim.sitting.remaining(Elapsed::from_secs(61)), Elapsed::from_ms(1_139_000));
}

#[test]
fn submission_happens_exactly_at_the_deadline() {
    let mut sim = Sim::started(Preset::Lenient);
    sim.to(DEADLINE - Elapsed::from_ms(1));
    assert!(matches!(sim.sitting.phase(), Phase::InProgress { .. }));
    sim.to(DEADLINE + Elapsed::from_secs(30));
    let (t, e) = sim.find("submitted").unwrap();
    assert_eq!((*t, e), (DEADLINE, &Event::Submitted { reason: SubmitReason::TimeUp }));
    assert_eq!(sim.find("scored").unwrap().0, DEADLINE);
    assert_eq!(sim.sitting.phase(), Phase::Submitted { reason: SubmitReason::TimeUp, at: DEADLINE });
}

#[test]
fn a_late_action_finds_the_exam_already_submitted_at_the_deadline() {
    let mut sim = Sim::started(Preset::Standard);
    // No timeout call in between: the shell was busy. The action must not sneak in after time is up.
    sim.now = DEADLINE + Elapsed::from_secs(3);
    assert_eq!(sim.act(Action::Toggle(0)), Err(Refusal::Over));
    assert_eq!(sim.find("submitted").unwrap().0, DEADLINE);
    assert_eq!(sim.count("answer_changed"), 0);
}

#[test]
fn time_warnings_fire_at_their_thresholds_with_a_beep_and_a_banner() {
    let mut sim = Sim::started(Preset::Standard);
    sim.to(DEADLINE);
    let warnings: Vec<(u64, u32)> = sim
        .events
        .iter()
        .filter_map(|(t, e)| match e {
            Event::TimeWarning { remaining_min } => Some((t.as_ms(), *remaining_min)),
            _ => None,
        })
        .collect();
    assert_eq!(warnings, [(300_000, 15), (900_000, 5), (1_140_000, 1)]);
    let warning_beeps = sim.beeps.iter().filter(|(_, b)| *b == Beep::Warning).count();
    assert!(warning_beeps >= 3);
    // The banner shows for 15 seconds.
    let mut sim = Sim::started(Preset::Standard);
    sim.to(Elapsed::from_secs(300));
    assert_eq!(sim.sitting.time_banner(sim.now), Some(15));
    sim.to(Elapsed::from_secs(316));
    assert_eq!(sim.sitting.time_banner(sim.now), None);
}

#[test]
fn a_shortened_sitting_keeps_only_the_warnings_that_fit() {
    let mut setup = setup(Preset::Standard, 7);
    setup.minutes = Some(10);
    let mut sim = Sim::new(small_paper(), setup);
    sim.act(Action::Start).unwrap();
    let Some((_, Event::SessionStarted(start))) = sim.events.first() else { panic!() };
    assert_eq!(start.duration_ms, 600_000);
    sim.to(Elapsed::from_mins(11));
    let warnings: Vec<&Event> =
        sim.events.iter().map(|(_, e)| e).filter(|e| e.name() == "time_warning").collect();
    assert_eq!(
        warnings,
        [&Event::TimeWarning { remaining_min: 5 }, &Event::TimeWarning { remaining_min: 1 }]
    );
    assert_eq!(sim.find("submitted").unwrap().0, Elapsed::from_mins(10));
}

#[test]
fn no_path_pauses_the_clock() {
    // Whatever the candidate and the window do, the exam ends at the same deadline.
    let actions = [
        Action::Next,
        Action::Previous,
        Action::Review,
        Action::Show(2),
        Action::Toggle(0),
        Action::Toggle(1),
        Action::ToggleMark,
        Action::Acknowledge,
        Action::ConfirmClose(false),
        Action::Start,
    ];
    let signals = [
        Signal::FocusLost,
        Signal::FocusGained,
        Signal::Input,
        Signal::PointerLeft,
        Signal::PointerEntered,
        Signal::Occluded,
        Signal::Visible,
        Signal::CloseRequested,
    ];
    for preset in [Preset::Lenient, Preset::Standard] {
        let mut sim = Sim::started(preset);
        let mut state: u64 = 12345;
        while matches!(sim.sitting.phase(), Phase::InProgress { .. })
            && sim.now < DEADLINE + Elapsed::from_secs(1)
        {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let pick = (state >> 33) as usize;
            if pick.is_multiple_of(3) {
                sim.signal(signals[pick / 3 % signals.len()]);
            } else {
                let _ = sim.act(actions[pick / 3 % actions.len()].clone());
            }
            sim.wait_ms((state >> 20) % 40_000);
            if let Phase::InProgress { deadline, .. } = sim.sitting.phase() {
                assert_eq!(deadline, DEADLINE);
            }
        }
        assert_eq!(
            sim.sitting.phase(),
            Phase::Submitted { reason: SubmitReason::TimeUp, at: DEADLINE },
            "{preset}"
        );
        let times: Vec<Elapsed> = sim.events.iter().map(|(t, _)| *t).collect();
        assert!(times.windows(2).all(|w| w[0] <= w[1]), "event times never go back");
    }
}

#[test]
fn navigation_moves_through_questions_and_on_to_review() {
    let mut sim = Sim::started(Preset::Standard);
    assert_eq!(sim.act(Action::Previous), Err(Refusal::AtFirst));
    sim.act(Action::Next).unwrap();
    assert_eq!(sim.sitting.screen(), Some(Screen::Question(1)));
    sim.act(Action::Show(3)).unwrap();
    sim.act(Action::Next).unwrap();
    assert_eq!(sim.sitting.screen(), Some(Screen::Review), "Next on the last question opens the review");
    sim.act(Action::Previous).unwrap();
    assert_eq!(sim.sitting.screen(), Some(Screen::Question(3)));
    assert_eq!(sim.act(Action::Show(4)), Err(Refusal::NoSuchQuestion(4)));
    let shown: Vec<usize> = sim
        .events
        .iter()
        .filter_map(|(_, e)| if let Event::QuestionShown { number, .. } = e { Some(*number) } else { None })
        .collect();
    assert_eq!(shown, [1, 2, 4, 4]);
    assert_eq!(sim.count("review_shown"), 1);
}

/// Moves to the first question of the wanted kind.
fn show_kind(sim: &mut Sim, multiple: bool) -> usize {
    let pos = (0..4)
        .find(|&p| {
            sim.sitting.paper().questions()[sim.sitting.question_at(p)].is_multiple_select() == multiple
        })
        .unwrap();
    sim.act(Action::Show(pos)).unwrap();
    pos
}

#[test]
fn single_select_replaces_and_toggles_off() {
    let mut sim = Sim::started(Preset::Standard);
    let pos = show_kind(&mut sim, false);
    sim.act(Action::Toggle(0)).unwrap();
    sim.act(Action::Toggle(1)).unwrap();
    assert!(!sim.sitting.is_selected(pos, 0) && sim.sitting.is_selected(pos, 1));
    sim.act(Action::Toggle(1)).unwrap();
    assert_eq!(sim.sitting.answer_state(pos), AnswerState::Unanswered);
    assert_eq!(sim.act(Action::Toggle(7)), Err(Refusal::NoSuchOption(7)));
}

#[test]
fn multiple_select_toggles_up_to_n() {
    let mut sim = Sim::started(Preset::Standard);
    let pos = show_kind(&mut sim, true);
    sim.act(Action::Toggle(0)).unwrap();
    assert_eq!(sim.sitting.answer_state(pos), AnswerState::Incomplete);
    sim.act(Action::Toggle(2)).unwrap();
    assert_eq!(sim.sitting.answer_state(pos), AnswerState::Answered);
    assert_eq!(sim.act(Action::Toggle(3)), Err(Refusal::TooMany { choose: 2 }));
    assert_eq!(
        Refusal::TooMany { choose: 2 }.to_string(),
        "Choose two: deselect an option before choosing another."
    );
    sim.act(Action::Toggle(0)).unwrap();
    sim.act(Action::Toggle(3)).unwrap();
    assert!(sim.sitting.is_selected(pos, 2) && sim.sitting.is_selected(pos, 3));
    let Some((_, Event::AnswerChanged { selected, .. })) =
        sim.events.iter().rev().find(|(_, e)| e.name() == "answer_changed")
    else {
        panic!()
    };
    let expected: Vec<u8> = {
        let mut v = vec![sim.sitting.order().options[pos][2], sim.sitting.order().options[pos][3]];
        v.sort();
        v
    };
    assert_eq!(selected, &expected, "answers are recorded as file option indexes");
}

#[test]
fn marks_and_counts() {
    let mut sim = Sim::started(Preset::Standard);
    sim.act(Action::ToggleMark).unwrap();
    sim.act(Action::Toggle(0)).unwrap();
    sim.act(Action::Next).unwrap();
    sim.act(Action::ToggleMark).unwrap();
    sim.act(Action::ToggleMark).unwrap();
    assert_eq!(sim.names_since(3), ["marked", "answer_changed", "question_shown", "marked", "unmarked"]);
    let (answered, incomplete, unanswered, marked) = sim.sitting.counts();
    assert_eq!((answered + incomplete, unanswered, marked), (1, 3, 1));
    sim.act(Action::Review).unwrap();
    assert_eq!(sim.act(Action::ToggleMark), Err(Refusal::NotOnQuestion));
}

#[test]
fn shuffles_reproduce_from_the_seed() {
    let paper = small_paper();
    let a = Order::from_seed(&paper, 42);
    assert_eq!(a, Order::from_seed(&paper, 42));
    let mut sorted = a.questions.clone();
    sorted.sort();
    assert_eq!(sorted, [0, 1, 2, 3]);
    let distinct: BTreeSet<Vec<usize>> = (0..40).map(|s| Order::from_seed(&paper, s).questions).collect();
    assert!(distinct.len() > 10, "different seeds give different orders");
    // Pinned: the shuffle is part of the journal format's promise that a seed replays.
    assert_eq!(a.questions, Order::from_seed(&paper, 42).questions);
    let recorded = Order::from_ids(&paper, &a.ids(&paper), &a.options).unwrap();
    assert_eq!(recorded, a);
}

#[test]
fn multiple_select_scores_only_on_an_exact_match() {
    let paper = small_paper();
    let q = paper.questions().iter().position(|q| q.is_multiple_select()).unwrap();
    let right = paper.questions()[q].correct_set();
    let mut answers = vec![BTreeSet::new(); paper.questions().len()];
    let one: BTreeSet<u8> = right.iter().take(1).copied().collect();
    answers[q] = one;
    assert_eq!(Score::compute(&paper, &answers).correct, 0, "half right is wrong");
    let mut too_many = right.clone();
    too_many.insert((0..4).find(|o| !right.contains(o)).unwrap());
    answers[q] = too_many;
    assert_eq!(Score::compute(&paper, &answers).correct, 0);
    answers[q] = right;
    let score = Score::compute(&paper, &answers);
    assert_eq!((score.correct, score.total, score.percent, score.passed), (1, 4, 25.0, false));
    let pipelines = score.domains.iter().find(|d| d.name == "Pipelines").unwrap();
    assert_eq!((pipelines.correct, pipelines.total), (1, 2));
}

#[test]
fn answering_everything_right_passes_and_the_score_is_recorded() {
    let mut sim = Sim::started(Preset::Standard);
    for pos in 0..4 {
        sim.act(Action::Show(pos)).unwrap();
        for shown in right_positions(&sim.sitting, pos) {
            sim.act(Action::Toggle(shown)).unwrap();
        }
    }
    sim.act(Action::Submit).unwrap();
    assert_eq!(sim.find("submitted").unwrap().1, Event::Submitted { reason: SubmitReason::Candidate });
    assert_eq!(
        sim.find("scored").unwrap().1,
        Event::Scored { score_percent: 100.0, passed: true, correct: 4, total: 4 }
    );
    assert_eq!(sim.act(Action::Next), Err(Refusal::Over));
}

#[test]
fn replaying_the_events_rebuilds_the_same_sitting() {
    let mut sim = Sim::started(Preset::Standard);
    sim.wait_s(30);
    sim.act(Action::Toggle(wrong_position(&sim.sitting, 0))).unwrap();
    sim.act(Action::ToggleMark).unwrap();
    sim.act(Action::Next).unwrap();
    sim.signal(Signal::FocusLost);
    sim.wait_s(5);
    sim.signal(Signal::FocusGained);
    sim.wait_s(100);
    sim.act(Action::Acknowledge).unwrap();
    let replayed = Sitting::replay(sim.events.iter().map(|(t, e)| (*t, e))).unwrap();
    assert_eq!(replayed.phase(), sim.sitting.phase());
    assert_eq!(replayed.screen(), sim.sitting.screen());
    assert_eq!(replayed.answers(), sim.sitting.answers());
    assert_eq!(replayed.counts(), sim.sitting.counts());
    assert_eq!(replayed.proctor().focus_losses(), 1);
    assert_eq!(replayed.proctor().alerts(), sim.sitting.proctor().alerts());
}

#[test]
fn a_resumed_sitting_keeps_its_deadline_and_says_how_long_it_was_gone() {
    let mut sim = Sim::started(Preset::Standard);
    sim.wait_s(60);
    sim.act(Action::Toggle(0)).unwrap();
    // The process dies here. A new one replays the journal 45 seconds later.
    let mut resumed = Sitting::replay(sim.events.iter().map(|(t, e)| (*t, e))).unwrap();
    resumed.resume(Elapsed::from_secs(105));
    let (t, e) = resumed.poll_event().unwrap();
    assert_eq!((t, e), (Elapsed::from_secs(105), Event::SessionResumed { gap_ms: 45_000 }));
    assert_eq!(resumed.phase(), Phase::InProgress { started: Elapsed::ZERO, deadline: DEADLINE });
    assert_eq!(resumed.answer_state(0), AnswerState::Answered);
}

#[test]
fn a_sitting_resumed_after_its_deadline_is_submitted_at_the_deadline() {
    let mut sim = Sim::started(Preset::Standard);
    sim.wait_s(60);
    let mut resumed = Sitting::replay(sim.events.iter().map(|(t, e)| (*t, e))).unwrap();
    resumed.resume(DEADLINE + Elapsed::from_mins(5));
    let events: Vec<(Elapsed, Event)> = std::iter::from_fn(|| resumed.poll_event()).collect();
    let names: Vec<&str> = events.iter().map(|(_, e)| e.name()).collect();
    assert_eq!(
        names,
        ["time_warning", "alert_shown", "submitted", "scored"],
        "only the latest passed warning is said"
    );
    assert_eq!(events[0].1, Event::TimeWarning { remaining_min: 1 });
    assert_eq!(events[2], (DEADLINE, Event::Submitted { reason: SubmitReason::TimeUp }));
}

#[test]
fn an_interruption_is_recorded_and_leaves_the_exam_open() {
    let mut sim = Sim::started(Preset::Standard);
    sim.wait_s(10);
    sim.sitting.interrupt("SIGTERM", sim.now);
    sim.drain();
    assert_eq!(sim.events.last().unwrap().1, Event::Interrupted { signal: "SIGTERM".to_string() });
    assert!(matches!(sim.sitting.phase(), Phase::InProgress { .. }));
}

#[test]
fn check_in_items_are_recorded_before_the_start_only() {
    let mut sim = Sim::new(small_paper(), setup(Preset::Standard, 1));
    let item = Action::CheckIn {
        item: "monitors".to_string(),
        status: examday::journal::CheckStatus::Pass,
        detail: "1 monitor".to_string(),
    };
    sim.act(item.clone()).unwrap();
    assert_eq!(sim.act(Action::Next), Err(Refusal::NotStarted));
    sim.act(Action::Start).unwrap();
    assert_eq!(sim.act(item), Err(Refusal::AlreadyStarted));
    assert_eq!(sim.names(), ["session_started", "checkin_item", "exam_started", "question_shown"]);
}
