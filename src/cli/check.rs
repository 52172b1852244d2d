//! `examday check`: every exam file read and validated, then linted together (so near-duplicate questions are
//! found across files), printed compiler style with a summary and the answer-cue figures of each exam, or as one
//! JSON object for tools.

use std::path::PathBuf;

use serde::Serialize;

use super::Outcome;
use super::term::clean;
use crate::app::exam_file::{self, LoadedExam, OpenError};
use crate::exam::{
    ABSOLUTE_WORDS, CHANCE_MARGIN, Cues, Findings, Lint, Paper, Sheet, Warning, choose_words, lint_with_fonts,
};

/// How `check` ends: errors (or warnings, when denied) are findings; an unreadable file is bad input.
pub fn check(files: &[PathBuf], json: bool, deny_warnings: bool) -> Outcome {
    let opened: Vec<(String, Result<LoadedExam, OpenError>)> =
        files.iter().map(|f| (f.display().to_string(), exam_file::open(f))).collect();
    let good: Vec<&LoadedExam> = opened.iter().filter_map(|(_, r)| r.as_ref().ok()).collect();
    let sheets: Vec<Sheet<'_>> =
        good.iter().map(|e| Sheet { file: &e.source, paper: &e.paper, places: &e.places }).collect();
    // The fonts the window would draw with: a question in a script none of them has is worth a warning.
    let mut fonts = crate::app::draw::Text::new();
    let mut found = lint_with_fonts(&sheets, &mut fonts);
    for (exam, findings) in good.iter().zip(found.sheets.iter_mut()) {
        at_bank_lines(exam, &mut findings.warnings);
    }

    let unreadable = opened.iter().any(|(_, r)| matches!(r, Err(OpenError::Io { .. })));
    // A bank question left out is an error in the bank, as `import` says too.
    let left_out = good.iter().any(|e| e.imported.as_ref().is_some_and(|s| !s.problems.is_empty()));
    let invalid =
        left_out || opened.iter().any(|(_, r)| matches!(r, Err(OpenError::Invalid(_) | OpenError::Bank(_))));
    if json {
        print_json(&opened, &found);
    } else {
        print_text(&opened, &found);
    }
    if unreadable {
        Outcome::BadInput
    } else if invalid || (deny_warnings && found.warning_count() > 0) {
        Outcome::Finding
    } else {
        Outcome::Ok
    }
}

/// A bank of several files was linted as one exam: each warning about a question goes to that question's own
/// file and line.
fn at_bank_lines(exam: &LoadedExam, warnings: &mut [Warning]) {
    if exam.origins.is_empty() || exam.origins.iter().all(|(f, _)| *f == exam.origins[0].0) {
        return;
    }
    for w in warnings {
        let Some(id) = &w.question else { continue };
        let Some(i) = exam.paper.questions().iter().position(|q| q.id() == id) else { continue };
        if let Some((file, line)) = exam.origins.get(i) {
            w.file.clone_from(file);
            w.line = *line;
            w.col = 1;
        }
    }
}

fn print_text(opened: &[(String, Result<LoadedExam, OpenError>)], found: &Lint) {
    let mut findings = found.sheets.iter();
    for (i, (file, result)) in opened.iter().enumerate() {
        if i > 0 {
            println!();
        }
        match result {
            Ok(exam) => {
                let Some(Findings { cues, warnings }) = findings.next() else { continue };
                if let Some(imported) = &exam.imported {
                    for line in imported_notes(imported) {
                        eprintln!("{}", clean(&line));
                    }
                }
                for w in warnings {
                    eprintln!("{}", clean(&w.to_string()));
                }
                print!("{}", clean(&summary(&exam.source, &exam.paper, warnings.len())));
                print!("{}", cue_block(cues));
            }
            Err(OpenError::Invalid(e)) => {
                let n = e.problems.len();
                eprintln!("{}", clean(&e.to_string()));
                eprintln!("{}: {n} {}", clean(file), if n == 1 { "problem" } else { "problems" });
            }
            Err(e) => eprintln!("{}", clean(&e.to_string())),
        }
    }
}

