//! The camera and microphone through the whole app on a virtual clock: the check-in's webcam and microphone
//! steps (pass, skip, a sensor that stops), what the start records, and the warnings on screen; the screens
//! that show them against golden images.

use examday::Elapsed;
use examday::app::draw::Rect;
use examday::app::draw::{Picture, Preview};
use examday::driver::{Effect, Key, SensorSetup, Sensors, Stage};
use examday::journal::{AlertKind, CheckStatus, Event, Sensor};
use examday::proctor::Preset;

use crate::screens::check;
use crate::support::{Harness, setup, small_paper};

fn sensors() -> Sensors {
    Sensors {
        camera: SensorSetup::On("Integrated Webcam".into()),
        microphone: SensorSetup::On("Built-in Microphone".into()),
    }
}

fn at_checkin(preset: Preset) -> Harness {
    let mut h = Harness::with_sensors(small_paper(), setup(preset, 3), sensors());
    h.pass_checks();
    h
}

fn sight(h: &mut Harness, faces: u8, frontal: u8, frames: u32) {
    for _ in 0..frames {
        h.driver.handle_sight(faces, frontal, h.now);
        h.drain();
        h.wait_s(0);
        h.to(h.now + Elapsed::from_ms(500));
    }
}

fn heard(h: &mut Harness, speech_ms: u16, level_db: f32, blocks: u32) {
    for _ in 0..blocks {
        h.to(h.now + Elapsed::from_ms(200));
        h.driver.handle_heard(speech_ms, false, level_db, h.now);
        h.drain();
    }
}

fn checkin_items(h: &Harness) -> Vec<(String, CheckStatus, String)> {
    h.journal()
        .records
        .iter()
        .filter_map(|r| match &r.event {
            Event::CheckinItem { item, status, detail } => Some((item.clone(), *status, detail.clone())),
            _ => None,
        })
        .collect()
}

/// A picture like a camera's: a grey room with a lighter oval where the face is.
fn preview() -> Preview {
    let (w, h) = (320u32, 240u32);
    let mut rgba = Vec::with_capacity((w * h * 4) as usize);
    for y in 0..h {
        for x in 0..w {
            let (dx, dy) = ((x as f32 - 160.0) / 48.0, (y as f32 - 110.0) / 62.0);
            let v = if dx * dx + dy * dy < 1.0 { 196 } else { 70 + (y / 6) as u8 };
            rgba.extend([v, v, v, 255]);
        }
    }
    Preview {
        picture: Picture { width: w, height: h, rgba },
        faces: vec![(Rect::new(112.0, 48.0, 96.0, 124.0), true)],
    }
}

#[test]
fn the_webcam_step_passes_on_one_face_facing_the_screen_and_waits_for_enter() {
    let mut h = at_checkin(Preset::Standard);
    assert_eq!(h.driver.ui().checkin.current().unwrap().id, "webcam");
    assert!(h.driver.shows_camera());
    sight(&mut h, 0, 0, 4);
    assert_eq!(h.driver.ui().checkin.current().unwrap().status, None);
    assert!(h.driver.ui().checkin.current().unwrap().detail.starts_with("No face seen yet"));
    h.key(Key::Enter);
    assert_eq!(h.driver.ui().checkin.current().unwrap().id, "webcam", "Enter does nothing without a face");
    sight(&mut h, 2, 2, 4);
    assert!(h.driver.ui().checkin.current().unwrap().detail.starts_with("More than one face"));
    sight(&mut h, 1, 1, 2);
    assert_eq!(h.driver.ui().checkin.current().unwrap().status, Some(CheckStatus::Pass));
    h.key(Key::Enter);
    assert_eq!(h.driver.ui().checkin.current().unwrap().id, "microphone");
    assert!(h.driver.wants_levels() && !h.driver.shows_camera());
    heard(&mut h, 0, -48.0, 3);
    assert_eq!(h.driver.ui().checkin.level_db, Some(-48.0));
    assert_eq!(h.driver.ui().checkin.current().unwrap().status, None);
    heard(&mut h, 200, -22.0, 3);
    assert_eq!(h.driver.ui().checkin.current().unwrap().status, Some(CheckStatus::Pass));
    h.key(Key::Enter);
    let items = checkin_items(&h);
    let webcam = items.iter().find(|i| i.0 == "webcam").unwrap();
    assert_eq!(webcam.1, CheckStatus::Pass);
    assert_eq!(items.iter().find(|i| i.0 == "microphone").unwrap().1, CheckStatus::Pass);
    // The rest of the check-in, the rules, the start: the journal says what watches.
    h.keys(&[Key::Char('t'), Key::Enter, Key::Enter, Key::Enter, Key::Enter, Key::Enter, Key::Enter]);
    assert_eq!(h.driver.ui().stage, Stage::Exam);
    let on = h.journal().records.iter().find_map(|r| match &r.event {
        Event::SensorsOn { camera, microphone } => Some((camera.clone(), microphone.clone())),
        _ => None,
    });
    assert_eq!(on, Some((Some("Integrated Webcam".into()), Some("Built-in Microphone".into()))));
    let names = h.names();
    let sensors_on = names.iter().position(|n| *n == "sensors_on").unwrap();
    assert_eq!(names[sensors_on + 1], "exam_started");
}

