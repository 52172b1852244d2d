//! Reads an exam's TOML text into a [`RawPaper`], keeping every value's place and noting every syntax error,
//! unknown key and wrong type on the way, so that one run reports all of them.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use super::problem::Problem;
use super::raw::{Located, RawChoice, RawDomain, RawExam, RawPaper, RawQuestion};

/// Syntax errors cascade after the first few; more than this many says nothing new.
const MAX_SYNTAX_ERRORS: usize = 10;

/// Reads the document. Syntax errors end the reading (their recovery leaves a tree too odd to check further);
/// shape errors (unknown keys, wrong types) are collected and reading goes on.
pub(super) fn read(text: &str, problems: &mut Vec<Problem>) -> Option<RawPaper> {
    let (doc, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        let mut seen = Vec::new();
        for e in errors {
            let span = e.span();
            let key = (span.as_ref().map(|s| s.start), e.message().to_string());
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            problems.push(Problem::at(span, format!("TOML syntax: {}", e.message())));
            if seen.len() == MAX_SYNTAX_ERRORS {
                break;
            }
        }
        return None;
    }
    let root = doc.get_ref();
    let mut fields = Fields::new(root, "the top level", &["exam", "questions"], problems);
    let exam_mistyped = fields.has("exam") && fields.get("exam").is_some_and(|v| !v.get_ref().is_table());
    let exam = fields.table("exam").map(|(t, span)| read_exam(t, span, fields.problems));
    let questions = fields
        .tables("questions")
        .into_iter()
        .enumerate()
        .map(|(i, (t, span))| read_question(t, span, i + 1, fields.problems))
        .collect();
    fields.finish();
    // `exam = 3` is reported as a wrong type; give the validator an empty table so it does not also say "missing".
    let exam = exam.or_else(|| exam_mistyped.then(RawExam::default));
    Some(RawPaper { exam, questions })
}

fn read_exam(table: &DeTable<'_>, span: Range<usize>, problems: &mut Vec<Problem>) -> RawExam {
    const KEYS: &[&str] = &[
        "id",
        "title",
        "duration_minutes",
        "pass_percent",
        "shuffle_questions",
        "shuffle_options",
        "time_warnings_minutes",
        "draw",
        "domains",
    ];
    let mut f = Fields::new(table, "[exam]", KEYS, problems);
    let time_warnings_minutes = f.array("time_warnings_minutes").map(|(items, span)| {
        let mut values = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::Integer(i) => values.push(Located::new(to_i64(i), Some(item.span()))),
                other => f.wrong_type(item.span(), "time_warnings_minutes", "integer (minutes)", other),
            }
        }
        Located::new(values, Some(span))
    });
    let mut exam = RawExam {
        span: Some(span),
        id: f.string("id"),
        title: f.string("title"),
        duration_minutes: f.integer("duration_minutes"),
        pass_percent: f.number("pass_percent"),
        shuffle_questions: f.boolean("shuffle_questions"),
        shuffle_options: f.boolean("shuffle_options"),
        time_warnings_minutes,
        draw: f.integer("draw"),
        domains: f.has("domains").then(|| {
            f.tables("domains")
                .into_iter()
                .enumerate()
                .map(|(i, (t, span))| {
                    let place = format!("domain {} of [exam]", i + 1);
                    let mut d = Fields::new(t, &place, &["name", "weight"], f.problems);
                    let mut domain = RawDomain {
                        span: Some(span),
                        name: d.string("name"),
                        weight: d.number("weight"),
                        ..RawDomain::default()
                    };
                    domain.mistyped = d.finish();
                    domain
                })
                .collect()
        }),
        mistyped: Vec::new(),
    };
    exam.mistyped = f.finish();
    exam
}

fn read_question(
    table: &DeTable<'_>,
    span: Range<usize>,
    number: usize,
    problems: &mut Vec<Problem>,
) -> RawQuestion {
    const KEYS: &[&str] = &["id", "domain", "tags", "stem", "image", "options", "explanation"];
    let place = format!("question {number}");
    let mut f = Fields::new(table, &place, KEYS, problems);
    let tags = f.array("tags").map(|(items, _)| {
        let mut tags = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) => tags.push(Located::new(s.to_string(), Some(item.span()))),
                other => f.wrong_type(item.span(), "tags", "string", other),
            }
        }
        tags
    });
    let options = f.array("options").map(|(items, options_span)| {
        let mut choices = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let DeValue::Table(t) = item.get_ref() else {
                let subject = format!("option {} of {place}", i + 1);
                f.wrong(
                    item.span(),
                    &subject,
                    "table like { text = \"...\", correct = true }",
                    item.get_ref(),
                );
                continue;
            };
            let oplace = format!("option {} of {place}", i + 1);
            let mut o = Fields::new(t, &oplace, &["text", "correct", "why"], f.problems);
            let mut choice = RawChoice {
                span: Some(item.span()),
                text: o.string("text"),
                correct: o.boolean("correct"),
                why: o.string("why"),
                mistyped: Vec::new(),
            };
            choice.mistyped = o.finish();
            choices.push(choice);
        }
        Located::new(choices, Some(options_span))
    });
    let mut question = RawQuestion {
        span: Some(span),
        id: f.string("id"),
        domain: f.string("domain"),
        tags,
        stem: f.string("stem"),
        image: f.string("image"),
        options,
        explanation: f.string("explanation"),
        mistyped: Vec::new(),
    };
    question.mistyped = f.finish();
    question
}

