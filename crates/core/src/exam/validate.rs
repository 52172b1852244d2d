//! Turns a [`RawPaper`] into a [`Paper`], noting every rule it breaks rather than stopping at the first.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Component, Path};

use super::images::{ImageCheck, ImageStatus};
use super::paper::{Choice, Domain, Paper, Question};
use super::problem::Problem;
use super::raw::{Located, RawExam, RawPaper, RawQuestion};

pub const DEFAULT_DURATION_MINUTES: i64 = 120;
pub const DEFAULT_PASS_PERCENT: f64 = 70.0;
pub const DEFAULT_TIME_WARNINGS: [u32; 4] = [30, 15, 5, 1];
const MAX_DURATION_MINUTES: i64 = 24 * 60;
const MIN_OPTIONS: usize = 2;
const MAX_OPTIONS: usize = 8;

/// The paper, if the raw form was complete enough to build one; `problems` gets everything wrong with it.
pub(super) fn validate(
    raw: &RawPaper,
    images: &dyn ImageCheck,
    problems: &mut Vec<Problem>,
) -> Option<Paper> {
    let exam = match &raw.exam {
        Some(exam) => exam,
        None => {
            problems.push(Problem::at(
                Some(0..0),
                "missing [exam] table: an exam needs at least an id and a title",
            ));
            &RawExam::default()
        }
    };
    let settings = exam_settings(exam, problems);
    let declared = exam.domains.as_ref().map(|d| declared_domains(d, problems));
    let declared_set = declared
        .as_deref()
        .map(|list| Declared { names: list.iter().map(|d| d.name.as_str()).collect(), list });

    if raw.questions.is_empty() {
        problems.push(Problem::at(
            exam.span.clone().or(Some(0..0)),
            "the exam has no questions: add [[questions]] tables",
        ));
    }
    let mut first_use: HashMap<&str, usize> = HashMap::new();
    let mut questions = Vec::new();
    for (i, q) in raw.questions.iter().enumerate() {
        if let Some(id) = &q.id
            && !id.value.trim().is_empty()
        {
            if let Some(first) = first_use.get(id.value.as_str()) {
                problems.push(Problem::at(
                    id.span.clone(),
                    format!("duplicate question id '{}': question {first} already uses it", id.value),
                ));
            } else {
                first_use.insert(&id.value, i + 1);
            }
        }
        if let Some(question) = question(q, i + 1, declared_set.as_ref(), images, problems) {
            questions.push(question);
        }
    }

    let (id, title, duration_minutes, pass_percent, time_warnings) = settings?;
    if questions.len() != raw.questions.len() || raw.questions.is_empty() || !problems.is_empty() {
        return None;
    }
    let domains_declared = declared.is_some();
    let domains = match declared {
        Some(domains) => domains,
        None => {
            let mut seen: HashSet<&str> = HashSet::new();
            let mut domains: Vec<Domain> = Vec::new();
            for q in &questions {
                if seen.insert(q.domain.as_str()) {
                    domains.push(Domain { name: q.domain.clone(), weight: None });
                }
            }
            domains
        }
    };
    let draw = match &exam.draw {
        None => None,
        Some(d) if d.value >= 1 && d.value <= questions.len() as i64 => Some(d.value as u32),
        Some(d) => {
            problems.push(Problem::at(
                d.span.clone(),
                format!(
                    "draw must be between 1 and the {} questions of the exam, got {}",
                    questions.len(),
                    d.value
                ),
            ));
            return None;
        }
    };
    Some(Paper {
        id,
        title,
        duration_minutes,
        pass_percent,
        shuffle_questions: exam.shuffle_questions.as_ref().is_none_or(|b| b.value),
        shuffle_options: exam.shuffle_options.as_ref().is_none_or(|b| b.value),
        time_warnings,
        draw,
        domains,
        domains_declared,
        questions,
    })
}

type Settings = (String, String, u32, f64, Vec<u32>);

