//! Exam files: every validation rule with its exact message, defaults, and no panic on any input.

use examday::exam::{ImageStatus, Paper, TrustImages};

use crate::support::FakeImages;

const GOOD: &str = r#"[exam]
id = "t"
title = "T"

[[questions]]
id = "q1"
domain = "D"
stem = "Which one?"
options = [
  { text = "right", correct = true },
  { text = "wrong" },
]
"#;

fn images() -> FakeImages {
    FakeImages(vec![
        ("img/ok.png", ImageStatus::Ok),
        ("img/text.png", ImageStatus::NotAnImage("its content is not a known image format".to_string())),
        ("img/link.png", ImageStatus::Outside),
    ])
}

/// The error text for an exam, which must be invalid.
fn errors(toml: &str) -> String {
    Paper::from_toml("x.toml", toml, &images()).expect_err("the exam should be invalid").to_string()
}

fn with_question(extra: &str) -> String {
    format!("{GOOD}{extra}")
}

#[test]
fn a_good_exam_gets_the_documented_defaults() {
    let paper = Paper::from_toml("x.toml", GOOD, &images()).unwrap();
    assert_eq!(paper.duration_minutes(), 120);
    assert_eq!(paper.pass_percent(), 70.0);
    assert!(paper.shuffle_questions() && paper.shuffle_options());
    assert_eq!(paper.time_warnings(), &[30, 15, 5, 1]);
    assert_eq!(paper.domains().len(), 1);
    assert_eq!(paper.questions()[0].choose(), 1);
}

