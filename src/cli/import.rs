//! `examday import`: question banks (GIFT, Aiken, Moodle XML, Markdown, CSV/TSV and Anki exports) converted to
//! an exam file that `examday check` accepts, with its images beside it, and a summary of what came in, what
//! was skipped and what was left out, each with its file and line.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::Args;

use super::Outcome;
use super::term::clean;
use crate::app::bank;
use crate::import::{self, Format, Settings, Summary};

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Bank files, or folders of them (subfolders become domains).
    #[arg(required = true, value_name = "FILE|DIR")]
    pub paths: Vec<PathBuf>,
    /// The format of every file (default: from each file's extension and content).
    #[arg(long, value_name = "FORMAT", value_parser = ["gift", "aiken", "moodle-xml", "markdown", "csv"])]
    pub format: Option<String>,
    /// The exam file to write (default: the first bank's name with .toml, in the current folder).
    #[arg(short, long, value_name = "OUT.toml")]
    pub output: Option<PathBuf>,
    /// The exam's title (default: the title the bank gives itself, else the output's name).
    #[arg(long, value_name = "T")]
    pub title: Option<String>,
    /// The exam's id, which names its journals (default: from the output's name).
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// Minutes per sitting (default: two per question asked).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1440))]
    pub minutes: Option<u32>,
    /// The pass mark in percent (default 70).
    #[arg(long, value_name = "P", value_parser = percent)]
    pub pass_percent: Option<f64>,
    /// Questions drawn per sitting (default: 60 from banks larger than that; 0: every question, every time).
    #[arg(long, value_name = "N")]
    pub draw: Option<usize>,
    /// Replace the output file (and the images beside it) if they exist.
    #[arg(long)]
    pub force: bool,
}

fn percent(s: &str) -> Result<f64, String> {
    let p: f64 = s.parse().map_err(|_| format!("'{s}' is not a number"))?;
    if (0.0..=100.0).contains(&p) { Ok(p) } else { Err(format!("{p} is not between 0 and 100")) }
}

pub fn run(args: ImportArgs) -> Outcome {
    let format = args.format.as_deref().and_then(Format::from_name);
    let first = &args.paths[0];
    let output = args.output.clone().unwrap_or_else(|| {
        // A folder named "." is named by where it is.
        let named = std::fs::canonicalize(first).unwrap_or_else(|_| first.clone());
        let stem = (if first.is_dir() { named.file_name() } else { first.file_stem() })
            .map_or_else(|| "bank".to_string(), |s| s.to_string_lossy().into_owned());
        PathBuf::from(format!("{stem}.toml"))
    });
    if bank::is_bank(&output) || output.extension().is_none_or(|e| e != "toml") {
        eprintln!(
            "{}: error: the exam file to write must end in .toml",
            clean(&output.display().to_string())
        );
        return Outcome::BadInput;
    }
    if output.exists() && !args.force {
        eprintln!(
            "{}: error: the file exists; name another with -o, or replace it with --force",
            clean(&output.display().to_string())
        );
        return Outcome::BadInput;
    }
    let out_stem =
        output.file_stem().map_or_else(|| "exam".to_string(), |s| s.to_string_lossy().into_owned());
    let image_folder = format!("{out_stem}-images");

    let mut read = bank::read(&args.paths, format);
    for e in &read.errors {
        eprintln!("{}", clean(e));
    }
    let settings = Settings {
        id: args.id.clone(),
        title: args.title.clone(),
        minutes: args.minutes,
        pass_percent: args.pass_percent,
        draw: args.draw,
        image_folder: image_folder.clone(),
        fallback_name: out_stem,
    };
    if let Some(id) = &args.id
        && (id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        eprintln!("examday: error: --id takes ASCII letters, digits, '-', '_' and '.', got '{}'", clean(id));
        return Outcome::BadInput;
    }
    if read.sources.is_empty() {
        eprintln!("examday: error: no bank could be read; nothing written");
        return Outcome::BadInput;
    }
    let sources = std::mem::take(&mut read.sources);
    let mut conversion = match import::convert(sources, &settings) {
        Ok(c) => c,
        Err(e) => {
            // Why each question could not be taken is the user's way to fix the bank.
            if let import::ConvertError::Empty { summary, .. } = &e {
                eprint!("{}", clean(&details(summary)));
            }
            eprintln!("examday: error: {e}; nothing written");
            return Outcome::BadInput;
        }
    };
    conversion.summary.notes.splice(0..0, read.notes.drain(..));
    if conversion.toml.len() > crate::exam::MAX_EXAM_BYTES {
        eprintln!(
            "examday: error: the exam would be {} MB, more than the {} MB an exam file may hold; import the bank \
             in parts (a file or folder at a time); nothing written",
            conversion.toml.len() / (1024 * 1024),
            crate::exam::MAX_EXAM_BYTES / (1024 * 1024)
        );
        return Outcome::BadInput;
    }

    if let Err(e) = write(&output, &conversion.toml, &conversion.images) {
        eprintln!("{}: error: cannot write it: {e}", clean(&output.display().to_string()));
        return Outcome::BadInput;
    }
    print!("{}", clean(&summary_text(&conversion.summary, &output)));

    // What was written must be an exam `check` accepts; if not, that is examday's bug, and says so.
    match crate::app::exam_file::open(&output) {
        Ok(_) => {}
        Err(e) => {
            eprintln!("{}", clean(&e.to_string()));
            eprintln!(
                "examday: error: the exam written does not read back; please report this with the bank"
            );
            return Outcome::Finding;
        }
    }
    if conversion.summary.problems.is_empty() && read.errors.is_empty() {
        Outcome::Ok
    } else {
        Outcome::Finding
    }
}

