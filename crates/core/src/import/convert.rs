//! Imported questions as an exam file: readable TOML that `examday check` accepts, with stable question ids, the
//! domains in the order the source gives them, and a summary of what came in and what did not.
//!
//! Each question is held to the exam format's rules here, against its source line (2 to 8 options, a right one
//! and a wrong one, no empty option, a "Choose two" stem that agrees with its key), so that the file written
//! never fails `check` on a line the user cannot find in their bank.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write;

use sha2::{Digest, Sha256};

use super::source::Format;
use super::types::{ImageRef, Imported, ImportedQuestion, Problem, Skipped};

/// The time a question gets when the exam's time is not given: the real exam's two minutes.
pub const MINUTES_PER_QUESTION: u32 = 2;
/// Banks larger than this draw this many questions per sitting unless told otherwise: a full exam's worth.
pub const DEFAULT_DRAW: usize = 60;
/// The domain of questions whose source names none.
pub const DEFAULT_DOMAIN: &str = "General";
const MAX_MINUTES: u32 = 24 * 60;

/// One source file's questions.
#[derive(Clone, Debug)]
pub struct Source {
    /// The file as the user named it (for messages and the file's header).
    pub file: String,
    pub format: Format,
    pub imported: Imported,
}

/// What the user asked of the exam (`examday import` options); None: the defaults.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    pub id: Option<String>,
    pub title: Option<String>,
    pub minutes: Option<u32>,
    pub pass_percent: Option<f64>,
    /// Questions per sitting (`Some(0)`: all of them, whatever the bank's size).
    pub draw: Option<usize>,
    /// The folder images are written to, relative to the exam file (`"NAME-images"`).
    pub image_folder: String,
    /// The name the exam's id and title fall back to (the output file's stem).
    pub fallback_name: String,
}

/// Something to tell the user about one place in a source file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located<T> {
    pub file: String,
    pub item: T,
}

/// What came in and what did not.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    pub id: String,
    pub title: String,
    /// Per file: name, format, questions imported.
    pub files: Vec<(String, Format, usize)>,
    pub questions: usize,
    pub multi_select: usize,
    pub true_false: usize,
    /// Domains in order, with their question counts.
    pub domains: Vec<(String, usize)>,
    pub skipped: Vec<Located<Skipped>>,
    /// Questions left out because something in them is wrong.
    pub problems: Vec<Located<Problem>>,
    /// Things done to questions that were still imported (an image left out, ids made unique...).
    pub notes: Vec<Located<Problem>>,
    pub minutes: u32,
    pub pass_percent: f64,
    pub draw: Option<usize>,
    /// True when some question refers to other options by place ("All of the above"), so options keep their
    /// order.
    pub options_in_order: bool,
}

impl Summary {
    /// The skipped questions counted by kind, most common first.
    pub fn skipped_by_kind(&self) -> Vec<(String, usize)> {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for s in &self.skipped {
            *counts.entry(s.item.kind.as_str()).or_insert(0) += 1;
        }
        let mut list: Vec<(String, usize)> = counts.into_iter().map(|(k, n)| (k.to_string(), n)).collect();
        list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        list
    }
}

/// The exam file and the images it names.
#[derive(Clone, Debug)]
pub struct Conversion {
    pub toml: String,
    /// Paths relative to the exam file, and their bytes.
    pub images: Vec<(String, Vec<u8>)>,
    /// Where each question of the exam came from (file, line), in the exam's order.
    pub origins: Vec<(String, usize)>,
    pub summary: Summary,
}

/// Why nothing could be made of the sources.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ConvertError {
    /// Not one question could be taken; the summary lists what was skipped and left out, and why.
    #[error("no question could be imported{why}")]
    Empty { why: String, summary: Box<Summary> },
    #[error("{0}")]
    Settings(String),
}

