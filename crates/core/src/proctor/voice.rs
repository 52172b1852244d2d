//! Is someone talking? A voice-activity detector for the proctor's ears: mono samples in (any chunk sizes, any
//! common rate), one [`VoiceFrame`] per 20 ms out, telling speech from the steady sounds of a room (a fan, mains
//! hum, silence) and flagging loud sudden sounds (a clap, a door). Pure: no clock, no I/O, no allocation after
//! `new`; the same samples always give the same frames.
//!
//! # The algorithm
//!
//! Each sample goes through a speech-band filter (a 4th-order Butterworth high-pass at [`SPEECH_LOW_HZ`] and a
//! 4th-order low-pass at [`SPEECH_HIGH_HZ`]: the telephone band, where vowels' formants and most of speech's
//! intelligibility live and where mains hum's fundamental and a fan's rumble do not). Every [`FRAME_MS`] the
//! detector measures the frame:
//!
//! - the **envelope**: the speech-band energy averaged over the last [`ENVELOPE_FRAMES`] frames, in dBFS;
//! - the **noise floor**: the lowest envelope lately. It follows the envelope down at once and rises by only
//!   [`FLOOR_RISE_DB`] a frame, so whatever is steady (a fan, hum, hiss) becomes the floor and speech, which
//!   always has pauses between syllables and words, stands above it. A sound that holds steady for
//!   [`STEADY_FRAMES`] lifts the floor to itself at once (and ends any hangover), so a fan switched on is
//!   taken for a voice for a quarter of a second at most;
//! - the **modulation**: the envelope's range (highest minus lowest) over the last [`MODULATION_FRAMES`]
//!   frames. Speech rises and falls with its syllables, three to eight a second; a fan or hum barely moves;
//! - the **zero-crossing rate** of the band-passed signal, per second: voiced speech crosses at its first
//!   formants' rate (under about 2,500 a second), white hiss near the top of the band.
//!
//! A frame is *active* when the envelope is above [`MIN_SPEECH_DB`] (not the quiet of an empty room), at least
//! [`SNR_DB`] above the floor, modulated by at least [`MODULATION_DB`], and crossing zero less than
//! [`MAX_CROSSINGS_PER_S`] times a second. Speech begins after [`ONSET_FRAMES`] active frames in a row (a click
//! is shorter) and lasts [`HANGOVER_FRAMES`] past the last active one (the gaps inside words and between them).
//!
//! A frame is a **spike** when its full-band level is at least [`SPIKE_MIN_DB`], at least [`SPIKE_JUMP_DB`] above
//! the mean level of the previous [`RECENT_FRAMES`] frames, and it got there suddenly: one 5 ms quarter of the
//! frame at least [`SPIKE_MIN_DB`] and [`SPIKE_STEP_DB`] above the quarter before it (a voice swells over tens of milliseconds; a clap
//! or a door arrives within one).

use super::biquad::Biquad;

/// The length of one analysis frame: one [`VoiceFrame`] per 20 ms of samples. Short enough to follow syllables,
/// long enough to hold a few periods of the lowest voice.
pub const FRAME_MS: u32 = 20;
/// The speech band's lower edge: above mains hum (50/60 Hz) and its first few harmonics' bulk, and above the
/// rumble where a fan's brown noise has most of its energy.
pub const SPEECH_LOW_HZ: f64 = 300.0;
/// The speech band's upper edge: the telephone band, which carries the first three formants of most vowels.
pub const SPEECH_HIGH_HZ: f64 = 3_400.0;
/// Rates below this are taken as this (the band needs it); rates above [`MAX_RATE`] as that. No device in use
/// runs outside this range; the clamp only keeps nonsense from dividing by zero.
pub const MIN_RATE: u32 = 8_000;
/// See [`MIN_RATE`].
pub const MAX_RATE: u32 = 384_000;
/// The quietest level reported, in dBFS (digital silence would be minus infinity).
pub const SILENCE_DB: f32 = -120.0;
/// The envelope averages this many frames (60 ms): enough to smooth a noise's frame-to-frame jitter, short
/// enough to keep the dips between syllables.
pub const ENVELOPE_FRAMES: usize = 3;
/// The modulation is the envelope's range over this many frames (400 ms): at the slowest syllable rate (about
/// 2.5 a second) a window this long holds a syllable and the dip beside it.
pub const MODULATION_FRAMES: usize = 20;
/// How fast the noise floor rises while the envelope is above it, in dB per frame (2 dB a second). It falls to
/// the envelope at once.
pub const FLOOR_RISE_DB: f32 = 0.04;
/// A sound whose envelope stays within [`STEADY_DB`] for this many frames (200 ms) is the room's, not a voice's:
/// the floor rises to it at once (a fan switched on becomes the floor in 200 ms, not in the 20 s that
/// [`FLOOR_RISE_DB`] would take; with the envelope's lag it reads as speech for about a quarter of a second, and
/// the hangover is cut short). A voice's envelope moves more than that within a fifth of a second.
pub const STEADY_FRAMES: usize = 10;
/// See [`STEADY_FRAMES`]; a fan's envelope wanders about 1 dB.
pub const STEADY_DB: f32 = 2.0;
/// The envelope must be above this (dBFS, speech band) for speech: below it is a quiet room and a microphone's
/// own noise.
pub const MIN_SPEECH_DB: f32 = -62.0;
/// The envelope must be this far above the noise floor, in dB.
pub const SNR_DB: f32 = 3.0;
/// The envelope must have moved this much (dB) over the modulation window.
pub const MODULATION_DB: f32 = 4.0;
/// Above this many zero crossings a second (band-passed) a frame is hiss, not voiced speech.
pub const MAX_CROSSINGS_PER_S: f32 = 3_500.0;
/// This many active frames in a row (60 ms) start speech: a syllable lasts longer, a clap's burst does not.
pub const ONSET_FRAMES: u32 = 3;
/// Speech lasts this many frames (200 ms) after the last active one.
pub const HANGOVER_FRAMES: u32 = 10;
/// A spike is at least this loud (full-band RMS of its frame, and of the quarter it rose in, dBFS): louder than
/// a raised voice at a laptop's microphone (about -25), quieter than a clap at arm's length (-15 to -5).
pub const SPIKE_MIN_DB: f32 = -20.0;
/// A spike is at least this far above the mean level of the frames before it, in dB.
pub const SPIKE_JUMP_DB: f32 = 20.0;
/// "The frames before it": this many (500 ms).
pub const RECENT_FRAMES: usize = 25;
/// A spike rises at least this much (dB) from one quarter-frame (5 ms) to the next.
pub const SPIKE_STEP_DB: f32 = 15.0;

