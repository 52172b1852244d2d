//! The proctor on a virtual clock: idle, focus losses, flickers, alerts, reminders, termination, close.

use examday::Elapsed;
use examday::journal::{AlertKind, Breach, Event, SubmitReason};
use examday::proctor::{Beep, Preset, Rules, Signal};
use examday::session::{Action, Phase, Refusal};

use crate::support::Sim;

fn at(sim: &Sim, name: &str) -> Vec<u64> {
    sim.events.iter().filter(|(_, e)| e.name() == name).map(|(t, _)| t.as_ms()).collect()
}

#[test]
fn idle_warning_fires_at_exactly_the_limit() {
    let mut sim = Sim::started(Preset::Standard);
    sim.to(Elapsed::from_secs(89));
    assert_eq!(sim.count("idle_started"), 0, "no banner at 89 s");
    assert!(!sim.sitting.proctor().alerts().contains(&AlertKind::Idle));
    sim.to(Elapsed::from_secs(90));
    assert_eq!(at(&sim, "idle_started"), [90_000]);
    assert_eq!(sim.events.last().unwrap().1, Event::AlertShown { kind: AlertKind::Idle });
    assert!(sim.sitting.proctor().alerts().contains(&AlertKind::Idle));
    assert_eq!(sim.beeps, [(Elapsed::from_secs(90), Beep::Warning)]);
}

#[test]
fn any_input_clears_the_idle_banner_and_restarts_the_idle_clock() {
    let mut sim = Sim::started(Preset::Standard);
    sim.to(Elapsed::from_secs(50));
    sim.signal(Signal::Input);
    sim.to(Elapsed::from_secs(139));
    assert_eq!(sim.count("idle_started"), 0);
    sim.to(Elapsed::from_secs(150));
    assert_eq!(at(&sim, "idle_started"), [140_000]);
    sim.signal(Signal::Input);
    assert_eq!(sim.events.last().unwrap().1, Event::IdleEnded { idle_ms: 100_000 });
    assert!(sim.sitting.proctor().alerts().is_empty());
}

#[test]
fn the_idle_limit_is_configurable() {
    let mut setup = crate::support::setup(Preset::Standard, 7);
    setup.rules = Rules::preset(Preset::Standard).with_idle_seconds(20);
    let mut sim = Sim::new(crate::support::small_paper(), setup);
    sim.act(Action::Start).unwrap();
    sim.to(Elapsed::from_secs(25));
    assert_eq!(at(&sim, "idle_started"), [20_000]);
}

#[test]
fn a_focus_loss_under_300_ms_is_a_flicker_without_alert() {
    let mut sim = Sim::started(Preset::Standard);
    sim.to(Elapsed::from_secs(10));
    sim.signal(Signal::FocusLost);
    sim.wait_ms(299);
    sim.signal(Signal::FocusGained);
    sim.wait_s(5);
    assert_eq!(sim.names_since(3), ["focus_flicker"]);
    assert_eq!(sim.events.last().unwrap().1, Event::FocusFlicker { away_ms: 299 });
    assert!(sim.beeps.is_empty());
}

#[test]
fn a_focus_loss_raises_an_alert_that_must_be_acknowledged() {
    let mut sim = Sim::started(Preset::Standard);
    sim.to(Elapsed::from_secs(42));
    sim.signal(Signal::FocusLost);
    sim.wait_ms(300);
    assert_eq!(sim.names_since(3), ["focus_lost", "alert_shown"]);
    assert_eq!(sim.events[3], (Elapsed::from_ms(42_300), Event::FocusLost { lost_ms: 42_000 }));
    sim.wait_ms(6_700);
    sim.signal(Signal::FocusGained);
    assert_eq!(sim.events.last().unwrap().1, Event::FocusRegained { away_ms: 7_000 });
    assert_eq!(sim.act(Action::Next), Err(Refusal::Blocked(AlertKind::FocusLost)));
    assert_eq!(sim.act(Action::Toggle(0)), Err(Refusal::Blocked(AlertKind::FocusLost)));
    sim.act(Action::Acknowledge).unwrap();
    assert_eq!(sim.events.last().unwrap().1, Event::AlertAcknowledged { kind: AlertKind::FocusLost });
    sim.act(Action::Next).unwrap();
}

#[test]
fn a_reminder_beeps_every_10_seconds_while_away() {
    let mut sim = Sim::started(Preset::Standard);
    sim.signal(Signal::FocusLost);
    sim.to(Elapsed::from_secs(35));
    let beeps: Vec<(u64, Beep)> = sim.beeps.iter().map(|(t, b)| (t.as_ms(), *b)).collect();
    assert_eq!(
        beeps,
        [(300, Beep::Warning), (10_300, Beep::Reminder), (20_300, Beep::Reminder), (30_300, Beep::Reminder)]
    );
    sim.signal(Signal::FocusGained);
    sim.to(Elapsed::from_secs(80));
    assert_eq!(sim.beeps.len(), 4, "reminders stop when focus returns");
    assert_eq!(sim.count("idle_started"), 0, "the idle clock waits for the alert to be acknowledged");
}

#[test]
fn the_idle_clock_does_not_run_while_away() {
    let mut sim = Sim::started(Preset::Lenient);
    sim.to(Elapsed::from_secs(60));
    sim.signal(Signal::FocusLost);
    sim.to(Elapsed::from_secs(200));
    assert_eq!(sim.count("idle_started"), 0);
    sim.signal(Signal::FocusGained);
    sim.to(Elapsed::from_secs(290));
    assert_eq!(at(&sim, "idle_started"), [290_000], "idle counts from the return");
}