#[test]
fn two_correct_options_make_a_choose_two_question() {
    let toml =
        GOOD.replace(r#"{ text = "wrong" },"#, r#"{ text = "also", correct = true }, { text = "wrong" },"#);
    let paper = Paper::from_toml("x.toml", &toml, &images()).unwrap();
    assert_eq!(paper.questions()[0].choose(), 2);
    assert!(paper.questions()[0].is_multiple_select());
}

#[test]
fn unknown_key_in_exam_suggests_the_near_one() {
    let toml = GOOD.replace("title = \"T\"", "title = \"T\"\ndurration_minutes = 60");
    assert_eq!(
        errors(&toml),
        "x.toml:4:1: error: unknown key 'durration_minutes' in [exam] (did you mean 'duration_minutes'?)"
    );
}

#[test]
fn unknown_key_in_an_option_lists_the_known_ones() {
    let toml = GOOD.replace(r#"{ text = "wrong" }"#, r#"{ text = "wrong", colour = "red" }"#);
    assert_eq!(
        errors(&toml),
        "x.toml:11:21: error: unknown key 'colour' in option 2 of question 1 (known keys: text, correct, why)"
    );
}

#[test]
fn unknown_top_level_table() {
    let toml = format!("{GOOD}\n[extra]\nx = 1\n");
    assert_eq!(
        errors(&toml),
        "x.toml:14:2: error: unknown key 'extra' in the top level (known keys: exam, questions)"
    );
}

#[test]
fn duplicate_question_ids() {
    let toml = with_question(
        "\n[[questions]]\nid = \"q1\"\ndomain = \"D\"\nstem = \"s\"\noptions = [{ text = \"a\", correct = true }, { text = \"b\" }]\n",
    );
    assert_eq!(errors(&toml), "x.toml:15:6: error: duplicate question id 'q1': question 1 already uses it");
}

#[test]
fn no_correct_option() {
    let toml = GOOD.replace(r#"{ text = "right", correct = true }"#, r#"{ text = "right" }"#);
    assert_eq!(
        errors(&toml),
        "x.toml:9:11: error: question 'q1' has no correct option: mark at least one with correct = true"
    );
}

#[test]
fn all_options_correct() {
    let toml = GOOD.replace(r#"{ text = "wrong" }"#, r#"{ text = "wrong", correct = true }"#);
    assert_eq!(
        errors(&toml),
        "x.toml:9:11: error: question 'q1' marks all 2 options correct: at least one must be wrong"
    );
}

#[test]
fn empty_stem() {
    let toml = GOOD.replace(r#"stem = "Which one?""#, "stem = \"\"\"\n   \n\"\"\"");
    assert_eq!(errors(&toml), "x.toml:8:8: error: question 'q1' has an empty stem");
}

#[test]
fn empty_option_text() {
    let toml = GOOD.replace(r#"{ text = "wrong" }"#, r#"{ text = " " }"#);
    assert_eq!(errors(&toml), "x.toml:11:12: error: option 2 of question 'q1' has empty text");
}

#[test]
fn unknown_domain() {
    let toml = GOOD
        .replace("title = \"T\"", "title = \"T\"\ndomains = [{ name = \"Serving\" }, { name = \"Data\" }]");
    assert_eq!(
        errors(&toml),
        "x.toml:8:10: error: question 'q1' names domain 'D', which [exam] domains does not list (listed: Serving, Data)"
    );
}

#[test]
fn missing_image() {
    let toml = GOOD.replace("stem =", "image = \"img/gone.png\"\nstem =");
    assert_eq!(
        errors(&toml),
        "x.toml:8:9: error: image 'img/gone.png' of question 'q1' not found (looked for /exams/img/gone.png)"
    );
}

#[test]
fn image_that_is_not_an_image() {
    let toml = GOOD.replace("stem =", "image = \"img/text.png\"\nstem =");
    assert_eq!(
        errors(&toml),
        "x.toml:8:9: error: image 'img/text.png' of question 'q1' is not a PNG or JPEG image: its content is not a known image format"
    );
}

#[test]
fn image_outside_the_exam_folder() {
    let toml = GOOD.replace("stem =", "image = \"img/../../secret.png\"\nstem =");
    assert_eq!(
        errors(&toml),
        "x.toml:8:9: error: image 'img/../../secret.png' of question 'q1' is outside the exam's folder ('..' is not allowed)"
    );
    let toml = GOOD.replace("stem =", "image = \"/etc/passwd\"\nstem =");
    assert_eq!(
        errors(&toml),
        "x.toml:8:9: error: image '/etc/passwd' of question 'q1' is an absolute path; give a path inside the exam's folder, relative to the exam file"
    );
    let toml = GOOD.replace("stem =", "image = \"img/link.png\"\nstem =");
    assert_eq!(
        errors(&toml),
        "x.toml:8:9: error: image 'img/link.png' of question 'q1' leads outside the exam's folder through a link"
    );
}

#[test]
fn an_image_that_is_there_is_kept() {
    let toml = GOOD.replace("stem =", "image = \"img/ok.png\"\nstem =");
    let paper = Paper::from_toml("x.toml", &toml, &images()).unwrap();
    assert_eq!(paper.questions()[0].image(), Some("img/ok.png"));
}

#[test]
fn zero_duration() {
    let toml = GOOD.replace("title = \"T\"", "title = \"T\"\nduration_minutes = 0");
    assert_eq!(errors(&toml), "x.toml:4:20: error: duration_minutes must be at least 1, got 0");
}

#[test]
fn bad_pass_percent() {
    let toml = GOOD.replace("title = \"T\"", "title = \"T\"\npass_percent = 120");
    assert_eq!(errors(&toml), "x.toml:4:16: error: pass_percent must be between 0 and 100, got 120");
    let toml = GOOD.replace("title = \"T\"", "title = \"T\"\npass_percent = -0.5");
    assert_eq!(errors(&toml), "x.toml:4:16: error: pass_percent must be between 0 and 100, got -0.5");
}

#[test]
fn time_warning_outside_the_exam() {
    let toml = GOOD
        .replace("title = \"T\"", "title = \"T\"\nduration_minutes = 30\ntime_warnings_minutes = [30, 5, 5]");
    assert_eq!(
        errors(&toml),
        "x.toml:5:26: error: time warning at 30 minutes does not fall within the 30-minute exam\n\
         x.toml:5:33: error: time warning at 5 minutes is listed twice"
    );
}

#[test]
fn default_warnings_longer_than_a_short_exam_are_dropped() {
    let toml = GOOD.replace("title = \"T\"", "title = \"T\"\nduration_minutes = 15");
    let paper = Paper::from_toml("x.toml", &toml, &images()).unwrap();
    assert_eq!(paper.time_warnings(), &[5, 1]);
}

#[test]
fn wrong_types_name_the_key_and_both_types() {
    let toml = GOOD.replace("title = \"T\"", "title = 3\nshuffle_options = \"yes\"");
    assert_eq!(
        errors(&toml),
        "x.toml:3:9: error: 'title' in [exam] must be a string, found an integer\n\
         x.toml:4:19: error: 'shuffle_options' in [exam] must be a boolean (true or false), found a string"
    );
}

#[test]
fn missing_pieces_point_at_their_table() {
    let toml = "[exam]\nid = \"t\"\n\n[[questions]]\nid = \"q\"\n";
    assert_eq!(
        errors(toml),
        "x.toml:1:1: error: [exam] is missing 'title'\n\
         x.toml:4:1: error: question 'q' is missing 'domain'\n\
         x.toml:4:1: error: question 'q' is missing 'stem'\n\
         x.toml:4:1: error: question 'q' is missing 'options'"
    );
    assert_eq!(
        errors("[[questions]]\nstem = \"s\"\n").lines().next().unwrap(),
        "x.toml:1:1: error: missing [exam] table: an exam needs at least an id and a title"
    );
    assert_eq!(
        errors("[exam]\nid = \"t\"\ntitle = \"T\"\n"),
        "x.toml:1:1: error: the exam has no questions: add [[questions]] tables"
    );
}

#[test]
fn option_counts_outside_two_to_eight() {
    let toml = GOOD.replace(r#"  { text = "wrong" },"#, "");
    assert_eq!(errors(&toml), "x.toml:9:11: error: question 'q1' has 1 option; a question needs 2 to 8");
    let nine: String = (0..9).map(|i| format!("{{ text = \"o{i}\", correct = {} }}, ", i == 0)).collect();
    let toml = GOOD.replace(r#"{ text = "right", correct = true },"#, &nine);
    assert!(errors(&toml).contains("question 'q1' has 10 options; a question needs 2 to 8"));
}

#[test]
fn every_problem_is_reported_at_once() {
    let toml = "[exam]\nid = \"bad id\"\ntitle = \"\"\nduration_minutes = 0\npass_percent = 101\nfoo = 1\n\n\
                [[questions]]\nid = \"a\"\ndomain = \"D\"\nstem = \"\"\noptions = [{ text = \"x\" }, { text = \"y\" }]\n\n\
                [[questions]]\nid = \"a\"\ndomain = \"D\"\nstem = \"s\"\nimage = \"../up.png\"\noptions = [{ text = \"x\", correct = true }]\n";
    let text = errors(toml);
    assert_eq!(text.lines().count(), 10, "{text}");
    assert!(text.lines().all(|l| l.starts_with("x.toml:") && l.contains(": error: ")), "{text}");
}

#[test]
fn syntax_errors_are_located() {
    assert_eq!(
        errors("[exam]\nid = \"t\ntitle = \"T\"\n"),
        "x.toml:2:8: error: TOML syntax: invalid basic string, expected `\"`"
    );
}

#[test]
fn bytes_that_are_not_utf8_are_located() {
    let mut bytes = b"[exam]\nid = \"t\"\ntitle = \"caf".to_vec();
    bytes.push(0xff);
    let err = Paper::from_bytes("x.toml", &bytes, &TrustImages).unwrap_err();
    assert_eq!(
        err.to_string(),
        "x.toml:3:13: error: not UTF-8 text: byte 0xff cannot start or continue a character; save the file as UTF-8"
    );
}

#[test]
fn empty_binary_and_huge_inputs_are_refused_plainly() {
    assert_eq!(
        Paper::from_bytes("x.toml", b"", &TrustImages).unwrap_err().to_string(),
        "x.toml:1:1: error: the file is empty; an exam needs an [exam] table and questions"
    );
    assert_eq!(
        Paper::from_bytes("x.toml", b"[exam]\n\0\0\0", &TrustImages).unwrap_err().to_string(),
        "x.toml:2:1: error: a NUL byte: this is a binary file, not an exam"
    );
    let huge = vec![b'#'; examday::exam::MAX_EXAM_BYTES + 1];
    assert_eq!(
        Paper::from_bytes("x.toml", &huge, &TrustImages).unwrap_err().to_string(),
        "x.toml:1:1: error: the file is larger than 32 MB, the limit for an exam file; is it really an exam?"
    );
}

#[test]
fn mangled_files_never_panic() {
    // A fixed pseudo-random walk over byte edits of a real exam: every result is a paper or located errors.
    let base = std::fs::read(crate::support::fixture("small.toml")).unwrap();
    let mut state: u64 = 0x9e3779b97f4a7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..3000 {
        let mut bytes = base.clone();
        for _ in 0..(next() % 4 + 1) {
            let i = (next() as usize) % bytes.len();
            match next() % 3 {
                0 => bytes[i] = (next() % 256) as u8,
                1 => {
                    bytes.remove(i);
                }
                _ => bytes.insert(i, b"[]{}=\"\n,"[(next() % 8) as usize]),
            }
        }
        if let Err(e) = Paper::from_bytes("x.toml", &bytes, &TrustImages) {
            assert!(!e.problems.is_empty());
        }
    }
    // Deep nesting must not overflow the stack.
    let deep = format!("a = {}", "[".repeat(100_000));
    assert!(Paper::from_bytes("x.toml", deep.as_bytes(), &TrustImages).is_err());
}

#[test]
fn a_paper_survives_the_trip_through_its_raw_form() {
    let paper = crate::support::small_paper();
    let raw = paper.to_raw();
    let json = serde_json::to_string(&raw).unwrap();
    let back: examday::exam::RawPaper = serde_json::from_str(&json).unwrap();
    assert_eq!(Paper::from_raw("journal", &back, &TrustImages).unwrap(), *paper);
}
