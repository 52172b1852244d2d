//! The voice detector on real sound files (tests/fixtures/sound, generated with espeak-ng and sox: see the
//! README there): speech is found in spoken words, even under a fan; hum, a fan and silence are not speech; a
//! clap is a spike.

use examday::proctor::{FRAME_MS, VoiceDetector, VoiceFrame};

use crate::support::fixture;
use crate::wav;

struct Heard {
    frames: Vec<VoiceFrame>,
    /// Which frames have sound in them at all: within 30 dB of the file's loudest frame.
    sounding: Vec<bool>,
}

fn hear(name: &str) -> Heard {
    let wav = wav::read(&fixture(&format!("sound/{name}")));
    let mut detector = VoiceDetector::new(wav.rate);
    let mut frames = Vec::new();
    // In chunks the size a sound card hands over.
    for chunk in wav.samples.chunks(512) {
        detector.push(chunk, &mut frames);
    }
    let loudest = frames.iter().map(|f| f.level_db).fold(f32::MIN, f32::max);
    let sounding = frames.iter().map(|f| f.level_db > loudest - 30.0).collect();
    Heard { frames, sounding }
}

fn share(frames: &[VoiceFrame]) -> f64 {
    frames.iter().filter(|f| f.speech).count() as f64 / frames.len().max(1) as f64
}

/// The share of the sounding frames (past the first `from_s` seconds) heard as speech.
fn share_of_sounding(heard: &Heard, from_s: f64) -> f64 {
    let from = (from_s * 1000.0 / f64::from(FRAME_MS)) as usize;
    let frames: Vec<VoiceFrame> =
        (from..heard.frames.len()).filter(|&i| heard.sounding[i]).map(|i| heard.frames[i]).collect();
    share(&frames)
}

#[test]
fn spoken_words_are_speech_most_of_the_time_they_sound() {
    let words = hear("words.wav");
    let voiced = share_of_sounding(&words, 0.0);
    assert!(voiced > 0.8, "only {voiced:.3} of the spoken words' sounding frames were speech");
    assert!(words.frames.iter().all(|f| !f.spike), "speech taken for a spike");
}

#[test]
fn hum_fan_and_silence_are_not_speech() {
    for name in ["hum.wav", "fan.wav", "silence.wav"] {
        let heard = hear(name);
        let speech = share(&heard.frames);
        assert!(speech < 0.02, "{name}: {speech:.3} of frames taken for speech");
        assert!(heard.frames.iter().all(|f| !f.spike), "{name}: a spike");
    }
}

#[test]
fn a_clap_is_one_spike_and_no_speech() {
    let clap = hear("clap.wav");
    let spikes: Vec<usize> = (0..clap.frames.len()).filter(|&i| clap.frames[i].spike).collect();
    assert_eq!(spikes, vec![50], "the clap is 1 s in");
    assert!(clap.frames.iter().all(|f| !f.speech), "the clap taken for speech");
}

#[test]
fn words_under_a_fan_are_speech() {
    // The fan alone for the first second, then the words, 6 dB quieter than the fan.
    let heard = hear("words-over-fan.wav");
    let fan_alone = share(&heard.frames[..50]);
    assert!(fan_alone < 0.02, "{fan_alone:.3} of the fan alone taken for speech");
    let words = hear("words.wav");
    let during: Vec<VoiceFrame> = (0..words.frames.len())
        .filter(|&i| words.sounding[i])
        .filter_map(|i| heard.frames.get(i + 50))
        .copied()
        .collect();
    let speech = share(&during);
    assert!(speech > 0.6, "only {speech:.3} of the words under the fan heard as speech");
}
