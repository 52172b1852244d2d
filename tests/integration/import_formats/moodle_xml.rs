use super::common::moodle_xml as parse;
use super::common::{crlf, every_prefix_parses, fixture, mutations_parse};
use base64::Engine as _;
use examday::import::{ImageRef, ImportedOption, ImportedQuestion};

const STAR_PNG: &str =
    "iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEElEQVR4nGP4z8AARwzEcQCukw/x0F8jngAAAABJRU5ErkJggg==";

fn png() -> Vec<u8> {
    base64::engine::general_purpose::STANDARD.decode(STAR_PNG).expect("test PNG")
}

fn opt(text: &str, correct: bool, why: Option<&str>) -> ImportedOption {
    ImportedOption { text: text.into(), correct, why: why.map(String::from) }
}

fn question(questions: &[ImportedQuestion], line: usize) -> &ImportedQuestion {
    questions.iter().find(|q| q.line == line).unwrap_or_else(|| panic!("no question at line {line}"))
}

#[test]
fn hand_written_bank_imports_choice_questions_with_everything_they_carry() {
    let got = parse("bank.xml", &fixture("moodle_bank.xml"));
    assert_eq!(got.questions.iter().map(|q| q.line).collect::<Vec<_>>(), vec![6, 18, 28, 37, 49, 108]);
    let qs = &got.questions;

    assert_eq!(
        question(qs, 6),
        &ImportedQuestion {
            line: 6,
            name: Some("OSI layer of IP".into()),
            domain: Some("Networking".into()),
            tags: vec!["osi".into(), "ip".into()],
            stem: "At which OSI layer does IP operate?".into(),
            options: vec![
                opt("Data link", false, Some("That is Ethernet's layer.")),
                opt("Network", true, Some("Right: routing happens here.")),
                opt("Transport", false, None),
            ],
            explanation: Some("IP is a layer 3 protocol.".into()),
            image: None,
        }
    );

    // Multi-select: every positive fraction is right; a line break inside the HTML is a space.
    let multi = question(qs, 18);
    assert_eq!(multi.stem, "Which two protocols work at the transport layer?");
    assert_eq!(
        multi.options,
        vec![opt("TCP", true, None), opt("IP", false, None), opt("UDP", true, None), opt("ARP", false, None)]
    );
    assert_eq!(multi.domain.as_deref(), Some("Networking"));

    let tf = question(qs, 28);
    assert_eq!(tf.stem, "UDP guarantees delivery.");
    assert_eq!(
        tf.options,
        vec![opt("True", false, Some("No: UDP is best effort.")), opt("False", true, None)]
    );

    // Embedded image: the first one the stem shows, decoded; no trace of the <img> tags in the stem.
    let topology = question(qs, 37);
    assert_eq!(topology.stem, "Which topology does this diagram show?");
    assert_eq!(topology.image, Some(ImageRef::Embedded { name: "star net.png".into(), bytes: png() }));
    assert_eq!(
        topology.domain.as_deref(),
        Some("Cloud/Storage"),
        "\"//\" escapes a slash in a category name"
    );

    // Single answer with partial credit on two answers: the 100% one is right.
    let partial = question(qs, 49);
    assert_eq!(partial.stem, "Pick the best storage for cold data.");
    assert_eq!(
        partial.options.iter().filter(|o| o.correct).map(|o| o.text.as_str()).collect::<Vec<_>>(),
        vec!["Archive tier"]
    );

    assert_eq!(question(qs, 108).domain.as_deref(), Some("Cloud/Storage"));
}

#[test]
fn other_question_types_are_skipped_with_line_and_kind() {
    let got = parse("bank.xml", &fixture("moodle_bank.xml"));
    let skipped: Vec<(usize, &str, &str)> =
        got.skipped.iter().map(|s| (s.line, s.kind.as_str(), s.excerpt.as_str())).collect();
    assert_eq!(
        skipped,
        vec![
            (57, "essay", "Explain RAID 5 in your own words."),
            (61, "matching", "Match each protocol to its port."),
            (65, "matching", "Match each device to its layer."),
            (69, "short answer", "Which command shows the routing table?"),
            (72, "numerical", "How many bits are in an IPv4 address?"),
            (75, "cloze", "{1:SHORTANSWER:=TCP} is connection-oriented."),
            (78, "description", "The next questions are about storage."),
        ]
    );
}

