//! A small reader for the test fixtures' WAV files (RIFF, PCM, 16-bit), mixed to mono: enough for the sound
//! fixtures without a dependency.

use std::path::Path;

/// A sound read from a file: its rate and its samples, mono, full scale ±1.
pub struct Wav {
    pub rate: u32,
    pub samples: Vec<f32>,
}

pub fn read(path: &Path) -> Wav {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WAVE",
        "{}: not a WAV",
        path.display()
    );
    let u16_at = |at: usize| u16::from_le_bytes([bytes[at], bytes[at + 1]]);
    let u32_at = |at: usize| u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    let (mut channels, mut rate, mut data) = (0, 0, None);
    let mut at = 12;
    while at + 8 <= bytes.len() {
        let (id, len) = (&bytes[at..at + 4], u32_at(at + 4) as usize);
        let body = at + 8;
        match id {
            b"fmt " => {
                assert_eq!((u16_at(body), u16_at(body + 14)), (1, 16), "{}: 16-bit PCM only", path.display());
                channels = usize::from(u16_at(body + 2));
                rate = u32_at(body + 4);
            }
            b"data" => data = Some(&bytes[body..(body + len).min(bytes.len())]),
            _ => {}
        }
        at = body + len + len % 2;
    }
    let data = data.unwrap_or_else(|| panic!("{}: no data chunk", path.display()));
    assert!(channels > 0, "{}: no fmt chunk before the data", path.display());
    let samples = data
        .chunks_exact(2 * channels)
        .map(|frame| {
            let sum: f32 =
                frame.chunks_exact(2).map(|s| f32::from(i16::from_le_bytes([s[0], s[1]])) / 32768.0).sum();
            sum / channels as f32
        })
        .collect();
    Wav { rate, samples }
}
