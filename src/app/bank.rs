//! Question banks from disk: the files and folders named, each file's format, its text, the images it names, and
//! the exam the core makes of them. `examday import` writes the result; `run` and `check` use it in memory.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use crate::import::{self, Conversion, Format, ImageRef, Imported, Located, Problem, Settings, Source};

/// A bank file larger than this is refused (a 1,000-question Moodle export with images is a few MB).
pub const MAX_BANK_BYTES: u64 = 256 * 1024 * 1024;
/// An image larger than this is left out.
const MAX_IMAGE_BYTES: u64 = 20 * 1024 * 1024;
/// Folders deeper than this are not walked (a loop of links, or the wrong folder named).
const MAX_DEPTH: usize = 8;
/// Extensions a folder's bank files have; other files in a folder are passed over.
const BANK_EXTENSIONS: [&str; 8] = ["gift", "txt", "xml", "md", "markdown", "csv", "tsv", "aiken"];

/// True when `path` names a question bank rather than an exam file: a folder, or a file of a bank format.
pub fn is_bank(path: &Path) -> bool {
    if path.is_dir() {
        return true;
    }
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    BANK_EXTENSIONS.contains(&ext.as_str())
}

/// What reading the bank found, before and after the conversion.
pub struct Gathered {
    pub sources: Vec<Source>,
    /// Files that could not be used at all (unreadable, not text, unknown format), with the reason.
    pub errors: Vec<String>,
    /// Things done on the way that the summary should show (an image left out).
    pub notes: Vec<Located<Problem>>,
}

/// Reads every bank file in `paths` (folders walked; their subfolders become domains). `format` overrides
/// detection for every file.
pub fn read(paths: &[PathBuf], format: Option<Format>) -> Gathered {
    let mut read = Gathered { sources: Vec::new(), errors: Vec::new(), notes: Vec::new() };
    for path in paths {
        if path.is_dir() {
            let mut files = Vec::new();
            walk(path, 0, &mut files, &mut read.errors);
            files.sort_by(|a, b| import::markdown::natural_cmp(&a.to_string_lossy(), &b.to_string_lossy()));
            if files.is_empty() {
                read.errors.push(format!(
                    "{}: error: the folder holds no bank files ({})",
                    path.display(),
                    BANK_EXTENSIONS.map(|e| format!(".{e}")).join(", ")
                ));
            }
            for file in files {
                let relative = file.strip_prefix(path).unwrap_or(&file).to_path_buf();
                if let Some(mut source) = read_file(&file, format, false, &mut read) {
                    name_by_folder(&mut source.imported, &relative);
                    read.sources.push(source);
                }
            }
        } else if let Some(source) = read_file(path, format, true, &mut read) {
            read.sources.push(source);
        }
    }
    read
}

fn walk(dir: &Path, depth: usize, files: &mut Vec<PathBuf>, errors: &mut Vec<String>) {
    if depth > MAX_DEPTH {
        errors.push(format!("{}: warning: deeper than {MAX_DEPTH} folders; not read", dir.display()));
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(format!("{}: error: cannot read the folder: {e}", dir.display()));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_dir() {
            walk(&path, depth + 1, files, errors);
        } else if kind.is_file() || (kind.is_symlink() && path.is_file()) {
            let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
            // A repository's own papers are not questions (a README may be: it is read, and says nothing
            // if it holds none).
            let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s).to_ascii_uppercase();
            let paper = matches!(
                stem.as_str(),
                "LICENSE"
                    | "LICENCE"
                    | "CONTRIBUTING"
                    | "CODE_OF_CONDUCT"
                    | "CHANGELOG"
                    | "SECURITY"
                    | "PULL_REQUEST_TEMPLATE"
                    | "ISSUE_TEMPLATE"
                    | "AUTHORS"
                    | "NOTICE"
            );
            if BANK_EXTENSIONS.contains(&ext.as_str()) && !paper {
                files.push(path);
            }
        }
    }
}

