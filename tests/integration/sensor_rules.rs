//! The proctor's eyes and ears on a virtual clock: camera frames and sound blocks in, incidents, alerts, beeps
//! and the end of a strict sitting out; and what the review makes of them.

use examday::Elapsed;
use examday::journal::{AlertKind, Breach, Event, Journal, Sensor, SensorKind, SubmitReason};
use examday::proctor::{Beep, Preset, Signal};
use examday::review::{IncidentKind, Report};
use examday::session::{Action, Phase, Sitting};

use crate::support::{Sim, setup, small_paper};

/// A sitting started with the camera and the microphone on.
fn watched(preset: Preset) -> Sim {
    let mut sim = Sim::new(small_paper(), setup(preset, 7));
    sim.act(Action::SensorsOn { camera: Some("frames:test".into()), microphone: Some("test mic".into()) })
        .unwrap();
    sim.act(Action::Start).unwrap();
    sim
}

/// Camera frames every 500 ms for `ms` milliseconds, as the camera thread sends them at 2 fps.
fn frames(sim: &mut Sim, faces: u8, frontal: u8, ms: u64) {
    let end = sim.now + Elapsed::from_ms(ms);
    while sim.now < end {
        sim.signal(Signal::Sight { faces, frontal });
        sim.wait_ms(500);
    }
}

/// Sound blocks every 200 ms for `ms` milliseconds, each with `speech_ms` of speech.
fn talk(sim: &mut Sim, speech_ms: u16, ms: u64) {
    let end = sim.now + Elapsed::from_ms(ms);
    while sim.now < end {
        sim.wait_ms(200);
        sim.signal(Signal::Heard { speech_ms, spike: false });
    }
}

fn incidents(sim: &Sim) -> Vec<(u64, SensorKind, u64)> {
    sim.events
        .iter()
        .filter_map(|(t, e)| match e {
            Event::SensorIncident { kind, since_ms } => Some((t.as_ms(), *kind, *since_ms)),
            _ => None,
        })
        .collect()
}

fn ended(sim: &Sim) -> Vec<(u64, SensorKind, u64)> {
    sim.events
        .iter()
        .filter_map(|(t, e)| match e {
            Event::SensorIncidentEnded { kind, lasted_ms } => Some((t.as_ms(), *kind, *lasted_ms)),
            _ => None,
        })
        .collect()
}

fn report(sim: &Sim) -> Report {
    Report::from_journal(&Journal::read(sim.journal().as_bytes())).unwrap()
}

#[test]
fn no_face_for_five_seconds_is_an_incident_with_an_alert_and_a_beep() {
    let mut sim = watched(Preset::Standard);
    frames(&mut sim, 1, 1, 6_000);
    frames(&mut sim, 0, 0, 8_000);
    // The first empty frame came at 6 s: the incident is confirmed at 11 s, dated from 6 s.
    assert_eq!(incidents(&sim), [(11_000, SensorKind::FaceAbsent, 6_000)]);
    let shown = sim.events.iter().find(|(_, e)| *e == Event::AlertShown { kind: AlertKind::Sight }).unwrap();
    assert_eq!(shown.0.as_ms(), 11_000);
    assert!(sim.beeps.iter().any(|(t, b)| t.as_ms() == 11_000 && *b == Beep::Warning));
    assert_eq!(sim.sitting.proctor().blocking(), Some(AlertKind::Sight));
    assert_eq!(sim.sitting.proctor().sensors().alert_about(), Some(SensorKind::FaceAbsent));
    frames(&mut sim, 1, 1, 2_000);
    // The face has been back for a second (two frames) before the incident ends, dated from its return.
    assert_eq!(ended(&sim), [(15_000, SensorKind::FaceAbsent, 8_000)]);
    // The alert waits for the candidate even with the face back.
    assert_eq!(sim.sitting.proctor().blocking(), Some(AlertKind::Sight));
    sim.act(Action::Acknowledge).unwrap();
    assert_eq!(sim.sitting.proctor().blocking(), None);
    assert_eq!(sim.count("alert_acknowledged"), 1);

    let r = report(&sim);
    assert_eq!(r.sensor(SensorKind::FaceAbsent).count, 1);
    assert_eq!(r.sensor(SensorKind::FaceAbsent).total_ms, 8_000);
    assert_eq!(r.eyes_away_ms, 8_000);
    assert_eq!(r.watched.camera.as_deref(), Some("frames:test"));
    let i = r.incidents.iter().find(|i| i.kind == IncidentKind::FaceAbsent).unwrap();
    assert_eq!((i.at_ms, i.duration_ms, i.open), (6_000, 8_000, false));
    let text = examday::review::text::render(&r);
    assert!(text.contains("No face         1 time, 8.0 s in total"), "{text}");
    assert!(text.contains("Eyes away       8.0 s in all: no face 1 time, looking away 0 times"), "{text}");
}

