//! `examday run`: everything between the command line and the window. Opens the exam, finds the journal
//! folder and any unfinished sitting, creates the journal (no journal, no exam), starts the runtime and the
//! signal watcher, and hands over to the window.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};
use winit::event_loop::EventLoop;

use super::audio::Audio;
use super::bundled;
use super::camera::{self, CameraChoice, CameraHandle, CameraReport};
use super::checks;
use super::draw::Picture;
use super::exam_file::{self, LoadedExam, OpenError};
use super::journal_lock::{JournalLock, LockError};
use super::journal_writer::{FileSink, JournalWriter};
use super::journals::FinishedIndex;
use super::microphone::{self, MicrophoneChoice, MicrophoneHandle};
use super::paths;
use super::window::{Ending, Parts, Shell, UserEvent, WindowOptions};
use crate::cli::RunArgs;
use crate::driver::{Driver, Offer, SensorSetup, Sensors, Start};
use crate::exam::{DrawRequest, Paper};
use crate::journal::{Bank, Completion, Event, Host, Integrity, Journal};
use crate::proctor::{Preset, Rules};
use crate::session::{Phase, Setup, Sitting};

/// Why a sitting could not start: said plainly, then exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct LaunchError(pub String);

static LAUNCHED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// When `examday run` began (for the first-frame figure of EXAMDAY_TRACE).
pub fn launched() -> std::time::Instant {
    *LAUNCHED.get_or_init(std::time::Instant::now)
}