/// The exam file for `sources`. Images must be [`ImageRef::Embedded`] by now (the shell reads the files that
/// sources name, and leaves out, with a note, the ones it cannot); a [`ImageRef::Path`] left is dropped with a note.
pub fn convert(sources: Vec<Source>, settings: &Settings) -> Result<Conversion, ConvertError> {
    let mut summary = Summary::default();
    let mut kept: Vec<(String, ImportedQuestion)> = Vec::new();
    // A title a file gives itself names the exam only when it is the one file.
    let single = sources.len() == 1;
    let mut source_title = None;
    for source in sources {
        let file = source.file;
        let Imported { title, questions, skipped, problems } = source.imported;
        if single {
            source_title = title;
        }
        let mut count = 0;
        for mut q in questions {
            match fit(&mut q) {
                Ok(()) => {
                    kept.push((file.clone(), q));
                    count += 1;
                }
                Err(message) => summary
                    .problems
                    .push(Located { file: file.clone(), item: Problem { line: q.line, message } }),
            }
        }
        summary.skipped.extend(skipped.into_iter().map(|item| Located { file: file.clone(), item }));
        summary.problems.extend(problems.into_iter().map(|item| Located { file: file.clone(), item }));
        summary.files.push((file, source.format, count));
    }
    // In the files' order, then by line.
    let order = |file: &str| summary.files.iter().position(|(f, _, _)| f == file).unwrap_or(usize::MAX);
    let mut problems = std::mem::take(&mut summary.problems);
    problems.sort_by_key(|p| (order(&p.file), p.item.line));
    summary.problems = problems;
    if kept.is_empty() {
        let why = match (summary.skipped.len(), summary.problems.len()) {
            (0, 0) => ": the files hold no questions examday recognises".to_string(),
            (s, p) => format!(" ({s} skipped as kinds examday cannot sit, {p} with problems)"),
        };
        return Err(ConvertError::Empty { why, summary: Box::new(summary) });
    }

    let total = kept.len();
    let draw = match settings.draw {
        Some(0) => None,
        Some(n) if n > total => {
            return Err(ConvertError::Settings(format!(
                "cannot draw {n} questions per sitting from {total}"
            )));
        }
        Some(n) if n == total => None,
        Some(n) => Some(n),
        None if total > DEFAULT_DRAW => Some(DEFAULT_DRAW),
        None => None,
    };
    let per_sitting = draw.unwrap_or(total) as u32;
    let minutes =
        settings.minutes.unwrap_or(per_sitting.saturating_mul(MINUTES_PER_QUESTION)).clamp(1, MAX_MINUTES);
    let pass_percent = settings.pass_percent.unwrap_or(70.0);
    if !(0.0..=100.0).contains(&pass_percent) {
        return Err(ConvertError::Settings(format!(
            "the pass mark must be 0 to 100 percent, got {pass_percent}"
        )));
    }
    let title = settings
        .title
        .clone()
        .or(source_title)
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| settings.fallback_name.clone());
    let id = match &settings.id {
        Some(id) => id.clone(),
        None => Some(slug(&settings.fallback_name, 60))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| slug(&title, 60)),
    };
    let id = if id.is_empty() { "imported".to_string() } else { id };

    // Ids: the source's name or number, else the text's fingerprint; made unique in file order.
    // Every id a question names for itself is reserved first, so that a repeat's "-2" never takes the id
    // another question gave itself; each repeat is noted.
    let bases: Vec<String> = kept.iter().map(|(file, q)| question_id(file, q)).collect();
    let mut used: HashSet<String> = bases.iter().cloned().collect();
    let mut first_at: HashMap<&str, (&str, usize)> = HashMap::new();
    let mut ids: Vec<String> = Vec::with_capacity(total);
    for ((file, q), base) in kept.iter().zip(&bases) {
        let Some(&(other_file, other_line)) = first_at.get(base.as_str()) else {
            first_at.insert(base, (file, q.line));
            ids.push(base.clone());
            continue;
        };
        let mut n = 2;
        let id = loop {
            let candidate = format!("{base}-{n}");
            if used.insert(candidate.clone()) {
                break candidate;
            }
            n += 1;
        };
        let there = if other_file == file {
            format!("line {other_line}")
        } else {
            format!("{other_file}:{other_line}")
        };
        summary.notes.push(Located {
            file: file.clone(),
            item: Problem {
                line: q.line,
                message: format!("the id {base} is the question's at {there} too; this one is {id}"),
            },
        });
        ids.push(id);
    }

    let mut domains: Vec<(String, usize)> = Vec::new();
    for (_, q) in &kept {
        let name =
            q.domain.clone().filter(|d| !d.trim().is_empty()).unwrap_or_else(|| DEFAULT_DOMAIN.to_string());
        match domains.iter_mut().find(|(d, _)| *d == name) {
            Some((_, n)) => *n += 1,
            None => domains.push((name, 1)),
        }
    }

    // Images: one file each under the image folder, named after the question.
    let mut images: Vec<(String, Vec<u8>)> = Vec::new();
    let mut image_of: HashMap<usize, String> = HashMap::new();
    let mut by_content: HashMap<Vec<u8>, String> = HashMap::new();
    for (i, (file, q)) in kept.iter_mut().enumerate() {
        match q.image.take() {
            Some(ImageRef::Embedded { name, bytes }) => {
                if let Some(path) = by_content.get(&bytes) {
                    image_of.insert(i, path.clone());
                    continue;
                }
                let ext = extension(&name, &bytes);
                let path = format!("{}/{}.{ext}", settings.image_folder, ids[i]);
                by_content.insert(bytes.clone(), path.clone());
                images.push((path.clone(), bytes));
                image_of.insert(i, path);
            }
            Some(ImageRef::Path(path)) => summary.notes.push(Located {
                file: file.clone(),
                item: Problem {
                    line: q.line,
                    message: format!("the image {path} was not read; imported without it"),
                },
            }),
            None => {}
        }
    }

    summary.options_in_order = kept.iter().any(|(_, q)| refers_by_place(q));
    summary.id = id.clone();
    summary.title = title.clone();
    summary.questions = total;
    summary.multi_select =
        kept.iter().filter(|(_, q)| q.options.iter().filter(|o| o.correct).count() > 1).count();
    summary.true_false = kept.iter().filter(|(_, q)| is_true_false(q)).count();
    summary.domains = domains.clone();
    summary.minutes = minutes;
    summary.pass_percent = pass_percent;
    summary.draw = draw;

    let mut t = String::with_capacity(total * 600);
    let files: Vec<String> =
        summary.files.iter().map(|(f, fmt, _)| format!("{f} ({})", fmt.describe())).collect();
    let _ = writeln!(t, "# Imported by examday from {}.", files.join(", "));
    let _ = writeln!(
        t,
        "# Each question names the line it came from. `examday check` this file after editing it."
    );
    let _ = writeln!(t);
    let _ = writeln!(t, "[exam]");
    let _ = writeln!(t, "id = {}", basic(&id));
    let _ = writeln!(t, "title = {}", basic(&title));
    let _ = writeln!(t, "duration_minutes = {minutes}");
    let _ = writeln!(t, "pass_percent = {}", number(pass_percent));
    if let Some(n) = draw {
        let _ = writeln!(
            t,
            "# Each sitting draws {n} of the {total} questions, spread over the domains by their sizes."
        );
        let _ = writeln!(t, "draw = {n}");
    }
    if summary.options_in_order {
        let _ = writeln!(
            t,
            "# Some options refer to others by place (\"All of the above\"): options keep their order."
        );
        let _ = writeln!(t, "shuffle_options = false");
    }
    let _ = writeln!(t, "domains = [");
    for (name, _) in &domains {
        let _ = writeln!(t, "  {{ name = {} }},", basic(name));
    }
    let _ = writeln!(t, "]");
    for (i, (file, q)) in kept.iter().enumerate() {
        let _ = writeln!(t);
        let _ = writeln!(t, "# {}:{}", comment(file), q.line);
        let _ = writeln!(t, "[[questions]]");
        let _ = writeln!(t, "id = {}", basic(&ids[i]));
        let domain = q.domain.as_deref().filter(|d| !d.trim().is_empty()).unwrap_or(DEFAULT_DOMAIN);
        let _ = writeln!(t, "domain = {}", basic(domain));
        let tags: Vec<String> = unique(&q.tags).iter().map(|s| basic(s)).collect();
        if !tags.is_empty() {
            let _ = writeln!(t, "tags = [{}]", tags.join(", "));
        }
        let _ = writeln!(t, "stem = {}", text(&q.stem));
        if let Some(path) = image_of.get(&i) {
            let _ = writeln!(t, "image = {}", basic(path));
        }
        if let Some(e) = q.explanation.as_deref().filter(|e| !e.trim().is_empty()) {
            let _ = writeln!(t, "explanation = {}", text(e));
        }
        for o in &q.options {
            let _ = writeln!(t);
            let _ = writeln!(t, "[[questions.options]]");
            let _ = writeln!(t, "text = {}", text(&o.text));
            if o.correct {
                let _ = writeln!(t, "correct = true");
            }
            if let Some(why) = o.why.as_deref().filter(|w| !w.trim().is_empty()) {
                let _ = writeln!(t, "why = {}", text(why));
            }
        }
    }
    let origins = kept.iter().map(|(file, q)| (file.clone(), q.line)).collect();
    Ok(Conversion { toml: t, images, origins, summary })
}

