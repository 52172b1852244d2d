//! The command line: clap arguments in, a command run, an [`Outcome`] out. `main` alone turns the outcome
//! (or an error) into the process's exit code.

use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::{Args, Parser, Subcommand};

mod check;
mod import;
mod listen;
pub mod manual;
mod term;

use term::clean;

use crate::journal::{Completion, Event, Integrity, Journal};
use crate::review::{Report, text};

#[derive(Debug, Parser)]
#[command(
    name = "examday",
    version = crate::APP_VERSION,
    about = "Rehearse an online-proctored certification exam: a timed, focus-locked mock sitting and its debrief.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub run: RunArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Sit an exam in a fullscreen, focus-locked window (the default command).
    Run(RunArgs),
    /// Check exam files: every error, then warnings about answer cues and careless items, compiler style, and a
    /// summary with the cue figures of each exam.
    Check {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// One JSON object (files, errors, warnings, cue figures) instead of text.
        #[arg(long)]
        json: bool,
        /// Exit 1 when there are warnings, as for errors.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Convert question banks (GIFT, Aiken, Moodle XML, Markdown, CSV/TSV, Anki exports) into an exam file.
    Import(import::ImportArgs),
    /// Replay a journal and print what happened: score, time, incidents, pace.
    Review {
        /// The journal (default: the most recent sitting in the journal folder).
        #[arg(value_name = "JOURNAL")]
        file: Option<PathBuf>,
        #[command(flatten)]
        recent: Recent,
        /// One JSON object instead of text.
        #[arg(long)]
        json: bool,
        /// Also write the debrief as one self-contained HTML page (charts inline, no network).
        #[arg(long, value_name = "OUT.html")]
        html: Option<PathBuf>,
        /// Also write the timeline and pace charts as a PNG image.
        #[arg(long, value_name = "OUT.png")]
        png: Option<PathBuf>,
    },
    /// Every sitting side by side: score, time, focus, idle and stamina across attempts.
    History {
        /// Journals or folders of journals (default: the journal folder).
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Only this exam's sittings.
        #[arg(long, value_name = "ID")]
        exam: Option<String>,
        /// One JSON object instead of a table.
        #[arg(long)]
        json: bool,
        /// Also write score and stamina over attempts as a PNG image.
        #[arg(long, value_name = "OUT.png")]
        png: Option<PathBuf>,
        /// Also write a page with the table and the charts.
        #[arg(long, value_name = "OUT.html")]
        html: Option<PathBuf>,
        /// Instead of one row per sitting, one row per question of the exam (`--exam`): how often it was asked
        /// and missed, and how it went the last time.
        #[arg(long, requires = "exam")]
        questions: bool,
    },
    /// Check a journal: intact and finished, intact but unfinished (exit 0 for both), or tampered (exit 1).
    Verify {
        /// The journal (default: the most recent sitting in the journal folder).
        #[arg(value_name = "JOURNAL")]
        file: Option<PathBuf>,
        #[command(flatten)]
        recent: Recent,
    },
    /// List the exams bundled in this binary (run one with `examday run NAME`).
    Exams,
    /// Try the microphone: print what the proctor would hear (speech, loud sudden sounds, levels) as JSON lines.
    /// Nothing is recorded.
    Listen(listen::ListenArgs),
    /// Print a shell completion script: `examday completions bash > ~/.local/share/bash-completion/completions/examday`.
    Completions {
        #[arg(value_enum, value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Print a manual page (roff): `examday man > examday.1 && man ./examday.1`; `examday man review` the page
    /// of one command (examday-review(1)).
    Man {
        /// The command whose page to print (default: examday(1) itself).
        #[arg(value_name = "COMMAND")]
        command: Option<String>,
    },
}

/// Which sitting `review` and `verify` take when no journal is named.
#[derive(Debug, Clone, Args, Default)]
pub struct Recent {
    /// The N-th most recent sitting in the journal folder (1: the latest); check-ins left before the exam
    /// started are passed over.
    #[arg(long, value_name = "N", conflicts_with = "file")]
    last: Option<usize>,
    /// The journal folder (default: `$EXAMDAY_HOME/sessions`, else `~/.local/share/examday/sessions`).
    #[arg(long, value_name = "DIR", conflicts_with = "file")]
    journal_dir: Option<PathBuf>,
}

impl Recent {
    /// The named journal, or the `--last` N-th most recent one in the journal folder (said on stderr, so that
    /// `--json` output stays clean). Err: why there is none.
    fn pick(&self, file: Option<PathBuf>) -> std::result::Result<PathBuf, String> {
        if let Some(file) = file {
            return Ok(file);
        }
        let n = self.last.unwrap_or(1);
        if n == 0 {
            return Err("--last counts from 1 (the latest sitting)".to_string());
        }
        let Some(dir) = crate::app::paths::journal_dir(self.journal_dir.as_deref()) else {
            return Err("no home folder to find journals in; name a journal, or give --journal-dir".into());
        };
        let mut journals: Vec<PathBuf> = match std::fs::read_dir(&dir) {
            Ok(entries) => entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "jsonl") && p.is_file())
                .collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(format!("{}: cannot read the journal folder: {e}", dir.display())),
        };
        // Journal names start with the sitting's date and time: name order is time order.
        journals.sort();
        journals.reverse();
        // Leaving at the check-in leaves a journal too, but "my last sitting" is one whose exam started: those
        // are passed over (and said), unless the folder holds nothing else.
        let mut started = Vec::new();
        let mut passed_over = 0;
        for path in &journals {
            if started.len() == n {
                break;
            }
            if exam_started(path) {
                started.push(path.clone());
            } else {
                passed_over += 1;
            }
        }
        let (pool, passed_over) =
            if started.is_empty() { (journals.clone(), 0) } else { (started, passed_over) };
        match pool.get(n - 1) {
            Some(path) => {
                let which =
                    if n == 1 { "the most recent sitting".to_string() } else { format!("sitting {n} back") };
                let passed = match passed_over {
                    0 => String::new(),
                    1 => " (passing over a check-in left before its exam started)".to_string(),
                    k => format!(" (passing over {k} check-ins left before their exam started)"),
                };
                eprintln!("examday: {which}{passed}: {}", path.display());
                Ok(path.clone())
            }
            None if journals.is_empty() => Err(format!(
                "no sittings in {} yet: sit one with `examday run`, or name a journal",
                dir.display()
            )),
            None => Err(format!(
                "{} holds {} {}; --last {n} asks for more",
                dir.display(),
                pool.len(),
                if pool.len() == 1 { "sitting" } else { "sittings" }
            )),
        }
    }
}