/// The keys of one table, taken one by one; whatever is left over at `finish` is reported as unknown.
struct Fields<'a, 't, 'i> {
    table: &'t DeTable<'i>,
    place: String,
    mistyped: Vec<String>,
    allowed: &'static [&'static str],
    problems: &'a mut Vec<Problem>,
}

impl<'a, 't, 'i> Fields<'a, 't, 'i> {
    fn new(
        table: &'t DeTable<'i>,
        place: &str,
        allowed: &'static [&'static str],
        problems: &'a mut Vec<Problem>,
    ) -> Self {
        Fields { table, place: place.to_string(), mistyped: Vec::new(), allowed, problems }
    }

    fn has(&self, key: &str) -> bool {
        self.table.get(key).is_some()
    }

    fn get(&self, key: &str) -> Option<&'t Spanned<DeValue<'i>>> {
        self.table.get(key)
    }

    /// `'key' in <place> must be a <expected>, found a <found>`.
    fn wrong_type(&mut self, span: Range<usize>, key: &str, expected: &str, found: &DeValue<'_>) {
        let subject = format!("'{key}' in {}", self.place);
        self.wrong(span, &subject, expected, found);
        self.mistyped.push(key.to_string());
    }

    fn wrong(&mut self, span: Range<usize>, subject: &str, expected: &str, found: &DeValue<'_>) {
        let message = format!("{subject} must be {}, found {}", article(expected), article(found.type_str()));
        self.problems.push(Problem::at(Some(span), message));
    }

    fn string(&mut self, key: &str) -> Option<Located<String>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::String(s) => Some(Located::new(s.to_string(), Some(v.span()))),
            other => {
                self.wrong_type(v.span(), key, "string", other);
                None
            }
        }
    }

    fn boolean(&mut self, key: &str) -> Option<Located<bool>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(Located::new(*b, Some(v.span()))),
            other => {
                self.wrong_type(v.span(), key, "boolean (true or false)", other);
                None
            }
        }
    }

    fn integer(&mut self, key: &str) -> Option<Located<i64>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Integer(i) => Some(Located::new(to_i64(i), Some(v.span()))),
            other => {
                self.wrong_type(v.span(), key, "integer", other);
                None
            }
        }
    }

    /// An integer or a float.
    fn number(&mut self, key: &str) -> Option<Located<f64>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Integer(i) => Some(Located::new(to_i64(i) as f64, Some(v.span()))),
            DeValue::Float(x) => Some(Located::new(x.as_str().parse().unwrap_or(f64::NAN), Some(v.span()))),
            other => {
                self.wrong_type(v.span(), key, "number", other);
                None
            }
        }
    }

    fn array(&mut self, key: &str) -> Option<(&'t DeArray<'i>, Range<usize>)> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Array(a) => Some((a, v.span())),
            other => {
                self.wrong_type(v.span(), key, "array", other);
                None
            }
        }
    }

    fn table(&mut self, key: &str) -> Option<(&'t DeTable<'i>, Range<usize>)> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Table(t) => Some((t, v.span())),
            other => {
                self.wrong_type(v.span(), key, "table", other);
                None
            }
        }
    }

    /// An array of tables (`[[key]]` or `key = [{...}]`), each with its place.
    fn tables(&mut self, key: &str) -> Vec<(&'t DeTable<'i>, Range<usize>)> {
        let Some((items, _)) = self.array(key) else { return Vec::new() };
        let mut tables = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::Table(t) => tables.push((t, item.span())),
                other => self.wrong_type(item.span(), key, "table", other),
            }
        }
        tables
    }

    /// Reports the keys nobody asked for, and hands back those of the wrong type.
    fn finish(self) -> Vec<String> {
        for (key, _) in self.table.iter() {
            let name = key.get_ref().as_ref();
            if self.allowed.contains(&name) {
                continue;
            }
            let hint = match closest(name, self.allowed) {
                Some(near) => format!(" (did you mean '{near}'?)"),
                None => format!(" (known keys: {})", self.allowed.join(", ")),
            };
            self.problems
                .push(Problem::at(Some(key.span()), format!("unknown key '{name}' in {}{hint}", self.place)));
        }
        self.mistyped
    }
}

fn to_i64(i: &toml::de::DeInteger<'_>) -> i64 {
    // Out-of-range integers saturate; the validator then reports them as out of range.
    i64::from_str_radix(i.as_str(), i.radix()).unwrap_or(if i.as_str().starts_with('-') {
        i64::MIN
    } else {
        i64::MAX
    })
}

fn article(noun: &str) -> String {
    match noun.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => format!("an {noun}"),
        _ => format!("a {noun}"),
    }
}

/// The allowed key nearest to a misspelt one, if it is near enough to be a likely typo.
fn closest<'k>(name: &str, allowed: &[&'k str]) -> Option<&'k str> {
    allowed
        .iter()
        .map(|k| (edit_distance(name, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}