/// For a question bank checked directly: what its import skipped, left out and changed, each at its line.
fn imported_notes(s: &crate::import::Summary) -> Vec<String> {
    let mut lines = Vec::new();
    for p in &s.problems {
        lines.push(format!("{}:{}: error: left out of the exam: {}", p.file, p.item.line, p.item.message));
    }
    for k in &s.skipped {
        lines.push(format!(
            "{}:{}: note: skipped ({}, which examday cannot sit): {}",
            k.file, k.item.line, k.item.kind, k.item.excerpt
        ));
    }
    for n in &s.notes {
        lines.push(format!("{}:{}: note: {}", n.file, n.item.line, n.item.message));
    }
    lines
}

/// What `check` prints for a valid exam: what is in it.
pub fn summary(source: &str, paper: &Paper, warnings: usize) -> String {
    let questions = paper.questions();
    let multiple = questions.iter().filter(|q| q.is_multiple_select()).count();
    let verdict = match warnings {
        0 => "ok".to_string(),
        1 => "ok, 1 warning".to_string(),
        n => format!("ok, {n} warnings"),
    };
    let mut out = format!("{source}: {verdict}\n");
    out += &format!("  {} ({})\n", paper.title(), paper.id());
    out += &format!(
        "  {} minutes, pass mark {}%, {} {}: {} single-select, {} multiple-select\n",
        paper.duration_minutes(),
        paper.pass_percent(),
        questions.len(),
        if questions.len() == 1 { "question" } else { "questions" },
        questions.len() - multiple,
        multiple
    );
    let mut kinds: Vec<usize> = questions.iter().map(|q| q.choose()).filter(|&n| n > 1).collect();
    kinds.sort_unstable();
    kinds.dedup();
    if !kinds.is_empty() {
        let words: Vec<String> = kinds
            .iter()
            .map(|&n| {
                format!("{} x{}", choose_words(n), questions.iter().filter(|q| q.choose() == n).count())
            })
            .collect();
        out += &format!("  multiple-select: {}\n", words.join(", "));
    }
    let width = paper.domains().iter().map(|d| d.name().chars().count()).max().unwrap_or(0);
    for d in paper.domains() {
        let n = questions.iter().filter(|q| q.domain() == d.name()).count();
        let share = n as f64 * 100.0 / questions.len() as f64;
        let weight = d.weight().map(|w| format!("  (weight {w})")).unwrap_or_default();
        out += &format!("  {:<width$}  {n:>3}  {share:>3.0}%{weight}\n", d.name());
    }
    let tags = paper.tags();
    if !tags.is_empty() {
        out += &format!("  tags: {}\n", tags.join(", "));
    }
    if !paper.time_warnings().is_empty() {
        let w: Vec<String> = paper.time_warnings().iter().map(|m| m.to_string()).collect();
        out += &format!("  time warnings at {} minutes left\n", w.join(", "));
    }
    out
}

fn pct(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// The answer-cue figures: what each test-wise trick would score on this exam.
pub fn cue_block(c: &Cues) -> String {
    let n = c.questions;
    let mut out = format!(
        "  answer cues: a blind pick is right {}; a trick beating that by more than {} points is a warning\n",
        pct(c.chance),
        (CHANCE_MARGIN * 100.0).round()
    );
    let share = |k: usize| pct(k as f64 / n.max(1) as f64);
    out += &format!(
        "    the longest option is right    {} of {n} ({})   right/wrong length {:.2} (median)\n",
        c.key_longest,
        share(c.key_longest),
        c.length_ratio_median
    );
    out += &format!(
        "    the shortest option is right   {} of {n} ({})\n",
        c.key_shortest,
        share(c.key_shortest)
    );
    out += &format!(
        "    most words shared with stem    {}   fewest: {}\n",
        pct(c.overlap_score),
        pct(c.underlap_score)
    );
    let spread: Vec<String> = c
        .positions
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{} {}", char::from(b'A' + i as u8), p.observed))
        .collect();
    out += &format!(
        "    right options by position      {} (chi-squared p = {:.2}; {})\n",
        spread.join(" · "),
        c.positions_p,
        if c.shuffle_options { "shuffled for each sitting" } else { "shown in this order" }
    );
    let a = c.absolute;
    out += &format!(
        "    {:<30} right {} of {} ({}) · wrong {} of {} ({})\n",
        ABSOLUTE_WORDS.join("/"),
        a.keys_using,
        a.keys,
        pct(a.key_rate()),
        a.distractors_using,
        a.distractors,
        pct(a.distractor_rate())
    );
    out
}

#[derive(Serialize)]
struct JsonReport<'a> {
    files: Vec<JsonFile<'a>>,
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    file: &'a str,
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    exam: Option<JsonExam<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cues: Option<&'a Cues>,
    errors: Vec<JsonError>,
    warnings: Vec<&'a Warning>,
}

