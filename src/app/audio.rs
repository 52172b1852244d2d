//! The one file that knows about cpal: short tones for warnings. A stream is opened for each beep and closed
//! after it, rather than held open for two hours; with no sound card the app carries on silently.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use cpal::{FromSample, SizedSample};

use crate::proctor::Beep;

pub struct Audio {
    /// Why sound is off, when it is.
    silent: Option<String>,
    /// Off by the candidate's choice (`--no-sound`), not for want of a sound card.
    switched_off: bool,
    playing: Arc<AtomicBool>,
}

impl Audio {
    /// Looks for a default output; `enabled` false is `--no-sound`.
    pub fn new(enabled: bool) -> Audio {
        let silent = if !enabled {
            Some("sound is off (--no-sound): warnings will be silent".to_string())
        } else {
            match probe() {
                Ok(()) => None,
                Err(why) => Some(format!("no sound output ({why}): warnings will be silent")),
            }
        };
        Audio { silent, switched_off: !enabled, playing: Arc::new(AtomicBool::new(false)) }
    }

    pub fn silent(&self) -> Option<&str> {
        self.silent.as_deref()
    }

    /// Sound was switched off with `--no-sound`.
    pub fn switched_off(&self) -> bool {
        self.switched_off
    }

    /// Plays a tone on a thread of its own; a beep asked for while one plays is dropped.
    pub fn beep(&self, beep: Beep) {
        if self.silent.is_some() || self.playing.swap(true, Ordering::SeqCst) {
            return;
        }
        let playing = self.playing.clone();
        let spawned = std::thread::Builder::new().name("examday-beep".into()).spawn(move || {
            if let Err(e) = play(beep) {
                eprintln!("examday: a warning tone could not be played: {e}");
            }
            playing.store(false, Ordering::SeqCst);
        });
        if spawned.is_err() {
            self.playing.store(false, Ordering::SeqCst);
        }
    }
}

fn probe() -> Result<(), String> {
    let host = cpal::default_host();
    let device = host.default_output_device().ok_or("no default output device")?;
    device.default_output_config().map(|_| ()).map_err(|e| match e.kind() {
        // cpal's own words ("may have been disconnected") mislead on a machine that never had a sound card.
        cpal::ErrorKind::DeviceNotAvailable => "no sound card or sound server answered".to_string(),
        cpal::ErrorKind::HostUnavailable => "the sound system is not running".to_string(),
        _ => format!("the default sound device did not open: {e}"),
    })
}

/// (frequency Hz, duration ms) segments; zero frequency is silence.
fn tones(beep: Beep) -> &'static [(f32, u32)] {
    match beep {
        Beep::Warning => &[(880.0, 140), (0.0, 60), (880.0, 140)],
        Beep::Reminder => &[(660.0, 120)],
    }
}

fn play(beep: Beep) -> Result<(), String> {
    let host = cpal::default_host();
    let device = host.default_output_device().ok_or("no default output device")?;
    let config = device.default_output_config().map_err(|e| e.to_string())?;
    let format = config.sample_format();
    let config: cpal::StreamConfig = config.into();
    match format {
        cpal::SampleFormat::F32 => run::<f32>(&device, config, beep),
        cpal::SampleFormat::I16 => run::<i16>(&device, config, beep),
        cpal::SampleFormat::I32 => run::<i32>(&device, config, beep),
        cpal::SampleFormat::U16 => run::<u16>(&device, config, beep),
        other => Err(format!("unsupported sample format {other}")),
    }
}

fn run<T: SizedSample + FromSample<f32>>(
    device: &cpal::Device,
    config: cpal::StreamConfig,
    beep: Beep,
) -> Result<(), String> {
    let rate = config.sample_rate as f32;
    let channels = usize::from(config.channels);
    let segments = tones(beep);
    let total_ms: u32 = segments.iter().map(|(_, ms)| ms).sum();
    let mut n: u64 = 0;
    let mut next = move || -> f32 {
        let t = n as f32 / rate;
        n += 1;
        let mut start = 0.0;
        for &(freq, ms) in segments {
            let end = start + ms as f32 / 1000.0;
            if t < end {
                if freq == 0.0 {
                    return 0.0;
                }
                // A short fade in and out: no clicks.
                let edge = ((t - start).min(end - t) / 0.01).min(1.0);
                return (t * freq * std::f32::consts::TAU).sin() * 0.3 * edge;
            }
            start = end;
        }
        0.0
    };
    let stream = device
        .build_output_stream(
            config,
            move |data: &mut [T], _: &cpal::OutputCallbackInfo| {
                for frame in data.chunks_mut(channels) {
                    let v = T::from_sample(next());
                    frame.fill(v);
                }
            },
            |e| eprintln!("examday: sound stream error: {e}"),
            None,
        )
        .map_err(|e| e.to_string())?;
    stream.play().map_err(|e| e.to_string())?;
    std::thread::sleep(Duration::from_millis(u64::from(total_ms) + 80));
    drop(stream);
    Ok(())
}
