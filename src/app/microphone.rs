//! The microphone, for the proctor's ears: a cpal input stream on a thread of its own, mixed to mono and run
//! through the core's [`VoiceDetector`] in the audio callback, summed into 200 ms [`Hearing`] blocks. Only
//! blocks with speech or a spike reach the caller (or every block while a level meter wants them), so a quiet
//! room costs the window nothing. The sound itself is never kept or written anywhere. A stream that fails, or
//! stalls for [`STALL`] (a sound server gone can leave ALSA waiting without an error), is reported lost.

use std::str::FromStr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use cpal::{ErrorKind, FromSample, SizedSample};

use crate::proctor::{Hearing, HearingBlocks, VoiceDetector, VoiceFrame};

/// Blocks waiting for the sink: 3 s of them. Past that the sink is stuck and blocks are dropped, never waited
/// for (the audio callback must not block).
const QUEUE: usize = 15;
/// A stream that brings no samples for this long is lost. A server that goes away (PulseAudio restarted, a
/// USB microphone pulled) can leave ALSA's stream waiting forever with no error: this is how it is noticed.
/// The microphone's thread wakes this often while nothing is heard (the window does not).
const STALL: Duration = Duration::from_secs(8);
/// How long dropping a [`MicrophoneHandle`] waits for the stream to close. A stream whose server vanished can
/// hang in ALSA's close; its thread is then left behind, parked, rather than the window with it.
const CLOSE_WAIT: Duration = Duration::from_secs(2);

/// Which microphone to listen to (`--microphone auto|off|NAME`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MicrophoneChoice {
    /// The default input if one opens; no microphone (silently) otherwise.
    Auto,
    Off,
    /// The input whose name contains this (ignoring case); an error when none does or it will not open.
    Named(String),
}

impl FromStr for MicrophoneChoice {
    type Err = MicrophoneError;

