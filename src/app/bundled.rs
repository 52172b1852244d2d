//! The exams that ship inside the binary, so `examday` runs the full mock from any folder.

use std::sync::Arc;

use super::exam_file::LoadedExam;
use crate::exam::{ImageCheck, ImageStatus, Paper};
use crate::journal::sha256_hex;

pub struct Bundled {
    /// The name to run it by (`examday run quick-rehearsal`), also its file name under exams/.
    pub name: &'static str,
    pub text: &'static str,
}

pub const EXAMS: &[Bundled] = &[
    Bundled { name: "pmle-mock-1", text: include_str!("../../exams/pmle-mock-1.toml") },
    Bundled { name: "pmle-mock-2", text: include_str!("../../exams/pmle-mock-2.toml") },
    Bundled { name: "quick-rehearsal", text: include_str!("../../exams/quick-rehearsal.toml") },
];

/// What `examday` with no exam runs: the full mock.
pub const DEFAULT: &str = "pmle-mock-1";

/// Bundled exams carry no image files, so any image they name is missing.
struct NoImages;

impl ImageCheck for NoImages {
    fn check(&self, relative: &str) -> ImageStatus {
        ImageStatus::Missing(format!("{relative} (bundled exams cannot ship images)"))
    }
}

pub fn find(name: &str) -> Option<&'static Bundled> {
    EXAMS.iter().find(|b| b.name == name)
}

pub fn open(b: &Bundled) -> Result<LoadedExam, String> {
    let source = format!("bundled:{}", b.name);
    let (paper, places) = Paper::from_toml_placed(&format!("exams/{}.toml", b.name), b.text, &NoImages)
        .map_err(|e| e.to_string())?;
    Ok(LoadedExam {
        paper: Arc::new(paper),
        sha256: sha256_hex(b.text.as_bytes()),
        source,
        folder: None,
        places: Arc::new(places),
        images: Arc::default(),
        imported: None,
        origins: Arc::default(),
    })
}

pub fn default_exam() -> Result<LoadedExam, String> {
    open(find(DEFAULT).ok_or("the default exam is missing from this build")?)
}
