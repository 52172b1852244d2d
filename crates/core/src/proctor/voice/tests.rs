//! The detector on synthetic rooms: hum, fans, hiss, silence, a voice (an amplitude-modulated harmonic complex
//! with a vowel's formants) and a click, at the three rates microphones run at.

use std::f64::consts::TAU;

use super::*;

const RATES: [u32; 3] = [16_000, 44_100, 48_000];

/// A small deterministic noise source (xorshift64*), uniform in -1..1.
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let bits = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11;
        bits as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
    }
}

fn samples(rate: u32, seconds: f64) -> usize {
    (f64::from(rate) * seconds) as usize
}

/// Scales a signal to an RMS level in dBFS.
fn at_db(mut x: Vec<f64>, db: f64) -> Vec<f64> {
    let rms = (x.iter().map(|v| v * v).sum::<f64>() / x.len() as f64).sqrt();
    let gain = 10f64.powf(db / 20.0) / rms;
    x.iter_mut().for_each(|v| *v *= gain);
    x
}

/// Mains hum: `mains` Hz and its harmonics up to 1 kHz, each weaker than the one below.
fn hum(rate: u32, seconds: f64, mains: f64) -> Vec<f64> {
    (0..samples(rate, seconds))
        .map(|i| {
            let t = i as f64 / f64::from(rate);
            (1..=(1000.0 / mains) as usize).map(|k| (TAU * mains * k as f64 * t).sin() / k as f64).sum()
        })
        .collect()
}

fn white(rate: u32, seconds: f64, seed: u64) -> Vec<f64> {
    let mut noise = Noise(seed);
    (0..samples(rate, seconds)).map(|_| noise.next()).collect()
}

/// Pink noise (Paul Kellet's economy filter): a fan's broadband whoosh.
fn pink(rate: u32, seconds: f64, seed: u64) -> Vec<f64> {
    let (mut b0, mut b1, mut b2) = (0.0, 0.0, 0.0);
    white(rate, seconds, seed)
        .into_iter()
        .map(|w| {
            b0 = 0.99765 * b0 + w * 0.0990460;
            b1 = 0.96300 * b1 + w * 0.2965164;
            b2 = 0.57000 * b2 + w * 1.0526913;
            b0 + b1 + b2 + w * 0.1848
        })
        .collect()
}

/// Brown noise (leaky integrated white): a fan's rumble.
fn brown(rate: u32, seconds: f64, seed: u64) -> Vec<f64> {
    let mut b = 0.0;
    white(rate, seconds, seed)
        .into_iter()
        .map(|w| {
            b = 0.998 * b + w * 0.05;
            b
        })
        .collect()
}

/// A voice: a 120 Hz harmonic complex shaped by the formants of "ah" (700, 1220, 2600 Hz) and a -6 dB/octave
/// glottal slope, switched on and off four times a second like syllables.
fn voice(rate: u32, seconds: f64) -> Vec<f64> {
    let f0 = 120.0;
    let formants = [(700.0, 130.0), (1220.0, 70.0), (2600.0, 160.0)];
    let nyquist = f64::from(rate) / 2.0;
    let harmonics: Vec<(f64, f64)> = (1..)
        .map(|k| f0 * f64::from(k))
        .take_while(|&f| f < nyquist.min(5_000.0))
        .map(|f| {
            let shape: f64 =
                formants.iter().map(|&(c, bw)| 1.0 / (1.0 + ((f - c) / bw).powi(2)).sqrt()).sum();
            (f, shape * f0 / f)
        })
        .collect();
    (0..samples(rate, seconds))
        .map(|i| {
            let t = i as f64 / f64::from(rate);
            let syllable = (TAU * 4.0 * t).sin().max(0.0);
            syllable * harmonics.iter().map(|&(f, a)| a * (TAU * f * t).sin()).sum::<f64>()
        })
        .collect()
}

fn mix(a: &[f64], b: &[f64]) -> Vec<f64> {
    a.iter().zip(b).map(|(x, y)| x + y).collect()
}

fn frames(rate: u32, signal: &[f64]) -> Vec<VoiceFrame> {
    let samples: Vec<f32> = signal.iter().map(|&v| v as f32).collect();
    let mut detector = VoiceDetector::new(rate);
    let mut out = Vec::new();
    detector.push(&samples, &mut out);
    out
}

/// The share of frames marked speech, after the first `skip_s` seconds.
fn speech_share(frames: &[VoiceFrame], skip_s: f64) -> f64 {
    let skip = (skip_s * 1000.0 / f64::from(FRAME_MS)) as usize;
    let rest = &frames[skip.min(frames.len())..];
    rest.iter().filter(|f| f.speech).count() as f64 / rest.len().max(1) as f64
}

#[test]
fn one_frame_per_twenty_milliseconds_whatever_the_chunks() {
    for rate in RATES {
        let signal = mix(&at_db(voice(rate, 2.0), -30.0), &at_db(pink(rate, 2.0, 7), -45.0));
        let whole = frames(rate, &signal);
        assert_eq!(whole.len(), 100, "{rate} Hz");
        let samples: Vec<f32> = signal.iter().map(|&v| v as f32).collect();
        for chunk in [1, 7, 441, 4096] {
            let mut detector = VoiceDetector::new(rate);
            let mut out = Vec::new();
            samples.chunks(chunk).for_each(|c| detector.push(c, &mut out));
            assert_eq!(out, whole, "{rate} Hz in chunks of {chunk}");
        }
    }
}