    fn from_str(s: &str) -> Result<MicrophoneChoice, MicrophoneError> {
        let s = s.trim();
        match s.to_ascii_lowercase().as_str() {
            "" => Err(MicrophoneError::NoName),
            "auto" => Ok(MicrophoneChoice::Auto),
            "off" => Ok(MicrophoneChoice::Off),
            _ => Ok(MicrophoneChoice::Named(s.to_string())),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum MicrophoneError {
    #[error("a microphone is auto, off, or part of an input's name")]
    NoName,
    #[error("no input's name contains {name:?}; the inputs found: {}", listed(found))]
    NoMatch { name: String, found: Vec<String> },
    #[error("the sound system's inputs could not be listed: {0}")]
    Listing(String),
    #[error("the microphone {name:?} could not be opened: {why}")]
    Open { name: String, why: String },
    #[error("the microphone's thread could not be started: {0}")]
    Thread(#[from] std::io::Error),
}

fn listed(names: &[String]) -> String {
    if names.is_empty() { "none".to_string() } else { names.join(", ") }
}

/// What the microphone tells its sink, always from the microphone's own thread.
#[derive(Clone, Debug, PartialEq)]
pub enum MicrophoneReport {
    /// Listening, to this input (the first report, once).
    Opened { name: String },
    /// A block with speech or a spike in it (or any block, while levels are wanted).
    Heard(Hearing),
    /// The stream failed: nothing more will be heard (the last report).
    Lost { why: String },
}

enum Message {
    Heard(Hearing),
    /// The stream's error callback left a reason in the shared slot.
    Failed,
    Stop,
}

/// A microphone being listened to. Dropping it stops the stream and joins its thread.
pub struct MicrophoneHandle {
    name: String,
    levels: Arc<AtomicBool>,
    stopping: Arc<AtomicBool>,
    stop: SyncSender<Message>,
    /// Disconnects when the thread ends.
    ended: Receiver<()>,
    thread: Option<JoinHandle<()>>,
}

impl MicrophoneHandle {
    /// Every block to the sink (for a level meter), not only those with speech or a spike.
    pub fn want_levels(&self, on: bool) {
        self.levels.store(on, Ordering::Relaxed);
    }

    /// The input listened to.
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl Drop for MicrophoneHandle {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::Relaxed);
        // Fails when the thread has ended (the stream was lost) or its queue is full (it sees `stopping`).
        let _ = self.stop.try_send(Message::Stop);
        let Some(thread) = self.thread.take() else { return };
        if thread.thread().id() == thread::current().id() {
            return;
        }
        if let Err(RecvTimeoutError::Disconnected) = self.ended.recv_timeout(CLOSE_WAIT) {
            let _ = thread.join();
        }
    }
}

/// Starts listening. `Ok(None)`: off, or (under [`MicrophoneChoice::Auto`]) no input that opens. The sink hears
/// [`MicrophoneReport::Opened`] first, then blocks; it is called on the microphone's thread and should be quick
/// (hand the report to the window's event loop and return).
pub fn start(
    choice: &MicrophoneChoice,
    sink: Box<dyn FnMut(MicrophoneReport) + Send>,
) -> Result<Option<MicrophoneHandle>, MicrophoneError> {
    if *choice == MicrophoneChoice::Off {
        return Ok(None);
    }
    let choice = choice.clone();
    let levels = Arc::new(AtomicBool::new(false));
    let (to_thread, inbox) = mpsc::sync_channel(QUEUE);
    let (opened_tx, opened) = mpsc::sync_channel(1);
    let (ended_tx, ended) = mpsc::sync_channel::<()>(0);
    let stopping = Arc::new(AtomicBool::new(false));
    let shared =
        Shared { levels: levels.clone(), heard: Arc::new(AtomicU64::new(0)), failure: Arc::default() };
    let (to_callback, stopped) = (to_thread.clone(), stopping.clone());
    let thread = thread::Builder::new().name("examday-microphone".into()).spawn(move || {
        let _ended = ended_tx;
        match open(&choice, to_callback, &shared) {
            Ok(Some((stream, name))) => {
                let _ = opened_tx.send(Ok(Some(name.clone())));
                listen(inbox, sink, &shared, &stopped, name);
                drop(stream);
            }
            other => {
                let _ = opened_tx.send(other.map(|_| None));
            }
        }
    })?;
    let mut handle = MicrophoneHandle {
        name: String::new(),
        levels,
        stopping,
        stop: to_thread,
        ended,
        thread: Some(thread),
    };
    match opened.recv() {
        Ok(Ok(Some(name))) => {
            handle.name = name;
            Ok(Some(handle))
        }
        Ok(Ok(None)) => Ok(None),
        Ok(Err(e)) => Err(e),
        Err(_) => Err(MicrophoneError::Open { name: String::new(), why: "its thread ended".to_string() }),
    }
}

/// What the microphone's thread shares with the stream's callbacks.
#[derive(Clone)]
struct Shared {
    /// Every block to the sink, not only the noteworthy.
    levels: Arc<AtomicBool>,
    /// Samples the callback has had, to notice a stream that stalls.
    heard: Arc<AtomicU64>,
    /// Why the stream failed, left by its error callback.
    failure: Arc<Mutex<Option<String>>>,
}

impl Shared {
    fn fail(&self, why: String) {
        if let Ok(mut slot) = self.failure.lock() {
            slot.get_or_insert(why);
        }
    }
}

/// The microphone's thread once the stream runs: reports to the sink until told to stop or the stream fails
/// or stalls.
fn listen(
    inbox: Receiver<Message>,
    mut sink: Box<dyn FnMut(MicrophoneReport) + Send>,
    shared: &Shared,
    stopping: &AtomicBool,
    name: String,
) {
    sink(MicrophoneReport::Opened { name });
    let mut heard_before = 0;
    loop {
        match inbox.recv_timeout(STALL) {
            Ok(Message::Stop) | Err(RecvTimeoutError::Disconnected) => return,
            Ok(Message::Heard(hearing)) => sink(MicrophoneReport::Heard(hearing)),
            Ok(Message::Failed) => {}
            Err(RecvTimeoutError::Timeout) => {
                let heard = shared.heard.load(Ordering::Relaxed);
                if heard == heard_before {
                    shared.fail(format!("no sound from the microphone for {} s", STALL.as_secs()));
                }
                heard_before = heard;
            }
        }
        if stopping.load(Ordering::Relaxed) {
            return;
        }
        if let Some(why) = shared.failure.lock().ok().and_then(|mut slot| slot.take()) {
            sink(MicrophoneReport::Lost { why });
            return;
        }
    }
}

type Opened = Option<(cpal::Stream, String)>;

/// Finds the chosen input and starts its stream. Under `Auto` every failure is `Ok(None)`.
fn open(
    choice: &MicrophoneChoice,
    to_thread: SyncSender<Message>,
    shared: &Shared,
) -> Result<Opened, MicrophoneError> {
    let host = cpal::default_host();
    let device = match choice {
        MicrophoneChoice::Off => return Ok(None),
        // Only the default device is asked about: listing every ALSA device fills stderr with ALSA's own
        // complaints about cards that are not there.
        MicrophoneChoice::Auto => match host.default_input_device() {
            Some(device) => device,
            None => return Ok(None),
        },
        MicrophoneChoice::Named(part) => find(&host, part)?,
    };
    let name = name_of(&device);
    match build(&device, to_thread, shared) {
        Ok(stream) => Ok(Some((stream, name))),
        Err(_) if *choice == MicrophoneChoice::Auto => Ok(None),
        Err(why) => Err(MicrophoneError::Open { name, why }),
    }
}

/// The input whose name contains `part`, ignoring case.
fn find(host: &cpal::Host, part: &str) -> Result<cpal::Device, MicrophoneError> {
    let inputs = host.input_devices().map_err(|e| MicrophoneError::Listing(e.to_string()))?;
    let wanted = part.to_lowercase();
    let mut found = Vec::new();
    for device in inputs {
        let name = name_of(&device);
        if name.to_lowercase().contains(&wanted) {
            return Ok(device);
        }
        found.push(name);
    }
    Err(MicrophoneError::NoMatch { name: part.to_string(), found })
}

/// A device's name (cpal's `Display` for a device fails, and `to_string` would panic, when it has gone).
fn name_of(device: &cpal::Device) -> String {
    device.description().map(|d| d.name().to_string()).unwrap_or_else(|_| "an unnamed input".to_string())
}

fn build(
    device: &cpal::Device,
    to_thread: SyncSender<Message>,
    shared: &Shared,
) -> Result<cpal::Stream, String> {
    let config = device.default_input_config().map_err(|e| e.to_string())?;
    let format = config.sample_format();
    let config: cpal::StreamConfig = config.into();
    let stream = match format {
        cpal::SampleFormat::F32 => stream::<f32>(device, config, to_thread, shared.clone()),
        cpal::SampleFormat::I16 => stream::<i16>(device, config, to_thread, shared.clone()),
        cpal::SampleFormat::I32 => stream::<i32>(device, config, to_thread, shared.clone()),
        cpal::SampleFormat::U16 => stream::<u16>(device, config, to_thread, shared.clone()),
        cpal::SampleFormat::U8 => stream::<u8>(device, config, to_thread, shared.clone()),
        cpal::SampleFormat::I8 => stream::<i8>(device, config, to_thread, shared.clone()),
        other => Err(format!("unsupported sample format {other}")),
    }?;
    stream.play().map_err(|e| e.to_string())?;
    Ok(stream)
}

fn stream<T: SizedSample>(
    device: &cpal::Device,
    config: cpal::StreamConfig,
    to_thread: SyncSender<Message>,
    shared: Shared,
) -> Result<cpal::Stream, String>
where
    f32: FromSample<T>,
{
    let channels = usize::from(config.channels).max(1);
    let wake = to_thread.clone();
    let mut ears = Ears::new(config.sample_rate, to_thread, shared.clone());
    device
        .build_input_stream(
            config,
            move |data: &[T], _: &cpal::InputCallbackInfo| ears.hear(data, channels),
            move |e: cpal::Error| {
                // Glitches and reroutes: the stream carries on.
                if matches!(e.kind(), ErrorKind::Xrun | ErrorKind::DeviceChanged | ErrorKind::RealtimeDenied)
                {
                    return;
                }
                shared.fail(e.to_string());
                let _ = wake.try_send(Message::Failed);
            },
            None,
        )
        .map_err(|e| e.to_string())
}

/// What the audio callback owns: the detector, the block being summed, and buffers reused from call to call
/// (they grow only when a callback brings more samples than any before).
struct Ears {
    detector: VoiceDetector,
    blocks: HearingBlocks,
    mono: Vec<f32>,
    frames: Vec<VoiceFrame>,
    to_thread: SyncSender<Message>,
    shared: Shared,
}

impl Ears {
    fn new(rate: u32, to_thread: SyncSender<Message>, shared: Shared) -> Ears {
        Ears {
            detector: VoiceDetector::new(rate),
            blocks: HearingBlocks::new(),
            mono: Vec::with_capacity(rate as usize / 5),
            frames: Vec::with_capacity(16),
            to_thread,
            shared,
        }
    }

    /// One callback's samples (interleaved): mixed to mono, detected, summed; finished blocks worth telling are
    /// queued without waiting (a full queue drops them).
    fn hear<T: SizedSample>(&mut self, data: &[T], channels: usize)
    where
        f32: FromSample<T>,
    {
        self.mono.clear();
        self.mono.extend(data.chunks(channels).map(|frame| {
            frame.iter().map(|&s| <f32 as FromSample<T>>::from_sample_(s)).sum::<f32>() / frame.len() as f32
        }));
        self.frames.clear();
        self.detector.push(&self.mono, &mut self.frames);
        self.shared.heard.fetch_add(data.len() as u64, Ordering::Relaxed);
        let every = self.shared.levels.load(Ordering::Relaxed);
        for &frame in &self.frames {
            if let Some(hearing) = self.blocks.push(frame)
                && (every || hearing.noteworthy())
            {
                let _ = self.to_thread.try_send(Message::Heard(hearing));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_choice_reads_auto_off_or_a_name() {
        assert_eq!("auto".parse::<MicrophoneChoice>().unwrap(), MicrophoneChoice::Auto);
        assert_eq!(" OFF ".parse::<MicrophoneChoice>().unwrap(), MicrophoneChoice::Off);
        assert_eq!(
            "USB Audio".parse::<MicrophoneChoice>().unwrap(),
            MicrophoneChoice::Named("USB Audio".into())
        );
        assert!(matches!("  ".parse::<MicrophoneChoice>(), Err(MicrophoneError::NoName)));
    }

    #[test]
    fn no_match_lists_the_inputs_found() {
        let e =
            MicrophoneError::NoMatch { name: "Yeti".into(), found: vec!["default".into(), "pulse".into()] };
        assert_eq!(e.to_string(), "no input's name contains \"Yeti\"; the inputs found: default, pulse");
        let none = MicrophoneError::NoMatch { name: "Yeti".into(), found: vec![] };
        assert!(none.to_string().ends_with("the inputs found: none"));
    }

    #[test]
    fn off_starts_nothing() {
        assert!(start(&MicrophoneChoice::Off, Box::new(|_| {})).unwrap().is_none());
    }
}