/// Whether a journal's exam got past the check-in (an unreadable one counts as a sitting: review says why).
fn exam_started(path: &Path) -> bool {
    std::fs::read(path).map_or(true, |bytes| {
        Journal::read(&bytes).records.iter().any(|r| matches!(r.event, Event::ExamStarted { .. }))
    })
}

#[derive(Debug, Clone, Args, Default)]
pub struct RunArgs {
    /// The exam file (default: the bundled full mock).
    #[arg(value_name = "EXAM")]
    pub exam: Option<PathBuf>,
    /// Where to write the journal (default: $EXAMDAY_HOME/sessions, else ~/.local/share/examday/sessions).
    #[arg(long, value_name = "DIR")]
    pub journal_dir: Option<PathBuf>,
    /// How strict the proctor is.
    #[arg(long, value_name = "PRESET", default_value = "standard", value_parser = ["lenient", "standard", "strict"])]
    pub rules: String,
    /// Seconds without input before the idle warning (default 90).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(5..=3600))]
    pub idle_seconds: Option<u32>,
    /// Sit a shorter exam, to build stamina step by step (the journal says so).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1440))]
    pub minutes: Option<u32>,
    /// Skip the candidate's checklist (recorded in the journal).
    #[arg(long)]
    pub quick_start: bool,
    /// A normal window instead of fullscreen (development, small screens).
    #[arg(long)]
    pub windowed: bool,
    /// Do not confine the pointer to the window during the exam.
    #[arg(long)]
    pub free_pointer: bool,
    /// Seed for the question and option order (default: random).
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Sit N questions drawn from the exam, spread over its domains by their weights (default: the exam's
    /// `draw`, else all of them); the time allowed keeps the exam's time per question.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub questions: Option<u32>,
    /// Sit only this domain's questions (repeatable).
    #[arg(long = "domain", value_name = "NAME")]
    pub domains: Vec<String>,
    /// Retake the questions of this exam answered wrongly or left unanswered in earlier sittings (read from
    /// the journal folder), the most recent misses first.
    #[arg(long, conflicts_with_all = ["questions", "domains"])]
    pub missed: bool,
    /// No beeps.
    #[arg(long)]
    pub no_sound: bool,
    /// The camera that watches: auto (the first that opens; none is fine), off, a DEVICE (its number or part of
    /// its name), or frames:DIR[@FPS] (a folder of pictures played in name order, for demos and tests).
    #[arg(long, value_name = "auto|off|DEVICE|frames:DIR[@FPS]")]
    pub camera: Option<String>,
    /// The microphone that listens: auto (the default input, if one opens), off, or part of a device's name.
    #[arg(long, value_name = "auto|off|NAME")]
    pub microphone: Option<String>,
}

/// How a command ended, for `main` to turn into an exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    /// The command's own finding: `verify` found the chain broken, `check` found errors (or warnings, denied).
    Finding,
    /// Bad input: an exam with problems, an unreadable journal. The message is already printed.
    BadInput,
    /// The sitting was stopped from outside before its end (a signal, the window destroyed): this exit code.
    Stopped(u8),
}