#[test]
fn mains_hum_with_harmonics_is_not_speech() {
    for rate in RATES {
        for mains in [50.0, 60.0] {
            let frames = frames(rate, &at_db(hum(rate, 6.0, mains), -20.0));
            assert!(frames.iter().all(|f| !f.speech && !f.spike), "{rate} Hz, {mains} Hz hum");
        }
    }
}

#[test]
fn fans_and_hiss_are_not_speech() {
    for rate in RATES {
        for (name, noise) in
            [("white", white(rate, 6.0, 1)), ("pink", pink(rate, 6.0, 2)), ("brown", brown(rate, 6.0, 3))]
        {
            for level in [-50.0, -25.0] {
                let frames = frames(rate, &at_db(noise.clone(), level));
                let share = speech_share(&frames, 0.0);
                assert!(share < 0.02, "{rate} Hz {name} noise at {level} dBFS: {share:.3} speech");
                assert!(frames.iter().all(|f| !f.spike), "{rate} Hz {name} noise at {level} dBFS: a spike");
            }
        }
    }
}

#[test]
fn silence_is_silent() {
    for rate in RATES {
        let frames = frames(rate, &vec![0.0; samples(rate, 2.0)]);
        assert!(frames.iter().all(|f| !f.speech && !f.spike && f.level_db == SILENCE_DB));
        let faint = frames_of_faint_hiss(rate);
        assert!(faint.iter().all(|f| !f.speech && !f.spike));
    }
}

/// A microphone's own noise, far below any voice.
fn frames_of_faint_hiss(rate: u32) -> Vec<VoiceFrame> {
    frames(rate, &at_db(white(rate, 2.0, 9), -80.0))
}

#[test]
fn a_voice_is_speech_most_of_the_time() {
    for rate in RATES {
        for level in [-40.0, -20.0] {
            let frames = frames(rate, &at_db(voice(rate, 4.0), level));
            let share = speech_share(&frames, 0.5);
            assert!(share > 0.8, "{rate} Hz voice at {level} dBFS: only {share:.3} speech");
            assert!(frames.iter().all(|f| !f.spike), "{rate} Hz voice at {level} dBFS: a spike");
        }
    }
}

#[test]
fn a_quiet_voice_under_a_fan_is_still_speech() {
    for rate in RATES {
        for (name, fan) in [("pink", pink(rate, 6.0, 4)), ("brown", brown(rate, 6.0, 5))] {
            let fan = at_db(fan, -30.0);
            let mut speaker = vec![0.0; samples(rate, 2.0)];
            speaker.extend(at_db(voice(rate, 4.0), -36.0));
            let frames = frames(rate, &mix(&fan, &speaker));
            let before = speech_share(&frames[..100], 0.0);
            let during = speech_share(&frames[100..], 0.5);
            assert!(before < 0.02, "{rate} Hz {name} fan alone: {before:.3} speech");
            assert!(during > 0.6, "{rate} Hz voice 6 dB under a {name} fan: only {during:.3} speech");
        }
    }
}

/// A clap: a 2 ms burst of noise that dies away over 30 ms.
fn click(rate: u32, at_s: f64, seconds: f64) -> Vec<f64> {
    let mut noise = Noise(11);
    let start = samples(rate, at_s);
    let decay = f64::from(rate) * 0.01;
    (0..samples(rate, seconds))
        .map(|i| if i < start { 0.0 } else { 0.9 * noise.next() * (-((i - start) as f64) / decay).exp() })
        .collect()
}

#[test]
fn a_clap_is_a_spike_not_speech() {
    for rate in RATES {
        for (room, background) in [("silence", -120.0), ("a fan", -40.0)] {
            let signal = mix(&click(rate, 1.0, 2.0), &at_db(pink(rate, 2.0, 6), background));
            let frames = frames(rate, &signal);
            let spikes: Vec<usize> = (0..frames.len()).filter(|&i| frames[i].spike).collect();
            assert_eq!(spikes, vec![50], "{rate} Hz clap in {room}");
            assert!(frames.iter().all(|f| !f.speech), "{rate} Hz clap in {room} taken for speech");
        }
    }
}

#[test]
fn nonsense_in_is_no_panic() {
    for rate in [0, 1, 7_999, u32::MAX] {
        let mut detector = VoiceDetector::new(rate);
        let mut out = Vec::new();
        detector.push(&[f32::NAN, f32::INFINITY, -f32::INFINITY, 1e30, -1e30], &mut out);
        detector.push(&vec![f32::NAN; 40_000], &mut out);
        assert!(out.iter().all(|f| f.level_db.is_finite() && !f.speech));
    }
}

#[test]
fn a_fan_switched_on_becomes_the_floor_within_a_quarter_second() {
    for rate in RATES {
        for (name, fan) in [("pink", pink(rate, 6.0, 4)), ("brown", brown(rate, 6.0, 5))] {
            let mut signal = at_db(white(rate, 2.0, 8), -70.0);
            signal.extend(at_db(fan, -30.0));
            signal.extend(at_db(hum(rate, 2.0, 50.0), -20.0));
            let frames = frames(rate, &signal);
            let speech: Vec<usize> = (0..frames.len()).filter(|&i| frames[i].speech).collect();
            assert!(
                speech.iter().all(|&i| (100..113).contains(&i) || (400..413).contains(&i)),
                "{rate} Hz {name} fan, then hum: {speech:?}"
            );
        }
    }
}