#[test]
fn a_glimpse_of_a_face_starts_the_count_again() {
    let mut sim = watched(Preset::Standard);
    frames(&mut sim, 0, 0, 4_500);
    frames(&mut sim, 1, 1, 500);
    frames(&mut sim, 0, 0, 4_500);
    assert!(incidents(&sim).is_empty(), "{:?}", sim.names());
    frames(&mut sim, 0, 0, 1_000);
    assert_eq!(incidents(&sim), [(10_000, SensorKind::FaceAbsent, 5_000)]);
}

#[test]
fn a_face_turned_away_for_three_seconds_is_looking_away_and_dropped_frames_do_not_reset_it() {
    let mut sim = watched(Preset::Standard);
    frames(&mut sim, 1, 1, 2_000);
    // Turned, with the detector losing the face now and then.
    frames(&mut sim, 1, 0, 1_000);
    frames(&mut sim, 0, 0, 500);
    frames(&mut sim, 1, 0, 2_000);
    assert_eq!(incidents(&sim), [(5_000, SensorKind::LookingAway, 2_000)]);
    assert_eq!(sim.sitting.proctor().sensors().alert_about(), Some(SensorKind::LookingAway));
    frames(&mut sim, 1, 1, 1_500);
    assert_eq!(ended(&sim), [(6_500, SensorKind::LookingAway, 3_500)]);
}

#[test]
fn a_face_that_leaves_after_turning_away_ends_looking_away_as_no_face() {
    let mut sim = watched(Preset::Lenient);
    frames(&mut sim, 1, 0, 4_000);
    frames(&mut sim, 0, 0, 6_000);
    let kinds: Vec<SensorKind> = incidents(&sim).iter().map(|i| i.1).collect();
    assert_eq!(kinds, [SensorKind::LookingAway, SensorKind::FaceAbsent]);
    // Looking away ends where no face began; only one camera incident is open.
    assert_eq!(ended(&sim), [(9_000, SensorKind::LookingAway, 4_000)]);
    assert_eq!(sim.sitting.proctor().sensors().open().len(), 1);
    // Lenient: a banner, no tone, nothing to acknowledge; it clears with the face back.
    assert!(sim.sitting.proctor().alerts().contains(&AlertKind::SightBanner));
    assert!(sim.beeps.is_empty());
    assert_eq!(sim.sitting.proctor().blocking(), None);
    frames(&mut sim, 1, 1, 1_500);
    assert!(!sim.sitting.proctor().alerts().contains(&AlertKind::SightBanner));
}

/// One frame the detector gets wrong (a face seen in an empty room) neither ends a spell nor makes it two: under
/// strict rules that would be a breach counted twice.
#[test]
fn one_wrong_frame_does_not_split_an_incident() {
    let mut sim = watched(Preset::Strict);
    for _ in 0..4 {
        frames(&mut sim, 0, 0, 5_500);
        frames(&mut sim, 1, 1, 500);
    }
    assert_eq!(sim.count("sensor_incident"), 1);
    assert!(ended(&sim).is_empty());
    assert!(matches!(sim.sitting.phase(), Phase::InProgress { .. }));
}