#[test]
fn skipping_the_camera_turns_it_off_and_the_start_records_only_the_microphone() {
    let mut h = at_checkin(Preset::Standard);
    h.key(Key::Char('s'));
    assert!(h.effects.contains(&Effect::SensorOff(Sensor::Camera)));
    let items = checkin_items(&h);
    let webcam = items.iter().find(|i| i.0 == "webcam").unwrap();
    assert_eq!(webcam.1, CheckStatus::Skipped);
    assert_eq!(webcam.2, "The candidate went on without the camera: the camera checks are off.");
    // The microphone step fails to hear anything, and is skipped too.
    h.key(Key::Char('s'));
    assert!(h.effects.contains(&Effect::SensorOff(Sensor::Microphone)));
    h.keys(&[Key::Char('t'), Key::Enter, Key::Enter, Key::Enter, Key::Enter, Key::Enter, Key::Enter]);
    assert_eq!(h.driver.ui().stage, Stage::Exam);
    assert!(!h.names().contains(&"sensors_on"), "nothing watches: nothing to say");
    // Frames that still arrive change nothing.
    for _ in 0..20 {
        h.driver.handle_sight(0, 0, h.now);
        h.wait_s(1);
    }
    h.drain();
    assert!(!h.names().contains(&"sensor_incident"));
}

#[test]
fn a_missing_camera_is_a_skipped_step_that_says_why() {
    let sensors =
        Sensors { camera: SensorSetup::Unavailable("No camera found".into()), microphone: SensorSetup::Off };
    let mut h = Harness::with_sensors(small_paper(), setup(Preset::Standard, 3), sensors);
    h.pass_checks();
    let items = checkin_items(&h);
    let webcam = items.iter().find(|i| i.0 == "webcam").unwrap();
    assert_eq!(
        (webcam.1, webcam.2.as_str()),
        (CheckStatus::Skipped, "No camera found: the camera checks are off.")
    );
    assert!(!items.iter().any(|i| i.0 == "microphone"), "switched off by the candidate: no step");
    assert_eq!(h.driver.ui().checkin.current().unwrap().id, "sound");
}

#[test]
fn a_camera_that_stops_during_the_check_in_skips_its_step() {
    let mut h = at_checkin(Preset::Standard);
    h.driver.handle_sensor_lost(Sensor::Camera, "the device was unplugged", h.now);
    h.drain();
    assert!(h.effects.contains(&Effect::SensorOff(Sensor::Camera)));
    assert_eq!(h.driver.ui().checkin.current().unwrap().id, "microphone");
    let webcam = checkin_items(&h).into_iter().find(|i| i.0 == "webcam").unwrap();
    assert_eq!(webcam.2, "The camera stopped (the device was unplugged): its checks are off.");
}

/// At the first question, both sensors passed at the check-in.
fn in_exam() -> Harness {
    let mut h = at_checkin(Preset::Standard);
    sight(&mut h, 1, 1, 2);
    h.key(Key::Enter);
    heard(&mut h, 200, -20.0, 4);
    h.key(Key::Enter);
    h.keys(&[Key::Char('t'), Key::Enter, Key::Enter, Key::Enter, Key::Enter, Key::Enter, Key::Enter]);
    assert_eq!(h.driver.ui().stage, Stage::Exam);
    h
}

#[test]
fn during_the_exam_no_face_raises_the_camera_alert_and_enter_answers_it() {
    let mut h = in_exam();
    sight(&mut h, 1, 1, 12);
    sight(&mut h, 0, 0, 16);
    assert_eq!(h.driver.sitting().proctor().blocking(), Some(AlertKind::Sight));
    assert!(h.beeps.len() >= 2, "the test tone and the warning");
    h.key(Key::Char('b'));
    assert_eq!(
        h.driver.sitting().answers().iter().filter(|a| !a.is_empty()).count(),
        0,
        "answers wait for Enter"
    );
    h.key(Key::Enter);
    assert_eq!(h.driver.sitting().proctor().blocking(), None);
}

#[test]
fn sight_alert_screen() {
    let mut h = in_exam();
    sight(&mut h, 1, 1, 12);
    sight(&mut h, 0, 0, 16);
    check("sight-alert", h);
}

#[test]
fn speech_banner_screen() {
    let mut h = in_exam();
    heard(&mut h, 200, -20.0, 12);
    assert!(h.driver.sitting().proctor().alerts().contains(&AlertKind::Speech));
    assert_eq!(h.driver.sitting().proctor().blocking(), None);
    check("speech-banner", h);
}

#[test]
fn webcam_step_screen() {
    let mut h = at_checkin(Preset::Standard);
    sight(&mut h, 1, 1, 2);
    h.preview = Some(preview());
    check("checkin-webcam", h);
}

#[test]
fn microphone_step_screen() {
    let mut h = at_checkin(Preset::Standard);
    h.key(Key::Char('s'));
    heard(&mut h, 0, -31.0, 2);
    check("checkin-microphone", h);
}

