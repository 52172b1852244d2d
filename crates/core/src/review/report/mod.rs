//! The debrief of one sitting, computed by replaying its journal through the core: the score is marked again
//! from the recorded answers, never read from the journal's `scored` line.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::Elapsed;
use crate::journal::{
    AlertKind, Bank, Breach, Event, Integrity, Journal, Record, Sensor, SensorKind, SubmitReason,
};
use crate::proctor::Preset;
use crate::session::{Phase, ReplayError, Score, Sitting, Tally, is_correct};

mod fold;
use fold::build;

/// Minutes per pace block.
pub const BLOCK_MINUTES: u64 = 15;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub exam_id: String,
    pub title: String,
    /// When the clock started (or the session, if it never did).
    pub started_at: DateTime<FixedOffset>,
    /// Time used: from the start to the submission (or to the journal's last record).
    pub duration_ms: u64,
    /// Time allowed.
    pub allowed_ms: u64,
    /// The paper's own duration, when the sitting was shortened with `--minutes`.
    pub paper_minutes: u32,
    pub submitted_reason: Option<SubmitReason>,
    pub started: bool,
    pub rules: Preset,
    pub quick_start: bool,
    /// Set when the sitting asked part of a larger paper (a draw, some domains, a retake of missed questions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bank: Option<Bank>,
    pub seed: u64,
    pub score_percent: f64,
    pub passed: bool,
    pub pass_percent: f64,
    pub correct: u32,
    pub total: u32,
    pub answered: u32,
    pub domains: Vec<Tally>,
    pub tags: Vec<Tally>,
    /// The `scored` line agrees with the marking done here (None when there is no `scored` line).
    pub recorded_score_agrees: Option<bool>,
    pub focus_losses: u32,
    pub time_away_ms: u64,
    pub flickers: u32,
    pub idle_incidents: u32,
    pub idle_ms: u64,
    /// The camera and microphone that watched (by name), if any.
    pub watched: Watched,
    /// Camera and microphone incidents, count and time, by kind (kinds that happened only).
    pub sensors: BTreeMap<SensorKind, KindTotal>,
    /// No face in view plus looking away, in all.
    pub eyes_away_ms: u64,
    pub noise_spikes: u32,
    /// Times the camera or microphone stopped delivering.
    pub sensor_losses: u32,
    /// Why the proctor ended the exam, when it did for breaches of its rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoked: Option<Revocation>,
    pub close_attempts: u32,
    pub pointer_left: u32,
    pub occluded: u32,
    /// Alerts shown, all kinds together.
    pub alerts: u32,
    pub alerts_by_kind: BTreeMap<AlertKind, u32>,
    /// Every alert shown, with its time into the exam.
    pub alert_marks: Vec<AlertMark>,
    pub time_warnings: Vec<TimeWarningMark>,
    pub interruptions: u32,
    pub resumes: u32,
    pub incidents: Vec<Incident>,
    pub questions: Vec<QuestionStats>,
    pub blocks: Vec<Block>,
    pub halves: [Half; 2],
    /// Accuracy by quarter of the time used (by when each final answer was given).
    pub quarters: [Half; 4],
    /// Accuracy in the last quarter minus the first, in percentage points (None unless both have answers).
    pub stamina: Option<f64>,
    /// What was on screen, span by span, from the start to the end.
    pub screens: Vec<ScreenSpan>,
    /// Each change of an answer, with its time into the exam.
    pub answer_marks: Vec<AnswerMark>,
    /// Questions with an answer, over time (a point at each change of the count).
    pub pace: Vec<PacePoint>,
    pub changes: Changes,
    pub intact: bool,
    pub records: usize,
    pub digest: Option<String>,
    /// Where the chain breaks, when it does.
    pub tampered: Option<String>,
    /// A last line cut short by a crash (ignored), as "line N, B bytes".
    pub truncated: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IncidentKind {
    FocusLost,
    Idle,
    Flicker,
    CloseRequested,
    Interrupted,
    FaceAbsent,
    LookingAway,
    FacesMultiple,
    SpeechDetected,
    NoiseSpike,
    CameraLost,
    MicrophoneLost,
}

impl From<SensorKind> for IncidentKind {
    fn from(kind: SensorKind) -> Self {
        match kind {
            SensorKind::FaceAbsent => IncidentKind::FaceAbsent,
            SensorKind::LookingAway => IncidentKind::LookingAway,
            SensorKind::FacesMultiple => IncidentKind::FacesMultiple,
            SensorKind::SpeechDetected => IncidentKind::SpeechDetected,
        }
    }
}

/// The camera and microphone that watched a sitting, by name (None: off).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Watched {
    pub camera: Option<String>,
    pub microphone: Option<String>,
}

/// How many incidents of a kind, and their time together.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct KindTotal {
    pub count: u32,
    pub total_ms: u64,
}

