//! The watcher: focus, idle, pointer, occlusion and close signals, camera frames and sound blocks with their
//! times in; incidents (journal events), alerts, beeps and "call me back at" deadlines out; and its ears, a
//! voice detector turning microphone samples into [`Hearing`] blocks. Pure: no window, no camera, no sound
//! card, no clock.

mod biquad;
mod hearing;
mod rules;
mod sensors;
mod signal;
mod voice;
mod watch;

pub use hearing::{BLOCK_MS, Hearing, HearingBlocks};
pub use rules::{
    DEFAULT_FACE_ABSENT_SECONDS, DEFAULT_FACES_MULTIPLE_SECONDS, DEFAULT_IDLE_SECONDS,
    DEFAULT_LOOKING_AWAY_SECONDS, FLICKER_MS, FocusResponse, Preset, QUIET_MS, Rules, SPEECH_MS,
    SPEECH_WINDOW_MS, ordinal,
};
pub use sensors::{SensorTimer, SensorWatch};
pub use signal::{Beep, Signal};
pub use voice::{FRAME_MS, VoiceDetector, VoiceFrame};
pub use watch::{Decision, Proctor, ProctorTimer};
