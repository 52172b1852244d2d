//! The item-writing lint: every answer cue and careless item in a file built to be gamed is flagged at its line,
//! a fair exam gets no warning, and `check` reports them as text, as JSON and as an exit code on request.

use examday::exam::{Paper, Places, Rule, Sheet, TrustImages, lint};

use crate::cli::examday;
use crate::support::fixture;

fn read(name: &str) -> (String, Paper, Places) {
    let path = fixture(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let (paper, places) = Paper::from_toml_placed(name, &text, &TrustImages).unwrap();
    (name.to_string(), paper, places)
}

/// `(line, col, code)` of every warning, in file order.
fn found(names: &[&str]) -> Vec<(String, usize, usize, &'static str)> {
    let read: Vec<_> = names.iter().map(|n| read(n)).collect();
    let sheets: Vec<Sheet<'_>> =
        read.iter().map(|(file, paper, places)| Sheet { file, paper, places }).collect();
    lint(&sheets)
        .sheets
        .iter()
        .flat_map(|s| &s.warnings)
        .map(|w| (w.file.clone(), w.line, w.col, w.rule.code()))
        .collect()
}

#[test]
fn a_file_built_to_be_gamed_gets_every_warning_at_its_line() {
    let file = "lint/gamed-fixed-order.toml";
    let at = |line, col, code| (file.to_string(), line, col, code);
    assert_eq!(
        found(&[file]),
        vec![
            // The exam as a whole, at its [exam] table.
            at(3, 1, "cue-longest"),
            at(3, 1, "cue-position"),
            at(3, 1, "cue-overlap"),
            at(3, 1, "absolute-words"),
            // Each right option that gives itself away, at its text.
            at(14, 12, "cue-longest"),
            at(14, 12, "cue-overlap"),
            at(17, 12, "duplicate-option"),
            at(25, 12, "cue-longest"),
            at(25, 12, "cue-overlap"),
            at(36, 12, "cue-longest"),
            at(47, 12, "cue-longest"),
            at(47, 12, "cue-overlap"),
            // The later of two nearly identical stems, at its stem.
            at(56, 8, "near-duplicate-question"),
            at(58, 12, "cue-longest"),
            at(58, 12, "cue-overlap"),
            at(69, 12, "cue-longest"),
            at(69, 12, "cue-overlap"),
        ]
    );
}

#[test]
fn options_pointing_at_other_options_are_flagged_when_options_are_shuffled() {
    let file = "lint/gamed-shuffled.toml";
    let codes: Vec<(usize, &str)> = found(&[file])
        .into_iter()
        .filter(|w| w.3 != "cue-longest")
        .map(|(_, line, _, code)| (line, code))
        .collect();
    assert_eq!(codes, vec![(15, "all-of-the-above"), (25, "none-of-the-above"), (35, "all-of-the-above")]);

    // The same options in an exam shown in file order mean what they say.
    let text = std::fs::read_to_string(fixture(file))
        .unwrap()
        .replace("duration_minutes = 10\n", "duration_minutes = 10\nshuffle_options = false\n");
    let (paper, places) = Paper::from_toml_placed("fixed.toml", &text, &TrustImages).unwrap();
    let lint = lint(&[Sheet { file: "fixed.toml", paper: &paper, places: &places }]);
    assert!(
        lint.sheets[0].warnings.iter().all(|w| !matches!(w.rule, Rule::AllOfTheAbove | Rule::NoneOfTheAbove)),
        "{:?}",
        lint.sheets[0].warnings
    );
}

#[test]
fn a_fair_exam_gets_no_warning() {
    assert_eq!(found(&["small.toml"]), vec![]);
}

#[test]
fn near_duplicate_questions_are_found_across_files_and_name_the_other() {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(fixture("small.toml")).unwrap();
    let copy = original
        .replace("id = \"small\"", "id = \"small-copy\"")
        .replace("id = \"serve-latency\"", "id = \"serve-latency-again\"");
    let (a, b) = (dir.path().join("a.toml"), dir.path().join("b.toml"));
    std::fs::write(&a, &original).unwrap();
    std::fs::write(&b, copy).unwrap();
    let out = examday(&["check", a.to_str().unwrap(), b.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "warnings alone do not fail a check");
    let err = String::from_utf8_lossy(&out.stderr);
    let first = format!("{}:", a.display());
    let dupes: Vec<&str> = err.lines().filter(|l| l.contains("warning[near-duplicate-question]")).collect();
    assert_eq!(dupes.len(), 4, "each of the four questions repeats one in a.toml:\n{err}");
    assert!(
        dupes.iter().all(|l| l.starts_with(&format!("{}:", b.display())) && l.contains(&first)),
        "warnings sit in the later file and name the earlier one:\n{err}"
    );
    assert!(
        err.contains("question 'serve-latency-again' is nearly the same as that of question 'serve-latency'"),
        "{err}"
    );
}

#[test]
fn check_prints_the_cue_figures_and_denies_warnings_on_request() {
    let file = fixture("lint/gamed-fixed-order.toml");
    let file = file.to_str().unwrap();
    let out = examday(&["check", file]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("gamed-fixed-order.toml: ok, 17 warnings"), "{text}");
    assert!(text.contains("the longest option is right    6 of 6 (100%)"), "{text}");
    assert!(text.contains("right options by position      A 6 · B 0 · C 0 · D 0"), "{text}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "{file}:17:12: warning[duplicate-option]: option 4 of question 'storage-class' has the same text \
             as option 2"
        )),
        "{err}"
    );
    assert_eq!(examday(&["check", "--deny-warnings", file]).status.code(), Some(1));
    let fair = fixture("small.toml");
    assert_eq!(examday(&["check", "--deny-warnings", fair.to_str().unwrap()]).status.code(), Some(0));
}