fn exam_settings(exam: &RawExam, problems: &mut Vec<Problem>) -> Option<Settings> {
    let at = exam.span.clone().or(Some(0..0));
    let bad = |key: &str| exam.mistyped.iter().any(|k| k == key);
    let id = required_text(
        &exam.id,
        "[exam] is missing 'id'",
        "'id' in [exam] is empty",
        at.clone(),
        bad("id"),
        problems,
    );
    if let (Some(id), Some(located)) = (&id, &exam.id)
        && let Some(bad) = id.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        problems.push(Problem::at(
            located.span.clone(),
            format!(
                "exam id '{id}' may only use letters, digits, '-', '_' and '.' (it names journal files); found {bad:?}"
            ),
        ));
    }
    let title = required_text(
        &exam.title,
        "[exam] is missing 'title'",
        "'title' in [exam] is empty",
        at.clone(),
        bad("title"),
        problems,
    );

    let duration = match &exam.duration_minutes {
        None => Some(DEFAULT_DURATION_MINUTES as u32),
        Some(d) if d.value < 1 => {
            problems.push(Problem::at(
                d.span.clone(),
                format!("duration_minutes must be at least 1, got {}", d.value),
            ));
            None
        }
        Some(d) if d.value > MAX_DURATION_MINUTES => {
            problems.push(Problem::at(
                d.span.clone(),
                format!(
                    "duration_minutes must be at most {MAX_DURATION_MINUTES} (24 hours), got {}",
                    d.value
                ),
            ));
            None
        }
        Some(d) => Some(d.value as u32),
    };

    let pass = match &exam.pass_percent {
        None => Some(DEFAULT_PASS_PERCENT),
        Some(p) if !(0.0..=100.0).contains(&p.value) => {
            problems.push(Problem::at(
                p.span.clone(),
                format!("pass_percent must be between 0 and 100, got {}", p.value),
            ));
            None
        }
        Some(p) => Some(p.value),
    };

    let warnings = match (&exam.time_warnings_minutes, duration) {
        (None, Some(duration)) => {
            Some(DEFAULT_TIME_WARNINGS.iter().copied().filter(|&m| m < duration).collect::<Vec<u32>>())
        }
        (Some(list), Some(duration)) => {
            let mut minutes: Vec<u32> = Vec::new();
            let mut seen: HashSet<i64> = HashSet::new();
            for m in &list.value {
                if m.value < 1 {
                    problems.push(Problem::at(
                        m.span.clone(),
                        format!("time warning at {} minutes: a warning must come at least 1 minute before the end", m.value),
                    ));
                } else if m.value >= i64::from(duration) {
                    problems.push(Problem::at(
                        m.span.clone(),
                        format!(
                            "time warning at {} minutes does not fall within the {duration}-minute exam",
                            m.value
                        ),
                    ));
                } else if !seen.insert(m.value) {
                    problems.push(Problem::at(
                        m.span.clone(),
                        format!("time warning at {} minutes is listed twice", m.value),
                    ));
                } else {
                    minutes.push(m.value as u32);
                }
            }
            minutes.sort_unstable_by(|a, b| b.cmp(a));
            Some(minutes)
        }
        (_, None) => None,
    };
    Some((id?, title?, duration?, pass?, warnings?))
}

/// The domains `[exam]` lists, and their names for quick lookup.
struct Declared<'a> {
    list: &'a [Domain],
    names: HashSet<&'a str>,
}