pub fn run(cli: Cli) -> Result<Outcome> {
    // Before anything opens a sound device: examday, not alsa-lib, says what is wrong with sound.
    #[cfg(target_os = "linux")]
    crate::app::alsa::silence_errors();
    match cli.command {
        Some(Command::Check { files, json, deny_warnings }) => Ok(check::check(&files, json, deny_warnings)),
        Some(Command::Review { file, recent, json, html, png }) => match recent.pick(file) {
            Ok(file) => review(&file, json, html.as_deref(), png.as_deref()),
            Err(why) => {
                eprintln!("examday: error: {why}");
                Ok(Outcome::BadInput)
            }
        },
        Some(Command::History { paths, exam, json, png, html, questions }) => {
            history(&paths, exam.as_deref(), json, png.as_deref(), html.as_deref(), questions)
        }
        Some(Command::Verify { file, recent }) => match recent.pick(file) {
            Ok(file) => verify(&file),
            Err(why) => {
                eprintln!("examday: error: {why}");
                Ok(Outcome::BadInput)
            }
        },
        Some(Command::Import(args)) => Ok(import::run(args)),
        Some(Command::Exams) => Ok(exams()),
        Some(Command::Listen(args)) => listen::run(args),
        Some(Command::Completions { shell }) => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "examday", &mut std::io::stdout());
            Ok(Outcome::Ok)
        }
        Some(Command::Man { command }) => match manual::page(command.as_deref()) {
            Ok(page) => {
                print!("{page}");
                Ok(Outcome::Ok)
            }
            Err(why) => {
                eprintln!("examday: error: {why}");
                Ok(Outcome::BadInput)
            }
        },
        Some(Command::Run(args)) => sit(args),
        None => sit(cli.run),
    }
}