#[test]
fn check_json_gives_findings_as_objects_with_the_cue_figures() {
    let gamed = fixture("lint/gamed-fixed-order.toml");
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.toml");
    std::fs::write(&broken, "[exam]\nid = \"x\"\ntitle = \"X\"\npass_percent = 150\n").unwrap();
    let out = examday(&["check", "--json", gamed.to_str().unwrap(), broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "an exam with errors is a finding");
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["warnings"], 17);
    assert_eq!(report["errors"], 2);
    let gamed = &report["files"][0];
    assert_eq!(gamed["ok"], true);
    assert_eq!(gamed["exam"]["id"], "gamed-fixed-order");
    let cues = &gamed["cues"];
    assert_eq!((cues["questions"].as_u64(), cues["key_longest"].as_u64()), (Some(6), Some(6)));
    assert_eq!(cues["positions"][0]["observed"], 6);
    assert_eq!(cues["shuffle_options"], false);
    let duplicate = gamed["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["rule"] == "duplicate-option")
        .expect("the repeated option is reported");
    assert_eq!((duplicate["line"].as_u64(), duplicate["col"].as_u64()), (Some(17), Some(12)));
    assert_eq!(duplicate["question"], "storage-class");
    let broken = &report["files"][1];
    assert_eq!(broken["ok"], false);
    let errors = broken["errors"].as_array().unwrap();
    assert!(
        errors.iter().any(|e| e["line"] == 4
            && e["col"] == 16
            && e["message"] == "pass_percent must be between 0 and 100, got 150"),
        "{errors:?}"
    );
}

#[test]
fn the_format_documentation_example_is_valid_and_fair() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/exam-format.md")).unwrap();
    let start = doc.find("```toml\n[exam]").expect("the full example") + "```toml\n".len();
    let example = &doc[start..start + doc[start..].find("```").unwrap()];
    let (paper, places) = Paper::from_toml_placed("docs/exam-format.md", example, &TrustImages).unwrap();
    let lint = lint(&[Sheet { file: "docs/exam-format.md", paper: &paper, places: &places }]);
    assert_eq!(lint.sheets[0].warnings, vec![]);
}