fn declared_domains(raw: &[super::raw::RawDomain], problems: &mut Vec<Problem>) -> Vec<Domain> {
    let mut domains: Vec<Domain> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for (i, d) in raw.iter().enumerate() {
        let missing = format!("domain {} of [exam] is missing 'name'", i + 1);
        let empty = format!("domain {} of [exam] has an empty name", i + 1);
        let mistyped = d.mistyped.iter().any(|k| k == "name");
        let Some(name) = required_text(&d.name, &missing, &empty, d.span.clone(), mistyped, problems) else {
            continue;
        };
        let span = d.name.as_ref().and_then(|n| n.span.clone());
        if !seen.insert(name.clone()) {
            problems.push(Problem::at(span, format!("domain '{name}' is listed twice")));
            continue;
        }
        if let Some(w) = &d.weight
            && !(w.value.is_finite() && w.value > 0.0)
        {
            problems.push(Problem::at(
                w.span.clone(),
                format!("weight of domain '{name}' must be a positive number, got {}", w.value),
            ));
        }
        domains.push(Domain { name, weight: d.weight.as_ref().map(|w| w.value) });
    }
    domains
}

fn question(
    q: &RawQuestion,
    number: usize,
    declared: Option<&Declared<'_>>,
    images: &dyn ImageCheck,
    problems: &mut Vec<Problem>,
) -> Option<Question> {
    let at = q.span.clone();
    let bad = |key: &str| q.mistyped.iter().any(|k| k == key);
    let id = required_text(
        &q.id,
        &format!("question {number} is missing 'id'"),
        &format!("question {number} has an empty 'id'"),
        at.clone(),
        bad("id"),
        problems,
    );
    let name = match &id {
        Some(id) => format!("question '{id}'"),
        None => format!("question {number}"),
    };

    let domain = required_text(
        &q.domain,
        &format!("{name} is missing 'domain'"),
        &format!("{name} has an empty 'domain'"),
        at.clone(),
        bad("domain"),
        problems,
    );
    if let (Some(domain), Some(declared), Some(located)) = (&domain, declared, &q.domain)
        && !declared.names.contains(domain.as_str())
    {
        const SHOWN: usize = 8;
        let mut listed: Vec<&str> = declared.list.iter().take(SHOWN).map(|d| d.name.as_str()).collect();
        let more = format!("and {} more", declared.list.len().saturating_sub(SHOWN));
        if declared.list.len() > SHOWN {
            listed.push(&more);
        }
        problems.push(Problem::at(
            located.span.clone(),
            format!(
                "{name} names domain '{domain}', which [exam] domains does not list (listed: {})",
                listed.join(", ")
            ),
        ));
    }

    let mut tags: Vec<String> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    for tag in q.tags.iter().flatten() {
        let t = tag.value.trim();
        if t.is_empty() {
            problems.push(Problem::at(tag.span.clone(), format!("{name} has an empty tag")));
        } else if seen.insert(t) {
            tags.push(t.to_string());
        }
    }

    let stem = required_text(
        &q.stem,
        &format!("{name} is missing 'stem'"),
        &format!("{name} has an empty stem"),
        at.clone(),
        bad("stem"),
        problems,
    );

    let image = q.image.as_ref().and_then(|img| check_image(img, &name, images, problems));

    let options = match &q.options {
        None => {
            if !bad("options") {
                problems.push(Problem::at(at.clone(), format!("{name} is missing 'options'")));
            }
            None
        }
        Some(list) => options(list, &name, problems),
    };

    let explanation = optional_text(&q.explanation, &format!("{name} has an empty 'explanation'"), problems);
    let has_image_problem = q.image.is_some() && image.is_none();
    if has_image_problem {
        return None;
    }
    Some(Question { id: id?, domain: domain?, tags, stem: stem?, image, options: options?, explanation })
}