/// The proctor ended the exam at the `count`-th breach of `rule`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Revocation {
    pub rule: Breach,
    pub count: u32,
}

impl IncidentKind {
    /// How a report's incident list names it.
    pub fn describe(self) -> &'static str {
        match self {
            IncidentKind::FocusLost => "focus lost",
            IncidentKind::Idle => "idle",
            IncidentKind::Flicker => "flicker",
            IncidentKind::CloseRequested => "close attempt",
            IncidentKind::Interrupted => "interrupted",
            IncidentKind::FaceAbsent => "no face in view",
            IncidentKind::LookingAway => "looking away",
            IncidentKind::FacesMultiple => "more than one face",
            IncidentKind::SpeechDetected => "talking",
            IncidentKind::NoiseSpike => "noise spike",
            IncidentKind::CameraLost => "camera stopped",
            IncidentKind::MicrophoneLost => "microphone stopped",
        }
    }
}

impl Report {
    /// Camera or microphone incidents of a kind: count and time.
    pub fn sensor(&self, kind: SensorKind) -> KindTotal {
        self.sensors.get(&kind).copied().unwrap_or_default()
    }
}

impl Sensor {
    /// The incident kind of this sensor stopping.
    pub fn lost_kind(self) -> IncidentKind {
        match self {
            Sensor::Camera => IncidentKind::CameraLost,
            Sensor::Microphone => IncidentKind::MicrophoneLost,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Incident {
    pub kind: IncidentKind,
    /// Time into the exam.
    pub at_ms: u64,
    pub duration_ms: u64,
    /// Position (1-based) and id of the question on screen, if one was.
    pub question_number: Option<usize>,
    pub question: Option<String>,
    /// The incident was still open when the journal ended (closed at the end for the figures).
    pub open: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuestionStats {
    pub number: usize,
    pub id: String,
    pub domain: String,
    pub tags: Vec<String>,
    pub multiple: bool,
    pub answered: bool,
    pub correct: bool,
    pub time_ms: u64,
    pub visits: u32,
    /// Switches from one complete answer to a different one.
    pub changes: u32,
    pub marked: bool,
    pub focus_losses: u32,
    /// Time into the exam of the last change to the answer.
    pub answered_at_ms: Option<u64>,
    /// The selections, as file option indexes.
    pub selected: Vec<u8>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Block {
    pub start_min: u64,
    /// Questions whose final answer was given in this block.
    pub answered: u32,
    pub correct: u32,
    /// Time spent on question screens in this block.
    pub question_time_ms: u64,
    /// Question-screen time per question answered in this block, in seconds.
    pub seconds_per_answer: Option<f64>,
    pub focus_losses: u32,
}

/// A stretch of time with one screen up: a question (by its number) or the review screen (None).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ScreenSpan {
    pub from_ms: u64,
    pub to_ms: u64,
    pub question_number: Option<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AnswerMark {
    pub at_ms: u64,
    pub question_number: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PacePoint {
    pub at_ms: u64,
    pub answered: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AlertMark {
    pub at_ms: u64,
    pub kind: AlertKind,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TimeWarningMark {
    pub at_ms: u64,
    pub remaining_min: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Half {
    pub answered: u32,
    pub correct: u32,
}

/// Answer changes between complete answers, classified by right and wrong.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Changes {
    pub right_to_wrong: u32,
    pub wrong_to_right: u32,
    pub wrong_to_wrong: u32,
}

/// Why a journal gives no report at all.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    #[error("{0}")]
    Unreadable(String),
    #[error("the journal does not replay: {0}")]
    Replay(ReplayError),
}

impl Report {
    /// Replays the trustworthy part of a journal (all of it, when intact).
    pub fn from_journal(journal: &Journal) -> Result<Report, ReviewError> {
        if journal.records.is_empty() {
            let why = match &journal.integrity {
                Integrity::Tampered(b) => b.to_string(),
                Integrity::Intact { .. } => "the journal has no records".to_string(),
            };
            return Err(ReviewError::Unreadable(why));
        }
        let sitting = Sitting::replay(journal.records.iter().map(|r| (r.t(), &r.event)))
            .map_err(ReviewError::Replay)?;
        let mut report = build(&sitting, &journal.records);
        report.intact = journal.integrity.is_intact();
        report.tampered = match &journal.integrity {
            Integrity::Tampered(b) => Some(b.to_string()),
            Integrity::Intact { .. } => None,
        };
        report.truncated = journal.truncated.map(|(line, bytes)| format!("line {line}, {bytes} bytes"));
        Ok(report)
    }

    /// Accuracy of the answered questions, as a percentage.
    pub fn half_accuracy(half: &Half) -> Option<f64> {
        (half.answered > 0).then(|| f64::from(half.correct) * 100.0 / f64::from(half.answered))
    }
}