/// A file in a folder: questions with no domain take their subfolder's name; a file of one question with no name
/// of its own is named by its path.
fn name_by_folder(imported: &mut Imported, relative: &Path) {
    let folders: Vec<String> = relative
        .parent()
        .map(|p| {
            p.components()
                .filter_map(|c| match c {
                    Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let domain = (!folders.is_empty()).then(|| folders.join(" / "));
    let alone = imported.questions.len() == 1;
    let stem = relative.with_extension("").to_string_lossy().replace('\\', "/");
    for q in &mut imported.questions {
        if q.domain.is_none() {
            q.domain.clone_from(&domain);
        }
        if alone && q.name.is_none() {
            q.name = Some(stem.clone());
        }
    }
}

fn read_file(path: &Path, format: Option<Format>, named: bool, read: &mut Gathered) -> Option<Source> {
    let file = path.display().to_string();
    let bytes = match read_capped(path) {
        Ok(b) => b,
        Err(e) => {
            read.errors.push(format!("{file}: error: {e}"));
            return None;
        }
    };
    let text = match import::decode(&file, &bytes) {
        Ok(t) => t,
        Err(e) => {
            read.errors.push(e.to_string());
            return None;
        }
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let Some(format) = format.or_else(|| import::detect(&name, &text)) else {
        if named {
            read.errors.push(format!(
                "{file}: error: cannot tell which format this is; name it with --format ({})",
                Format::ALL.map(Format::name).join(", ")
            ));
        }
        return None;
    };
    let mut imported = import::parse(format, &text);
    let folder = path.parent().unwrap_or(Path::new("."));
    for q in &mut imported.questions {
        if let Some(ImageRef::Path(reference)) = &q.image {
            match fetch_image(folder, reference) {
                Ok((name, bytes)) => q.image = Some(ImageRef::Embedded { name, bytes }),
                Err(why) => {
                    read.notes.push(Located {
                        file: file.clone(),
                        item: Problem {
                            line: q.line,
                            message: format!("image {reference}: {why}; imported without it"),
                        },
                    });
                    q.image = None;
                }
            }
        } else if let Some(ImageRef::Embedded { name, bytes }) = &q.image
            && let Err(why) = image_kind(bytes)
        {
            read.notes.push(Located {
                file: file.clone(),
                item: Problem { line: q.line, message: format!("image {name}: {why}; imported without it") },
            });
            q.image = None;
        }
    }
    Some(Source { file, format, imported })
}

fn read_capped(path: &Path) -> Result<Vec<u8>, String> {
    let f = std::fs::File::open(path).map_err(|e| format!("cannot read it: {e}"))?;
    let meta = f.metadata().map_err(|e| format!("cannot read it: {e}"))?;
    if !meta.is_file() {
        return Err("it is not a regular file".to_string());
    }
    let mut bytes = Vec::new();
    f.take(MAX_BANK_BYTES + 1).read_to_end(&mut bytes).map_err(|e| format!("cannot read it: {e}"))?;
    if bytes.len() as u64 > MAX_BANK_BYTES {
        return Err(format!("larger than {} MB", MAX_BANK_BYTES / (1024 * 1024)));
    }
    Ok(bytes)
}

/// An image a source names, relative to its folder: a PNG or JPEG file there (no URL, no absolute path).
fn fetch_image(folder: &Path, reference: &str) -> Result<(String, Vec<u8>), String> {
    let lower = reference.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//") {
        return Err("a web address (examday works offline; save the image next to the bank)".to_string());
    }
    let relative = Path::new(reference);
    if relative.is_absolute() {
        return Err("an absolute path; images are named relative to the bank file".to_string());
    }
    let path = folder.join(relative);
    let meta = std::fs::metadata(&path).map_err(|e| format!("{} cannot be read ({e})", path.display()))?;
    if !meta.is_file() {
        return Err(format!("{} is not a file", path.display()));
    }
    if meta.len() > MAX_IMAGE_BYTES {
        return Err(format!("{} is larger than {} MB", path.display(), MAX_IMAGE_BYTES / (1024 * 1024)));
    }
    let bytes = std::fs::read(&path).map_err(|e| format!("{} cannot be read ({e})", path.display()))?;
    image_kind(&bytes)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    Ok((name, bytes))
}

/// Ok for a PNG or JPEG that decodes; else what it is.
fn image_kind(bytes: &[u8]) -> Result<(), String> {
    let reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("cannot be read ({e})"))?;
    match reader.format() {
        Some(image::ImageFormat::Png | image::ImageFormat::Jpeg) => {
            reader.into_dimensions().map(|_| ()).map_err(|e| format!("cannot be decoded ({e})"))
        }
        Some(other) => Err(format!("it is {other:?}; examday shows PNG and JPEG")),
        None => Err("not an image examday knows (PNG or JPEG)".to_string()),
    }
}

/// The exam `paths` make, with the defaults `run` and `check` use when they are given a bank directly.
pub fn in_memory(paths: &[PathBuf], format: Option<Format>) -> Result<(Conversion, Gathered), String> {
    let mut read = read(paths, format);
    let first = paths.first().cloned().unwrap_or_default();
    let stem = first.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "bank".into());
    let settings = Settings { image_folder: "images".into(), fallback_name: stem, ..Settings::default() };
    if read.sources.is_empty() {
        return Err(read.errors.join("\n"));
    }
    let sources = std::mem::take(&mut read.sources);
    match import::convert(sources, &settings) {
        Ok(mut c) => {
            c.summary.notes.splice(0..0, read.notes.drain(..));
            Ok((c, read))
        }
        Err(e) => {
            let mut lines = read.errors.clone();
            if let import::ConvertError::Empty { summary, .. } = &e {
                lines.extend(
                    summary
                        .problems
                        .iter()
                        .map(|p| format!("{}:{}: error: {}", p.file, p.item.line, p.item.message)),
                );
                lines.extend(summary.skipped.iter().map(|k| {
                    format!(
                        "{}:{}: note: skipped ({}, which examday cannot sit): {}",
                        k.file, k.item.line, k.item.kind, k.item.excerpt
                    )
                }));
            }
            lines.push(format!("{}: error: {e}", first.display()));
            Err(lines.join("\n"))
        }
    }
}

/// Images by their path in the exam, for a bank sat or checked without writing it out.
pub fn image_map(conversion: &Conversion) -> HashMap<String, Vec<u8>> {
    conversion.images.iter().cloned().collect()
}
