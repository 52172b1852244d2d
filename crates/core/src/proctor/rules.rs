//! How strict the proctor is, as data: three presets a candidate picks from, recorded in every journal.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Preset {
    Lenient,
    Standard,
    Strict,
}

/// What a confirmed focus loss brings up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FocusResponse {
    /// A banner that clears when focus returns.
    Banner,
    /// A full-screen alert the candidate must acknowledge, as a live proctor does.
    Alert,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rules {
    pub preset: Preset,
    pub focus_loss: FocusResponse,
    /// No input for this long while the window has focus raises the idle banner.
    pub idle_seconds: u32,
    /// Focus losses shorter than this are flickers: recorded, never alerted.
    pub flicker_ms: u32,
    /// A tone with each warning.
    pub beeps: bool,
    /// While the window is away, a reminder tone this often.
    pub reminder_seconds: Option<u32>,
    /// This many focus losses end the exam; so do this many breaches of any one camera or microphone rule.
    pub terminate_after: Option<u32>,
    /// This many breaches of all rules together (focus losses, camera and microphone incidents) end the exam.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terminate_after_total: Option<u32>,
    /// The camera sees no face for this long: "We can't see your face".
    #[serde(default = "default_face_absent")]
    pub face_absent_seconds: u32,
    /// A face in view but none facing the screen for this long: "Please focus on the screen".
    #[serde(default = "default_looking_away")]
    pub looking_away_seconds: u32,
    /// Two or more faces for this long.
    #[serde(default = "default_faces_multiple")]
    pub faces_multiple_seconds: u32,
}

pub const DEFAULT_FACE_ABSENT_SECONDS: u32 = 5;
pub const DEFAULT_LOOKING_AWAY_SECONDS: u32 = 3;
pub const DEFAULT_FACES_MULTIPLE_SECONDS: u32 = 2;
/// Talking is this much speech within [`SPEECH_WINDOW_MS`].
pub const SPEECH_MS: u64 = 2_000;
pub const SPEECH_WINDOW_MS: u64 = 3_000;
/// A talking incident ends after this long without speech.
pub const QUIET_MS: u64 = 2_000;
/// A camera incident ends once its condition has not held for this long (two frames at 2 fps).
pub const CLEAR_MS: u64 = 1_000;
/// Noise spikes closer together than this are one.
pub const SPIKE_GAP_MS: u64 = 2_000;

fn default_face_absent() -> u32 {
    DEFAULT_FACE_ABSENT_SECONDS
}

fn default_looking_away() -> u32 {
    DEFAULT_LOOKING_AWAY_SECONDS
}

fn default_faces_multiple() -> u32 {
    DEFAULT_FACES_MULTIPLE_SECONDS
}

pub const DEFAULT_IDLE_SECONDS: u32 = 90;
pub const FLICKER_MS: u32 = 300;

impl Rules {
    pub fn preset(preset: Preset) -> Rules {
        let standard = Rules {
            preset,
            focus_loss: FocusResponse::Alert,
            idle_seconds: DEFAULT_IDLE_SECONDS,
            flicker_ms: FLICKER_MS,
            beeps: true,
            reminder_seconds: Some(10),
            terminate_after: None,
            terminate_after_total: None,
            face_absent_seconds: DEFAULT_FACE_ABSENT_SECONDS,
            looking_away_seconds: DEFAULT_LOOKING_AWAY_SECONDS,
            faces_multiple_seconds: DEFAULT_FACES_MULTIPLE_SECONDS,
        };
        match preset {
            Preset::Lenient => {
                Rules { focus_loss: FocusResponse::Banner, beeps: false, reminder_seconds: None, ..standard }
            }
            Preset::Standard => standard,
            Preset::Strict => Rules { terminate_after: Some(3), terminate_after_total: Some(5), ..standard },
        }
    }

    pub fn with_idle_seconds(mut self, seconds: u32) -> Rules {
        self.idle_seconds = seconds.max(1);
        self
    }

    /// One line per rule, for the rules screen and the review.
    pub fn describe(&self) -> Vec<String> {
        let mut lines = Vec::new();
        lines.push(match self.focus_loss {
            FocusResponse::Alert => {
                "Leaving the exam window raises a full-screen alert that you must acknowledge.".to_string()
            }
            FocusResponse::Banner => "Leaving the exam window is logged and shows a banner.".to_string(),
        });
        lines.push(format!(
            "No keyboard or mouse input for {} seconds shows \"Please focus on the screen\".",
            self.idle_seconds
        ));
        if let Some(n) = self.terminate_after {
            lines.push(format!("Leaving the exam window {n} times ends the exam."));
        }
        if self.beeps {
            let mut beep = "Each warning beeps".to_string();
            if let Some(s) = self.reminder_seconds {
                beep.push_str(&format!(", and a reminder beeps every {s} seconds while you are away"));
            }
            beep.push('.');
            lines.push(beep);
        }
        lines.push(format!(
            "Focus losses shorter than {} ms are logged as flickers, without an alert.",
            self.flicker_ms
        ));
        lines
    }

    /// One line per camera and microphone rule, for the rules screen when they watch.
    pub fn describe_sensors(&self, camera: bool, microphone: bool) -> Vec<String> {
        let mut lines = Vec::new();
        let response = match self.focus_loss {
            FocusResponse::Alert => "an alert that you must acknowledge",
            FocusResponse::Banner => "a banner",
        };
        if camera {
            lines.push(format!(
                "The camera watches: no face for {} s, a face turned away for {} s, or a second face for {} s \
                 raises {response}.",
                self.face_absent_seconds, self.looking_away_seconds, self.faces_multiple_seconds
            ));
        }
        if microphone {
            lines.push(format!(
                "The microphone listens: {} s of talking within {} s shows \"Talking is not allowed\".",
                SPEECH_MS / 1000,
                SPEECH_WINDOW_MS / 1000
            ));
        }
        if (camera || microphone)
            && let (Some(each), Some(all)) = (self.terminate_after, self.terminate_after_total)
        {
            lines.push(format!(
                "The exam ends at the {} breach of one camera or microphone rule, or the {} in all.",
                ordinal(each),
                ordinal(all)
            ));
        }
        lines
    }
}

/// "first", "second", ... "5th": how the rules and the review count breaches.
pub fn ordinal(n: u32) -> String {
    match n {
        1 => "first".to_string(),
        2 => "second".to_string(),
        3 => "third".to_string(),
        4 => "fourth".to_string(),
        5 => "fifth".to_string(),
        n => format!("{n}th"),
    }
}

impl Default for Rules {
    fn default() -> Self {
        Rules::preset(Preset::Standard)
    }
}

impl fmt::Display for Preset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Preset::Lenient => "lenient",
            Preset::Standard => "standard",
            Preset::Strict => "strict",
        })
    }
}

impl FromStr for Preset {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "lenient" => Ok(Preset::Lenient),
            "standard" => Ok(Preset::Standard),
            "strict" => Ok(Preset::Strict),
            other => Err(format!("unknown rules '{other}': choose lenient, standard or strict")),
        }
    }
}