#[test]
fn results_screen_with_the_camera_and_microphone() {
    let mut h = in_exam();
    sight(&mut h, 1, 1, 12);
    sight(&mut h, 0, 0, 16);
    sight(&mut h, 1, 1, 2);
    h.key(Key::Enter);
    heard(&mut h, 200, -20.0, 15);
    h.wait_s(3);
    h.keys(&[Key::Char('a'), Key::Char('r'), Key::Char('s'), Key::Char('y')]);
    assert_eq!(h.driver.ui().stage, Stage::Results);
    let r = h.driver.report().unwrap();
    assert_eq!(r.sensor(examday::journal::SensorKind::FaceAbsent).count, 1);
    assert_eq!(r.sensor(examday::journal::SensorKind::SpeechDetected).count, 1);
    check("results-with-sensors", h);
}

/// A sitting of the small paper with the camera on at its start, left unfinished after `events` more.
fn crashed_with_camera(camera_lost: bool, watched: bool) -> Vec<(Elapsed, examday::journal::Event)> {
    let mut sim = crate::support::Sim::new(small_paper(), setup(Preset::Standard, 3));
    if watched {
        sim.act(examday::session::Action::SensorsOn {
            camera: Some("Integrated Webcam".into()),
            microphone: None,
        })
        .unwrap();
    }
    sim.act(examday::session::Action::Start).unwrap();
    sim.wait_s(30);
    if camera_lost {
        sim.sitting.sensor_lost(Sensor::Camera, "unplugged", sim.now);
        sim.drain();
    }
    sim.wait_s(30);
    sim.events
}

/// What the resumed process wrote (the journal's lines after the crash): each line's event.
fn written(h: &Harness) -> Vec<serde_json::Value> {
    h.lines.iter().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn names_after_resume(h: &Harness) -> Vec<String> {
    written(h).iter().map(|v| v["event"].as_str().unwrap().to_string()).collect()
}

#[test]
fn declining_the_offer_keeps_the_sensors_for_the_new_sitting() {
    let offer = crate::support::offer_of(&crashed_with_camera(false, true), 3);
    let mut h = Harness::offered_with(small_paper(), setup(Preset::Standard, 3), offer, sensors());
    h.key(Key::Char('n'));
    h.pass_checks();
    assert_eq!(h.driver.ui().checkin.current().unwrap().id, "webcam");
    assert!(h.driver.ui().sensors.camera.name().is_some());
    assert!(!h.effects.iter().any(|e| matches!(e, Effect::SensorOff(_))));
}

#[test]
fn a_resumed_sitting_whose_camera_was_lost_is_watched_again_when_the_camera_is_here() {
    let offer = crate::support::offer_of(&crashed_with_camera(true, true), 3);
    let mut h = Harness::offered_with(small_paper(), setup(Preset::Standard, 3), offer, sensors());
    h.key(Key::Char('y'));
    assert!(names_after_resume(&h).contains(&"sensor_back".to_string()), "{:?}", names_after_resume(&h));
    // The microphone was not part of the sitting: it is switched off.
    assert!(h.effects.contains(&Effect::SensorOff(Sensor::Microphone)));
    assert!(!h.effects.contains(&Effect::SensorOff(Sensor::Camera)));
    sight(&mut h, 0, 0, 14);
    assert!(
        names_after_resume(&h).contains(&"sensor_incident".to_string()),
        "the camera watches the resumed sitting"
    );
}

#[test]
fn a_resumed_sitting_without_its_camera_says_so_and_one_that_had_none_is_not_watched() {
    // Set up with a camera, resumed by a process without one.
    let offer = crate::support::offer_of(&crashed_with_camera(false, true), 3);
    let none =
        Sensors { camera: SensorSetup::Unavailable("No camera found".into()), microphone: SensorSetup::Off };
    let mut h = Harness::offered_with(small_paper(), setup(Preset::Standard, 3), offer, none);
    h.key(Key::Char('y'));
    let lost = written(&h).into_iter().find(|v| v["event"] == "sensor_lost").unwrap();
    assert_eq!(lost["sensor"], "camera");
    assert_eq!(lost["why"], "the camera is not available to the resumed sitting");
    // Set up without a camera, resumed by a process with one: the camera is switched off, nothing is flagged.
    let offer = crate::support::offer_of(&crashed_with_camera(false, false), 3);
    let mut h = Harness::offered_with(small_paper(), setup(Preset::Standard, 3), offer, sensors());
    h.key(Key::Char('y'));
    assert!(h.effects.contains(&Effect::SensorOff(Sensor::Camera)));
    sight(&mut h, 0, 0, 14);
    assert!(!names_after_resume(&h).contains(&"sensor_incident".to_string()));
}

#[test]
fn the_sensors_stop_when_the_exam_is_over() {
    let mut h = in_exam();
    h.keys(&[Key::Char('r'), Key::Char('s'), Key::Char('y')]);
    assert_eq!(h.driver.ui().stage, Stage::Results);
    assert!(h.effects.contains(&Effect::SensorOff(Sensor::Camera)));
    assert!(h.effects.contains(&Effect::SensorOff(Sensor::Microphone)));
}