#[test]
fn overcorrecting_is_a_cue_too_when_the_right_option_is_always_the_shortest_and_never_echoes() {
    let mut toml = String::from("[exam]\nid = \"over\"\ntitle = \"Overcorrected\"\n");
    for (i, topic) in
        ["storage", "serving", "training", "pipelines", "monitoring", "features"].iter().enumerate()
    {
        toml += &format!(
            "\n[[questions]]\nid = \"q{i}\"\ndomain = \"D\"\nstem = \"Which {topic} design suits case {i}?\"\n\
             options = [\n  {{ text = \"Option {i}\", correct = true }},\n  \
             {{ text = \"A {topic} design for case {i} that sounds thorough\" }},\n  \
             {{ text = \"Another {topic} design for this case {i}, just as long\" }},\n  \
             {{ text = \"A third {topic} design for case {i}, also long enough\" }},\n]\n"
        );
    }
    let (paper, places) = Paper::from_toml_placed("over.toml", &toml, &TrustImages).unwrap();
    let lint = lint(&[Sheet { file: "over.toml", paper: &paper, places: &places }]);
    let messages: Vec<(&str, &str)> =
        lint.sheets[0].warnings.iter().map(|w| (w.rule.code(), w.message.as_str())).collect();
    assert!(
        messages.iter().any(|(code, m)| *code == "cue-shortest" && m.contains("6 of 6 questions (100%")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|(code, m)| *code == "cue-overlap" && m.contains("fewest words with the stem scores 100%")),
        "{messages:?}"
    );
}

#[test]
fn every_warning_is_explained_in_the_format_documentation() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/exam-format.md")).unwrap();
    for rule in Rule::ALL {
        assert!(
            doc.contains(&format!("`{}`", rule.code())),
            "docs/exam-format.md does not explain {}",
            rule.code()
        );
    }
}

/// Fonts that draw Latin only, for a test that does not depend on the fonts of the machine it runs on.
struct LatinOnly;

impl examday::exam::FontCoverage for LatinOnly {
    fn covers(&mut self, c: char) -> bool {
        c.is_ascii() || c.is_whitespace()
    }
}

#[test]
fn text_no_font_can_draw_is_a_warning_naming_the_characters() {
    let (file, paper, places) = read("scripts.toml");
    let sheets = [Sheet { file: &file, paper: &paper, places: &places }];
    let found = examday::exam::lint_with_fonts(&sheets, &mut LatinOnly);
    let missing: Vec<(Option<&str>, &str)> = found.sheets[0]
        .warnings
        .iter()
        .filter(|w| w.rule == Rule::MissingGlyphs)
        .map(|w| (w.question.as_deref(), w.message.as_str()))
        .collect();
    assert_eq!(missing.len(), 4, "the title and domains, and each of the three questions: {missing:?}");
    assert!(missing[1].1.contains("'ي' (U+064A)"), "{missing:?}");
    assert_eq!(missing[3].0, Some("mixed"));
    assert!(
        missing[3].1.contains("and ") && missing[3].1.contains("more"),
        "long lists are cut: {missing:?}"
    );
    // With the fonts of this machine the same exam draws (the README lists the fonts to install).
    let out = examday(&["check", "--deny-warnings", fixture("scripts.toml").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn check_warns_about_characters_no_font_has() {
    let dir = tempfile::tempdir().unwrap();
    let exam = std::fs::read_to_string(fixture("small.toml"))
        .unwrap()
        .replace("Which option fits best?", "Which option fits best? \\u0378");
    let path = dir.path().join("x.toml");
    std::fs::write(&path, exam).unwrap();
    let out = examday(&["check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("warning[missing-glyphs]: question 'serve-latency' has characters no font"),
        "{err}"
    );
    assert!(err.contains("(U+0378)"), "{err}");
}