pub fn sit(args: RunArgs) -> Result<Ending, LaunchError> {
    launched();
    let exam = match &args.exam {
        Some(path) => open_exam(path)?,
        None => bundled::default_exam().map_err(LaunchError)?,
    };
    let preset: Preset = args.rules.parse().map_err(LaunchError)?;
    let camera_choice: CameraChoice = args
        .camera
        .as_deref()
        .unwrap_or("auto")
        .parse()
        .map_err(|e| LaunchError(format!("examday: error: {e}")))?;
    let microphone_choice: MicrophoneChoice = args
        .microphone
        .as_deref()
        .unwrap_or("auto")
        .parse()
        .map_err(|e| LaunchError(format!("examday: error: {e}")))?;
    let mut rules = Rules::preset(preset);
    if let Some(s) = args.idle_seconds {
        rules = rules.with_idle_seconds(s);
    }
    let journal_dir = paths::journal_dir(args.journal_dir.as_deref()).ok_or_else(|| {
        LaunchError(
            "examday: error: no home folder to keep journals in; give one with --journal-dir DIR".into(),
        )
    })?;
    let applications = checks::application_list().map_err(LaunchError)?;
    let setup = Setup {
        seed: args.seed.unwrap_or_else(random_seed),
        rules,
        minutes: args.minutes,
        quick_start: args.quick_start,
        exam_sha256: exam.sha256.clone(),
        exam_source: exam.source.clone(),
        host: host(),
        app_version: crate::APP_VERSION.to_string(),
        bank: None,
    };
    let images = load_images(&exam);
    let (paper, bank) = sitting_paper(&exam, &args, &journal_dir, setup.seed)?;
    let setup = Setup { bank, ..setup };

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("examday-io")
        .enable_all()
        .build()
        .map_err(|e| LaunchError(format!("examday: error: cannot start the background runtime: {e}")))?;
    let finished_index = FinishedIndex::path();
    let index = FinishedIndex::read(finished_index.as_deref());
    // The journal comes first: without one the exam does not start, whatever else is missing. An unfinished
    // sitting is offered instead, unless another examday is sitting it right now.
    let origin = std::time::Instant::now();
    let origin_wall = chrono::Local::now().fixed_offset();
    let (offer, mut lock, writer) = match find_unfinished(&journal_dir, paper.id(), &index)? {
        Some((offer, lock)) => (Some(offer), Some(lock), None),
        None => {
            let (writer, lock) =
                open_journal(&runtime, &journal_dir, origin_wall, paper.id()).map_err(LaunchError)?;
            (None, Some(lock), Some(writer))
        }
    };
    let event_loop = EventLoop::<UserEvent>::with_user_event().build().map_err(|e| {
        if let Some(w) = &writer {
            // Nothing happened yet: the journal holds at most its first record. Do not leave it behind.
            let _ = std::fs::remove_file(w.path());
        }
        lock.take();
        LaunchError(format!(
            "examday: error: no display to open the exam window on ({e}).\n\
             examday needs a graphical session (X11 or Wayland). Without a screen, run it inside a virtual one:\n  \
             sudo apt-get install xvfb openbox && xvfb-run -a sh -c 'openbox & examday'"
        ))
    })?;
    let proxy = event_loop.create_proxy();
    watch_signals(&runtime, proxy.clone());
    let audio = Audio::new(!args.no_sound);
    if let (Some(why), false) = (audio.silent(), audio.switched_off()) {
        // Said once here, and on the check-in screen; alsa-lib's own printing is silenced (app/alsa.rs).
        eprintln!("examday: {why}");
    }
    let sensors = open_camera(&camera_choice, &proxy).and_then(|(camera, camera_setup)| {
        open_microphone(&microphone_choice, &proxy).map(|(microphone, microphone_setup)| {
            (camera, microphone, Sensors { camera: camera_setup, microphone: microphone_setup })
        })
    });
    let (camera, microphone, sensors) = match sensors {
        Ok(opened) => opened,
        Err(e) => {
            if let Some(w) = &writer {
                // Nothing happened yet: the journal holds at most its first record.
                let _ = std::fs::remove_file(w.path());
            }
            lock.take();
            return Err(e);
        }
    };
    let driver = Driver::new(Start {
        paper,
        setup,
        origin_wall,
        offer,
        journal: writer.as_ref().map(|w| w.path().display().to_string()).unwrap_or_default(),
        free_pointer: args.free_pointer,
        silent: audio.silent().map(|why| (why.to_string(), audio.switched_off())),
        sensors,
    });
    let options = WindowOptions { windowed: args.windowed, applications, finished_index, journal_dir };
    let mut shell = Shell::new(Parts {
        options,
        runtime,
        proxy,
        driver,
        writer,
        lock,
        audio,
        images,
        origin,
        camera,
        microphone,
        camera_folder: matches!(camera_choice, CameraChoice::Frames { .. }),
    });
    event_loop
        .run_app(&mut shell)
        .map_err(|e| LaunchError(format!("examday: error: the window's event loop failed: {e}")))?;
    Ok(std::mem::take(&mut shell.ending))
}

/// Starts the camera the candidate chose, its reports going to the window. A camera asked for by name that
/// cannot be had is an error; `auto` without a camera is a camera step skipped with the reason.
fn open_camera(
    choice: &CameraChoice,
    proxy: &winit::event_loop::EventLoopProxy<UserEvent>,
) -> Result<(Option<CameraHandle>, SensorSetup), LaunchError> {
    let named = Arc::new(std::sync::Mutex::new(None::<String>));
    let why_off = Arc::new(std::sync::Mutex::new(None::<String>));
    let (proxy, slot, off) = (proxy.clone(), named.clone(), why_off.clone());
    let sink = Box::new(move |report: CameraReport| {
        match &report {
            CameraReport::Opened { name } => {
                *slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(name.clone())
            }
            CameraReport::Off { why } => *off.lock().unwrap_or_else(|e| e.into_inner()) = Some(why.clone()),
            _ => {}
        }
        let _ = proxy.send_event(UserEvent::Camera(report));
    });
    match camera::start(choice, sink) {
        Ok(Some(handle)) => {
            let name =
                named.lock().unwrap_or_else(|e| e.into_inner()).take().unwrap_or_else(|| match choice {
                    CameraChoice::Frames { dir, .. } => format!("frames: {}", dir.display()),
                    _ => "camera".to_string(),
                });
            Ok((Some(handle), SensorSetup::On(name)))
        }
        Ok(None) if *choice == CameraChoice::Off => Ok((None, SensorSetup::Off)),
        Ok(None) => {
            let why = why_off.lock().unwrap_or_else(|e| e.into_inner()).take();
            let why = why.map_or("No camera found".to_string(), |w| capitalized(&w));
            Ok((None, SensorSetup::Unavailable(why)))
        }
        Err(e) => Err(LaunchError(format!("examday: error: {e} (--camera off sits without the camera)"))),
    }
}

