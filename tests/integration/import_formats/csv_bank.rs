use super::common::csv_bank as parse;
use super::common::{crlf, every_prefix_parses, fixture, mutations_parse};
use examday::import::{ImageRef, ImportedOption, ImportedQuestion, Skipped};

fn opt(text: &str, correct: bool) -> ImportedOption {
    ImportedOption { text: text.into(), correct, why: None }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn problems(got: &examday::import::Imported) -> Vec<(usize, &str)> {
    got.problems.iter().map(|p| (p.line, p.message.as_str())).collect()
}

#[test]
fn comma_bank_with_ids_domains_tags_multiline_and_html_cells() {
    let got = parse("bank.csv", &fixture("csv_bank.csv"));
    assert_eq!(got.problems, vec![]);
    assert!(got.skipped.is_empty());
    assert_eq!(got.title, None);
    assert_eq!(
        got.questions,
        vec![
            ImportedQuestion {
                line: 2,
                name: Some("Q1".into()),
                domain: Some("Databases".into()),
                tags: strings(&["aws", "rds"]),
                stem: "Which AWS service provides managed relational databases?".into(),
                options: vec![
                    opt("Amazon DynamoDB", false),
                    opt("Amazon RDS", true),
                    opt("Amazon S3", false),
                    opt("Amazon Redshift", false),
                ],
                explanation: Some("RDS runs MySQL or PostgreSQL for you.".into()),
                image: None,
            },
            ImportedQuestion {
                line: 3,
                name: Some("Q2".into()),
                domain: Some("Networking".into()),
                tags: strings(&["networking", "osi"]),
                stem: "Which two protocols work at the transport layer?\n(Choose two.)".into(),
                options: vec![opt("TCP", true), opt("IP", false), opt("UDP", true), opt("ARP", false)],
                explanation: None,
                image: None,
            },
            // The row after a cell spanning two lines is on line 5; empty options C and D are dropped.
            ImportedQuestion {
                line: 5,
                name: Some("Q3".into()),
                domain: Some("Networking".into()),
                tags: vec![],
                stem: "What does \"CIDR\" stand for?".into(),
                options: vec![
                    opt("Classless Inter-Domain Routing", true),
                    opt("Common Internet Data Relay", false)
                ],
                explanation: None,
                image: None,
            },
            ImportedQuestion {
                line: 6,
                name: Some("Q4".into()),
                domain: Some("Networking".into()),
                tags: strings(&["ports", "tcp"]),
                stem: "Which port does HTTPS use by default?".into(),
                options: vec![opt("80", false), opt("443", true), opt("8080", false), opt("22", false)],
                explanation: Some("HTTPS uses 443.\n\nHTTP uses 80.".into()),
                image: None,
            },
        ]
    );
}

#[test]
fn tab_separated_bank_with_numbered_options_and_option_feedback() {
    let got = parse("bank.tsv", &fixture("bank.tsv"));
    assert_eq!(got.problems, vec![]);
    assert_eq!(got.questions.len(), 2);
    let nosql = &got.questions[0];
    assert_eq!(nosql.line, 2);
    assert_eq!(nosql.stem, "Which is a NoSQL database?");
    assert_eq!(
        nosql.options,
        vec![
            ImportedOption {
                text: "PostgreSQL".into(),
                correct: false,
                why: Some("PostgreSQL is relational.".into())
            },
            opt("MongoDB", true),
            opt("MySQL", false),
            opt("Oracle", false),
        ]
    );
    assert_eq!(nosql.explanation.as_deref(), Some("MongoDB stores documents."));
    assert_eq!(nosql.domain.as_deref(), Some("Databases"));
    let storage = &got.questions[1];
    assert_eq!(storage.line, 3);
    assert_eq!(storage.options.iter().map(|o| o.correct).collect::<Vec<_>>(), vec![true, false, true, false]);
    assert_eq!(storage.explanation, None);
    assert_eq!(storage.domain.as_deref(), Some("Storage"));
}

#[test]
fn faulty_rows_are_problems_at_their_line_and_the_rest_imported() {
    let got = parse("broken.csv", &fixture("csv_broken.csv"));
    assert_eq!(
        got.questions.iter().map(|q| (q.line, q.stem.as_str())).collect::<Vec<_>>(),
        vec![(2, "Which is a primary color?"), (8, "Which gas do plants\nabsorb?"),]
    );
    assert_eq!(
        problems(&got),
        vec![
            (3, "row has 4 cells, the header 6"),
            (4, "answer C names an empty option"),
            (5, "row “Which ocean is largest?” has no answer"),
            (6, "answer E names an option the header does not have (it has options A–D)"),
            (
                7,
                "answer “Maybe” is neither option letters (B, AC, A,C), option numbers (2, 1,3) nor the text of an option"
            ),
        ]
    );
}

#[test]
fn a_header_without_answer_or_question_column_is_one_problem_at_line_1() {
    let got = parse("missing.csv", &fixture("csv_missing_column.csv"));
    assert!(got.questions.is_empty() && got.skipped.is_empty());
    assert_eq!(
        problems(&got),
        vec![(1, "the header has no answer column (answer, correct or key); nothing imported")]
    );
    let got = parse("q.csv", "Text of it,A,B,Answer\nWhat?,x,y,A\n");
    assert_eq!(
        problems(&got),
        vec![(1, "the header has no question column (question, stem or prompt); nothing imported")]
    );
}

#[test]
fn anki_export_with_columns_deck_and_html() {
    let got = parse("deck.txt", &fixture("anki_mc.txt"));
    assert_eq!(got.title.as_deref(), Some("AWS Solutions Architect"));
    assert_eq!(problems(&got), vec![(11, "row has 3 cells, the header 9")]);
    assert_eq!(got.questions.len(), 3);

    let cdn = &got.questions[0];
    assert_eq!(cdn.line, 7);
    assert_eq!(cdn.stem, "Which service delivers content from edge locations?");
    assert_eq!(
        cdn.options,
        vec![
            opt("Amazon CloudFront", true),
            opt("Amazon Route 53", false),
            opt("AWS Direct Connect", false),
            opt("Amazon VPC", false),
        ]
    );
    assert_eq!(cdn.explanation.as_deref(), Some("CloudFront is the AWS CDN.\nIt caches at edge locations."));
    assert_eq!(cdn.tags, strings(&["aws", "cdn"]));
    assert_eq!(cdn.name, None);

    // "AC": multi-select; the quoted explanation spans lines 8-9, and in HTML its line break is a space.
    let serverless = &got.questions[1];
    assert_eq!(serverless.line, 8);
    assert_eq!(serverless.stem, "Which two services are serverless?");
    assert_eq!(
        serverless.options.iter().map(|o| o.correct).collect::<Vec<_>>(),
        vec![true, false, true, false]
    );
    assert_eq!(serverless.explanation.as_deref(), Some("Lambda runs code; DynamoDB stores items."));

    let ebs = &got.questions[2];
    assert_eq!(ebs.line, 10);
    assert_eq!(ebs.stem, "Which block storage attaches to EC2?");
    assert_eq!(ebs.image, Some(ImageRef::Path("ebs diagram.png".into())));
    assert_eq!(ebs.options.len(), 3);
}

#[test]
fn anki_front_back_notes_are_skipped_as_flashcards() {
    let got = parse("basic.txt", &fixture("anki_basic.txt"));
    assert_eq!(got.problems, vec![]);
    assert!(got.questions.is_empty());
    assert_eq!(
        got.skipped,
        vec![
            Skipped {
                line: 7,
                kind: "flashcard (no options)".into(),
                excerpt: "What does OSI stand for?".into()
            },
            Skipped {
                line: 8,
                kind: "flashcard (no options)".into(),
                excerpt: "How many layers has the OSI model?".into()
            },
        ]
    );
    // With #columns: too.
    let text = "#separator:Comma\n#columns:Front,Back\nWhat is DNS?,The name system\n";
    let got = parse("b.txt", text);
    assert_eq!(
        got.skipped.iter().map(|s| (s.line, s.kind.as_str())).collect::<Vec<_>>(),
        vec![(3, "flashcard (no options)")]
    );
    assert_eq!(got.problems, vec![]);
}

#[test]
fn anki_multiple_choice_add_on_columns_and_flag_answers() {
    let text = "#separator:tab\n#html:true\n#deck column:3\n\
                #columns:Question\tTitle\tDeck\tQ_1\tQ_2\tQ_3\tQ_4\tAnswers\tExtra 1\n\
                What is 2+2?\t\tMaths::Arithmetic\t3\t4\t5\t\t0 1 0\tBasic sum.\n\
                Which are even?\t\tMaths::Arithmetic\t2\t3\t4\t5\t1 0 1 0\t\n";
    let got = parse("allinone.txt", text);
    assert_eq!(got.problems, vec![]);
    assert_eq!(got.questions.len(), 2);
    assert_eq!(got.questions[0].options, vec![opt("3", false), opt("4", true), opt("5", false)]);
    assert_eq!(got.questions[0].domain.as_deref(), Some("Arithmetic"));
    assert_eq!(got.questions[0].explanation.as_deref(), Some("Basic sum."));
    assert_eq!(
        got.questions[1].options.iter().map(|o| o.correct).collect::<Vec<_>>(),
        vec![true, false, true, false]
    );
}

#[test]
fn semicolon_files_header_name_variants_and_answer_spellings() {
    let text = "Question ID;Prompt;Option A;Option B;Choice_C;Correct Answer;Topic;Tags\n\
                n1;First?;x;y;z;A;T1;a b\n\
                n2;Second?;x;y;z;a c;T1;\n\
                n3;Third?;x;y;z;\"2,3\";T2;\n\
                n4;Fourth?;x;y;z;(B);T2;\n\
                n5;Fifth?;x;y;z;ac;T2;\n";
    let got = parse("semi.csv", text);
    let right: Vec<Vec<bool>> =
        got.questions.iter().map(|q| q.options.iter().map(|o| o.correct).collect()).collect();
    assert_eq!(
        right,
        vec![
            vec![true, false, false],
            vec![true, false, true],
            vec![false, true, true],
            vec![false, true, false]
        ]
    );
    assert_eq!(got.questions[0].name.as_deref(), Some("n1"));
    assert_eq!(got.questions[0].domain.as_deref(), Some("T1"));
    assert_eq!(got.questions[0].tags, strings(&["a", "b"]));
    // Letters run together only in capitals: "ac" could be a word.
    assert_eq!(got.problems.iter().map(|p| p.line).collect::<Vec<_>>(), vec![6]);
}

#[test]
fn question_and_answer_without_options_are_flashcards() {
    let got = parse("qa.csv", "Question,Answer\nCapital of France?,Paris\n,\nCapital of Italy?,Rome\n");
    assert_eq!(got.skipped.iter().map(|s| s.line).collect::<Vec<_>>(), vec![2, 4]);
    assert!(got.problems.is_empty() && got.questions.is_empty());
    // In a multiple-choice file, a row whose options are all empty is a flashcard too.
    let got = parse("mix.csv", "Question,A,B,Answer\nPick,x,y,A\nJust a card,,,\n");
    assert_eq!(got.questions.len(), 1);
    assert_eq!(
        got.skipped.iter().map(|s| (s.line, s.kind.as_str())).collect::<Vec<_>>(),
        vec![(3, "flashcard (no options)")]
    );
}

#[test]
fn an_unclosed_quote_is_reported_with_a_hint() {
    let got = parse("q.csv", "Question,A,B,Answer\nOK?,x,y,A\n\"Broken?,x,y,A\nNext?,x,y,B\n");
    assert_eq!(got.questions.len(), 1);
    assert_eq!(got.problems.len(), 1);
    assert_eq!(got.problems[0].line, 3);
    assert!(got.problems[0].message.contains("a quoted cell may never be closed"), "{:?}", got.problems);
}

#[test]
fn rows_with_one_option_or_no_question_are_problems() {
    let got = parse("q.csv", "Question,A,B,Answer\nOne?,x,,A\n,x,y,A\n");
    assert_eq!(problems(&got), vec![(2, "row “One?” has only one option"), (3, "row has no question text")]);
}

fn right(got: &examday::import::Imported) -> Vec<(usize, Vec<&str>)> {
    got.questions
        .iter()
        .map(|q| (q.line, q.options.iter().filter(|o| o.correct).map(|o| o.text.as_str()).collect()))
        .collect()
}

#[test]
fn an_answer_cell_may_hold_the_text_of_the_right_option_or_options() {
    let got = parse("texts.csv", &fixture("csv_answer_text.csv"));
    assert_eq!(
        right(&got),
        vec![
            // Capitals A–H that are an option's whole text are that option, not the letters D, A, C or B, G, P.
            (2, vec!["DAC"]),
            (3, vec!["BGP"]),
            // Any case; several texts separated by ";" or "|".
            (4, vec!["Amazon DynamoDB"]),
            (5, vec!["AWS Lambda", "Amazon DynamoDB"]),
            (6, vec!["Amazon EBS", "Amazon EFS"]),
            // "A" is both the third option's text and the first option's letter: the rows of this file name
            // their answers by text, and so does this one.
            (7, vec!["A"]),
            (8, vec!["22"]),
            (11, vec!["443"]),
        ]
    );
    assert_eq!(
        problems(&got),
        vec![
            (
                9,
                "answer “Word” is neither option letters (B, AC, A,C), option numbers (2, 1,3) nor the text of an \
                 option"
            ),
            (10, "answer “Yes” is the text of more than one option"),
        ]
    );
}

#[test]
fn a_letter_or_number_that_is_also_another_options_text_follows_how_the_file_names_its_answers() {
    // Numbered answers elsewhere: "2" is the second option (4), not the option whose text is 2.
    let numbers = "Question,Option 1,Option 2,Option 3,Option 4,Answer\n\
                   How many bits are in a nibble?,2,4,8,16,2\n\
                   Which port does SSH use?,21,22,23,25,2\n\
                   Which port does DNS use?,53,80,443,22,1\n";
    assert_eq!(right(&parse("n.csv", numbers)), vec![(2, vec!["4"]), (3, vec!["22"]), (4, vec!["53"])]);
    // Answers by text elsewhere: "2" is the option 2.
    let texts = "Question,Option 1,Option 2,Option 3,Option 4,Answer\n\
                 What is 1 + 1?,3,1,2,4,2\n\
                 Which port does SSH use?,21,22,23,25,22\n";
    assert_eq!(right(&parse("t.csv", texts)), vec![(2, vec!["2"]), (3, vec!["22"])]);
    // Nothing else to go by: the whole text of an option wins.
    let alone = "Question,Option 1,Option 2,Option 3,Option 4,Answer\nWhat is 1 + 1?,3,1,2,4,2\n";
    assert_eq!(right(&parse("a.csv", alone)), vec![(2, vec!["2"])]);
    // Letters in another case than the option's text stay letters; readings that agree are one answer.
    let letters = "Question,A,B,C,D,Answer\nFirst?,c,a,b,d,A\nSecond?,a,b,c,d,B\n";
    assert_eq!(right(&parse("l.csv", letters)), vec![(2, vec!["c"]), (3, vec!["b"])]);
}

#[test]
fn a_row_with_more_cells_than_the_header_is_a_problem_unless_they_are_empty() {
    let got = parse("extra.csv", &fixture("csv_extra_cells.csv"));
    assert_eq!(
        problems(&got),
        vec![
            (2, "row has 9 cells, the header 7: a comma inside a cell needs the cell in double quotes"),
            (6, "row has 9 cells, the header 7: a comma inside a cell needs the cell in double quotes"),
        ]
    );
    assert_eq!(
        got.questions.iter().map(|q| (q.line, q.explanation.as_deref())).collect::<Vec<_>>(),
        vec![
            (3, Some("Deep Archive is cheapest, but retrieval takes 12 hours.")),
            (4, None),
            (5, Some("Attach it to EC2.")),
        ]
    );
    // The answer column before the options: a comma in an option would shift every option after it.
    let got =
        parse("shift.csv", "question,answer,A,B,C,D\nWhich is durable?,B,S3,EBS, with snapshots,EFS,FSx\n");
    assert!(got.questions.is_empty());
    assert_eq!(
        problems(&got),
        vec![(2, "row has 7 cells, the header 6: a comma inside a cell needs the cell in double quotes")]
    );
    // The hint names the file's separator.
    let got = parse("t.tsv", "Question\tA\tB\tAnswer\nWhich?\tx\ty\tA\tstray\n");
    assert_eq!(
        problems(&got),
        vec![(2, "row has 5 cells, the header 4: a tab inside a cell needs the cell in double quotes")]
    );
}

#[test]
fn answer_messages_quote_the_answer_as_written() {
    let text = "Question,Option 1,Option 2,Option 3,Option 4,Correct Answer\n\
                Which?,a,b,c,,4\n\
                Which two?,a,b,c,d,\"2,9\"\n\
                Which one?,w,x,,z,c\n\
                Which letter?,w,x,y,z,J\n";
    let got = parse("m.csv", text);
    assert!(got.questions.is_empty());
    assert_eq!(
        problems(&got),
        vec![
            (2, "answer 4 names an empty option"),
            (3, "answer 9 names an option the header does not have (it has options 1–4)"),
            (4, "answer c names an empty option"),
            (5, "answer J names an option the header does not have (it has options A–D)"),
        ]
    );
}

#[test]
fn crlf_gives_the_same_as_lf() {
    for name in [
        "csv_bank.csv",
        "bank.tsv",
        "csv_broken.csv",
        "csv_missing_column.csv",
        "anki_mc.txt",
        "anki_basic.txt",
        "csv_answer_text.csv",
        "csv_extra_cells.csv",
    ] {
        let text = fixture(name);
        assert_eq!(parse("f", &crlf(&text)), parse("f", &text), "{name}");
    }
}

#[test]
fn empty_input_gives_nothing() {
    assert_eq!(parse("e", ""), Default::default());
    assert_eq!(parse("e", "#separator:tab\n#html:true\n"), Default::default());
}

#[test]
fn truncated_or_mutated_files_never_panic() {
    let names = [
        "csv_bank.csv",
        "bank.tsv",
        "csv_broken.csv",
        "csv_missing_column.csv",
        "anki_mc.txt",
        "anki_basic.txt",
        "csv_answer_text.csv",
        "csv_extra_cells.csv",
    ];
    for (seed, name) in names.into_iter().enumerate() {
        let text = fixture(name);
        every_prefix_parses(parse, &text);
        mutations_parse(parse, &text, seed as u64 + 3);
    }
}
