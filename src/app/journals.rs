//! Reading many journals for `examday history`: folders expanded to their `.jsonl` files, each file read,
//! checked and replayed on its own thread share, so two hundred two-hour sittings take well under a second.

use std::path::{Path, PathBuf};

use crate::journal::Journal;
use crate::review::Report;

/// The journals named: files as given, folders by their `.jsonl` files (not recursively), sorted.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let entries = std::fs::read_dir(path)
                .map_err(|e| format!("{}: error: cannot list the folder: {e}", path.display()))?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "jsonl") && p.is_file())
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

/// Each journal's report, or why it has none, in the order given.
pub fn load_all(files: &[PathBuf]) -> Vec<(String, Result<Report, String>)> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).min(files.len().max(1));
    let chunk = files.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(|f| load(f)).collect::<Vec<_>>()))
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
    })
}

/// One journal's report. A bug that panics on one odd file costs that file its row, never the whole history.
fn load(file: &Path) -> (String, Result<Report, String>) {
    let name = file.display().to_string();
    let outcome = match std::fs::read(file) {
        Ok(bytes) => match std::panic::catch_unwind(|| Report::from_journal(&Journal::read(&bytes))) {
            Ok(report) => report.map_err(|e| e.to_string()),
            Err(_) => {
                Err("examday failed on this journal (a bug: please report it with the file)".to_string())
            }
        },
        Err(e) => Err(format!("cannot read it: {e}")),
    };
    (name, outcome)
}

/// The index of finished sittings on disk (`finished.tsv` in the data folder): read whole, appended to a line
/// at a time with an fsync.
pub struct FinishedIndex;

impl FinishedIndex {
    /// Where it lives: `$EXAMDAY_HOME/finished.tsv`, else the platform's data folder.
    pub fn path() -> Option<PathBuf> {
        super::paths::data_dir().map(|d| d.join("finished.tsv"))
    }

    /// The index as it is (empty when there is none yet, or it cannot be read).
    pub fn read(path: Option<&Path>) -> crate::journal::FinishedIndex {
        let text = path.and_then(|p| std::fs::read(p).ok()).unwrap_or_default();
        crate::journal::FinishedIndex::parse(&String::from_utf8_lossy(&text))
    }

    pub fn append(path: &Path, finished: &crate::journal::Finished, journal: &Path) -> std::io::Result<()> {
        use std::io::Write;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let name = journal.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let mut file = std::fs::OpenOptions::new().create(true).append(true).open(path)?;
        file.write_all(crate::journal::FinishedIndex::line(finished, &name).as_bytes())?;
        file.sync_data()
    }
}