#[test]
fn a_second_face_for_two_seconds_is_an_incident_and_shorter_is_not() {
    let mut sim = watched(Preset::Standard);
    frames(&mut sim, 2, 1, 1_500);
    frames(&mut sim, 1, 1, 1_000);
    assert!(incidents(&sim).is_empty());
    frames(&mut sim, 2, 2, 3_000);
    assert_eq!(incidents(&sim), [(4_500, SensorKind::FacesMultiple, 2_500)]);
    assert_eq!(sim.sitting.proctor().sensors().alert_about(), Some(SensorKind::FacesMultiple));
    frames(&mut sim, 1, 1, 1_500);
    assert_eq!(ended(&sim), [(6_500, SensorKind::FacesMultiple, 3_000)]);
    assert_eq!(report(&sim).sensor(SensorKind::FacesMultiple).count, 1);
}

#[test]
fn two_seconds_of_talking_within_three_is_an_incident_and_a_banner_that_quiet_clears() {
    let mut sim = watched(Preset::Standard);
    // Now and then a word: never two seconds within three.
    for _ in 0..10 {
        sim.wait_ms(800);
        sim.signal(Signal::Heard { speech_ms: 200, spike: false });
    }
    assert!(incidents(&sim).is_empty());
    sim.wait_s(3);
    let from = sim.now.as_ms();
    talk(&mut sim, 200, 3_000);
    let found = incidents(&sim);
    assert_eq!(found.len(), 1, "{found:?}");
    let (at, kind, since) = found[0];
    assert_eq!(kind, SensorKind::SpeechDetected);
    assert_eq!(at, from + 2_000, "2 s of speech in 200 ms blocks");
    assert_eq!(since, from);
    assert!(sim.sitting.proctor().alerts().contains(&AlertKind::Speech));
    assert_eq!(sim.sitting.proctor().blocking(), None, "a banner, not an alert");
    let last = sim.now.as_ms();
    sim.wait_s(3);
    assert_eq!(ended(&sim), [(last + 2_000, SensorKind::SpeechDetected, last - from)]);
    assert!(!sim.sitting.proctor().alerts().contains(&AlertKind::Speech));
    let r = report(&sim);
    assert_eq!(r.sensor(SensorKind::SpeechDetected).count, 1);
    assert_eq!(r.sensor(SensorKind::SpeechDetected).total_ms, last - from);
}

#[test]
fn a_steady_hum_sends_nothing_and_noise_spikes_are_logged_once_per_two_seconds() {
    let mut sim = watched(Preset::Standard);
    talk(&mut sim, 0, 10_000);
    assert!(incidents(&sim).is_empty());
    for _ in 0..3 {
        sim.signal(Signal::Heard { speech_ms: 0, spike: true });
        sim.wait_ms(500);
    }
    sim.wait_s(2);
    sim.signal(Signal::Heard { speech_ms: 0, spike: true });
    assert_eq!(sim.count("noise_spike"), 2);
    assert!(sim.sitting.proctor().alerts().is_empty());
    assert_eq!(report(&sim).noise_spikes, 2);
}

#[test]
fn strict_rules_end_the_exam_at_the_third_breach_of_one_rule() {
    let mut sim = watched(Preset::Strict);
    for _ in 0..3 {
        frames(&mut sim, 1, 1, 1_500);
        frames(&mut sim, 0, 0, 6_000);
        if matches!(sim.sitting.phase(), Phase::InProgress { .. }) {
            sim.act(Action::Acknowledge).unwrap();
        }
    }
    assert_eq!(sim.count("sensor_incident"), 3);
    let revoked = sim.find("revoked").unwrap();
    assert_eq!(revoked.1, Event::Revoked { rule: Breach::FaceAbsent, count: 3, total: 3 });
    assert!(matches!(sim.sitting.phase(), Phase::Submitted { reason: SubmitReason::Terminated, .. }));
    let text = examday::review::text::render(&report(&sim));
    assert!(text.contains("The proctor ended the exam: no face in view, for the third time."), "{text}");
}

