//! Writes journal lines to disk from a tokio task: append, flush and fsync per batch, where a batch is only
//! what was already queued. The caller never waits. A failed write is retried with back-off and reported
//! through [`WriterStatus`]; lines stay queued in memory until they are on disk, so nothing is dropped.

use std::fs::{File, OpenOptions};
use std::io::{self, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::runtime::Handle;
use tokio::sync::{mpsc, oneshot};

/// Where journal bytes go. `append` must be durable when it returns Ok, and leave nothing behind on Err.
pub trait Sink: Send + 'static {
    fn append(&mut self, bytes: &[u8]) -> io::Result<()>;
}

/// A journal file, appended to and fsynced.
pub struct FileSink {
    file: File,
    len: u64,
}

impl FileSink {
    /// Creates a new journal file in `dir` (created if needed) named `name`, or `name-2`, `-3`... if taken.
    pub fn create(dir: &Path, name: &str) -> io::Result<(FileSink, PathBuf)> {
        std::fs::create_dir_all(dir)?;
        let (stem, ext) = name.rsplit_once('.').unwrap_or((name, "jsonl"));
        for n in 1..1000 {
            let candidate = if n == 1 { dir.join(name) } else { dir.join(format!("{stem}-{n}.{ext}")) };
            match OpenOptions::new().write(true).create_new(true).open(&candidate) {
                Ok(file) => return Ok((FileSink { file, len: 0 }, candidate)),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::new(io::ErrorKind::AlreadyExists, "too many journals with this name"))
    }

    /// Opens an existing journal to go on writing after its first `keep` bytes (dropping a cut-short line).
    pub fn append_to(path: &Path, keep: u64) -> io::Result<FileSink> {
        let mut file = OpenOptions::new().write(true).open(path)?;
        file.set_len(keep)?;
        file.seek(SeekFrom::Start(keep))?;
        file.sync_data()?;
        Ok(FileSink { file, len: keep })
    }
}

impl Sink for FileSink {
    fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        let result = self
            .file
            .seek(SeekFrom::Start(self.len))
            .and_then(|_| self.file.write_all(bytes))
            .and_then(|()| self.file.flush())
            .and_then(|()| self.file.sync_data());
        match result {
            Ok(()) => {
                self.len += bytes.len() as u64;
                Ok(())
            }
            Err(e) => {
                // Undo a partial write so the retry does not leave half a line in the middle of the journal.
                let _ = self.file.set_len(self.len);
                Err(e)
            }
        }
    }
}

/// What the writer has done, for the window to show when something is wrong.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WriterStatus {
    /// Lines on disk.
    pub written: u64,
    /// Lines waiting (queued, or being retried).
    pub pending: usize,
    /// The last write error, while writes are failing.
    pub failing: Option<String>,
    /// Failed attempts so far.
    pub failures: u64,
}

struct Shared {
    status: WriterStatus,
    /// Lines not yet on disk, oldest first.
    queue: Vec<String>,
}

enum Msg {
    Line,
    Flush(oneshot::Sender<()>),
}

/// The handle the shell keeps: `write` never blocks; `flush` and `close` wait for the disk.
pub struct JournalWriter {
    tx: mpsc::UnboundedSender<Msg>,
    shared: Arc<Mutex<Shared>>,
    task: tokio::task::JoinHandle<()>,
    path: PathBuf,
}

/// Lines that could not be written before `close` gave up, and why.
#[derive(Debug, thiserror::Error)]
#[error("{} journal lines could not be written to {path}: {error}", lines.len())]
pub struct Unwritten {
    pub path: PathBuf,
    pub lines: Vec<String>,
    pub error: String,
}

/// Saves lines the journal could not take (a full disk, a yanked drive) where they cannot be lost or hijacked:
/// a new file with an unpredictable name in the temporary folder, readable by its owner only, never through a
/// link. Returns what to tell the candidate, including how to put the lines back.
pub fn save_unwritten(unwritten: &Unwritten) -> String {
    use std::io::Write as _;
    let lines = unwritten.lines.concat();
    let saved = tempfile::Builder::new().prefix("examday-unwritten-").suffix(".jsonl").tempfile().and_then(
        |mut f| {
            f.write_all(lines.as_bytes())?;
            f.as_file().sync_all()?;
            f.keep().map(|(_, path)| path).map_err(|e| e.error)
        },
    );
    let journal = unwritten.path.display();
    match saved {
        Ok(path) => format!(
            "examday: error: {unwritten}.
They are saved in {}. Once the disk has room, append them to the journal              to make it whole again (they continue its chain):
  cat {} >> {journal}",
            path.display(),
            path.display()
        ),
        Err(e) => format!(
            "examday: error: {unwritten}.
Saving them elsewhere failed too ({e}); here they are, to append to              {journal} by hand:
{lines}"
        ),
    }
}

