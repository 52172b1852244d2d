//! What a journal line says happened: the stable, snake_case event schema that tools and users read.
//!
//! Field names and event names here are a public format; add, never rename.

use serde::{Deserialize, Serialize};

use crate::exam::RawPaper;
use crate::proctor::Rules;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// Always the first record: everything needed to replay the sitting without the exam file.
    SessionStarted(Box<SessionStarted>),
    /// One item of the check-in: an automatic check or the candidate's confirmation.
    CheckinItem {
        item: String,
        status: CheckStatus,
        detail: String,
    },
    /// The camera and microphone that watch the sitting (by name; absent: off), said just before the start.
    SensorsOn {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        camera: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        microphone: Option<String>,
    },
    /// The clock starts; it never stops. `deadline_ms` is on the journal's `t_ms` scale.
    ExamStarted {
        duration_ms: u64,
        deadline_ms: u64,
    },
    /// A question came on screen; `number` counts from 1 in the order the candidate sees.
    QuestionShown {
        question: String,
        number: usize,
    },
    /// The review screen (all questions as tiles) came on screen.
    ReviewShown,
    /// The candidate's answer to a question is now `selected`: option indexes in the exam file, from 0.
    AnswerChanged {
        question: String,
        selected: Vec<u8>,
    },
    Marked {
        question: String,
    },
    Unmarked {
        question: String,
    },
    TimeWarning {
        remaining_min: u32,
    },
    /// The window lost focus at `lost_ms` and stayed away long enough not to be a flicker.
    FocusLost {
        lost_ms: u64,
    },
    FocusRegained {
        away_ms: u64,
    },
    /// Focus went away and came back within the flicker limit: logged, not alerted.
    FocusFlicker {
        away_ms: u64,
    },
    IdleStarted,
    IdleEnded {
        idle_ms: u64,
    },
    AlertShown {
        kind: AlertKind,
    },
    AlertAcknowledged {
        kind: AlertKind,
    },
    PointerLeft,
    PointerEntered,
    Occluded,
    Visible,
    CloseRequested,
    /// The process was told to stop (SIGTERM, SIGINT) mid-sitting; the sitting can be resumed.
    Interrupted {
        signal: String,
    },
    Submitted {
        reason: SubmitReason,
    },
    Scored {
        score_percent: f64,
        passed: bool,
        correct: u32,
        total: u32,
    },
    /// A new process took up the sitting after a crash or interruption; `gap_ms` since the last record.
    SessionResumed {
        gap_ms: u64,
    },
    /// The camera or the microphone saw or heard what the proctor flags (`kind`), since `since_ms` (on the
    /// journal's `t_ms` scale): it lasted the rule's limit, so it is now an incident.
    SensorIncident {
        kind: SensorKind,
        since_ms: u64,
    },
    /// The incident of that kind is over: the face is back, the candidate faces the screen again, alone, quiet.
    SensorIncidentEnded {
        kind: SensorKind,
        lasted_ms: u64,
    },
    /// A loud sudden sound (a clap, a door): logged, never alerted.
    NoiseSpike,
    /// The camera or microphone stopped delivering (unplugged, taken by another program); the sitting goes on.
    SensorLost {
        sensor: Sensor,
        why: String,
    },
    SensorBack {
        sensor: Sensor,
    },
    /// The proctor ended the exam for this many breaches of one rule (`rule`), or of all rules together.
    Revoked {
        rule: Breach,
        count: u32,
        total: u32,
    },
}

/// What the camera or microphone can flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SensorKind {
    /// No face in view.
    FaceAbsent,
    /// A face in view, but not facing the screen.
    LookingAway,
    /// Two or more faces in view.
    FacesMultiple,
    /// Talking.
    SpeechDetected,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sensor {
    Camera,
    Microphone,
}

/// A rule whose breaches count towards ending the exam under strict rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Breach {
    FocusLost,
    FaceAbsent,
    LookingAway,
    FacesMultiple,
    SpeechDetected,
    /// All rules together.
    All,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionStarted {
    pub exam_id: String,
    pub title: String,
    /// SHA-256 (hex) of the exam file's bytes.
    pub exam_sha256: String,
    /// Where the exam came from: a file path, or `bundled:<name>`.
    pub exam_source: String,
    pub seed: u64,
    /// Question ids in the order the candidate sees them.
    pub order: Vec<String>,
    /// For each question in `order`, its options' file indexes in the order shown.
    pub option_orders: Vec<Vec<u8>>,
    pub rules: Rules,
    /// The time allowed; shorter than the paper's when the candidate chose `--minutes`.
    pub duration_ms: u64,
    /// The candidate skipped the checklist (`--quick-start`).
    pub quick_start: bool,
    pub app_version: String,
    pub host: Host,
    /// The whole paper, so that a review needs nothing but the journal. For a sitting of part of a bank, the
    /// questions drawn (and `bank` says so).
    pub paper: RawPaper,
    /// Set when the sitting asks part of a larger paper: a draw from a bank, some domains, or the questions
    /// missed before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bank: Option<Bank>,
}

/// Where a sitting of part of a paper came from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bank {
    /// Questions in the whole paper.
    pub questions: usize,
    /// The domains the candidate kept to (`--domain`), if any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<String>,
    /// For a retake of missed questions (`--missed`): the journals the questions were missed in, newest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missed_in: Vec<String>,
}