fn options(
    list: &Located<Vec<super::raw::RawChoice>>,
    name: &str,
    problems: &mut Vec<Problem>,
) -> Option<Vec<Choice>> {
    let count = list.value.len();
    let mut ok = true;
    if !(MIN_OPTIONS..=MAX_OPTIONS).contains(&count) {
        let plural = if count == 1 { "option" } else { "options" };
        problems.push(Problem::at(
            list.span.clone(),
            format!("{name} has {count} {plural}; a question needs {MIN_OPTIONS} to {MAX_OPTIONS}"),
        ));
        ok = false;
    }
    let mut choices = Vec::new();
    for (i, c) in list.value.iter().enumerate() {
        let oname = format!("option {} of {name}", i + 1);
        let text = required_text(
            &c.text,
            &format!("{oname} is missing 'text'"),
            &format!("{oname} has empty text"),
            c.span.clone(),
            c.mistyped.iter().any(|k| k == "text"),
            problems,
        );
        let why = optional_text(&c.why, &format!("{oname} has an empty 'why'"), problems);
        match text {
            Some(text) => {
                choices.push(Choice { text, correct: c.correct.as_ref().is_some_and(|b| b.value), why })
            }
            None => ok = false,
        }
    }
    let correct = list.value.iter().filter(|c| c.correct.as_ref().is_some_and(|b| b.value)).count();
    if count > 0 && correct == 0 {
        problems.push(Problem::at(
            list.span.clone(),
            format!("{name} has no correct option: mark at least one with correct = true"),
        ));
        ok = false;
    } else if count >= MIN_OPTIONS && correct == count {
        problems.push(Problem::at(
            list.span.clone(),
            format!("{name} marks all {count} options correct: at least one must be wrong"),
        ));
        ok = false;
    }
    ok.then_some(choices)
}

fn check_image(
    img: &Located<String>,
    name: &str,
    images: &dyn ImageCheck,
    problems: &mut Vec<Problem>,
) -> Option<String> {
    let path = img.value.trim();
    let mut problem = |message: String| {
        problems.push(Problem::at(img.span.clone(), message));
        None
    };
    if path.is_empty() {
        return problem(format!("{name} has an empty 'image'"));
    }
    let p = Path::new(path);
    if p.is_absolute()
        || path.starts_with('/')
        || path.starts_with('\\')
        || p.components().any(|c| matches!(c, Component::Prefix(_)))
    {
        return problem(format!(
            "image '{path}' of {name} is an absolute path; give a path inside the exam's folder, relative to the exam file"
        ));
    }
    if p.components().any(|c| matches!(c, Component::ParentDir)) {
        return problem(format!(
            "image '{path}' of {name} is outside the exam's folder ('..' is not allowed)"
        ));
    }
    match images.check(path) {
        ImageStatus::Ok => Some(path.to_string()),
        ImageStatus::Missing(looked) => {
            problem(format!("image '{path}' of {name} not found (looked for {looked})"))
        }
        ImageStatus::NotAnImage(what) => {
            problem(format!("image '{path}' of {name} is not a PNG or JPEG image: {what}"))
        }
        ImageStatus::Outside => {
            problem(format!("image '{path}' of {name} leads outside the exam's folder through a link"))
        }
    }
}

/// A text that must be present and not blank. `mistyped`: the key was there with the wrong type, which the
/// reader already reported.
fn required_text(
    value: &Option<Located<String>>,
    missing: &str,
    empty: &str,
    at: Option<Range<usize>>,
    mistyped: bool,
    problems: &mut Vec<Problem>,
) -> Option<String> {
    match value {
        None => {
            if !mistyped {
                problems.push(Problem::at(at, missing));
            }
            None
        }
        Some(v) if v.value.trim().is_empty() => {
            problems.push(Problem::at(v.span.clone(), empty));
            None
        }
        Some(v) => Some(tidy(&v.value)),
    }
}

/// A text that may be absent but, when given, is not blank.
fn optional_text(
    value: &Option<Located<String>>,
    empty: &str,
    problems: &mut Vec<Problem>,
) -> Option<String> {
    match value {
        Some(v) if v.value.trim().is_empty() => {
            problems.push(Problem::at(v.span.clone(), empty));
            None
        }
        Some(v) => Some(tidy(&v.value)),
        None => None,
    }
}

/// Trims the outer blank lines a multi-line TOML string brings, and trailing spaces on each line.
fn tidy(text: &str) -> String {
    text.trim().lines().map(str::trim_end).collect::<Vec<_>>().join("\n")
}
