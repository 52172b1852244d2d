//! Golden tests: the GIFT samples of fuhrmanator/GIFT-grammar-PEG.js (MIT, see the corpus README and LICENSE),
//! parsed and compared with the parse that project's own tests expect (`X.json` beside each `X.gift`).
//!
//! The JSON gives the text as that grammar leaves it; here it is compared with only its whitespace collapsed to
//! single spaces, which is what the importer does inside answer blocks. Where examday deliberately differs the
//! test says so (see `expected_stem`).

use std::path::{Path, PathBuf};

use super::common::gift as parse;
use examday::import::{Imported, ImportedQuestion};
use serde_json::Value;

/// Where the samples are, with their licence.
fn corpus() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/corpora/gift"))
}

fn samples() -> Vec<(String, String, Value)> {
    let dir = corpus();
    let mut out = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "gift"))
        .collect();
    entries.sort();
    for gift in entries {
        let json = gift.with_extension("json");
        if !json.exists() {
            continue;
        }
        let name = gift.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let text = read(&gift);
        let expected: Value = serde_json::from_str(&read(&json))
            .unwrap_or_else(|e| panic!("{}: bad JSON: {e}", json.display()));
        out.push((name, text, expected));
    }
    out
}

fn read(path: &Path) -> String {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text)
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A `{"format": ..., "text": ...}` value's text, whitespace collapsed; `None` for null or empty.
fn rich(v: &Value) -> Option<String> {
    let text = v.get("text").and_then(Value::as_str).or_else(|| v.as_str())?;
    Some(collapse(text)).filter(|t| !t.is_empty())
}

/// The stem examday should show for a JSON question. The grammar puts spaces around the blank of a missing-word
/// question ("from _____ ."); examday keeps the source's own spacing ("from _____."), which only shows where
/// punctuation follows the block.
fn expected_stem(q: &Value) -> String {
    let stem = rich(&q["stem"]).unwrap_or_default();
    stem.replace("_____ .", "_____.")
}

/// The kind examday reports for a JSON type it cannot sit, or `None` for a type it imports.
fn skipped_kind(q: &Value) -> Option<&'static str> {
    match q["type"].as_str()? {
        "Essay" => Some("essay"),
        "Numerical" => Some("numerical"),
        "Matching" => Some("matching"),
        "Short" => Some("short answer"),
        "Description" => Some("description"),
        "TF" if q["hasEmbeddedAnswers"] == Value::Bool(true) => Some("missing-word true/false"),
        _ => None,
    }
}

fn check_mc(file: &str, q: &Value, got: &ImportedQuestion) {
    let choices = q["choices"].as_array().unwrap_or_else(|| panic!("{file}: MC without choices"));
    assert_eq!(got.options.len(), choices.len(), "{file} line {}: option count", got.line);
    // An `=` answer makes the question single-answer, where `~%50%` is partial credit only; without one, positive
    // weights are the right answers (a multi-select question).
    let any_marked = choices.iter().any(|c| c["isCorrect"] == Value::Bool(true));
    for (c, o) in choices.iter().zip(&got.options) {
        assert_eq!(Some(o.text.clone()), rich(&c["text"]), "{file} line {}: option text", got.line);
        let weight = c["weight"].as_f64().unwrap_or(0.0);
        let correct = c["isCorrect"] == Value::Bool(true) || (!any_marked && weight > 0.0);
        assert_eq!(o.correct, correct, "{file} line {}: is `{}` right", got.line, o.text);
        assert_eq!(o.why, rich(&c["feedback"]), "{file} line {}: feedback of `{}`", got.line, o.text);
    }
}

fn check_tf(file: &str, q: &Value, got: &ImportedQuestion) {
    let is_true = q["isTrue"].as_bool().unwrap_or_else(|| panic!("{file}: TF without isTrue"));
    let texts: Vec<&str> = got.options.iter().map(|o| o.text.as_str()).collect();
    assert_eq!(texts, ["True", "False"], "{file} line {}", got.line);
    assert_eq!(got.options[0].correct, is_true, "{file} line {}", got.line);
    assert_eq!(got.options[1].correct, !is_true, "{file} line {}", got.line);
    // Both spellings of the grammar's TF feedback: correctFeedback/incorrectFeedback (shown for a right or a wrong
    // answer) and trueFeedback/falseFeedback (shown for choosing True or False).
    let (right, wrong) = (&got.options[usize::from(!is_true)], &got.options[usize::from(is_true)]);
    for (key, option) in [("correctFeedback", right), ("incorrectFeedback", wrong)] {
        if let Some(v) = q.get(key) {
            assert_eq!(option.why, rich(v), "{file} line {}: {key}", got.line);
        }
    }
    for (key, option) in [("trueFeedback", &got.options[0]), ("falseFeedback", &got.options[1])] {
        if let Some(v) = q.get(key) {
            assert_eq!(option.why, rich(v), "{file} line {}: {key}", got.line);
        }
    }
}