/// Facts about the machine the sitting ran on.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Host {
    pub os: String,
    pub arch: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    Pass,
    Warn,
    Fail,
    /// The candidate confirmed a checklist item.
    Confirmed,
    /// Skipped (`--quick-start`, or no way to check here).
    Skipped,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    /// Full-screen alert after a focus loss; must be acknowledged.
    FocusLost,
    /// A banner after a focus loss (lenient rules); clears when focus returns.
    FocusBanner,
    /// "Please focus on the screen": no input for the idle limit; clears on any input.
    Idle,
    TimeWarning,
    /// "No breaks: closing ends your exam. End now?"
    CloseConfirm,
    /// The exam was ended by the proctor (strict rules).
    Terminated,
    /// The camera saw no face, a face turned away, or more than one face: an alert to acknowledge.
    Sight,
    /// The same, as a banner (lenient rules); clears when the face is back.
    SightBanner,
    /// "Talking is not allowed during the exam": a banner that clears when the candidate is quiet.
    Speech,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubmitReason {
    Candidate,
    TimeUp,
    Terminated,
}

impl Event {
    /// The `event` name as written in the journal.
    pub fn name(&self) -> &'static str {
        match self {
            Event::SessionStarted(_) => "session_started",
            Event::CheckinItem { .. } => "checkin_item",
            Event::SensorsOn { .. } => "sensors_on",
            Event::ExamStarted { .. } => "exam_started",
            Event::QuestionShown { .. } => "question_shown",
            Event::ReviewShown => "review_shown",
            Event::AnswerChanged { .. } => "answer_changed",
            Event::Marked { .. } => "marked",
            Event::Unmarked { .. } => "unmarked",
            Event::TimeWarning { .. } => "time_warning",
            Event::FocusLost { .. } => "focus_lost",
            Event::FocusRegained { .. } => "focus_regained",
            Event::FocusFlicker { .. } => "focus_flicker",
            Event::IdleStarted => "idle_started",
            Event::IdleEnded { .. } => "idle_ended",
            Event::AlertShown { .. } => "alert_shown",
            Event::AlertAcknowledged { .. } => "alert_acknowledged",
            Event::PointerLeft => "pointer_left",
            Event::PointerEntered => "pointer_entered",
            Event::Occluded => "occluded",
            Event::Visible => "visible",
            Event::CloseRequested => "close_requested",
            Event::Interrupted { .. } => "interrupted",
            Event::Submitted { .. } => "submitted",
            Event::Scored { .. } => "scored",
            Event::SessionResumed { .. } => "session_resumed",
            Event::SensorIncident { .. } => "sensor_incident",
            Event::SensorIncidentEnded { .. } => "sensor_incident_ended",
            Event::NoiseSpike => "noise_spike",
            Event::SensorLost { .. } => "sensor_lost",
            Event::SensorBack { .. } => "sensor_back",
            Event::Revoked { .. } => "revoked",
        }
    }
}

impl SubmitReason {
    /// How the results screen opens.
    pub fn headline(self) -> &'static str {
        match self {
            SubmitReason::Candidate => "You submitted the exam",
            SubmitReason::TimeUp => "Time is up: the exam was submitted",
            SubmitReason::Terminated => "The proctor ended the exam",
        }
    }

    /// How a report says it ended.
    pub fn describe(self) -> &'static str {
        match self {
            SubmitReason::Candidate => "submitted by the candidate",
            SubmitReason::TimeUp => "time ran out (submitted automatically)",
            SubmitReason::Terminated => "terminated by the proctor",
        }
    }
}

impl AlertKind {
    pub fn describe(self) -> &'static str {
        match self {
            AlertKind::FocusLost => "focus-loss alert",
            AlertKind::FocusBanner => "focus-loss banner",
            AlertKind::Idle => "idle banner",
            AlertKind::TimeWarning => "time warning",
            AlertKind::CloseConfirm => "close confirmation",
            AlertKind::Terminated => "termination notice",
            AlertKind::Sight => "camera alert",
            AlertKind::SightBanner => "camera banner",
            AlertKind::Speech => "talking banner",
        }
    }
}

impl SensorKind {
    pub const ALL: [SensorKind; 4] = [
        SensorKind::FaceAbsent,
        SensorKind::LookingAway,
        SensorKind::FacesMultiple,
        SensorKind::SpeechDetected,
    ];

    /// The journal's name for it.
    pub fn name(self) -> &'static str {
        match self {
            SensorKind::FaceAbsent => "face_absent",
            SensorKind::LookingAway => "looking_away",
            SensorKind::FacesMultiple => "faces_multiple",
            SensorKind::SpeechDetected => "speech_detected",
        }
    }

    /// How a report names it.
    pub fn describe(self) -> &'static str {
        match self {
            SensorKind::FaceAbsent => "no face in view",
            SensorKind::LookingAway => "looking away",
            SensorKind::FacesMultiple => "more than one face",
            SensorKind::SpeechDetected => "talking",
        }
    }

    pub fn sensor(self) -> Sensor {
        match self {
            SensorKind::SpeechDetected => Sensor::Microphone,
            _ => Sensor::Camera,
        }
    }

    pub fn breach(self) -> Breach {
        match self {
            SensorKind::FaceAbsent => Breach::FaceAbsent,
            SensorKind::LookingAway => Breach::LookingAway,
            SensorKind::FacesMultiple => Breach::FacesMultiple,
            SensorKind::SpeechDetected => Breach::SpeechDetected,
        }
    }
}

impl Sensor {
    pub fn name(self) -> &'static str {
        match self {
            Sensor::Camera => "camera",
            Sensor::Microphone => "microphone",
        }
    }
}

impl Breach {
    /// How the end of an exam names it: "the third time {describe}".
    pub fn describe(self) -> &'static str {
        match self {
            Breach::FocusLost => "leaving the exam window",
            Breach::FaceAbsent => "no face in view",
            Breach::LookingAway => "looking away from the screen",
            Breach::FacesMultiple => "more than one face in view",
            Breach::SpeechDetected => "talking",
            Breach::All => "breaking the proctor's rules",
        }
    }
}
