//! The check-in that "secures the test site": automatic checks (monitors, screen, running applications), the
//! webcam and microphone, sound, and the candidate's checklist, one item at a time. Pure: check results, camera
//! frames and sound levels come in from the shell.

use crate::journal::{CheckStatus, Sensor};

/// Camera frames in a row with one face facing the screen that pass the webcam check.
const FACE_FRAMES: u8 = 2;
/// Milliseconds of speech that pass the microphone check.
const SPEECH_HEARD_MS: u32 = 600;

/// What the shell could open for the proctor to watch or listen with.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum SensorSetup {
    /// Open, with the device's name.
    On(String),
    /// Wanted but not there (no camera found, the device failed to open): why.
    Unavailable(String),
    /// Switched off by the candidate (`--camera off`).
    #[default]
    Off,
}

/// The camera and the microphone, as the shell found them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sensors {
    pub camera: SensorSetup,
    pub microphone: SensorSetup,
}

impl Sensors {
    /// Whether this sensor is open and watching.
    pub fn is_on(&self, sensor: Sensor) -> bool {
        self.setup(sensor).name().is_some()
    }

    pub fn setup(&self, sensor: Sensor) -> &SensorSetup {
        match sensor {
            Sensor::Camera => &self.camera,
            Sensor::Microphone => &self.microphone,
        }
    }

    /// The sensor no longer watches.
    pub fn set_off(&mut self, sensor: Sensor) {
        match sensor {
            Sensor::Camera => self.camera = SensorSetup::Off,
            Sensor::Microphone => self.microphone = SensorSetup::Off,
        }
    }
}