#[derive(Serialize)]
struct JsonExam<'a> {
    id: &'a str,
    title: &'a str,
    duration_minutes: u32,
    pass_percent: f64,
    questions: usize,
    multiple_select: usize,
    domains: Vec<JsonDomain<'a>>,
    tags: Vec<&'a str>,
}

#[derive(Serialize)]
struct JsonDomain<'a> {
    name: &'a str,
    questions: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    weight: Option<f64>,
}

#[derive(Serialize)]
struct JsonError {
    line: usize,
    col: usize,
    message: String,
}

fn print_json(opened: &[(String, Result<LoadedExam, OpenError>)], found: &Lint) {
    let mut findings = found.sheets.iter();
    let mut files = Vec::new();
    for (file, result) in opened {
        files.push(match result {
            Ok(exam) => {
                let Some(Findings { cues, warnings }) = findings.next() else { continue };
                let p = &exam.paper;
                // A bank's questions left out are its errors (with the file when the bank is several).
                let left_out: Vec<JsonError> = exam
                    .imported
                    .iter()
                    .flat_map(|s| s.problems.iter())
                    .map(|p| JsonError {
                        line: p.item.line,
                        col: 0,
                        message: if p.file == exam.source {
                            format!("left out of the exam: {}", p.item.message)
                        } else {
                            format!("{}:{}: left out of the exam: {}", p.file, p.item.line, p.item.message)
                        },
                    })
                    .collect();
                JsonFile {
                    file: &exam.source,
                    ok: left_out.is_empty(),
                    exam: Some(JsonExam {
                        id: p.id(),
                        title: p.title(),
                        duration_minutes: p.duration_minutes(),
                        pass_percent: p.pass_percent(),
                        questions: p.questions().len(),
                        multiple_select: p.questions().iter().filter(|q| q.is_multiple_select()).count(),
                        domains: p
                            .domains()
                            .iter()
                            .map(|d| JsonDomain {
                                name: d.name(),
                                questions: p.questions().iter().filter(|q| q.domain() == d.name()).count(),
                                weight: d.weight(),
                            })
                            .collect(),
                        tags: p.tags(),
                    }),
                    cues: Some(cues),
                    errors: left_out,
                    warnings: warnings.iter().collect(),
                }
            }
            Err(e) => JsonFile {
                file,
                ok: false,
                exam: None,
                cues: None,
                errors: match e {
                    OpenError::Invalid(e) => e
                        .problems
                        .iter()
                        .map(|(line, col, message)| JsonError {
                            line: *line,
                            col: *col,
                            message: message.clone(),
                        })
                        .collect(),
                    other => vec![JsonError { line: 0, col: 0, message: other.to_string() }],
                },
                warnings: Vec::new(),
            },
        });
    }
    let report = JsonReport {
        errors: files.iter().map(|f| f.errors.len()).sum(),
        warnings: found.warning_count(),
        files,
    };
    match serde_json::to_string_pretty(&report) {
        Ok(text) => println!("{text}"),
        Err(e) => eprintln!("examday: error: cannot write the JSON report: {e}"),
    }
}