const FIRST_RETRY: Duration = Duration::from_millis(50);
const MAX_RETRY: Duration = Duration::from_secs(2);

impl JournalWriter {
    pub fn spawn(runtime: &Handle, sink: impl Sink, path: PathBuf) -> JournalWriter {
        let (tx, rx) = mpsc::unbounded_channel();
        let shared = Arc::new(Mutex::new(Shared { status: WriterStatus::default(), queue: Vec::new() }));
        let task = runtime.spawn(run(Box::new(sink), rx, shared.clone()));
        JournalWriter { tx, shared, task, path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Queues one sealed line (with its newline). Returns at once.
    pub fn write(&self, line: String) {
        {
            let mut shared = lock(&self.shared);
            shared.queue.push(line);
            shared.status.pending = shared.queue.len();
        }
        let _ = self.tx.send(Msg::Line);
    }

    pub fn status(&self) -> WriterStatus {
        lock(&self.shared).status.clone()
    }

    /// Waits until every line queued so far is on disk (forever, while writes keep failing).
    pub async fn flush(&self) {
        let (tx, rx) = oneshot::channel();
        if self.tx.send(Msg::Flush(tx)).is_ok() {
            let _ = rx.await;
        }
    }

    /// Writes what is queued, waiting at most `patience`; whatever could not be written is handed back.
    pub async fn close(self, patience: Duration) -> Result<(), Unwritten> {
        let JournalWriter { tx, shared, task, path } = self;
        let (done_tx, done_rx) = oneshot::channel();
        let _ = tx.send(Msg::Flush(done_tx));
        drop(tx);
        let flushed = tokio::time::timeout(patience, done_rx).await.is_ok();
        task.abort();
        let mut shared = lock(&shared);
        if flushed && shared.queue.is_empty() {
            return Ok(());
        }
        Err(Unwritten {
            path,
            lines: std::mem::take(&mut shared.queue),
            error: shared
                .status
                .failing
                .clone()
                .unwrap_or_else(|| "the disk did not answer in time".to_string()),
        })
    }
}

fn lock(shared: &Mutex<Shared>) -> std::sync::MutexGuard<'_, Shared> {
    // A panic while holding this lock cannot leave it inconsistent (plain pushes and counters): carry on.
    shared.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

async fn run(mut sink: Box<dyn Sink>, mut rx: mpsc::UnboundedReceiver<Msg>, shared: Arc<Mutex<Shared>>) {
    let mut waiters: Vec<oneshot::Sender<()>> = Vec::new();
    let mut open = true;
    let mut retry = FIRST_RETRY;
    loop {
        let idle = lock(&shared).queue.is_empty();
        if idle {
            for w in waiters.drain(..) {
                let _ = w.send(());
            }
            if !open {
                return;
            }
            match rx.recv().await {
                Some(Msg::Flush(w)) => waiters.push(w),
                Some(Msg::Line) => {}
                None => open = false,
            }
        }
        // Take whatever else is already waiting: one fsync covers it all.
        while let Ok(msg) = rx.try_recv() {
            if let Msg::Flush(w) = msg {
                waiters.push(w);
            }
        }
        let batch: Vec<String> = lock(&shared).queue.clone();
        if batch.is_empty() {
            continue;
        }
        let bytes = batch.concat().into_bytes();
        let (returned, result) = match tokio::task::spawn_blocking(move || {
            let r = sink.append(&bytes);
            (sink, r)
        })
        .await
        {
            Ok(pair) => pair,
            Err(join) => {
                // The blocking task panicked: the sink is gone and nothing more can be written.
                lock(&shared).status.failing = Some(format!("the journal writer failed: {join}"));
                return;
            }
        };
        sink = returned;
        let failed = {
            let mut s = lock(&shared);
            match result {
                Ok(()) => {
                    s.queue.drain(..batch.len());
                    s.status.written += batch.len() as u64;
                    s.status.pending = s.queue.len();
                    s.status.failing = None;
                    false
                }
                Err(e) => {
                    s.status.failing = Some(e.to_string());
                    s.status.failures += 1;
                    true
                }
            }
        };
        if failed {
            tokio::time::sleep(retry).await;
            retry = (retry * 2).min(MAX_RETRY);
        } else {
            retry = FIRST_RETRY;
        }
    }
}