/// Writes the exam and its images, each file whole or not at all.
fn write(output: &Path, toml: &str, images: &[(String, Vec<u8>)]) -> std::io::Result<()> {
    let folder = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&folder)?;
    for (relative, bytes) in images {
        let path = folder.join(relative);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        whole(&path, bytes)?;
    }
    whole(output, toml.as_bytes())
}

fn whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut tmp, bytes)?;
    // A temporary file is private (0600); what is written is an ordinary file, as the user's editor would make.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// What the import did, for the terminal: counts first, then each skipped and left-out question with its place.
pub fn summary_text(s: &Summary, output: &Path) -> String {
    let mut o = String::new();
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let _ = writeln!(
        o,
        "Imported {} into {} ({}, id {})",
        plural(s.questions, "question", "questions"),
        output.display(),
        s.title,
        s.id
    );
    let width = s.files.iter().map(|(f, _, _)| f.chars().count()).max().unwrap_or(0);
    for (file, format, n) in &s.files {
        let _ = writeln!(
            o,
            "  {file:<width$}  {:<10}  {}",
            format.describe(),
            plural(*n, "question", "questions")
        );
    }
    let single = s.questions - s.multi_select;
    let mut kinds = vec![format!("{single} single-answer"), format!("{} multiple-answer", s.multi_select)];
    if s.true_false > 0 {
        kinds.push(format!("{} of them true/false", s.true_false));
    }
    let _ = writeln!(o, "  {}", kinds.join(", "));
    let domains: Vec<String> = s.domains.iter().map(|(d, n)| format!("{d} ({n})")).collect();
    let _ =
        writeln!(o, "  {}: {}", if s.domains.len() == 1 { "domain" } else { "domains" }, domains.join(", "));
    let sitting = match s.draw {
        Some(n) => format!("{n} of the {} questions drawn", s.questions),
        None => plural(s.questions, "question", "questions"),
    };
    let _ = writeln!(o, "  each sitting: {sitting}, {} minutes, pass mark {}%", s.minutes, s.pass_percent);
    if s.options_in_order {
        let _ =
            writeln!(o, "  options keep their order: some refer to others by place (\"All of the above\")");
    }
    o += &details(s);
    let shown = output.display();
    let _ = writeln!(o, "\nNext: `examday check {shown}`, then `examday run {shown}`.");
    o
}

/// What was skipped, left out and noted, each at its file and line.
pub fn details(s: &Summary) -> String {
    let mut o = String::new();
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    if !s.skipped.is_empty() {
        let kinds: Vec<String> = s.skipped_by_kind().iter().map(|(k, n)| format!("{n} {k}")).collect();
        let _ = writeln!(
            o,
            "\nSkipped {} examday cannot sit ({}):",
            plural(s.skipped.len(), "question", "questions"),
            kinds.join(", ")
        );
        for sk in &s.skipped {
            let _ = writeln!(o, "  {}:{}: {}: {}", sk.file, sk.item.line, sk.item.kind, sk.item.excerpt);
        }
    }
    if !s.problems.is_empty() {
        let _ =
            writeln!(o, "\nLeft out {} with problems:", plural(s.problems.len(), "question", "questions"));
        for p in &s.problems {
            let _ = writeln!(o, "  {}:{}: {}", p.file, p.item.line, p.item.message);
        }
    }
    if !s.notes.is_empty() {
        let _ = writeln!(o, "\nNotes:");
        for n in &s.notes {
            let _ = writeln!(o, "  {}:{}: {}", n.file, n.item.line, n.item.message);
        }
    }
    o
}
