//! What the proctor hears, a block at a time: the voice detector's 20 ms frames gathered into 200 ms blocks,
//! few enough for the shell to pass on and for a rule to count, fine enough to tell a word from a sentence.

use serde::Serialize;

use super::voice::{FRAME_MS, SILENCE_DB, VoiceFrame};

/// The length of one [`Hearing`] block.
pub const BLOCK_MS: u32 = 200;
const FRAMES_PER_BLOCK: u32 = BLOCK_MS / FRAME_MS;

/// 200 ms of sound, summed up.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Hearing {
    /// How much of the block was speech, in milliseconds (a multiple of [`FRAME_MS`], at most [`BLOCK_MS`]).
    pub speech_ms: u16,
    /// A loud sudden sound began in the block.
    pub spike: bool,
    /// The block's loudest frame, in dBFS (full-band RMS over 20 ms).
    pub level_db: f32,
}

impl Hearing {
    /// Something worth telling the proctor about: speech or a spike. Blocks of a quiet room are not.
    pub fn noteworthy(&self) -> bool {
        self.speech_ms > 0 || self.spike
    }
}

/// Gathers frames into blocks: every [`BLOCK_MS`] of frames pushed gives one [`Hearing`].
#[derive(Clone, Debug)]
pub struct HearingBlocks {
    frames: u32,
    speech_frames: u32,
    spike: bool,
    loudest: f32,
}

impl Default for HearingBlocks {
    fn default() -> HearingBlocks {
        HearingBlocks { frames: 0, speech_frames: 0, spike: false, loudest: SILENCE_DB }
    }
}

impl HearingBlocks {
    pub fn new() -> HearingBlocks {
        HearingBlocks::default()
    }

    /// Adds one frame; returns the block it completes, if it completes one.
    pub fn push(&mut self, frame: VoiceFrame) -> Option<Hearing> {
        self.frames += 1;
        self.speech_frames += u32::from(frame.speech);
        self.spike |= frame.spike;
        self.loudest = self.loudest.max(frame.level_db);
        if self.frames < FRAMES_PER_BLOCK {
            return None;
        }
        let speech_ms = u16::try_from(self.speech_frames * FRAME_MS).unwrap_or(u16::MAX);
        let block = Hearing { speech_ms, spike: self.spike, level_db: self.loudest };
        *self = HearingBlocks::default();
        Some(block)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(speech: bool, spike: bool, level_db: f32) -> VoiceFrame {
        VoiceFrame { speech, spike, level_db }
    }

    #[test]
    fn ten_frames_make_a_block_with_its_speech_time_and_loudest_frame() {
        let mut blocks = HearingBlocks::new();
        let mut out = Vec::new();
        for i in 0..20 {
            out.extend(blocks.push(frame(i % 4 == 0, i == 13, -60.0 + i as f32)));
        }
        assert_eq!(
            out,
            vec![
                Hearing { speech_ms: 60, spike: false, level_db: -51.0 },
                Hearing { speech_ms: 40, spike: true, level_db: -41.0 },
            ]
        );
        assert!(out.iter().all(Hearing::noteworthy));
        let quiet = (0..10).find_map(|_| blocks.push(frame(false, false, -70.0))).unwrap();
        assert_eq!(quiet, Hearing { speech_ms: 0, spike: false, level_db: -70.0 });
        assert!(!quiet.noteworthy());
    }
}