fn sit(args: RunArgs) -> Result<Outcome> {
    match crate::app::launch::sit(args) {
        Ok(ending) => {
            if let Some(error) = &ending.error {
                eprintln!("{}", clean(error));
            }
            if let Some(stopped) = &ending.stopped {
                let next = if stopped.resumable {
                    "the sitting is saved and `examday run` offers to resume it, its clock still running"
                } else {
                    "the exam's clock had not started, so there is nothing to resume"
                };
                eprintln!("examday: stopped by {}; {next}.", stopped.by);
            }
            if let Some(journal) = &ending.journal {
                eprintln!("examday: journal: {}", journal.display());
            }
            Ok(match (&ending.error, &ending.stopped) {
                (Some(_), _) => Outcome::BadInput,
                (None, Some(stopped)) => Outcome::Stopped(stopped.code),
                (None, None) => Outcome::Ok,
            })
        }
        Err(e) => {
            eprintln!("{}", clean(&e.to_string()));
            Ok(Outcome::BadInput)
        }
    }
}

fn exams() -> Outcome {
    use crate::app::bundled;
    let mut outcome = Outcome::Ok;
    for b in bundled::EXAMS {
        match bundled::open(b) {
            Ok(exam) => {
                let p = &exam.paper;
                let default =
                    if b.name == bundled::DEFAULT { "  (the default: `examday` runs it)" } else { "" };
                println!(
                    "{:<18} {} · {} questions · {} minutes{default}",
                    b.name,
                    p.title(),
                    p.questions().len(),
                    p.duration_minutes()
                );
            }
            Err(e) => {
                eprintln!("{e}");
                outcome = Outcome::BadInput;
            }
        }
    }
    outcome
}

fn read_journal(file: &Path) -> Result<Journal, String> {
    std::fs::read(file)
        .map(|bytes| Journal::read(&bytes))
        .map_err(|e| format!("{}: error: cannot read the journal: {e}", file.display()))
}

fn verify(file: &Path) -> Result<Outcome> {
    let journal = match read_journal(file) {
        Ok(j) => j,
        Err(message) => {
            eprintln!("{message}");
            return Ok(Outcome::BadInput);
        }
    };
    let index =
        crate::app::journals::FinishedIndex::read(crate::app::journals::FinishedIndex::path().as_deref());
    let outcome = match (&journal.integrity, index.completion(&journal)) {
        (Integrity::Tampered(b), _) => {
            println!("tampered: {}", clean(&b.to_string()));
            Outcome::Finding
        }
        (Integrity::Intact { .. }, Completion::CutShort { scored_seq, scored_hash, last_seq }) => {
            println!(
                "tampered: record {} (line {}): the sitting was scored (record {scored_seq}, digest {scored_hash}) \
                 but the journal ends at record {last_seq}: its last records were removed",
                last_seq + 1,
                last_seq + 1
            );
            Outcome::Finding
        }
        (Integrity::Intact { digest }, Completion::Finished) => {
            println!("intact, finished: {} records, digest {digest}", journal.records.len());
            Outcome::Ok
        }
        (Integrity::Intact { digest }, Completion::Unfinished) => {
            let next = if journal.records.iter().any(|r| matches!(r.event, Event::ExamStarted { .. })) {
                "`examday run` of its exam offers to resume it"
            } else {
                "its exam never started (the check-in was left), so there is nothing to resume"
            };
            println!("intact, unfinished: {} records so far, digest {digest}; {next}", journal.records.len());
            Outcome::Ok
        }
    };
    if let Some((line, bytes)) = journal.truncated
        && outcome == Outcome::Ok
    {
        println!(
            "note: the last line (line {line}, {bytes} bytes) was cut short by a crash mid-write and is ignored"
        );
    }
    Ok(outcome)
}

