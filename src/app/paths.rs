//! Where journals live: `--journal-dir`, else `$EXAMDAY_HOME/sessions`, else the platform's data folder; and
//! the data folder itself, where the index of finished sittings is kept.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Local};

/// The journal folder, by the order of precedence above. None only when the platform has no home folder.
pub fn journal_dir(explicit: Option<&Path>) -> Option<PathBuf> {
    if let Some(dir) = explicit {
        return Some(dir.to_path_buf());
    }
    data_dir().map(|d| d.join("sessions"))
}

/// examday's data folder: `$EXAMDAY_HOME`, else the platform's (`~/.local/share/examday`).
pub fn data_dir() -> Option<PathBuf> {
    if let Some(home) = std::env::var_os("EXAMDAY_HOME").filter(|h| !h.is_empty()) {
        return Some(PathBuf::from(home));
    }
    directories::ProjectDirs::from("", "", "examday").map(|d| d.data_dir().to_path_buf())
}

/// `YYYYMMDD-HHMMSS-<exam id>.jsonl`, in local time.
pub fn journal_name(started: DateTime<Local>, exam_id: &str) -> String {
    format!("{}-{exam_id}.jsonl", started.format("%Y%m%d-%H%M%S"))
}