#[test]
fn strict_rules_end_the_exam_at_the_fifth_breach_of_all_rules_together() {
    let mut sim = watched(Preset::Strict);
    for _ in 0..2 {
        sim.signal(Signal::FocusLost);
        sim.wait_s(1);
        sim.signal(Signal::FocusGained);
        sim.act(Action::Acknowledge).unwrap();
        frames(&mut sim, 2, 2, 3_000);
        frames(&mut sim, 1, 1, 1_500);
        sim.act(Action::Acknowledge).unwrap();
    }
    assert!(matches!(sim.sitting.phase(), Phase::InProgress { .. }));
    talk(&mut sim, 200, 2_200);
    assert_eq!(sim.find("revoked").unwrap().1, Event::Revoked { rule: Breach::All, count: 5, total: 5 });
    assert!(matches!(sim.sitting.phase(), Phase::Submitted { reason: SubmitReason::Terminated, .. }));
}

#[test]
fn a_camera_that_stops_ends_its_incidents_and_the_sitting_goes_on() {
    let mut sim = watched(Preset::Standard);
    frames(&mut sim, 0, 0, 6_000);
    assert_eq!(sim.count("sensor_incident"), 1);
    sim.sitting.sensor_lost(Sensor::Camera, "the device was unplugged", sim.now);
    sim.drain();
    assert_eq!(ended(&sim).len(), 1);
    assert_eq!(sim.count("sensor_lost"), 1);
    // Frames that still arrive are ignored until the camera is back.
    frames(&mut sim, 0, 0, 8_000);
    assert_eq!(sim.count("sensor_incident"), 1);
    sim.sitting.sensor_back(Sensor::Camera, sim.now);
    sim.drain();
    assert_eq!(sim.count("sensor_back"), 1);
    frames(&mut sim, 0, 0, 6_000);
    assert_eq!(sim.count("sensor_incident"), 2);
    assert!(matches!(sim.sitting.phase(), Phase::InProgress { .. }));
    let r = report(&sim);
    assert_eq!(r.sensor_losses, 1);
    let lost = r.incidents.iter().find(|i| i.kind == IncidentKind::CameraLost).unwrap();
    assert_eq!(lost.duration_ms, 8_000);
}

#[test]
fn the_journal_replays_to_the_proctor_the_live_sitting_had() {
    let mut sim = watched(Preset::Standard);
    frames(&mut sim, 0, 0, 6_000);
    talk(&mut sim, 200, 2_400);
    frames(&mut sim, 1, 0, 4_000);
    let replayed = Sitting::replay(sim.events.iter().map(|(t, e)| (*t, e))).unwrap();
    let live = sim.sitting.proctor();
    let again = replayed.proctor();
    assert_eq!(again.sensors().open(), live.sensors().open());
    assert_eq!(again.alerts(), live.alerts());
    for kind in SensorKind::ALL {
        assert_eq!(again.sensors().count(kind), live.sensors().count(kind), "{kind:?}");
    }
}

#[test]
fn a_resumed_sitting_closes_the_incidents_the_crash_left_open() {
    let mut sim = watched(Preset::Standard);
    frames(&mut sim, 0, 0, 7_000);
    assert_eq!(sim.sitting.proctor().sensors().open().len(), 1);
    let mut taken = Sitting::replay(sim.events.iter().map(|(t, e)| (*t, e))).unwrap();
    taken.resume(Elapsed::from_secs(60));
    let mut closing = Vec::new();
    while let Some(e) = taken.poll_event() {
        closing.push(e.1);
    }
    assert!(
        closing.contains(&Event::SensorIncidentEnded { kind: SensorKind::FaceAbsent, lasted_ms: 60_000 }),
        "{closing:?}"
    );
    assert!(taken.proctor().sensors().open().is_empty());
}

#[test]
fn frames_before_the_start_and_after_the_end_are_ignored() {
    let mut sim = Sim::new(small_paper(), setup(Preset::Standard, 7));
    frames(&mut sim, 0, 0, 10_000);
    assert!(incidents(&sim).is_empty());
    sim.act(Action::Start).unwrap();
    sim.act(Action::Submit).unwrap();
    frames(&mut sim, 0, 0, 10_000);
    assert!(incidents(&sim).is_empty());
}