#[test]
fn unsound_choice_questions_are_problems_at_their_question_line() {
    let got = parse("bank.xml", &fixture("moodle_bank.xml"));
    let problems: Vec<(usize, &str)> = got.problems.iter().map(|p| (p.line, p.message.as_str())).collect();
    assert_eq!(problems.iter().map(|p| p.0).collect::<Vec<_>>(), vec![81, 87, 92, 100], "{problems:?}");
    assert!(problems[0].1.contains("“No right answer” has no right answer"), "{}", problems[0].1);
    assert!(problems[1].1.contains("1 answer(s); at least 2"), "{}", problems[1].1);
    assert!(problems[2].1.contains("none gives 100%"), "{}", problems[2].1);
    assert!(problems[3].1.contains("“bad.png” does not decode as base64"), "{}", problems[3].1);
}

#[test]
fn real_moodle_export_with_cdata_categories_and_image() {
    let got = parse("export.xml", &fixture("moodle_export.xml"));
    assert_eq!(got.problems, vec![]);
    assert_eq!(got.title, None);
    assert_eq!(got.questions.len(), 3);

    let ospf = &got.questions[0];
    assert_eq!(
        ospf,
        &ImportedQuestion {
            line: 17,
            name: Some("OSPF metric".into()),
            domain: Some("Routing".into()),
            tags: vec!["ospf".into(), "ccna".into()],
            stem: "Which metric does OSPF use to choose a route?".into(),
            options: vec![
                opt("Hop count", false, Some("Hop count is RIP's metric.")),
                opt("Cost", true, None),
                opt("Delay & load", false, None),
            ],
            explanation: Some("OSPF uses cost, derived from interface bandwidth.".into()),
            image: None,
        }
    );

    let diagram = &got.questions[1];
    assert_eq!(diagram.line, 75);
    assert_eq!(diagram.stem, "Which topology is shown?");
    assert_eq!(diagram.image, Some(ImageRef::Embedded { name: "star topology.png".into(), bytes: png() }));
    assert_eq!(diagram.options.iter().filter(|o| o.correct).count(), 2);
    assert_eq!(diagram.explanation, None, "an empty general feedback is no explanation");
    assert_eq!(diagram.domain.as_deref(), Some("Routing"));

    let tf = &got.questions[2];
    assert_eq!(tf.line, 138);
    assert_eq!(tf.domain.as_deref(), Some("Transport"));
    assert_eq!(tf.stem, "TCP opens a connection with a three-way handshake.");
    assert_eq!(
        tf.options,
        vec![opt("True", true, None), opt("False", false, Some("It does: SYN, SYN-ACK, ACK."))]
    );
    assert_eq!(tf.explanation.as_deref(), Some("SYN, SYN-ACK, ACK."));

    let skipped: Vec<(usize, &str, &str)> =
        got.skipped.iter().map(|s| (s.line, s.kind.as_str(), s.excerpt.as_str())).collect();
    assert_eq!(
        skipped,
        vec![
            (167, "essay", "Compare TCP and UDP for video streaming."),
            (195, "drag and drop into text", "HTTPS uses port [[1]] and SSH port [[2]]."),
        ]
    );
}

#[test]
fn a_file_cut_in_half_is_one_problem_at_the_line_the_parser_names() {
    let text = fixture("moodle_export.xml");
    let half: String = text.lines().take(100).map(|l| format!("{l}\n")).collect();
    let got = parse("export.xml", &half);
    assert!(got.questions.is_empty() && got.skipped.is_empty());
    assert_eq!(got.problems.len(), 1);
    assert_eq!(got.problems[0].line, 100, "{:?}", got.problems[0]);
    assert!(got.problems[0].message.starts_with("the file is not well-formed XML"), "{:?}", got.problems[0]);

    // Cut in the middle of a tag: the file's last line.
    let mut cut = text.len() / 2;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let half = &text[..cut];
    let got = parse("export.xml", half);
    assert!(got.questions.is_empty() && got.skipped.is_empty());
    assert_eq!(got.problems.len(), 1);
    assert_eq!(got.problems[0].line, half.lines().count(), "{:?}", got.problems[0]);

    // A closing tag that does not match: the line of the mismatch.
    let text = fixture("moodle_bank.xml").replacen(
        "<answer fraction=\"0\"><text>Transport</text></answer>",
        "<answer fraction=\"0\"><text>Transport</txet></answer>",
        1,
    );
    let got = parse("bank.xml", &text);
    assert!(got.questions.is_empty());
    assert_eq!(got.problems.iter().map(|p| p.line).collect::<Vec<_>>(), vec![15]);
}

#[test]
fn a_file_that_is_not_a_moodle_quiz_is_a_problem() {
    let got = parse("x.xml", "<?xml version=\"1.0\"?>\n<html><body/></html>");
    assert_eq!(got.problems.len(), 1);
    assert_eq!(got.problems[0].line, 2);
    assert!(got.problems[0].message.contains("root element is <html>"));
    let got = parse("x.xml", "");
    assert_eq!(got.problems.len(), 1);
}