/// Quarters a frame is cut into for [`SPIKE_STEP_DB`].
const QUARTERS: usize = 4;

/// What the detector made of one [`FRAME_MS`] of sound.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct VoiceFrame {
    /// Someone is talking (including the short hangover after the last syllable).
    pub speech: bool,
    /// A loud sudden sound began in this frame.
    pub spike: bool,
    /// The frame's full-band RMS level in dBFS (a full-scale sine is -3), never below [`SILENCE_DB`].
    pub level_db: f32,
}

/// The voice-activity detector: feed it samples with [`VoiceDetector::push`]; it keeps the partial frame
/// between calls.
#[derive(Clone, Debug)]
pub struct VoiceDetector {
    rate: f32,
    frame_len: usize,
    band: [Biquad; 4],
    // The frame being filled.
    filled: usize,
    sum_sq: f64,
    band_sq: f64,
    quarter_sq: [f64; QUARTERS],
    crossings: u32,
    last_positive: bool,
    // What earlier frames left.
    last_quarter_db: f32,
    energies: [f64; ENVELOPE_FRAMES],
    envelopes: [f32; MODULATION_FRAMES],
    levels: [f32; RECENT_FRAMES],
    frames_seen: usize,
    floor: Option<f32>,
    active_run: u32,
    hangover: u32,
}

impl VoiceDetector {
    /// A detector for mono samples at `sample_rate` Hz (clamped to [`MIN_RATE`]..=[`MAX_RATE`]).
    pub fn new(sample_rate: u32) -> VoiceDetector {
        let rate = sample_rate.clamp(MIN_RATE, MAX_RATE);
        let r = f64::from(rate);
        VoiceDetector {
            rate: rate as f32,
            frame_len: (rate as usize * FRAME_MS as usize).div_ceil(1000),
            band: [
                Biquad::high_pass(r, SPEECH_LOW_HZ),
                Biquad::high_pass(r, SPEECH_LOW_HZ),
                Biquad::low_pass(r, SPEECH_HIGH_HZ),
                Biquad::low_pass(r, SPEECH_HIGH_HZ),
            ],
            filled: 0,
            sum_sq: 0.0,
            band_sq: 0.0,
            quarter_sq: [0.0; QUARTERS],
            crossings: 0,
            last_positive: false,
            last_quarter_db: SILENCE_DB,
            energies: [0.0; ENVELOPE_FRAMES],
            envelopes: [SILENCE_DB; MODULATION_FRAMES],
            levels: [SILENCE_DB; RECENT_FRAMES],
            frames_seen: 0,
            floor: None,
            active_run: 0,
            hangover: 0,
        }
    }

    /// Samples per frame at this detector's rate.
    pub fn frame_len(&self) -> usize {
        self.frame_len
    }