/// Starts the microphone the candidate chose, its sound blocks going to the window.
fn open_microphone(
    choice: &MicrophoneChoice,
    proxy: &winit::event_loop::EventLoopProxy<UserEvent>,
) -> Result<(Option<MicrophoneHandle>, SensorSetup), LaunchError> {
    let proxy = proxy.clone();
    let sink = Box::new(move |report| {
        let _ = proxy.send_event(UserEvent::Microphone(report));
    });
    match microphone::start(choice, sink) {
        Ok(Some(handle)) => {
            let name = handle.name().to_string();
            Ok((Some(handle), SensorSetup::On(name)))
        }
        Ok(None) if *choice == MicrophoneChoice::Off => Ok((None, SensorSetup::Off)),
        Ok(None) => Ok((None, SensorSetup::Unavailable("No microphone found".to_string()))),
        Err(e) => Err(LaunchError(format!("examday: error: {e} (--microphone off sits without it)"))),
    }
}

fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// What this sitting asks: the whole exam, a draw from it (`--questions`, `--domain`, `[exam] draw`), or the
/// questions missed before (`--missed`), with what the journal should record about where they came from.
fn sitting_paper(
    exam: &LoadedExam,
    args: &RunArgs,
    journal_dir: &Path,
    seed: u64,
) -> Result<(Arc<Paper>, Option<Bank>), LaunchError> {
    let paper = &exam.paper;
    let total = paper.questions().len();
    if args.missed {
        let files = super::journals::collect(&[journal_dir.to_path_buf()]).unwrap_or_default();
        let loaded = super::journals::load_all(&files);
        let mut sittings = Vec::new();
        for (name, report) in &loaded {
            match report {
                Ok(r) if r.exam_id != paper.id() => {}
                Ok(r) if r.tampered.is_some() => {
                    eprintln!(
                        "examday: warning: {name}: tampered, so its answers are not used for the retake"
                    );
                }
                Ok(r) => sittings.push((name.as_str(), r)),
                Err(_) => {}
            }
        }
        let Some((subset, bank)) = crate::review::questions::retake_sitting(paper, &sittings, None) else {
            return Err(LaunchError(format!(
                "examday: nothing to retake: no submitted sitting of {} in {} has a question answered wrongly or \
                 left unanswered that the exam still has",
                paper.id(),
                journal_dir.display()
            )));
        };
        return Ok((Arc::new(subset), Some(bank)));
    }
    let request = DrawRequest { questions: args.questions, domains: args.domains.clone() };
    let drawn =
        paper.draw_sitting(&request, seed).map_err(|e| LaunchError(format!("examday: error: {e}")))?;
    if drawn.questions().len() == total && args.domains.is_empty() {
        return Ok((paper.clone(), None));
    }
    let bank = Bank { questions: total, domains: args.domains.clone(), missed_in: Vec::new() };
    Ok((Arc::new(drawn), Some(bank)))
}

