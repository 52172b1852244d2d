//! One live examday per journal. The process sitting an exam holds an exclusive lock (flock) on its journal for
//! as long as it runs (the OS drops it when the process dies, even by kill -9); a second `examday run` of the
//! same exam finds the lock taken, says which process holds it, and never writes to that journal.

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::Path;

/// The lock on one journal, held until dropped (or the process ends).
#[derive(Debug)]
pub struct JournalLock {
    _file: File,
}

#[derive(Debug)]
pub enum LockError {
    /// Another process holds it; its pid, when it left one.
    Busy {
        pid: Option<u32>,
    },
    Io(io::Error),
}

impl JournalLock {
    /// Takes the lock on `journal`, or says who has it.
    pub fn acquire(journal: &Path) -> Result<JournalLock, LockError> {
        let file = OpenOptions::new().read(true).open(journal).map_err(LockError::Io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => return Err(LockError::Busy { pid: holder(&file) }),
            Err(TryLockError::Error(e)) => return Err(LockError::Io(e)),
        }
        Ok(JournalLock { _file: file })
    }
}

/// The process holding a lock on this file, from the kernel's table of locks (Linux), without any file of our
/// own that a crash could leave behind.
#[cfg(target_os = "linux")]
fn holder(file: &File) -> Option<u32> {
    use std::os::unix::fs::MetadataExt;
    let meta = file.metadata().ok()?;
    let dev = meta.dev();
    let (major, minor) =
        (((dev >> 8) & 0xfff) | ((dev >> 32) & !0xfff), (dev & 0xff) | ((dev >> 12) & !0xff));
    let device = format!("{major:02x}:{minor:02x}:{}", meta.ino());
    // "1: FLOCK  ADVISORY  WRITE 2305 fd:01:1048608 0 EOF"
    std::fs::read_to_string("/proc/locks").ok()?.lines().find_map(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let at = fields.iter().position(|f| *f == "FLOCK")?;
        (fields.get(at + 4) == Some(&device.as_str())).then(|| fields.get(at + 3)?.parse().ok()).flatten()
    })
}

#[cfg(not(target_os = "linux"))]
fn holder(_file: &File) -> Option<u32> {
    None
}

impl LockError {
    /// What to tell the candidate who tried to start a second sitting of the same journal.
    pub fn describe(&self, journal: &Path, exam_id: &str) -> String {
        match self {
            LockError::Busy { pid } => format!(
                "examday: error: {exam_id} is being sat in another examday{}: its journal {} is in use.\n\
                 Finish or close that sitting first; nothing was written.",
                pid.map(|p| format!(" (pid {p})")).unwrap_or_default(),
                journal.display()
            ),
            LockError::Io(e) => format!("{}: error: cannot lock the journal: {e}", journal.display()),
        }
    }
}