#[test]
fn single_false_multi_select_and_missing_single_defaults_to_single() {
    let xml = r#"<quiz>
<question type="multichoice"><questiontext><text>Pick</text></questiontext>
<answer fraction="100"><text>a</text></answer><answer fraction="100"><text>b</text></answer><answer fraction="0"><text>c</text></answer>
</question>
<question type="multichoiceset"><questiontext><text>All of</text></questiontext>
<answer fraction="1"><text>x</text></answer><answer fraction="1"><text>y</text></answer><answer fraction="0"><text>z</text></answer>
</question>
</quiz>"#;
    let got = parse("x.xml", xml);
    // No <single>: single answer, where two 100% answers mean "either one", which examday cannot ask.
    assert_eq!(got.problems.len(), 1);
    assert_eq!(got.problems[0].line, 2);
    assert!(got.problems[0].message.contains("any one of them is right"), "{:?}", got.problems[0]);
    // multichoiceset: all of the positive answers.
    assert_eq!(
        got.questions[0].options.iter().map(|o| o.correct).collect::<Vec<_>>(),
        vec![true, true, false]
    );
    assert_eq!(got.questions[0].name, None);
}

#[test]
fn image_referenced_but_not_embedded_is_a_problem_and_a_relative_path_is_kept() {
    let xml = r#"<quiz>
<question type="multichoice"><questiontext format="html"><text><![CDATA[<p>See <img src="@@PLUGINFILE@@/gone.png"></p>]]></text></questiontext>
<answer fraction="100"><text>a</text></answer><answer fraction="0"><text>b</text></answer></question>
<question type="multichoice"><questiontext format="html"><text><![CDATA[<img src="https://example.org/x.png"><img src='img/local%20one.png'>Which?]]></text></questiontext>
<answer fraction="100"><text>a</text></answer><answer fraction="0"><text>b</text></answer></question>
</quiz>"#;
    let got = parse("x.xml", xml);
    assert_eq!(got.problems.len(), 1);
    assert_eq!(got.problems[0].line, 2);
    assert!(got.problems[0].message.contains("“gone.png” is shown but not embedded"), "{:?}", got.problems);
    assert_eq!(got.questions[0].image, Some(ImageRef::Path("img/local one.png".into())));
    assert_eq!(got.questions[0].stem, "Which?");
}

#[test]
fn crlf_gives_the_same_as_lf() {
    for name in ["moodle_bank.xml", "moodle_export.xml"] {
        let text = fixture(name);
        assert_eq!(parse("f", &crlf(&text)), parse("f", &text), "{name}");
    }
}

#[test]
fn truncated_or_mutated_files_never_panic() {
    for (seed, name) in ["moodle_bank.xml", "moodle_export.xml"].into_iter().enumerate() {
        let text = fixture(name);
        every_prefix_parses(parse, &text);
        mutations_parse(parse, &text, seed as u64 + 7);
    }
}

#[test]
fn nesting_thousands_deep_is_a_problem_not_a_stack_overflow() {
    let deep = format!(
        "<?xml version=\"1.0\"?>\n<quiz>\n<question type=\"multichoice\"><questiontext><text>{}x{}</text></questiontext></question>\n</quiz>\n",
        "<b>".repeat(20_000),
        "</b>".repeat(20_000)
    );
    let got = parse("deep.xml", &deep);
    assert!(got.questions.is_empty());
    assert_eq!(got.problems.len(), 1);
    assert_eq!(got.problems[0].line, 3);
    assert!(got.problems[0].message.contains("nested more than 256 deep"), "{:?}", got.problems[0]);
    // Ordinary depth, attributes holding '>' and '/', self-closing tags, CDATA and comments are not depth.
    let fine = "<quiz><!-- <a><a> --><question type=\"category\"><category><text a=\"x>/\">$course$/top/N</text></category></question>\
                <br/><![CDATA[<a><a><a>]]></quiz>";
    assert!(parse("fine.xml", fine).problems.is_empty());
}

#[test]
fn a_single_answer_question_with_two_full_marks_answers_is_left_out() {
    let xml = "<quiz><question type=\"multichoice\"><name><text>Either</text></name>\
               <questiontext format=\"html\"><text>Name a primary colour.</text></questiontext><single>true</single>\
               <answer fraction=\"100\"><text>Red</text></answer><answer fraction=\"100\"><text>Blue</text></answer>\
               <answer fraction=\"0\"><text>Green</text></answer></question></quiz>";
    let got = parse("either.xml", xml);
    assert!(got.questions.is_empty());
    assert!(got.problems[0].message.contains("any one of them is right"), "{:?}", got.problems);
}