#[test]
fn losing_focus_while_idle_ends_the_idle_period() {
    let mut sim = Sim::started(Preset::Standard);
    sim.to(Elapsed::from_secs(100));
    sim.signal(Signal::FocusLost);
    sim.wait_s(1);
    assert_eq!(sim.names_since(5), ["idle_ended", "focus_lost", "alert_shown"]);
    assert_eq!(sim.events[5].1, Event::IdleEnded { idle_ms: 100_000 });
}

#[test]
fn lenient_rules_log_and_show_a_banner_without_blocking_or_beeping() {
    let mut sim = Sim::started(Preset::Lenient);
    sim.signal(Signal::FocusLost);
    sim.wait_s(20);
    assert!(sim.sitting.proctor().alerts().contains(&AlertKind::FocusBanner));
    sim.signal(Signal::FocusGained);
    assert!(sim.sitting.proctor().alerts().is_empty(), "the banner clears when focus returns");
    sim.act(Action::Next).unwrap();
    assert!(sim.beeps.is_empty());
}

#[test]
fn the_third_focus_loss_terminates_under_strict_rules() {
    let mut sim = Sim::started(Preset::Strict);
    for n in 1..=3u64 {
        sim.to(Elapsed::from_secs(n * 60));
        sim.signal(Signal::FocusLost);
        sim.wait_s(2);
        sim.signal(Signal::FocusGained);
        if n < 3 {
            sim.act(Action::Acknowledge).unwrap();
            assert!(
                matches!(sim.sitting.phase(), Phase::InProgress { .. }),
                "loss {n} does not end the exam"
            );
        }
    }
    let end = Elapsed::from_ms(180_300);
    assert_eq!(sim.sitting.phase(), Phase::Submitted { reason: SubmitReason::Terminated, at: end });
    let tail: Vec<&str> = sim.names().into_iter().rev().take(6).collect();
    assert_eq!(tail, ["scored", "submitted", "alert_shown", "revoked", "alert_shown", "focus_lost"]);
    assert_eq!(
        sim.find("revoked").unwrap().1,
        Event::Revoked { rule: Breach::FocusLost, count: 3, total: 3 }
    );
    assert_eq!(sim.count("focus_regained"), 2, "after the end, the proctor no longer watches");
    assert!(sim.events.iter().any(|(_, e)| *e == Event::AlertShown { kind: AlertKind::Terminated }));
}

#[test]
fn the_third_focus_loss_is_only_logged_under_standard_rules() {
    let mut sim = Sim::started(Preset::Standard);
    for n in 1..=4u64 {
        sim.to(Elapsed::from_secs(n * 60));
        sim.signal(Signal::FocusLost);
        sim.wait_s(2);
        sim.signal(Signal::FocusGained);
        sim.act(Action::Acknowledge).unwrap();
    }
    assert!(matches!(sim.sitting.phase(), Phase::InProgress { .. }));
    assert_eq!(sim.sitting.proctor().focus_losses(), 4);
}

#[test]
fn closing_asks_first_and_no_keeps_the_exam_going() {
    let mut sim = Sim::started(Preset::Standard);
    sim.signal(Signal::CloseRequested);
    assert_eq!(sim.names_since(3), ["close_requested", "alert_shown"]);
    assert_eq!(sim.act(Action::Next), Err(Refusal::Blocked(AlertKind::CloseConfirm)));
    sim.act(Action::ConfirmClose(false)).unwrap();
    assert!(matches!(sim.sitting.phase(), Phase::InProgress { .. }));
    sim.signal(Signal::CloseRequested);
    sim.act(Action::ConfirmClose(true)).unwrap();
    assert_eq!(sim.sitting.phase(), Phase::Submitted { reason: SubmitReason::Candidate, at: sim.now });
}

#[test]
fn pointer_and_visibility_changes_are_recorded() {
    let mut sim = Sim::started(Preset::Standard);
    for s in [Signal::PointerLeft, Signal::PointerEntered, Signal::Occluded, Signal::Visible] {
        sim.signal(s);
    }
    assert_eq!(sim.names_since(3), ["pointer_left", "pointer_entered", "occluded", "visible"]);
}

#[test]
fn signals_before_the_start_are_not_incidents() {
    let mut sim = Sim::new(crate::support::small_paper(), crate::support::setup(Preset::Strict, 1));
    sim.signal(Signal::FocusLost);
    sim.wait_s(200);
    sim.signal(Signal::FocusGained);
    assert_eq!(sim.names(), ["session_started"]);
    assert_eq!(sim.sitting.poll_timeout(), None, "nothing to wake up for before the start");
}

#[test]
fn poll_timeout_names_the_next_deadline() {
    let mut sim = Sim::started(Preset::Standard);
    assert_eq!(sim.sitting.poll_timeout(), Some(Elapsed::from_secs(90)), "the idle limit comes first");
    sim.signal(Signal::FocusLost);
    assert_eq!(sim.sitting.poll_timeout(), Some(Elapsed::from_ms(300)), "then the flicker limit");
    sim.wait_ms(300);
    assert_eq!(sim.sitting.poll_timeout(), Some(Elapsed::from_ms(10_300)), "then the reminder");
}