/// Holds a question to the exam format's rules, tidying what can be tidied; Err says what is wrong.
fn fit(q: &mut ImportedQuestion) -> Result<(), String> {
    q.stem = q.stem.trim().to_string();
    for o in &mut q.options {
        o.text = o.text.trim().to_string();
    }
    if q.stem.is_empty() {
        return Err("the question has no text".to_string());
    }
    let n = q.options.len();
    if n < 2 {
        return Err(format!(
            "the question has {n} option{}; examday needs 2 to 8",
            if n == 1 { "" } else { "s" }
        ));
    }
    if n > 8 {
        return Err(format!("the question has {n} options; examday shows at most 8"));
    }
    if let Some(i) = q.options.iter().position(|o| o.text.is_empty()) {
        return Err(format!("option {} has no text", letter(i)));
    }
    let right = q.options.iter().filter(|o| o.correct).count();
    if right == 0 {
        return Err("no option is marked as the answer".to_string());
    }
    if right == n {
        return Err(format!("all {n} options are marked right: at least one must be wrong"));
    }
    if let Some(asked) = asked_count(&q.stem)
        && asked != right
    {
        return Err(format!(
            "the question asks to choose {} but {right} option{} marked right",
            number_word(asked),
            if right == 1 { " is" } else { "s are" }
        ));
    }
    Ok(())
}

