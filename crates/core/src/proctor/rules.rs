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
    /// This many focus losses end the exam.
    pub terminate_after: Option<u32>,
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
        };
        match preset {
            Preset::Lenient => {
                Rules { focus_loss: FocusResponse::Banner, beeps: false, reminder_seconds: None, ..standard }
            }
            Preset::Standard => standard,
            Preset::Strict => Rules { terminate_after: Some(3), ..standard },
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