impl SensorSetup {
    pub fn name(&self) -> Option<&str> {
        match self {
            SensorSetup::On(name) => Some(name),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    /// Checked by the app; a pass moves on by itself, a warning waits for Enter (or R to check again).
    Automatic,
    /// The candidate plays a test tone (T) and says whether it was heard (Enter / X).
    SoundTest,
    /// The candidate confirms with Enter.
    Confirm,
    /// The live camera picture: passes when one face is seen facing the screen; S goes on without the camera.
    Webcam,
    /// A live sound level: passes when speech is heard; S goes on without the microphone.
    Microphone,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// The journal's `item` name.
    pub id: &'static str,
    pub title: String,
    pub detail: String,
    pub kind: ItemKind,
    /// None while the check runs or the candidate has not answered.
    pub status: Option<CheckStatus>,
}

/// What an automatic check found: pass, warn or fail, with a line to show and record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub id: &'static str,
    pub status: CheckStatus,
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CheckIn {
    pub items: Vec<Item>,
    /// The item waiting for the candidate; `items.len()` when all are done.
    pub cursor: usize,
    /// The webcam check: frames in a row with one face facing the screen, and the faces in the last frame.
    face_frames: u8,
    pub faces: Option<(u8, u8)>,
    /// The microphone check: the loudest level of the last sound block (dBFS), and speech heard so far.
    pub level_db: Option<f32>,
    speech_ms: u32,
}

impl CheckIn {
    /// The standard check-in. `quick_start` skips the checklist; `minutes` is said in the no-breaks item.
    pub fn new(quick_start: bool, minutes: u32) -> CheckIn {
        CheckIn::with_sensors(quick_start, minutes, &Sensors::default())
    }

    /// The check-in with a webcam and a microphone step for the sensors the shell opened (or a skipped item
    /// saying why one is missing).
    pub fn with_sensors(quick_start: bool, minutes: u32, sensors: &Sensors) -> CheckIn {
        let auto = |id, title: &str| Item {
            id,
            title: title.to_string(),
            detail: "checking…".to_string(),
            kind: ItemKind::Automatic,
            status: None,
        };
        let confirm = |id, title: &str, detail: String| Item {
            id,
            title: title.to_string(),
            detail,
            kind: ItemKind::Confirm,
            status: quick_start.then_some(CheckStatus::Skipped),
        };
        let sensor = |id, title: &str, setup: &SensorSetup, kind, ask: &str, what: &str| {
            let (detail, status) = match setup {
                SensorSetup::On(name) if quick_start => (
                    format!("Quick start: the {what} ({name}) watches without this check."),
                    Some(CheckStatus::Skipped),
                ),
                SensorSetup::On(name) => {
                    (format!("{ask} ({name}). Press S to go on without the {what}."), None)
                }
                SensorSetup::Unavailable(why) => {
                    (format!("{why}: the {what} checks are off."), Some(CheckStatus::Skipped))
                }
                SensorSetup::Off => (String::new(), None),
            };
            (*setup != SensorSetup::Off).then(|| Item { id, title: title.to_string(), detail, kind, status })
        };
        let mut items = vec![
            auto("monitors", "One monitor"),
            auto("screen", "Screen size"),
            auto("applications", "Applications a proctor would make you close"),
        ];
        items.extend(sensor(
            "webcam",
            "Webcam",
            &sensors.camera,
            ItemKind::Webcam,
            "Sit centred in front of the camera, in good light, and look at the screen",
            "camera",
        ));
        items.extend(sensor(
            "microphone",
            "Microphone",
            &sensors.microphone,
            ItemKind::Microphone,
            "Say a few words: the check passes when speech is heard",
            "microphone",
        ));
        items.extend([
            Item {
                id: "sound",
                title: "Sound for warnings".to_string(),
                detail: "Press T to play a test tone, then Enter if you heard it or X if you did not."
                    .to_string(),
                kind: ItemKind::SoundTest,
                status: None,
            },
            confirm(
                "desk",
                "Desk clear",
                "Only this computer, keyboard and mouse on the desk; no notes, no books.".to_string(),
            ),
            confirm(
                "phone",
                "Phone away",
                "Phone silent and out of reach; no watch with notifications.".to_string(),
            ),
            confirm(
                "notifications",
                "Notifications off",
                "Do Not Disturb on; chat and mail closed.".to_string(),
            ),
            confirm(
                "no_breaks",
                "Water and restroom now",
                format!(
                    "There are no breaks: the clock runs for {minutes} minute{} without stopping.",
                    if minutes == 1 { "" } else { "s" }
                ),
            ),
        ]);
        CheckIn { items, cursor: 0, face_frames: 0, faces: None, level_db: None, speech_ms: 0 }
    }

    /// One camera frame: the webcam check passes after a few frames in a row with one face facing the screen,
    /// and then waits for Enter (the candidate sees the picture first).
    pub fn sight(&mut self, faces: u8, frontal: u8) {
        self.faces = Some((faces, frontal));
        let Some(item) = self.items.get_mut(self.cursor) else { return };
        if item.kind != ItemKind::Webcam || item.status.is_some() {
            return;
        }
        self.face_frames = if faces == 1 && frontal == 1 { self.face_frames.saturating_add(1) } else { 0 };
        item.detail = match (faces, frontal) {
            _ if self.face_frames >= FACE_FRAMES => {
                item.status = Some(CheckStatus::Pass);
                "One face in view, facing the screen. Press Enter to go on.".to_string()
            }
            (0, _) => {
                "No face seen yet: sit centred in front of the camera, in good light. S: go on without \
                       the camera."
                    .to_string()
            }
            (1, 0) => "Face the screen, please. S: go on without the camera.".to_string(),
            (1, _) => "One face in view: hold still.".to_string(),
            _ => "More than one face in view: only you may be in the room. S: go on without the camera."
                .to_string(),
        };
    }

    /// One block of sound: the level meter moves, and the microphone check passes once speech is heard.
    pub fn heard(&mut self, speech_ms: u16, level_db: f32) {
        self.level_db = Some(level_db);
        let Some(item) = self.items.get_mut(self.cursor) else { return };
        if item.kind != ItemKind::Microphone || item.status.is_some() {
            return;
        }
        self.speech_ms += u32::from(speech_ms);
        if self.speech_ms >= SPEECH_HEARD_MS {
            item.status = Some(CheckStatus::Pass);
            item.detail = "Speech heard. Press Enter to go on.".to_string();
        }
    }

    /// The sensor the current item checks, if it checks one.
    pub fn current_sensor(&self) -> Option<Sensor> {
        match self.current().map(|i| i.kind) {
            Some(ItemKind::Webcam) => Some(Sensor::Camera),
            Some(ItemKind::Microphone) => Some(Sensor::Microphone),
            _ => None,
        }
    }

    /// S on the webcam or microphone step: go on without it. Returns the items to record and the sensor to
    /// switch off.
    pub fn skip_sensor(&mut self) -> Option<(Vec<Item>, Sensor)> {
        let sensor = self.current_sensor()?;
        let item = self.items.get_mut(self.cursor)?;
        item.status = Some(CheckStatus::Skipped);
        item.detail =
            format!("The candidate went on without the {0}: the {0} checks are off.", sensor.name());
        let mut done = vec![item.clone()];
        self.cursor += 1;
        done.extend(self.settle());
        Some((done, sensor))
    }

    /// A sensor stopped before the exam began: its step is skipped, saying why. Returns the items to record.
    pub fn sensor_lost(&mut self, sensor: Sensor, why: &str) -> Vec<Item> {
        let kind = match sensor {
            Sensor::Camera => ItemKind::Webcam,
            Sensor::Microphone => ItemKind::Microphone,
        };
        if let Some(item) = self.items.iter_mut().skip(self.cursor).find(|i| i.kind == kind) {
            item.status = Some(CheckStatus::Skipped);
            item.detail = format!("The {} stopped ({why}): its checks are off.", sensor.name());
        }
        self.settle()
    }

    pub fn current(&self) -> Option<&Item> {
        self.items.get(self.cursor)
    }

    pub fn is_done(&self) -> bool {
        self.cursor >= self.items.len()
    }

    /// An automatic check's result arrived. Returns the items to record now (passes record themselves).
    pub fn found(&mut self, finding: Finding) -> Vec<Item> {
        if let Some(item) = self.items.iter_mut().find(|i| i.id == finding.id) {
            item.status = Some(finding.status);
            item.detail = finding.detail;
        }
        self.settle()
    }

    /// Moves past every item that needs nothing from the candidate; returns them, to be recorded.
    fn settle(&mut self) -> Vec<Item> {
        let mut settled = Vec::new();
        while let Some(item) = self.items.get(self.cursor) {
            let moves_on = matches!(
                (item.kind, item.status),
                (_, Some(CheckStatus::Skipped)) | (ItemKind::Automatic, Some(CheckStatus::Pass))
            );
            if !moves_on {
                break;
            }
            settled.push(item.clone());
            self.cursor += 1;
        }
        settled
    }

    /// Enter: confirm the current item (or accept its warning). Returns the items to record.
    pub fn confirm(&mut self) -> Vec<Item> {
        let Some(item) = self.items.get_mut(self.cursor) else { return Vec::new() };
        match (item.kind, item.status) {
            (ItemKind::Automatic | ItemKind::Webcam | ItemKind::Microphone, None) => return Vec::new(),
            (ItemKind::SoundTest, None) => {
                item.status = Some(CheckStatus::Confirmed);
                item.detail = "The candidate heard the test tone.".to_string();
            }
            (ItemKind::Confirm, None) => item.status = Some(CheckStatus::Confirmed),
            _ => {}
        }
        let mut done = vec![item.clone()];
        self.cursor += 1;
        done.extend(self.settle());
        done
    }

    /// X on the sound test: the tone was not heard.
    pub fn not_heard(&mut self) -> Vec<Item> {
        match self.items.get_mut(self.cursor) {
            Some(item) if item.kind == ItemKind::SoundTest && item.status.is_none() => {
                item.status = Some(CheckStatus::Warn);
                item.detail = "The candidate did not hear the test tone: warnings may be silent.".to_string();
                self.cursor += 1;
                let mut done = vec![self.items[self.cursor - 1].clone()];
                done.extend(self.settle());
                done
            }
            _ => Vec::new(),
        }
    }

    /// R: run the automatic checks again (after closing an application, unplugging a monitor).
    pub fn recheck(&mut self) {
        for item in self.items.iter_mut().skip(self.cursor).filter(|i| i.kind == ItemKind::Automatic) {
            item.status = None;
            item.detail = "checking…".to_string();
        }
    }

    /// The sound test cannot be done (no sound card, `--no-sound`): it becomes a warning or a skip.
    pub fn sound_unavailable(&mut self, status: CheckStatus, detail: String) -> Vec<Item> {
        if let Some(item) = self.items.iter_mut().find(|i| i.kind == ItemKind::SoundTest) {
            item.status = Some(status);
            // The shell's reason ("no sound output (...)") reads as a sentence here, like every other detail.
            let mut chars = detail.chars();
            item.detail = chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
            item.kind = ItemKind::Automatic;
        }
        self.settle()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(id: &'static str, status: CheckStatus) -> Finding {
        Finding { id, status, detail: format!("{id} detail") }
    }

    #[test]
    fn passing_checks_move_on_by_themselves_and_warnings_wait() {
        let mut c = CheckIn::new(false, 120);
        assert_eq!(c.found(finding("screen", CheckStatus::Pass)), vec![], "the monitors check comes first");
        let recorded = c.found(finding("monitors", CheckStatus::Pass));
        assert_eq!(recorded.iter().map(|i| i.id).collect::<Vec<_>>(), ["monitors", "screen"]);
        assert!(c.found(finding("applications", CheckStatus::Warn)).is_empty());
        assert_eq!(c.current().unwrap().id, "applications");
        assert_eq!(c.confirm()[0].status, Some(CheckStatus::Warn));
        assert_eq!(c.current().unwrap().id, "sound");
        assert_eq!(c.not_heard()[0].status, Some(CheckStatus::Warn));
        for id in ["desk", "phone", "notifications", "no_breaks"] {
            assert_eq!(c.current().unwrap().id, id);
            assert_eq!(c.confirm()[0].status, Some(CheckStatus::Confirmed));
        }
        assert!(c.is_done());
    }

    #[test]
    fn quick_start_skips_the_checklist_but_not_the_checks() {
        let mut c = CheckIn::new(true, 15);
        c.found(finding("monitors", CheckStatus::Pass));
        c.found(finding("screen", CheckStatus::Pass));
        c.found(finding("applications", CheckStatus::Pass));
        let recorded = c.sound_unavailable(CheckStatus::Skipped, "sound off".into());
        assert_eq!(recorded.len(), 5, "sound and the four checklist items");
        assert!(recorded[1..].iter().all(|i| i.status == Some(CheckStatus::Skipped)));
        assert_eq!(recorded[0].detail, "Sound off", "the shell's reason, as a sentence");
        assert!(c.is_done());
    }

    #[test]
    fn a_one_minute_sitting_says_minute() {
        let detail = |minutes| {
            let c = CheckIn::new(false, minutes);
            c.items.iter().find(|i| i.id == "no_breaks").unwrap().detail.clone()
        };
        assert!(detail(1).contains("runs for 1 minute without stopping"), "{}", detail(1));
        assert!(detail(120).contains("runs for 120 minutes without stopping"), "{}", detail(120));
    }

    #[test]
    fn recheck_clears_the_automatic_results_not_yet_accepted() {
        let mut c = CheckIn::new(false, 120);
        c.found(finding("monitors", CheckStatus::Warn));
        c.recheck();
        assert_eq!(c.items[0].status, None);
        assert!(c.confirm().is_empty(), "nothing to accept while checking");
    }
}