/// Creates and locks the journal file of a new sitting, named after its start.
pub fn open_journal(
    runtime: &tokio::runtime::Runtime,
    dir: &Path,
    wall_start: DateTime<FixedOffset>,
    exam_id: &str,
) -> Result<(JournalWriter, JournalLock), String> {
    let name = paths::journal_name(wall_start.with_timezone(&chrono::Local), exam_id);
    let cannot = |e: String| {
        format!(
            "{}: error: cannot create the journal there ({e}); the exam does not start without one. \
             Choose another folder with --journal-dir DIR.",
            dir.display()
        )
    };
    let (sink, path) = FileSink::create(dir, &name).map_err(|e| cannot(e.to_string()))?;
    let lock = JournalLock::acquire(&path).map_err(|e| match e {
        LockError::Io(e) => cannot(e.to_string()),
        busy => busy.describe(&path, exam_id),
    })?;
    Ok((JournalWriter::spawn(runtime.handle(), sink, path), lock))
}

/// An exam file, or a bundled exam by name when no file of that name is here.
fn open_exam(path: &Path) -> Result<LoadedExam, LaunchError> {
    if !path.exists()
        && let Some(b) = path.to_str().and_then(bundled::find)
    {
        return bundled::open(b).map_err(LaunchError);
    }
    exam_file::open(path).map_err(|e| match e {
        OpenError::Invalid(problems) => {
            LaunchError(format!("{problems}\nexamday: the exam has problems; `examday check` lists them"))
        }
        OpenError::Io { .. } if !path.exists() => {
            let names: Vec<&str> = bundled::EXAMS.iter().map(|b| b.name).collect();
            LaunchError(format!("{e}\nexamday: bundled exams can be run by name: {}", names.join(", ")))
        }
        other => LaunchError(other.to_string()),
    })
}

fn random_seed() -> u64 {
    // A fresh std hasher is randomly keyed per process; masked to 53 bits so the seed survives any JSON reader.
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos()),
    );
    h.finish() & ((1 << 53) - 1)
}

fn host() -> Host {
    Host {
        os: std::env::consts::OS.to_string(),
        arch: std::env::consts::ARCH.to_string(),
        hostname: sysinfo::System::host_name().ok(),
    }
}

/// Decodes the exam's images once, so drawing never touches the disk. One that fails is left out; the
/// question then says the image could not be shown.
fn load_images(exam: &LoadedExam) -> HashMap<String, Picture> {
    let mut images = HashMap::new();
    for q in exam.paper.questions() {
        let Some(path) = q.image() else { continue };
        // A question bank's images are in memory; an exam file's are files beside it.
        let (decoded, shown) = match (exam.images.get(path), &exam.folder) {
            (Some(bytes), _) => (image::load_from_memory(bytes), format!("{} ({path})", exam.source)),
            (None, Some(folder)) => (image::open(folder.join(path)), folder.join(path).display().to_string()),
            (None, None) => continue,
        };
        match decoded {
            Ok(img) => {
                let rgba = img.to_rgba8();
                let (width, height) = rgba.dimensions();
                images.insert(path.to_string(), Picture { width, height, rgba: rgba.into_raw() });
            }
            Err(e) => {
                eprintln!(
                    "examday: warning: {shown}: cannot decode it ({e}); the question will show a notice"
                )
            }
        }
    }
    images
}