    /// Takes mono samples (full scale is ±1; anything not finite counts as 0, anything beyond is clipped) and
    /// appends one frame to `out` for each [`FRAME_MS`] completed.
    pub fn push(&mut self, samples: &[f32], out: &mut Vec<VoiceFrame>) {
        for &s in samples {
            let x = if s.is_finite() { f64::from(s.clamp(-1.0, 1.0)) } else { 0.0 };
            let y = self.band.iter_mut().fold(x, |v, f| f.step(v));
            let positive = y > 0.0;
            if positive != self.last_positive {
                self.crossings += 1;
                self.last_positive = positive;
            }
            self.sum_sq += x * x;
            self.band_sq += y * y;
            self.quarter_sq[self.filled * QUARTERS / self.frame_len] += x * x;
            self.filled += 1;
            if self.filled == self.frame_len {
                out.push(self.finish_frame());
            }
        }
    }

    fn finish_frame(&mut self) -> VoiceFrame {
        let n = self.frame_len as f64;
        let level_db = db(self.sum_sq / n);
        let spike = self.spike(level_db);

        self.energies[self.frames_seen % ENVELOPE_FRAMES] = self.band_sq / n;
        let seen = (self.frames_seen + 1).min(ENVELOPE_FRAMES);
        let envelope = db(self.energies[..seen].iter().sum::<f64>() / seen as f64);
        self.envelopes[self.frames_seen % MODULATION_FRAMES] = envelope;
        let window = &self.envelopes[..(self.frames_seen + 1).min(MODULATION_FRAMES)];
        let (low, high) = window.iter().fold((f32::MAX, f32::MIN), |(lo, hi), &e| (lo.min(e), hi.max(e)));
        let modulation = high - low;
        let crossings_per_s = self.crossings as f32 * self.rate / self.frame_len as f32;

        // A sound steady for STEADY_FRAMES is the room, whatever the floor was: lift the floor to it.
        let steady_low = (self.frames_seen + 1 >= STEADY_FRAMES)
            .then(|| {
                (0..STEADY_FRAMES)
                    .map(|back| {
                        self.envelopes[(self.frames_seen + MODULATION_FRAMES - back) % MODULATION_FRAMES]
                    })
                    .fold((f32::MAX, f32::MIN), |(lo, hi), e| (lo.min(e), hi.max(e)))
            })
            .filter(|(low, high)| high - low <= STEADY_DB)
            .map(|(low, _)| low);
        let floor = self.floor.unwrap_or(envelope).max(steady_low.unwrap_or(f32::MIN));
        if steady_low.is_some() {
            // What just passed for speech was the room changing: no hangover for it.
            self.hangover = 0;
        }
        let active = envelope > MIN_SPEECH_DB
            && envelope - floor >= SNR_DB
            && modulation >= MODULATION_DB
            && crossings_per_s < MAX_CROSSINGS_PER_S;
        self.floor = Some(if envelope < floor { envelope } else { (floor + FLOOR_RISE_DB).min(envelope) });

        self.active_run = if active { self.active_run + 1 } else { 0 };
        let speech = if self.active_run >= ONSET_FRAMES {
            self.hangover = HANGOVER_FRAMES;
            true
        } else if self.hangover > 0 {
            self.hangover -= 1;
            true
        } else {
            false
        };

        self.levels[self.frames_seen % RECENT_FRAMES] = level_db;
        self.frames_seen += 1;
        self.filled = 0;
        self.sum_sq = 0.0;
        self.band_sq = 0.0;
        self.quarter_sq = [0.0; QUARTERS];
        self.crossings = 0;
        VoiceFrame { speech, spike, level_db }
    }

    /// Whether this frame (of `level_db`, its quarters in `quarter_sq`) is a spike; moves the quarter history on.
    fn spike(&mut self, level_db: f32) -> bool {
        let quarter_len = self.frame_len as f64 / QUARTERS as f64;
        let mut before = self.last_quarter_db;
        let mut sudden = false;
        for &sq in &self.quarter_sq {
            let now = db(sq / quarter_len);
            sudden |= now >= SPIKE_MIN_DB && now - before >= SPIKE_STEP_DB;
            before = now;
        }
        self.last_quarter_db = before;
        let recent = &self.levels[..self.frames_seen.min(RECENT_FRAMES)];
        let recent_db =
            if recent.is_empty() { SILENCE_DB } else { recent.iter().sum::<f32>() / recent.len() as f32 };
        self.frames_seen >= RECENT_FRAMES
            && sudden
            && level_db >= SPIKE_MIN_DB
            && level_db - recent_db >= SPIKE_JUMP_DB
    }
}

/// A mean square as dBFS, never below [`SILENCE_DB`].
fn db(mean_square: f64) -> f32 {
    if mean_square > 0.0 { ((10.0 * mean_square.log10()) as f32).max(SILENCE_DB) } else { SILENCE_DB }
}

#[cfg(test)]
mod tests;
