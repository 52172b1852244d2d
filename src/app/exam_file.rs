//! Opening an exam file from disk: its bytes (with a size cap), its fingerprint, and a file-system answer to
//! "is this image there, inside the exam's folder, and an image?".

use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::exam::{ExamError, ImageCheck, ImageStatus, MAX_EXAM_BYTES, Paper, Places};
use crate::journal::sha256_hex;

/// A paper and where it came from.
#[derive(Clone, Debug)]
pub struct LoadedExam {
    pub paper: Arc<Paper>,
    pub sha256: String,
    /// The path as given, or `bundled:<name>`.
    pub source: String,
    /// The folder its images are relative to (none for bundled exams).
    pub folder: Option<PathBuf>,
    /// Where its questions and options stand in the file, for `check`'s warnings.
    pub places: Arc<Places>,
    /// A question bank's images, held in memory by their path in the exam (empty for an exam file: its images
    /// are files in `folder`).
    pub images: Arc<HashMap<String, Vec<u8>>>,
    /// For a question bank opened directly: what its import kept, skipped and left out.
    pub imported: Option<Arc<crate::import::Summary>>,
    /// For a question bank: the file and line each question came from, in the paper's order.
    pub origins: Arc<Vec<(String, usize)>>,
}

/// Why an exam could not be opened: the file itself, or what is in it.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("{file}: error: cannot read the exam file: {source}")]
    Io { file: String, source: std::io::Error },
    #[error("{0}")]
    Invalid(ExamError),
    /// A question bank that gave no exam (no question could be imported, no file could be read).
    #[error("{0}")]
    Bank(String),
}

/// Reads and checks an exam file, or converts a question bank (a GIFT, Aiken, Moodle XML, Markdown or CSV file,
/// or a folder of them) in memory.
pub fn open(path: &Path) -> Result<LoadedExam, OpenError> {
    if super::bank::is_bank(path) {
        return open_bank(path);
    }
    let file = path.display().to_string();
    let io = |source| OpenError::Io { file: file.clone(), source };
    let mut bytes = Vec::new();
    let f = File::open(path).map_err(io)?;
    if f.metadata().map_err(io)?.is_dir() {
        return Err(io(std::io::Error::other("it is a folder, not a file")));
    }
    // One byte past the cap is enough to know the file is too large, without reading 50 MB.
    f.take(MAX_EXAM_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(io)?;
    let folder =
        path.parent().map(|p| if p.as_os_str().is_empty() { PathBuf::from(".") } else { p.to_path_buf() });
    let images = FsImages::new(folder.clone().unwrap_or_else(|| PathBuf::from(".")));
    let (paper, places) = Paper::from_bytes_placed(&file, &bytes, &images).map_err(OpenError::Invalid)?;
    Ok(LoadedExam {
        paper: Arc::new(paper),
        sha256: sha256_hex(&bytes),
        source: file,
        folder,
        places: Arc::new(places),
        images: Arc::default(),
        imported: None,
        origins: Arc::default(),
    })
}

/// A question bank converted in memory, its images held with it. Its `check` warnings point at the bank's own
/// lines when it is one file.
fn open_bank(path: &Path) -> Result<LoadedExam, OpenError> {
    let file = path.display().to_string();
    let (conversion, read) = super::bank::in_memory(&[path.to_path_buf()], None).map_err(OpenError::Bank)?;
    for e in &read.errors {
        eprintln!("{e}");
    }
    if conversion.toml.len() > MAX_EXAM_BYTES {
        return Err(OpenError::Bank(format!(
            "{file}: error: the bank makes an exam of {} MB, more than the {} MB examday reads; import it in parts",
            conversion.toml.len() / (1024 * 1024),
            MAX_EXAM_BYTES / (1024 * 1024)
        )));
    }
    let images = super::bank::image_map(&conversion);
    let check = MemoryImages(&images);
    let (paper, generated) =
        Paper::from_bytes_placed(&file, conversion.toml.as_bytes(), &check).map_err(|e| {
            OpenError::Bank(format!(
                "{e}\n{file}: error: examday made an exam of this bank that it cannot read; please report it"
            ))
        })?;
    let one_file = conversion.origins.iter().all(|(f, _)| f == &conversion.origins[0].0);
    let places = if one_file { generated.at_lines(&conversion.origins) } else { Places::default() };
    let source =
        if one_file { conversion.origins.first().map_or(file.clone(), |(f, _)| f.clone()) } else { file };
    Ok(LoadedExam {
        paper: Arc::new(paper),
        sha256: sha256_hex(conversion.toml.as_bytes()),
        source,
        folder: None,
        places: Arc::new(places),
        images: Arc::new(images),
        imported: Some(Arc::new(conversion.summary)),
        origins: Arc::new(conversion.origins),
    })
}

/// Answers for a bank's images, held in memory.
struct MemoryImages<'a>(&'a HashMap<String, Vec<u8>>);

impl ImageCheck for MemoryImages<'_> {
    fn check(&self, relative: &str) -> ImageStatus {
        match self.0.get(relative) {
            Some(_) => ImageStatus::Ok,
            None => ImageStatus::Missing(relative.to_string()),
        }
    }
}

/// Answers for images relative to an exam file's folder.
pub struct FsImages {
    root: PathBuf,
}

impl FsImages {
    pub fn new(root: PathBuf) -> FsImages {
        FsImages { root }
    }
}

impl ImageCheck for FsImages {
    fn check(&self, relative: &str) -> ImageStatus {
        let path = self.root.join(relative);
        let Ok(real) = path.canonicalize() else { return ImageStatus::Missing(path.display().to_string()) };
        match self.root.canonicalize() {
            Ok(root) if real.starts_with(&root) => {}
            _ => return ImageStatus::Outside,
        }
        match real.metadata() {
            Ok(m) if m.is_dir() => return ImageStatus::NotAnImage("it is a folder".to_string()),
            // A FIFO, a socket or a device would block or never end: only regular files are opened.
            Ok(m) if !m.is_file() => {
                return ImageStatus::NotAnImage(
                    "it is not a regular file (a pipe, socket or device)".to_string(),
                );
            }
            Ok(_) => {}
            Err(e) => return ImageStatus::Missing(format!("{} ({e})", path.display())),
        }
        let reader = match image::ImageReader::open(&real).and_then(|r| r.with_guessed_format()) {
            Ok(r) => r,
            Err(e) => return ImageStatus::Missing(format!("{} ({e})", path.display())),
        };
        match reader.format() {
            Some(image::ImageFormat::Png | image::ImageFormat::Jpeg) => match reader.into_dimensions() {
                Ok(_) => ImageStatus::Ok,
                Err(e) => ImageStatus::NotAnImage(format!("cannot be decoded ({e})")),
            },
            Some(other) => ImageStatus::NotAnImage(format!("it is {other:?}")),
            None => ImageStatus::NotAnImage("its content is not a known image format".to_string()),
        }
    }
}