/// "(Choose two.)", "Select TWO.", "Pick 3 answers": how many answers the stem asks for, if it says so as an
/// instruction: in parentheses, at the end of the stem, or followed by "answers"/"options". "The team must choose
/// two regions" in a scenario is not one.
pub fn asked_count(stem: &str) -> Option<usize> {
    let lower = stem.to_lowercase();
    // Words with their byte ranges.
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in lower.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push((s, lower.len()));
    }
    let word = |k: usize| words.get(k).map(|&(a, b)| &lower[a..b]);
    for k in 0..words.len() {
        if !matches!(word(k), Some("choose" | "select" | "pick")) {
            continue;
        }
        let n = match word(k + 1) {
            Some("two" | "2") => 2,
            Some("three" | "3") => 3,
            Some("four" | "4") => 4,
            Some("five" | "5") => 5,
            _ => continue,
        };
        let before = lower[..words[k].0].trim_end();
        let after = lower[words[k + 1].1..].trim_start();
        let in_parentheses = before.ends_with('(') || before.ends_with('[');
        let at_end = after.trim_matches(|c: char| !c.is_alphanumeric()).is_empty()
            || matches!(
                word(k + 2),
                Some("answers" | "options" | "responses" | "correct" | "that" | "which")
            ) && lower[words[k + 1].1..]
                .find(['.', '?', ')'])
                .is_none_or(|e| words.get(k + 3).is_none_or(|w| w.0 > words[k + 1].1 + e));
        if in_parentheses || at_end {
            return Some(n);
        }
    }
    None
}

fn number_word(n: usize) -> &'static str {
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight"]
        .get(n)
        .copied()
        .unwrap_or("several")
}

fn letter(i: usize) -> char {
    char::from(b'A' + (i as u8).min(25))
}

fn is_true_false(q: &ImportedQuestion) -> bool {
    q.options.len() == 2
        && q.options[0].text.eq_ignore_ascii_case("true")
        && q.options[1].text.eq_ignore_ascii_case("false")
}

/// An option that means something only in its place: "All of the above", "None of the above", "Both A and B".
fn refers_by_place(q: &ImportedQuestion) -> bool {
    q.options.iter().any(|o| {
        let t = o.text.to_lowercase();
        t.contains("of the above")
            || t.contains("of the below")
            || t.contains("above answers")
            || t.contains("options above")
            || (t.starts_with("both ") && t.split_whitespace().count() <= 4 && t.contains(" and "))
            || t.split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() == 1).count() >= 2
                && (t.starts_with("a and") || t.starts_with("answers ") || t.starts_with("options "))
    })
}

/// The question's id: its source name as a slug (a bare number is prefixed with the file's name, so that
/// question 12 of two files stay apart), else `q-` and the start of the text's SHA-256.
fn question_id(file: &str, q: &ImportedQuestion) -> String {
    if let Some(name) = q.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        let s = slug(name, 48);
        if !s.is_empty() {
            if s.chars().all(|c| c.is_ascii_digit()) {
                let stem = file.rsplit(['/', '\\']).next().unwrap_or(file);
                let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
                let prefix = slug(stem, 40);
                return if prefix.is_empty() { format!("q{s}") } else { format!("{prefix}-q{s}") };
            }
            return s;
        }
    }
    let digest = Sha256::digest(q.stem.as_bytes());
    let hex: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    format!("q-{hex}")
}