/// The newest journal of this exam in `dir`, if its sitting started, never ended, and its chain is intact;
/// locked, so that no other examday takes it up at the same time. A journal another examday is writing is an
/// error (the exam is being sat there); one the index of finished sittings knows as scored, but whose end is
/// missing, is not offered (it was cut short after the results).
pub fn find_unfinished(
    dir: &Path,
    exam_id: &str,
    index: &crate::journal::FinishedIndex,
) -> Result<Option<(Offer, JournalLock)>, LaunchError> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(None) };
    let mut candidates: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            is_journal_of(name, exam_id) && p.is_file()
        })
        .collect();
    candidates.sort();
    // The newest journal that really is this exam's (a name like `x-2` may be exam `x`, or exam `x-2`).
    let Some((path, bytes, journal)) = candidates.into_iter().rev().find_map(|path| {
        let bytes = std::fs::read(&path).ok()?;
        let journal = Journal::read(&bytes);
        match journal.records.first().map(|r| &r.event) {
            Some(Event::SessionStarted(s)) if s.exam_id == exam_id => Some((path, bytes, journal)),
            _ => None,
        }
    }) else {
        return Ok(None);
    };
    let lock = match JournalLock::acquire(&path) {
        Ok(lock) => lock,
        Err(e @ LockError::Busy { .. }) => return Err(LaunchError(e.describe(&path, exam_id))),
        Err(LockError::Io(_)) => return Ok(None),
    };
    if !matches!(journal.integrity, Integrity::Intact { .. }) {
        return Ok(None);
    }
    if let Completion::CutShort { scored_seq, last_seq, .. } = index.completion(&journal) {
        eprintln!(
            "examday: warning: {}: this sitting was scored (record {scored_seq}) but its journal now ends at record \
             {last_seq}: it was cut short after the results, so it is not offered for resuming (`examday verify` \
             reports it)",
            path.display()
        );
        return Ok(None);
    }
    let Ok(sitting) = Sitting::replay(journal.records.iter().map(|r| (r.t(), &r.event))) else {
        return Ok(None);
    };
    if !matches!(sitting.phase(), Phase::InProgress { .. }) {
        return Ok(None);
    }
    let (Some(first), Some(last)) = (journal.records.first(), journal.records.last()) else {
        return Ok(None);
    };
    let keep = bytes.len() as u64 - journal.truncated.map_or(0, |(_, len)| len as u64);
    let text = String::from_utf8_lossy(&bytes[..keep as usize]).into_owned();
    let lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
    let offer = Offer { sitting, path, keep, lines, last: last.clone(), wall_start: first.at };
    Ok(Some((offer, lock)))
}

/// Whether a file name is one of this exam's journals: `20261126-090000-<id>.jsonl`, or `...-<id>-2.jsonl`
/// when the first name was taken.
fn is_journal_of(name: &str, exam_id: &str) -> bool {
    let Some(stem) = name.strip_suffix(".jsonl") else { return false };
    let Some((date, rest)) = stem.split_at_checked(15).map(|(d, r)| (d, r.strip_prefix('-').unwrap_or("\0")))
    else {
        return false;
    };
    let dated = date.chars().enumerate().all(|(i, c)| if i == 8 { c == '-' } else { c.is_ascii_digit() });
    let numbered = |r: &str| {
        r.strip_prefix(exam_id)
            .and_then(|n| n.strip_prefix('-'))
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    };
    dated && (rest == exam_id || numbered(rest))
}

fn watch_signals(runtime: &tokio::runtime::Runtime, proxy: winit::event_loop::EventLoopProxy<UserEvent>) {
    runtime.spawn(async move {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let (Ok(mut term), Ok(mut int), Ok(mut hup)) = (
                signal(SignalKind::terminate()),
                signal(SignalKind::interrupt()),
                signal(SignalKind::hangup()),
            ) else {
                return;
            };
            let name = tokio::select! {
                _ = term.recv() => "SIGTERM",
                _ = int.recv() => "SIGINT",
                _ = hup.recv() => "SIGHUP",
            };
            let _ = proxy.send_event(UserEvent::Stop(name));
        }
        #[cfg(not(unix))]
        {
            if tokio::signal::ctrl_c().await.is_ok() {
                let _ = proxy.send_event(UserEvent::Stop("Ctrl-C"));
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::is_journal_of;

    #[test]
    fn journal_names_are_matched_to_their_exam() {
        assert!(is_journal_of("20261126-090000-pmle-mock-1.jsonl", "pmle-mock-1"));
        assert!(!is_journal_of("20261126-090000-pmle-mock-1.jsonl", "pmle"));
        assert!(is_journal_of("20261126-090000-small-2.jsonl", "small"));
        assert!(!is_journal_of("20261126-090000-small-talk.jsonl", "small"));
        assert!(!is_journal_of("notes.jsonl", "small"));
    }
}
