use super::common::aiken as parse;
use super::common::{crlf, every_prefix_parses, fixture, mutations_parse};
use examday::import::{ImportedOption, ImportedQuestion, Problem};

fn opt(text: &str, correct: bool) -> ImportedOption {
    ImportedOption { text: text.into(), correct, why: None }
}

fn q(line: usize, stem: &str, options: Vec<ImportedOption>) -> ImportedQuestion {
    ImportedQuestion { line, stem: stem.into(), options, ..ImportedQuestion::default() }
}

#[test]
fn well_formed_bank_imports_every_question() {
    let got = parse("bank.txt", &fixture("aiken_bank.txt"));
    assert_eq!(got.problems, vec![]);
    assert!(got.skipped.is_empty());
    assert_eq!(got.title, None);
    assert_eq!(
        got.questions,
        vec![
            q(
                1,
                "Which AWS service provides managed relational databases?",
                vec![
                    opt("Amazon DynamoDB", false),
                    opt("Amazon RDS", true),
                    opt("Amazon S3", false),
                    opt("Amazon Redshift Spectrum", false),
                ],
            ),
            // Two stem lines, "A." labels, lower-case "answer: b.".
            q(
                8,
                "A company must keep audit logs for seven years.\nWhich storage class is the cheapest for data read once a year?",
                vec![
                    opt("S3 Standard", false),
                    opt("S3 Glacier Deep Archive", true),
                    opt("S3 One Zone-IA", false)
                ],
            ),
            // No space after the label; several letters make a multi-select question.
            q(
                15,
                "Which two protocols work at the transport layer?",
                vec![opt("TCP", true), opt("IP", false), opt("UDP", true), opt("ARP", false)],
            ),
            q(
                22,
                "What does CIDR stand for?",
                vec![opt("Classless Inter-Domain Routing", true), opt("Common Internet Data Relay", false)],
            ),
            // No blank line before it: the ANSWER line above ended the previous question.
            q(
                26,
                "Which port does HTTPS use by default?",
                vec![opt("80", false), opt("443", true), opt("8080", false)]
            ),
        ]
    );
    assert!(got.questions.iter().all(|q| q.name.is_none() && q.domain.is_none() && q.explanation.is_none()));
}

#[test]
fn faulty_questions_are_reported_with_their_line_and_the_rest_imported() {
    let got = parse("broken.txt", &fixture("aiken_broken.txt"));
    let stems: Vec<(usize, &str)> = got.questions.iter().map(|q| (q.line, q.stem.as_str())).collect();
    assert_eq!(stems, vec![(1, "What is 2 + 2?"), (19, "What is the capital of France?")]);
    let lines: Vec<usize> = got.problems.iter().map(|p| p.line).collect();
    // Block without ANSWER (its first line), ANSWER D with options A-B (the ANSWER line), ANSWER without options.
    assert_eq!(lines, vec![6, 14, 16]);
    assert!(got.problems[0].message.contains("no ANSWER line"), "{:?}", got.problems[0]);
    assert!(got.problems[0].message.contains("Which layer routes packets?"));
    assert!(got.problems[1].message.contains("ANSWER D names no option"), "{:?}", got.problems[1]);
    assert!(got.problems[2].message.contains("no options"), "{:?}", got.problems[2]);
}

#[test]
fn a_stem_line_after_options_starts_a_new_question() {
    let text = "First?\nA) x\nB) y\nSecond?\nA) p\nB) q\nANSWER: A\n";
    let got = parse("t.txt", text);
    assert_eq!(got.questions.len(), 1);
    assert_eq!(got.questions[0].line, 4);
    assert_eq!(got.problems.iter().map(|p| p.line).collect::<Vec<_>>(), vec![1]);
}

#[test]
fn stem_lines_that_look_like_labels_stay_in_the_stem() {
    // "A. Lincoln" opens the stem, and "I." / "II." are not option A.
    let text = "A. Lincoln said which of these?\nI. four score\nII. seven years\nA) Only I\nB) I and II\nANSWER: B\n";
    let got = parse("t.txt", text);
    assert_eq!(got.problems, vec![]);
    assert_eq!(got.questions[0].stem, "A. Lincoln said which of these?\nI. four score\nII. seven years");
    assert_eq!(got.questions[0].options, vec![opt("Only I", false), opt("I and II", true)]);
}

#[test]
fn option_letters_out_of_order_or_too_many_or_single_are_problems() {
    let text = "Skip?\nA) x\nC) y\nANSWER: A\n\nNine?\nA) 1\nB) 2\nC) 3\nD) 4\nE) 5\nF) 6\nG) 7\nH) 8\nI) 9\nANSWER: A\n\n\
                One?\nA) only\nANSWER: A\n\nBad letter?\nA) x\nB) y\nANSWER: maybe\n";
    let got = parse("t.txt", text);
    assert!(got.questions.is_empty());
    let problems: Vec<(usize, &str)> = got.problems.iter().map(|p| (p.line, p.message.as_str())).collect();
    assert_eq!(problems.len(), 4, "{problems:?}");
    assert_eq!(problems[0].0, 3);
    assert!(problems[0].1.contains("option C) where B) was expected"));
    assert_eq!(problems[1].0, 6);
    assert!(problems[1].1.contains("at most 8"));
    assert_eq!(problems[2].0, 18);
    assert!(problems[2].1.contains("only one option"));
    assert_eq!(problems[3], (25, "ANSWER “maybe” is not an option letter"));
}

#[test]
fn answer_without_a_question_and_trailing_block_without_answer() {
    let got = parse("t.txt", "ANSWER: A\n\nLast question?\nA) yes\nB) no");
    assert!(got.questions.is_empty());
    assert_eq!(got.problems.iter().map(|p| p.line).collect::<Vec<_>>(), vec![1, 3]);
}

#[test]
fn crlf_gives_the_same_as_lf() {
    for name in ["aiken_bank.txt", "aiken_broken.txt"] {
        let text = fixture(name);
        assert_eq!(parse("f", &crlf(&text)), parse("f", &text), "{name}");
    }
}

#[test]
fn empty_input_gives_nothing() {
    assert_eq!(parse("e", ""), Default::default());
    assert_eq!(parse("e", "\n\n  \n"), Default::default());
}

#[test]
fn truncated_or_mutated_files_never_panic() {
    for (seed, name) in ["aiken_bank.txt", "aiken_broken.txt"].into_iter().enumerate() {
        let text = fixture(name);
        every_prefix_parses(parse, &text);
        mutations_parse(parse, &text, seed as u64 + 11);
    }
}

#[test]
fn problem_type_is_plain() {
    // The interface's Problem is what callers print: line and message.
    let got = parse("t.txt", "Q?\nA) a\nB) b\n");
    assert_eq!(got.problems, vec![Problem { line: 1, message: "question “Q?”: no ANSWER line".into() }]);
}