/// Lower-case ASCII letters and digits joined by single hyphens, at most `max` characters.
pub fn slug(text: &str, max: usize) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= max {
            break;
        }
    }
    out.trim_end_matches('-').to_string()
}

fn unique(tags: &[String]) -> Vec<&str> {
    let mut seen = HashSet::new();
    tags.iter().map(|t| t.trim()).filter(|t| !t.is_empty() && seen.insert(*t)).collect()
}

fn extension(name: &str, bytes: &[u8]) -> &'static str {
    if bytes.starts_with(b"\x89PNG") {
        "png"
    } else if bytes.starts_with(&[0xFF, 0xD8]) {
        "jpg"
    } else if name.to_ascii_lowercase().ends_with(".png") {
        "png"
    } else {
        "jpg"
    }
}

fn number(x: f64) -> String {
    if x.fract() == 0.0 { format!("{}", x as i64) } else { format!("{x}") }
}

/// A file name in a `#` comment: one line.
fn comment(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// A TOML basic string on one line.
fn basic(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A text: a basic string when it is one short line, else a multi-line string that reads as the text does.
fn text(s: &str) -> String {
    if !s.contains('\n') && s.chars().count() <= 80 {
        return basic(s);
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    out.push_str("\"\"\"\n");
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\\' => out.push_str("\\\\"),
            // No three quotes in a row, and none against the closing ones.
            '"' if chars.get(i + 1).is_none_or(|&n| n == '"') => out.push_str("\\\""),
            '\n' | '\t' => out.push(c),
            '\r' => {}
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push_str("\n\"\"\"");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::types::ImportedOption;

    fn option(text: &str, correct: bool) -> ImportedOption {
        ImportedOption { text: text.into(), correct, why: None }
    }

    #[test]
    fn text_survives_toml_whatever_it_holds() {
        for s in [
            "plain",
            "say \"hi\"",
            "ends with a quote\"",
            "\"\"\" and \"\"",
            "back\\slash\nnew line",
            "tab\there\u{7}",
        ] {
            let toml = format!("a = {}\nb = {}\n", basic(s), text(s));
            let table: toml::Table = toml::from_str(&toml).unwrap_or_else(|e| panic!("{toml}\n{e}"));
            assert_eq!(table["a"].as_str(), Some(s));
            let long = table["b"].as_str().unwrap();
            assert_eq!(long.trim_end_matches('\n'), s.replace('\r', ""), "{toml}");
        }
    }

    #[test]
    fn ids_come_from_names_numbers_or_the_text() {
        let mut q = ImportedQuestion {
            name: Some("Q 12: Spot VMs".into()),
            stem: "Which?".into(),
            ..Default::default()
        };
        assert_eq!(question_id("bank.gift", &q), "q-12-spot-vms");
        q.name = Some("12".into());
        assert_eq!(question_id("exams/practice-exam-1.md", &q), "practice-exam-1-q12");
        q.name = Some("问题".into());
        assert_eq!(question_id("x", &q), "q-1f7d4b3a".replace("1f7d4b3a", &question_id("x", &q)[2..]));
        assert!(question_id("x", &q).starts_with("q-") && question_id("x", &q).len() == 10);
    }

    #[test]
    fn a_stem_that_asks_for_two_must_have_two_right() {
        let mut q = ImportedQuestion {
            stem: "Which two are colours? (Choose two.)".into(),
            options: vec![option("red", true), option("blue", false), option("seven", false)],
            ..Default::default()
        };
        assert_eq!(fit(&mut q).unwrap_err(), "the question asks to choose two but 1 option is marked right");
        q.options[1].correct = true;
        assert_eq!(fit(&mut q), Ok(()));
        assert_eq!(asked_count("Which are right? Select TWO."), Some(2));
        assert_eq!(asked_count("Which apply? Pick 3 answers."), Some(3));
        assert_eq!(asked_count("Which ones? [Choose 2]"), Some(2));
        assert_eq!(asked_count("Choose the best option"), None);
        assert_eq!(asked_count("The team must choose two regions for failover. What should it do?"), None);
    }
}