fn review(file: &Path, json: bool, html: Option<&Path>, png: Option<&Path>) -> Result<Outcome> {
    let journal = match read_journal(file) {
        Ok(j) => j,
        Err(message) => {
            eprintln!("{message}");
            return Ok(Outcome::BadInput);
        }
    };
    let report = match Report::from_journal(&journal) {
        Ok(report) => report,
        Err(e) => {
            eprintln!("{}: error: {}", file.display(), clean(&e.to_string()));
            return Ok(Outcome::BadInput);
        }
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", clean(&text::render(&report)));
    }
    let mut outcome = Outcome::Ok;
    if let Some(out) = html
        && !write_out(out, crate::review::html::render(&report).as_bytes())
    {
        outcome = Outcome::BadInput;
    }
    if let Some(out) = png
        && !save_png(out, &crate::app::draw::plot::report_png(&report))
    {
        outcome = Outcome::BadInput;
    }
    Ok(outcome)
}

fn history(
    paths: &[PathBuf],
    exam: Option<&str>,
    json: bool,
    png: Option<&Path>,
    html: Option<&Path>,
    questions: bool,
) -> Result<Outcome> {
    let paths = if paths.is_empty() {
        match crate::app::paths::journal_dir(None) {
            Some(dir) if dir.is_dir() => vec![dir],
            Some(dir) => {
                eprintln!(
                    "examday: no journals yet: {} does not exist (sit an exam, or name journals or folders)",
                    dir.display()
                );
                return Ok(Outcome::BadInput);
            }
            None => {
                eprintln!("examday: error: no home folder to find journals in; name journals or folders");
                return Ok(Outcome::BadInput);
            }
        }
    } else {
        paths.to_vec()
    };
    let files = match crate::app::journals::collect(&paths) {
        Ok(files) => files,
        Err(message) => {
            eprintln!("{message}");
            return Ok(Outcome::BadInput);
        }
    };
    let loaded = crate::app::journals::load_all(&files);
    if questions {
        let exam = exam.unwrap_or_default();
        let mut sittings: Vec<(&str, &Report)> = Vec::new();
        for (name, report) in &loaded {
            match report {
                Ok(r) if r.exam_id != exam => {}
                Ok(r) if r.tampered.is_some() => {
                    eprintln!("examday: warning: {}: tampered, so it is left out", clean(name));
                }
                Ok(r) => sittings.push((name.as_str(), r)),
                Err(e) => eprintln!("examday: warning: {}: {}", clean(name), clean(e)),
            }
        }
        let records = crate::review::questions::question_records(&sittings);
        if json {
            println!(
                "{}",
                serde_json::to_string_pretty(&serde_json::json!({ "exam": exam, "questions": records }))?
            );
        } else {
            print!("{}", clean(&crate::review::questions::text(exam, &records)));
        }
        return Ok(Outcome::Ok);
    }
    let history = crate::review::history::History::new(loaded, exam);
    if json {
        println!("{}", serde_json::to_string_pretty(&history)?);
    } else {
        print!("{}", clean(&history.text()));
    }
    let mut outcome = Outcome::Ok;
    if let Some(out) = html
        && !write_out(out, history.html().as_bytes())
    {
        outcome = Outcome::BadInput;
    }
    if let Some(out) = png
        && !save_png(out, &crate::app::draw::plot::history_png(&history))
    {
        outcome = Outcome::BadInput;
    }
    Ok(outcome)
}

/// Writes a file, or says plainly why not.
fn write_out(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::write(path, bytes) {
        Ok(()) => {
            eprintln!("examday: wrote {}", path.display());
            true
        }
        Err(e) => {
            eprintln!("{}: error: cannot write it: {e}", path.display());
            false
        }
    }
}

fn save_png(path: &Path, img: &image::RgbaImage) -> bool {
    let mut bytes = Vec::new();
    match img.write_to(&mut std::io::Cursor::new(&mut bytes), image::ImageFormat::Png) {
        Ok(()) => write_out(path, &bytes),
        Err(e) => {
            eprintln!("{}: error: cannot encode the image: {e}", path.display());
            false
        }
    }
}