/// Walks the JSON in order: categories set the domain, questions examday imports are matched with `questions`,
/// the rest with `skipped`. Returns (imported, skipped) counts.
fn check_sample(file: &str, got: &Imported, expected: &Value) -> (usize, usize) {
    let expected = expected.as_array().unwrap_or_else(|| panic!("{file}: JSON is not an array"));
    assert!(got.problems.is_empty(), "{file}: unexpected problems {:?}", got.problems);
    let (mut imported, mut skipped) = (got.questions.iter(), got.skipped.iter());
    let (mut n_imported, mut n_skipped) = (0, 0);
    let mut domain: Option<String> = None;
    for q in expected {
        if q["type"] == "Category" {
            let title = q["title"].as_str().unwrap_or_default();
            domain = title.rsplit('/').next().map(str::to_string).filter(|d| !d.is_empty() && d != "top");
            continue;
        }
        if let Some(kind) = skipped_kind(q) {
            let s = skipped.next().unwrap_or_else(|| panic!("{file}: {kind} question not in skipped"));
            assert_eq!(s.kind, kind, "{file} line {}", s.line);
            let stem = expected_stem(q);
            let start: String = stem.chars().take(40).collect();
            assert!(
                s.excerpt.starts_with(&start),
                "{file} line {}: excerpt {:?} vs {stem:?}",
                s.line,
                s.excerpt
            );
            n_skipped += 1;
            continue;
        }
        let got_q = imported.next().unwrap_or_else(|| panic!("{file}: {} question not imported", q["type"]));
        assert_eq!(got_q.stem, expected_stem(q), "{file} line {}: stem", got_q.line);
        assert_eq!(got_q.name.as_deref(), q["title"].as_str(), "{file} line {}: title", got_q.line);
        assert_eq!(
            got_q.explanation,
            rich(&q["globalFeedback"]),
            "{file} line {}: general feedback",
            got_q.line
        );
        assert_eq!(got_q.domain, domain, "{file} line {}: domain", got_q.line);
        match q["type"].as_str() {
            Some("MC") => check_mc(file, q, got_q),
            Some("TF") => check_tf(file, q, got_q),
            other => panic!("{file}: unexpected type {other:?}"),
        }
        n_imported += 1;
    }
    assert!(imported.next().is_none(), "{file}: more questions imported than expected");
    assert!(skipped.next().is_none(), "{file}: more questions skipped than expected");
    (n_imported, n_skipped)
}

#[test]
fn samples_parse_as_the_grammar_expects() {
    let mut counts = Vec::new();
    for (name, text, expected) in samples() {
        let got = parse(&name, &text);
        counts.push((name.clone(), check_sample(&name, &got, &expected)));
    }
    // The corpus as it is today, so that a sample going missing, or a count changing, is noticed.
    let want = [
        ("category1.gift", (0, 0)),
        ("escapeAll.gift", (1, 0)),
        ("essay1.gift", (0, 1)),
        ("giftFormatPhpExamples.gift", (5, 5)),
        ("mc1.gift", (1, 0)),
        ("mc2.gift", (1, 0)),
        ("mc4.gift", (1, 0)),
        ("tf1.gift", (1, 0)),
    ];
    for (file, count) in want {
        let got = counts.iter().find(|(n, _)| n == file).map(|(_, c)| *c);
        assert_eq!(got, Some(count), "{file}: (imported, skipped)");
    }
}

#[test]
fn sample_lines_and_kinds() {
    let text = read(&corpus().join("giftFormatPhpExamples.gift"));
    let got = parse("giftFormatPhpExamples.gift", &text);
    let lines: Vec<usize> = got.questions.iter().map(|q| q.line).collect();
    assert_eq!(lines, [5, 7, 9, 22, 28]);
    let skipped: Vec<(usize, &str)> = got.skipped.iter().map(|s| (s.line, s.kind.as_str())).collect();
    assert_eq!(
        skipped,
        [(11, "short answer"), (13, "numerical"), (15, "matching"), (33, "short answer"), (40, "numerical")]
    );
    let essay = parse("essay1.gift", &read(&corpus().join("essay1.gift")));
    assert_eq!(essay.skipped.len(), 1);
    assert_eq!(essay.skipped[0].excerpt, "Write a short biography of Dag Hammarskjöld.");
}

#[test]
fn crlf_samples_parse_as_lf() {
    for (name, text, _) in samples() {
        let lf = text.replace("\r\n", "\n");
        let crlf = lf.replace('\n', "\r\n");
        assert_eq!(parse(&name, &crlf), parse(&name, &lf), "{name}");
    }
}

#[test]
fn every_prefix_of_a_sample_parses_without_panic() {
    let text = read(&corpus().join("giftFormatPhpExamples.gift"));
    let lines = text.lines().count() + 1;
    for (i, _) in text.char_indices().chain([(text.len(), ' ')]) {
        let got = parse("prefix.gift", &text[..i]);
        for line in got.questions.iter().map(|q| q.line).chain(got.skipped.iter().map(|s| s.line)) {
            assert!((1..=lines).contains(&line), "prefix {i}: line {line}");
        }
        for p in &got.problems {
            assert!((1..=lines).contains(&p.line), "prefix {i}: problem line {}", p.line);
        }
    }
}
