//! `examday run`: everything between the command line and the window. Opens the exam, finds the journal
//! folder and any unfinished sitting, creates the journal (no journal, no exam), starts the runtime and the
//! signal watcher, and hands over to the window.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::path::{Path, PathBuf};

use winit::event_loop::EventLoop;

use super::audio::Audio;
use super::bundled;
use super::checks;
use super::draw::Picture;
use super::exam_file::{self, LoadedExam, OpenError};
use super::paths;
use super::window::{Ending, Fresh, Offer, Shell, UserEvent, WindowOptions, open_journal};
use crate::Elapsed;
use crate::cli::RunArgs;
use crate::journal::{Event, Host, Integrity, Journal};
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
    };
    let images = load_images(&exam);

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("examday-io")
        .enable_all()
        .build()
        .map_err(|e| LaunchError(format!("examday: error: cannot start the background runtime: {e}")))?;
    // The journal comes first: without one the exam does not start, whatever else is missing.
    let fresh = Fresh { paper: exam.paper.clone(), setup, journal_dir: journal_dir.clone() };
    let offer = find_unfinished(&journal_dir, exam.paper.id());
    let (sitting, journal, offer, fresh) = match offer {
        Some((sitting, offer)) => (sitting, None, Some(offer), Some(fresh)),
        None => {
            let journal =
                open_journal(&runtime, &fresh, chrono::Local::now().fixed_offset()).map_err(LaunchError)?;
            let sitting = Sitting::begin(fresh.paper.clone(), fresh.setup.clone(), Elapsed::ZERO);
            (sitting, Some(journal), None, None)
        }
    };
    let event_loop = EventLoop::<UserEvent>::with_user_event().build().map_err(|e| {
        if let Some(j) = &journal {
            // Nothing happened yet: the journal holds only its first record. Do not leave it behind.
            let _ = std::fs::remove_file(j.writer.path());
        }
        LaunchError(format!(
            "examday: error: no display to open the exam window on ({e}).\n\
             examday needs a graphical session (X11 or Wayland). Without a screen, run it inside a virtual one:\n  \
             sudo apt-get install xvfb openbox && xvfb-run -a sh -c 'openbox & examday'"
        ))
    })?;
    let proxy = event_loop.create_proxy();
    watch_signals(&runtime, proxy.clone());
    let options = WindowOptions { windowed: args.windowed, free_pointer: args.free_pointer, applications };
    let audio = Audio::new(!args.no_sound);
    let journal_path = journal.as_ref().map(|j| j.writer.path().to_path_buf());
    let mut shell = Shell::new(options, runtime, proxy, sitting, journal, offer, fresh, audio, images);
    shell.ending.journal = journal_path;
    event_loop
        .run_app(&mut shell)
        .map_err(|e| LaunchError(format!("examday: error: the window's event loop failed: {e}")))?;
    Ok(std::mem::take(&mut shell.ending))
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
    let Some(folder) = &exam.folder else { return images };
    for q in exam.paper.questions() {
        let Some(path) = q.image() else { continue };
        match image::open(folder.join(path)) {
            Ok(img) => {
                let rgba = img.to_rgba8();
                let (width, height) = rgba.dimensions();
                images.insert(path.to_string(), Picture { width, height, rgba: rgba.into_raw() });
            }
            Err(e) => eprintln!(
                "examday: warning: {}: cannot decode it ({e}); the question will show a notice",
                folder.join(path).display()
            ),
        }
    }
    images
}

/// The newest journal of this exam in `dir`, if its sitting started, never ended, and its chain is intact.
pub fn find_unfinished(dir: &Path, exam_id: &str) -> Option<(Sitting, Offer)> {
    let mut candidates: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            is_journal_of(name, exam_id)
        })
        .collect();
    candidates.sort();
    // The newest journal that really is this exam's (a name like `x-2` may be exam `x`, or exam `x-2`).
    let (path, bytes, journal) = candidates.into_iter().rev().find_map(|path| {
        let bytes = std::fs::read(&path).ok()?;
        let journal = Journal::read(&bytes);
        match journal.records.first().map(|r| &r.event) {
            Some(Event::SessionStarted(s)) if s.exam_id == exam_id => Some((path, bytes, journal)),
            _ => None,
        }
    })?;
    if !matches!(journal.integrity, Integrity::Intact { .. }) {
        return None;
    }
    let sitting = Sitting::replay(journal.records.iter().map(|r| (r.t(), &r.event))).ok()?;
    if !matches!(sitting.phase(), Phase::InProgress { .. }) {
        return None;
    }
    let first = journal.records.first()?;
    if !matches!(first.event, Event::SessionStarted(_)) {
        return None;
    }
    let keep = bytes.len() as u64 - journal.truncated.map_or(0, |(_, len)| len as u64);
    let text = String::from_utf8_lossy(&bytes[..keep as usize]).into_owned();
    let lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
    let offer = Offer { path, keep, lines, last: journal.records.last()?.clone(), wall_start: first.at };
    Some((sitting, offer))
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
