//! Golden tests on the two real samples (tests/fixtures/corpora/markdown-numbered, MIT, LICENSE beside them),
//! fixtures for each style and each problem, and robustness: truncation, mutation, CRLF.

use super::*;

const EXAM_1: &str =
    include_str!("../../../../../tests/fixtures/corpora/markdown-numbered/practice-exam-1.md");
const EXAM_23: &str =
    include_str!("../../../../../tests/fixtures/corpora/markdown-numbered/practice-exam-23.md");

/// Lines joined with "\n", so that a fixture's line numbers are its indices + 1.
fn doc(lines: &[&str]) -> String {
    lines.join("\n")
}

fn question<'a>(imported: &'a Imported, name: &str) -> &'a ImportedQuestion {
    let found = imported.questions.iter().find(|q| q.name.as_deref() == Some(name));
    found.unwrap_or_else(|| panic!("no question named {name}"))
}

/// A question's line, stem, options (text, in order), right answers (letters) and explanation.
#[track_caller]
fn check(
    q: &ImportedQuestion,
    line: usize,
    stem: &str,
    options: &[&str],
    right: &str,
    explanation: Option<&str>,
) {
    assert_eq!(q.line, line, "line of {:?}", q.name);
    assert_eq!(q.stem, stem, "stem of {:?}", q.name);
    let texts: Vec<&str> = q.options.iter().map(|o| o.text.as_str()).collect();
    assert_eq!(texts, options, "options of {:?}", q.name);
    let letters: String = q
        .options
        .iter()
        .enumerate()
        .filter(|(_, o)| o.correct)
        .map(|(k, _)| letter_for(k).unwrap_or('?'))
        .collect();
    assert_eq!(letters, right, "right answers of {:?}", q.name);
    assert_eq!(q.explanation.as_deref(), explanation, "explanation of {:?}", q.name);
}

fn problems(imported: &Imported) -> Vec<(usize, &str)> {
    imported.problems.iter().map(|p| (p.line, p.message.as_str())).collect()
}

// ---------------------------------------------------------------------------------------------------------
// Golden: the real samples (style a)
// ---------------------------------------------------------------------------------------------------------

#[test]
fn exam_1_gives_its_fifty_questions_and_no_problem() {
    let r = parse("practice-exam-1.md", EXAM_1);
    assert_eq!(r.title.as_deref(), Some("Practice Exam 1"));
    assert_eq!(r.questions.len(), 50);
    assert_eq!(r.problems, vec![]);
    assert_eq!(r.skipped, vec![]);
    for (k, q) in r.questions.iter().enumerate() {
        assert_eq!(q.name, Some((k + 1).to_string()));
        assert!((4..=5).contains(&q.options.len()), "question {}", k + 1);
        assert_eq!(q.domain, None);
        assert_eq!(q.tags, Vec::<String>::new());
        assert_eq!(q.image, None);
        assert_eq!(q.explanation, None, "exam 1 has no explanations");
        assert!(q.options.iter().all(|o| o.why.is_none()));
    }
    let two: Vec<&str> = r
        .questions
        .iter()
        .filter(|q| q.options.iter().filter(|o| o.correct).count() == 2)
        .filter_map(|q| q.name.as_deref())
        .collect();
    assert_eq!(two, ["4", "8", "14", "18", "20", "26", "32", "38", "39", "44", "47", "48"]);
    let others_have_one = r
        .questions
        .iter()
        .filter(|q| !two.contains(&q.name.as_deref().unwrap_or("")))
        .all(|q| q.options.iter().filter(|o| o.correct).count() == 1);
    assert!(others_have_one);
}

#[test]
fn exam_1_spread_out_questions() {
    let r = parse("practice-exam-1.md", EXAM_1);
    check(
        question(&r, "1"),
        7,
        "AWS allows users to manage their resources using a web based user interface. What is the name of this interface?",
        &["AWS CLI.", "AWS API.", "AWS SDK.", "AWS Management Console."],
        "D",
        None,
    );
    check(
        question(&r, "4"),
        37,
        "Which of the below options are related to the reliability of AWS? (Choose TWO)",
        &[
            "Applying the principle of least privilege to all AWS resources.",
            "Automatically provisioning new resources to meet demand.",
            "All AWS services are considered Global Services, and this design helps customers serve their international users.",
            "Providing compensation to customers if issues occur.",
            "Ability to recover quickly from failures.",
        ],
        "BE",
        None,
    );
    // A bare "&" stays as it is.
    check(
        question(&r, "16"),
        160,
        "Which of the following helps a customer view the Amazon EC2 billing activity for the past month?",
        &["AWS Budgets.", "AWS Pricing Calculator.", "AWS Systems Manager.", "AWS Cost & Usage Reports."],
        "D",
        None,
    );
    check(
        question(&r, "19"),
        191,
        "One of the most important AWS best-practices to follow is the cloud architecture principle of elasticity. How does this principle improve your architecture’s design?",
        &[
            "By automatically scaling your on-premises resources based on changes in demand.",
            "By automatically scaling your AWS resources using an Elastic Load Balancer.",
            "By reducing interdependencies between application components wherever possible.",
            "By automatically provisioning the required AWS resources based on changes in demand.",
        ],
        "D",
        None,
    );
    // "Select TWO" without parentheses is a count too, and it agrees.
    check(
        question(&r, "38"),
        384,
        "Select TWO examples of the AWS shared controls.",
        &[
            "Patch Management.",
            "IAM Management.",
            "VPC Management.",
            "Configuration Management.",
            "Data Center operations.",
        ],
        "AD",
        None,
    );
    check(
        question(&r, "39"),
        395,
        "In order to implement best practices when dealing with a “Single Point of Failure,” you should attempt to build as much automation as possible in both detecting and reacting to failure. Which of the following AWS services would help? (Choose TWO)",
        &["ELB.", "Auto Scaling.", "Amazon Athen.", "ECR.", "Amazon EC2."],
        "AB",
        None,
    );
    check(
        question(&r, "48"),
        488,
        "In the AWS Shared responsibility Model, which of the following are the responsibility of the customer? (Choose TWO)",
        &[
            "Disk disposal.",
            "Controlling physical access to compute resources.",
            "Patching the Network infrastructure.",
            "Setting password complexity rules.",
            "Configuring network access rules.",
        ],
        "DE",
        None,
    );
    check(
        question(&r, "50"),
        509,
        "An organization has decided to purchase an Amazon EC2 Reserved Instance (RI) for three years in order to reduce costs. It is possible that the application workloads could change during the reservation period. What is the EC2 Reserved Instance (RI) type that will allow the company to exchange the purchased reserved instance for another reserved instance with higher computing power if they need to?",
        &["Elastic RI.", "Premium RI.", "Standard RI.", "Convertible RI."],
        "D",
        None,
    );
}

#[test]
fn exam_23_gives_its_fifty_questions_and_no_problem() {
    let r = parse("practice-exam-23.md", EXAM_23);
    assert_eq!(r.title.as_deref(), Some("Practice Exam 23"));
    assert_eq!(r.questions.len(), 50);
    assert_eq!(r.problems, vec![]);
    assert_eq!(r.skipped, vec![]);
    let names: Vec<String> = r.questions.iter().filter_map(|q| q.name.clone()).collect();
    assert_eq!(names, (1..=50).map(|n| n.to_string()).collect::<Vec<_>>());
    // 46 answers carry an explanation, always a bare URL (the angle brackets dropped).
    let explained: Vec<&str> = r.questions.iter().filter_map(|q| q.explanation.as_deref()).collect();
    assert_eq!(explained.len(), 46);
    assert!(explained.iter().all(|e| e.starts_with("https://") && !e.contains(['<', '>', ' ', '\n'])));
    let without: Vec<&str> =
        r.questions.iter().filter(|q| q.explanation.is_none()).filter_map(|q| q.name.as_deref()).collect();
    assert_eq!(without, ["1", "9", "18", "49"]);
    let two: Vec<&str> = r
        .questions
        .iter()
        .filter(|q| q.options.iter().filter(|o| o.correct).count() == 2)
        .filter_map(|q| q.name.as_deref())
        .collect();
    assert_eq!(two, ["2", "16", "18", "20", "29", "34", "35", "42"]);
    // `<br/>` in a stem is a line break.
    assert_eq!(r.questions.iter().filter(|q| q.stem.contains('\n')).count(), 21);
}

#[test]
fn exam_23_spread_out_questions() {
    let r = parse("practice-exam-23.md", EXAM_23);
    check(
        question(&r, "1"),
        7,
        "A user is planning to migrate an application workload to the AWS Cloud.\nWhich control becomes the responsibility of AWS once the migration is complete?",
        &[
            "Patching the guest operating system",
            "Maintaining physical and environmental controls",
            "Protecting communications and maintaining zone security",
            "Patching specific applications",
        ],
        "B",
        None,
    );
    check(
        question(&r, "2"),
        19,
        "Which services can be used to deploy applications on AWS? (Choose two.)",
        &[
            "AWS Elastic Beanstalk",
            "AWS Config",
            "AWS OpsWorks",
            "AWS Application Discovery Service",
            "Amazon Kinesis",
        ],
        "AC",
        Some("https://d0.awsstatic.com/whitepapers/overview-of-deployment-options-on-aws.pdf"),
    );
    check(
        question(&r, "4"),
        48,
        "What tool enables customers without an AWS account to estimate costs for almost all AWS services?",
        &["Cost Explorer", "TCO Calculator", "AWS Budgets", "AWS Pricing Calculator"],
        "D",
        Some("https://calculator.aws/#/"),
    );
    check(
        question(&r, "8"),
        104,
        "A company wants to ensure that AWS Management Console users are meeting password complexity requirements.\nHow can the company configure password complexity?",
        &[
            "Using an AWS IAM user policy",
            "Using an AWS Organizations service control policy (SCP)",
            "Using an AWS IAM account password policy",
            "Using an AWS Security Hub managed insight",
        ],
        "C",
        Some("https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html"),
    );
    check(
        question(&r, "18"),
        243,
        "A company wants to provide one of its employees with access to Amazon RDS. The company also wants to limit the interaction to only the AWS CLI and AWS software development kits (SDKs).\nWhich combination of actions should the company take to meet these requirements while following the principles of least privilege? (Choose two.)",
        &[
            "Create an IAM user and provide AWS Management Console access only.",
            "Create an IAM user and provide programmatic access only.",
            "Create an IAM role and provide AWS Management Console access only.",
            "Create an IAM policy with administrator access and attach it to the IAM user.",
            "Create an IAM policy with Amazon RDS access and attach it to the IAM user.",
        ],
        "BE",
        None,
    );
    check(
        question(&r, "29"),
        397,
        "Which AWS services offer compute capabilities? (Choose two.)",
        &[
            "Amazon EC2",
            "Amazon S3",
            "Amazon Elastic Block Store (Amazon EBS)",
            "Amazon Cognito",
            "AWS Lambda",
        ],
        "AE",
        Some("https://docs.aws.amazon.com/whitepapers/latest/aws-overview/compute-services.html"),
    );
    check(
        question(&r, "49"),
        681,
        "How can AWS enable a company to control expenses as an application's usage changes unpredictably?",
        &[
            "AWS will refund the cost difference if a customer moves to larger servers.",
            "The application can be built to scale up or down automatically as resources are needed",
            "Spot instances will automatically be used if the price is lower than on-demand instances.",
            "Amazon CloudWatch will automatically predict what resources are needed.",
        ],
        "B",
        None,
    );
    // The last one: "Explanation:" alone on its line, the URL on the next.
    check(
        question(&r, "50"),
        693,
        "Which AWS service or feature can be used to prevent SQL injection attacks?",
        &["Security groups", "Network ACLs", "AWS WAF", "IAM policy"],
        "C",
        Some("https://docs.aws.amazon.com/waf/latest/developerguide/classic-web-acl-sql-conditions.html"),
    );
}

#[test]
fn the_choose_check_is_live_on_the_samples() {
    // Exam 1, question 38 ("Select TWO ..."), with one of its two answers taken away.
    let edited = EXAM_1.replacen(
        "Correct answer: A, D\n    </details>\n\n39.",
        "Correct answer: A\n    </details>\n\n39.",
        1,
    );
    assert_ne!(edited, EXAM_1);
    let r = parse("practice-exam-1.md", &edited);
    assert_eq!(r.questions.len(), 49);
    assert_eq!(
        problems(&r),
        [(384, "practice-exam-1.md:384: question 38 says select two but marks 1 answer")]
    );
    // Exam 23, question 2 "(Choose two.)" with three.
    let edited = EXAM_23.replacen("Correct Answer: AC", "Correct Answer: ACD", 1);
    let r = parse("practice-exam-23.md", &edited);
    assert_eq!(r.questions.len(), 49);
    assert_eq!(
        problems(&r),
        [(19, "practice-exam-23.md:19: question 2 says choose two but marks 3 answers")]
    );
}

// ---------------------------------------------------------------------------------------------------------
// Style (a): problems, each at its line
// ---------------------------------------------------------------------------------------------------------

fn numbered_problems() -> String {
    doc(&[
        "# Problems",                                                        // 1
        "",                                                                  // 2
        "1. No answer here?",                                                // 3
        "    - A. one",                                                      // 4
        "    - B. two",                                                      // 5
        "",                                                                  // 6
        "    <details><summary>Answer</summary>",                            // 7
        "    Explanation: nothing marked",                                   // 8
        "    </details>",                                                    // 9
        "",                                                                  // 10
        "2. Which letter?",                                                  // 11
        "    - A. one",                                                      // 12
        "    - B. two",                                                      // 13
        "    - C. three",                                                    // 14
        "    - D. four",                                                     // 15
        "",                                                                  // 16
        "    <details><summary>Answer</summary>Correct answer: F</details>", // 17
        "",                                                                  // 18
        "3. Where are the options?",                                         // 19
        "",                                                                  // 20
        "    <details><summary>Answer</summary>",                            // 21
        "      Correct answer: B",                                           // 22
        "    </details>",                                                    // 23
        "",                                                                  // 24
        "4. A note, not a question: it has neither options nor an answer.",  // 25
        "",                                                                  // 26
        "5. Which two? (Choose two)",                                        // 27
        "    - A. one",                                                      // 28
        "    - B. two",                                                      // 29
        "    - C. three",                                                    // 30
        "",                                                                  // 31
        "    <details><summary>Answer</summary>",                            // 32
        "      Correct answer: A, B, C",                                     // 33
        "    </details>",                                                    // 34
        "",                                                                  // 35
        "6. A good one (Choose TWO)",                                        // 36
        "    - A) one",                                                      // 37
        "    - B) two",                                                      // 38
        "    - C) three",                                                    // 39
        "",                                                                  // 40
        "    <details><summary>Answer</summary>",                            // 41
        "      Correct answer: AC",                                          // 42
        "    </details>",                                                    // 43
        "",                                                                  // 44
        "7. Never closed",                                                   // 45
        "    - A. one",                                                      // 46
        "    - B. two",                                                      // 47
        "",                                                                  // 48
        "    <details><summary>Answer</summary>",                            // 49
        "      Correct answer: A",                                           // 50
        "",                                                                  // 51
        "8. After the broken one",                                           // 52
        "    - A. yes",                                                      // 53
        "    - B. no",                                                       // 54
        "",                                                                  // 55
        "    <details><summary>Answer</summary>",                            // 56
        "      Correct answer: A",                                           // 57
        "    </details>",                                                    // 58
        "",                                                                  // 59
        "9. Last, never closed",                                             // 60
        "    - A. yes",                                                      // 61
        "    - B. no",                                                       // 62
        "",                                                                  // 63
        "    <details><summary>Answer</summary>",                            // 64
        "      Correct answer: B",                                           // 65
    ])
}

#[test]
fn numbered_problems_are_reported_at_their_question_and_the_rest_is_imported() {
    let r = parse("bank.md", &numbered_problems());
    assert_eq!(r.title.as_deref(), Some("Problems"));
    assert_eq!(
        problems(&r),
        [
            (3, "bank.md:3: question 1 has no marked answer"),
            (11, "bank.md:11: question 2 marks answer F but its options are A-D"),
            (19, "bank.md:19: question 3 has an answer but no options"),
            (27, "bank.md:27: question 5 says choose two but marks 3 answers"),
            (45, "bank.md:45: question 7: the <details> opened at line 49 is never closed"),
            (60, "bank.md:60: question 9: the <details> opened at line 64 is never closed"),
        ]
    );
    // Question 4 (a note) is skipped silently: not a question, not a problem.
    assert_eq!(r.skipped, vec![]);
    let names: Vec<&str> = r.questions.iter().filter_map(|q| q.name.as_deref()).collect();
    assert_eq!(names, ["6", "8"]);
    check(question(&r, "6"), 36, "A good one (Choose TWO)", &["one", "two", "three"], "AC", None);
    check(question(&r, "8"), 52, "After the broken one", &["yes", "no"], "A", None);
}

#[test]
fn an_empty_file_name_leaves_messages_bare() {
    let r = parse("", &numbered_problems());
    assert_eq!(r.problems.first().map(|p| p.message.as_str()), Some("question 1 has no marked answer"));
}

#[test]
fn more_numbered_problems() {
    let text = doc(&[
        "1. Two Bs",                                                                  // 1
        "   - A. one",                                                                // 2
        "   - B. two",                                                                // 3
        "   - B. three",                                                              // 4
        "",                                                                           // 5
        "   <details><summary>Answer</summary>Correct answer: B</details>",           // 6
        "",                                                                           // 7
        "2. Answer in words",                                                         // 8
        "   - A. one",                                                                // 9
        "   - B. two",                                                                // 10
        "",                                                                           // 11
        "   <details><summary>Answer</summary>Correct answer: all of them</details>", // 12
        "",                                                                           // 13
        "3. Only one option",                                                         // 14
        "   - A. one",                                                                // 15
        "",                                                                           // 16
        "   <details><summary>Answer</summary>Correct answer: A</details>",           // 17
        "",                                                                           // 18
        "4. Empty option",                                                            // 19
        "   - A. one",                                                                // 20
        "   - B.",                                                                    // 21
        "",                                                                           // 22
        "   <details><summary>Answer</summary>Correct answer: A</details>",           // 23
        "",                                                                           // 24
        "5.",                                                                         // 25
        "   - A. one",                                                                // 26
        "   - B. two",                                                                // 27
        "",                                                                           // 28
        "   <details><summary>Answer</summary>Correct answer: A</details>",           // 29
        "",                                                                           // 30
        "6. Options but no answer block at all",                                      // 31
        "   - A. one",                                                                // 32
        "   - B. two",                                                                // 33
    ]);
    let r = parse("", &text);
    assert_eq!(
        problems(&r),
        [
            (1, "question 1 has two options lettered B"),
            (8, "question 2: the answer \"all of them\" names no option letter"),
            (14, "question 3 has only one option"),
            (19, "question 4: option B is empty"),
            (25, "question 5 has no question text"),
            (31, "question 6 has no marked answer"),
        ]
    );
    assert!(r.questions.is_empty());
    // Lettered options after a question's answer, with no numbered line of their own.
    let text = doc(&[
        "1. Fine",                                                          // 1
        "   - A. one",                                                      // 2
        "   - B. two",                                                      // 3
        "   <details><summary>Answer</summary>Correct answer: A</details>", // 4
        "   - A. stray",                                                    // 5
        "   - B. options",                                                  // 6
    ]);
    let r = parse("", &text);
    assert_eq!(
        problems(&r),
        [(5, "options with no question before them (a numbered line, a heading or a bold line)")]
    );
    assert_eq!(r.questions.len(), 1);
}

#[test]
fn numbered_variants_answer_outside_details_and_free_explanations() {
    let text = doc(&[
        "---",                                                        // 1
        "layout: exam",                                               // 2
        "title: Front title",                                         // 3
        "tags: [aws, ccp]",                                           // 4
        "---",                                                        // 5
        "",                                                           // 6
        "1) Which is **serverless**? (Select 1)",                     // 7
        "   It runs `code` without servers.",                         // 8
        "",                                                           // 9
        "   ![diagram](img/lambda.png)",                              // 10
        "",                                                           // 11
        "    - (A) AWS Lambda",                                       // 12
        "    - (B) Amazon EC2",                                       // 13
        "",                                                           // 14
        "**Correct Answer:** A",                                      // 15
        "",                                                           // 16
        "Explanation: see [Lambda](https://aws.amazon.com/lambda/).", // 17
        "",                                                           // 18
        "## 2. Heading stems with a number count too",                // 19
        "A. yes",                                                     // 20
        "B. no",                                                      // 21
        "",                                                           // 22
        "<details>",                                                  // 23
        "<summary>Show answer</summary>",                             // 24
        "",                                                           // 25
        "Correct answer: B. no",                                      // 26
        "",                                                           // 27
        "Because *no* is right &mdash; really.",                      // 28
        "",                                                           // 29
        "</details>",                                                 // 30
    ]);
    let r = parse("x.md", &text);
    assert_eq!(r.problems, vec![]);
    // No `# heading`: the front matter's title.
    assert_eq!(r.title.as_deref(), Some("Front title"));
    assert_eq!(r.questions.len(), 2);
    let q = question(&r, "1");
    check(
        q,
        7,
        "Which is serverless? (Select 1) It runs code without servers.",
        &["AWS Lambda", "Amazon EC2"],
        "A",
        Some("see Lambda (https://aws.amazon.com/lambda/)."),
    );
    assert_eq!(q.image, Some(ImageRef::Path("img/lambda.png".into())));
    assert_eq!(q.tags, ["aws", "ccp"]);
    check(
        question(&r, "2"),
        19,
        "Heading stems with a number count too",
        &["yes", "no"],
        "B",
        Some("Because no is right — really."),
    );
}

// ---------------------------------------------------------------------------------------------------------
// Style (b): headings or bold over a checklist
// ---------------------------------------------------------------------------------------------------------

fn checklist_bank() -> String {
    doc(&[
        "# Cloud quiz",                      // 1
        "",                                  // 2
        "Answer each question, then check.", // 3
        "",                                  // 4
        "## Storage",                        // 5
        "",                                  // 6
        "### What does S3 stand for?",       // 7
        "",                                  // 8
        "- [ ] Simple Server Service",       // 9
        "- [x] Simple Storage Service",      // 10
        "- [ ] Static Site Storage",         // 11
        "",                                  // 12
        "Explanation: S3 is **Simple Storage Service**, see [the docs](https://aws.amazon.com/s3/).", // 13
        "",                                  // 14
        "**[⬆ Back to Top](#table-of-contents)**", // 15
        "",                                  // 16
        "**Which services are serverless? (Select 2)**", // 17
        "",                                  // 18
        "Look at the diagram: ![architecture](img/arch.png)", // 19
        "Only `managed` ones count.",        // 20
        "",                                  // 21
        "- [X] AWS Lambda",                  // 22
        "- [ ] Amazon EC2",                  // 23
        "- [x] AWS Fargate",                 // 24
        "  (for containers)",                // 25
        "",                                  // 26
        "<details>",                         // 27
        "<summary>Why</summary>",            // 28
        "",                                  // 29
        "Lambda and Fargate need no servers &amp; no patching.", // 30
        "</details>",                        // 31
        "",                                  // 32
        "**[⬆ Back to Top](#table-of-contents)**", // 33
        "",                                  // 34
        "#### Question 3",                   // 35
        "",                                  // 36
        "**Which is a _global_ service?**",  // 37
        "",                                  // 38
        "- [ ] A. Amazon EC2",               // 39
        "- [x] B. AWS IAM",                  // 40
        "- [ ] C. Amazon RDS",               // 41
    ])
}

#[test]
fn checklist_questions_with_heading_and_bold_stems() {
    let r = parse("quiz.md", &checklist_bank());
    assert_eq!(r.problems, vec![]);
    assert_eq!(r.title.as_deref(), Some("Cloud quiz"));
    assert_eq!(r.questions.len(), 3);
    let q = &r.questions[0];
    check(
        q,
        7,
        "What does S3 stand for?",
        &["Simple Server Service", "Simple Storage Service", "Static Site Storage"],
        "B",
        Some("S3 is Simple Storage Service, see the docs (https://aws.amazon.com/s3/)."),
    );
    assert_eq!(q.name, None);
    let q = &r.questions[1];
    check(
        q,
        17,
        "Which services are serverless? (Select 2)\n\nLook at the diagram: Only managed ones count.",
        &["AWS Lambda", "Amazon EC2", "AWS Fargate (for containers)"],
        "AC",
        Some("Lambda and Fargate need no servers & no patching."),
    );
    assert_eq!(q.image, Some(ImageRef::Path("img/arch.png".into())));
    // "Question 3" names it; the bold line under the heading is its stem; "A." labels are dropped.
    let q = &r.questions[2];
    check(q, 35, "Which is a global service?", &["Amazon EC2", "AWS IAM", "Amazon RDS"], "B", None);
    assert_eq!(q.name.as_deref(), Some("3"));
}

#[test]
fn checklist_under_numbered_stems_and_a_numbered_list_inside_a_stem() {
    let text = doc(&[
        "## Networking",                             // 1
        "",                                          // 2
        "1. Which protocol does DNS mainly use?",    // 3
        "   - [x] UDP",                              // 4
        "   - [ ] ICMP",                             // 5
        "",                                          // 6
        "2. Which are private ranges? (Choose two)", // 7
        "   - [x] 10.0.0.0/8",                       // 8
        "   - [ ] 8.8.8.0/24",                       // 9
        "   - [x] 192.168.0.0/16",                   // 10
        "",                                          // 11
        "### Order the steps",                       // 12
        "",                                          // 13
        "Consider:",                                 // 14
        "1. Create a VPC",                           // 15
        "2. Add a subnet",                           // 16
        "",                                          // 17
        "What comes next?",                          // 18
        "",                                          // 19
        "- [ ] Delete the VPC",                      // 20
        "- [x] Add a route table",                   // 21
        "",                                          // 22
        "### Explanation",                           // 23
        "",                                          // 24
        "Routes come after subnets.",                // 25
        "",                                          // 26
        "They send traffic out.",                    // 27
    ]);
    let r = parse("net.md", &text);
    assert_eq!(r.problems, vec![]);
    assert_eq!(r.title, None);
    assert_eq!(r.questions.len(), 3);
    check(&r.questions[0], 3, "Which protocol does DNS mainly use?", &["UDP", "ICMP"], "A", None);
    assert_eq!(r.questions[0].name.as_deref(), Some("1"));
    check(
        &r.questions[1],
        7,
        "Which are private ranges? (Choose two)",
        &["10.0.0.0/8", "8.8.8.0/24", "192.168.0.0/16"],
        "AC",
        None,
    );
    check(
        &r.questions[2],
        12,
        "Order the steps\n\nConsider:\n\n1. Create a VPC\n2. Add a subnet\n\nWhat comes next?",
        &["Delete the VPC", "Add a route table"],
        "B",
        Some("Routes come after subnets.\n\nThey send traffic out."),
    );
}

#[test]
fn checklist_problems_each_at_its_line() {
    let text = doc(&[
        "### No box ticked?",                                    // 1
        "- [ ] a",                                               // 2
        "- [ ] b",                                               // 3
        "",                                                      // 4
        "Explanation: nothing is ticked.",                       // 5
        "",                                                      // 6
        "- [x] orphan",                                          // 7
        "- [ ] list",                                            // 8
        "",                                                      // 9
        "### Only one",                                          // 10
        "- [x] lonely",                                          // 11
        "",                                                      // 12
        "### Says so (Select THREE)",                            // 13
        "- [x] a",                                               // 14
        "- [x] b",                                               // 15
        "- [ ] c",                                               // 16
        "",                                                      // 17
        "### A heading with an explanation only",                // 18
        "<details><summary>Explanation</summary>text</details>", // 19
        "",                                                      // 20
        "### Empty option",                                      // 21
        "- [x] a",                                               // 22
        "- [ ]",                                                 // 23
        "",                                                      // 24
        "### Fine (select 2)",                                   // 25
        "- [x] a",                                               // 26
        "- [x] b",                                               // 27
        "- [ ] c",                                               // 28
        "",                                                      // 29
        "### Just a section heading, silently not a question",   // 30
    ]);
    let r = parse("b.md", &text);
    assert_eq!(
        problems(&r),
        [
            (1, "b.md:1: question \"No box ticked?\" has no marked answer"),
            (7, "b.md:7: options with no question before them (a numbered line, a heading or a bold line)"),
            (10, "b.md:10: question \"Only one\" has only one option"),
            (13, "b.md:13: question \"Says so (Select THREE)\" says select three but marks 2 answers"),
            (
                18,
                "b.md:18: question \"A heading with an explanation only\" has an answer block or explanation but no options"
            ),
            (21, "b.md:21: question \"Empty option\": option B is empty"),
        ]
    );
    assert_eq!(r.questions.len(), 1);
    check(&r.questions[0], 25, "Fine (select 2)", &["a", "b", "c"], "AB", None);
}

#[test]
fn a_plain_paragraph_before_a_checklist_is_its_stem_and_blockquotes_under_options_are_feedback() {
    // One question per file without `question:`: the stem is the paragraph over the list.
    let text = doc(&[
        "---",                               // 1
        "tags: [algebra, linear-equations]", // 2
        "difficulty: 2",                     // 3
        "---",                               // 4
        "",                                  // 5
        "Solve for `x`:",                    // 6
        "2x + 5 = 13",                       // 7
        "",                                  // 8
        "- [ ] x = 3",                       // 9
        "- [x] x = 4",                       // 10
        "    > subtract 5, then halve",      // 11
        "- [ ] x = 5",                       // 12
        "",                                  // 13
        "---",                               // 14
        "**Solution:** 2x = 8, so x = 4.",   // 15
    ]);
    let r = parse("eq.md", &text);
    assert_eq!(r.problems, vec![]);
    assert_eq!(r.questions.len(), 1);
    let q = &r.questions[0];
    check(q, 6, "Solve for x: 2x + 5 = 13", &["x = 3", "x = 4", "x = 5"], "B", Some("2x = 8, so x = 4."));
    assert_eq!(q.tags, ["algebra", "linear-equations"]);
    let why: Vec<Option<&str>> = q.options.iter().map(|o| o.why.as_deref()).collect();
    assert_eq!(why, [None, Some("subtract 5, then halve"), None]);
    // quizdown: a hint quoted in the stem, feedback quoted under options, numbered checklists.
    let text = doc(&[
        "### What's the capital of Germany?",    // 1
        "",                                      // 2
        "> Hint: the _largest_ city.",           // 3
        "",                                      // 4
        "-   [x] Berlin",                        // 5
        "    > this is the correct answer.",     // 6
        "-   [ ] Paris",                         // 7
        "    > Paris is the capital of France.", // 8
        "",                                      // 9
        "### Select your superpower!",           // 10
        "",                                      // 11
        "1. [ ] Strength",                       // 12
        "1. [x] Shapeshifting",                  // 13
    ]);
    let r = parse("quiz.md", &text);
    assert_eq!(r.problems, vec![]);
    check(
        &r.questions[0],
        1,
        "What's the capital of Germany?\n\nHint: the largest city.",
        &["Berlin", "Paris"],
        "A",
        None,
    );
    let why: Vec<Option<&str>> = r.questions[0].options.iter().map(|o| o.why.as_deref()).collect();
    assert_eq!(why, [Some("this is the correct answer."), Some("Paris is the capital of France.")]);
    check(&r.questions[1], 10, "Select your superpower!", &["Strength", "Shapeshifting"], "B", None);
}

#[test]
fn a_toc_table_back_to_top_links_and_command_placeholders() {
    let text = doc(&[
        "# ⬆️ Cloud Practice Questions",             // 1
        "",                                          // 2
        "## Table of Contents",                      // 3
        "",                                          // 4
        "| No. | Questions |",                       // 5
        "| --- | --------- |",                       // 6
        "| 1   | [What is X?](#what-is-x) |",        // 7
        "",                                          // 8
        "### What is X?",                            // 9
        "",                                          // 10
        "- [ ] A thing",                             // 11
        "- [x] Another thing",                       // 12
        "",                                          // 13
        "**[⬆ Back to Top](#table-of-contents)**",   // 14
        "",                                          // 15
        "### Which `kubectl` command? (Choose two)", // 16
        "",                                          // 17
        "![pods](images/pods.png)",                  // 18
        "",                                          // 19
        "- [x] kubectl apply -f <file>",             // 20
        "- [x] kubectl create -f <file>",            // 21
        "- [ ] kubectl run *.yaml",                  // 22
        "",                                          // 23
        "**[⬆ Back to Top](#table-of-contents)**",   // 24
    ]);
    let r = parse("gcp.md", &text);
    assert_eq!(r.problems, vec![]);
    assert_eq!(r.title.as_deref(), Some("⬆️ Cloud Practice Questions"));
    assert_eq!(r.questions.len(), 2);
    check(&r.questions[0], 9, "What is X?", &["A thing", "Another thing"], "B", None);
    let q = &r.questions[1];
    check(
        q,
        16,
        "Which kubectl command? (Choose two)",
        &["kubectl apply -f <file>", "kubectl create -f <file>", "kubectl run *.yaml"],
        "AB",
        None,
    );
    assert_eq!(q.image, Some(ImageRef::Path("images/pods.png".into())));
}

#[test]
fn plain_paragraph_stems_with_lettered_options() {
    let text = doc(&[
        "# Mixed bag",                                                      // 1
        "",                                                                 // 2
        "Which planet is largest?",                                         // 3
        "A. Mars",                                                          // 4
        "B. Jupiter",                                                       // 5
        "C. Venus",                                                         // 6
        "Answer: B",                                                        // 7
        "",                                                                 // 8
        "What is 2 + 2?",                                                   // 9
        "",                                                                 // 10
        "A) 3",                                                             // 11
        "B) 4",                                                             // 12
        "",                                                                 // 13
        "**Correct answer:** B",                                            // 14
        "",                                                                 // 15
        "Explanation: arithmetic, see <https://example.com/math?a=1&b=2>.", // 16
    ]);
    let r = parse("mixed.md", &text);
    assert_eq!(r.problems, vec![]);
    assert_eq!(r.title.as_deref(), Some("Mixed bag"));
    check(&r.questions[0], 3, "Which planet is largest?", &["Mars", "Jupiter", "Venus"], "B", None);
    check(
        &r.questions[1],
        9,
        "What is 2 + 2?",
        &["3", "4"],
        "B",
        Some("arithmetic, see https://example.com/math?a=1&b=2."),
    );
}

// ---------------------------------------------------------------------------------------------------------
// Style (c): one question per file, front matter
// ---------------------------------------------------------------------------------------------------------

fn front_question(title: Option<&str>, question: &str, ticks: [bool; 2]) -> String {
    let box_ = |t: bool| if t { "x" } else { " " };
    let mut lines = vec!["---".to_string()];
    if let Some(t) = title {
        lines.push(format!("title: \"{t}\""));
    }
    lines.push(format!("question: {question}"));
    lines.push("---".into());
    lines.push(format!("- [{}] yes", box_(ticks[0])));
    lines.push(format!("- [{}] no", box_(ticks[1])));
    lines.join("\n")
}

#[test]
fn one_question_file_with_quoted_question_documentation_and_tags() {
    let text = doc(&[
        "---",                                                                           // 1
        "title: \"IAM basics\"",                                                         // 2
        "question: \"Which IAM entity should an application on EC2 use? (Choose one)\"", // 3
        "documentation: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles.html", // 4
        "tags: [iam, \"security\"]",                                                     // 5
        "---",                                                                           // 6
        "",                                                                              // 7
        "- [ ] An IAM user with access keys",                                            // 8
        "- [x] An IAM role attached to the instance",                                    // 9
        "- [ ] The root account",                                                        // 10
        "",                                                                              // 11
        "Explanation: roles give *temporary* credentials.",                              // 12
    ]);
    let r = parse("iam.md", &text);
    assert_eq!(r.problems, vec![]);
    assert_eq!(r.title, None);
    assert_eq!(r.questions.len(), 1);
    let q = &r.questions[0];
    check(
        q,
        3,
        "Which IAM entity should an application on EC2 use? (Choose one)",
        &["An IAM user with access keys", "An IAM role attached to the instance", "The root account"],
        "B",
        Some(
            "roles give temporary credentials.\n\nDocumentation: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles.html",
        ),
    );
    assert_eq!(q.name.as_deref(), Some("IAM basics"));
    assert_eq!(q.tags, ["iam", "security"]);
}

#[test]
fn one_question_file_with_block_scalar_and_tag_list() {
    let text = doc(&[
        "---",                                           // 1
        "question: |",                                   // 2
        "  Given this policy:",                          // 3
        "",                                              // 4
        "  `{\"Effect\": \"Deny\"}`",                    // 5
        "  What does it **do**?",                        // 6
        "tags:",                                         // 7
        "  - iam",                                       // 8
        "  - 'policy'",                                  // 9
        "documentation: <https://example.com/policies>", // 10
        "---",                                           // 11
        "Some context in the body.",                     // 12
        "",                                              // 13
        "- [x] Denies",                                  // 14
        "- [ ] Allows",                                  // 15
    ]);
    let r = parse("p.md", &text);
    assert_eq!(r.problems, vec![]);
    let q = &r.questions[0];
    check(
        q,
        2,
        "Given this policy:\n\n{\"Effect\": \"Deny\"}\nWhat does it do?\n\nSome context in the body.",
        &["Denies", "Allows"],
        "A",
        Some("Documentation: https://example.com/policies"),
    );
    assert_eq!(q.name, None);
    assert_eq!(q.tags, ["iam", "policy"]);
}

#[test]
fn one_question_file_problems() {
    // No box ticked: the problem is at the `question:` line.
    let r = parse("q.md", &front_question(Some("T"), "Is it?", [false, false]));
    assert_eq!(problems(&r), [(3, "q.md:3: question \"T\" has no marked answer")]);
    // No checklist at all.
    let r = parse("q.md", "---\nquestion: Where are the options?\n---\n");
    assert_eq!(
        problems(&r),
        [(2, "q.md:2: question \"Where are the options?\" has no options (no `- [ ]` checklist)")]
    );
    // Front matter never closed.
    let r = parse("q.md", "---\nquestion: Is it?\n- [x] yes\n- [ ] no\n");
    assert_eq!(
        problems(&r),
        [(1, "q.md:1: the front matter opened at line 1 is never closed (no closing `---`)")]
    );
    assert!(r.questions.is_empty());
    // Choose count against the ticks.
    let r = parse("q.md", &front_question(None, "'Two of them (Choose 2)'", [true, false]));
    assert_eq!(
        problems(&r),
        [(2, "q.md:2: question \"Two of them (Choose 2)\" says choose 2 but marks 1 answer")]
    );
}

#[test]
fn a_folder_of_question_files() {
    let files: Vec<(String, String)> = vec![
        (
            "networking/q12.md".into(),
            front_question(Some("Subnets"), "Is a /24 smaller than a /16?", [true, false]),
        ),
        ("README.md".into(), "# Question bank\n\nOne question per file.\n".into()),
        ("security\\iam\\q1.md".into(), front_question(None, "Is root for daily use?", [false, true])),
        ("networking/q2.md".into(), front_question(None, "Is DNS on port 53?", [true, false])),
        ("q0.md".into(), front_question(None, "At the top?", [true, false])),
        ("security/broken.md".into(), front_question(None, "Ticked?", [false, false])),
    ];
    let r = parse_folder(&files);
    assert_eq!(r.title, None);
    assert_eq!(problems(&r), [(2, "security/broken.md:2: question \"Ticked?\" has no marked answer")]);
    let got: Vec<(Option<&str>, Option<&str>, &str, usize)> = r
        .questions
        .iter()
        .map(|q| (q.name.as_deref(), q.domain.as_deref(), q.stem.as_str(), q.line))
        .collect();
    assert_eq!(
        got,
        [
            (Some("networking/q2.md"), Some("networking"), "Is DNS on port 53?", 2),
            (Some("Subnets"), Some("networking"), "Is a /24 smaller than a /16?", 3),
            (Some("q0.md"), None, "At the top?", 2),
            (Some("security/iam/q1.md"), Some("security/iam"), "Is root for daily use?", 2),
        ]
    );
    assert!(r.questions[3].options[1].correct);
}

#[test]
fn a_folder_with_a_many_question_file_does_not_name_them_by_path() {
    let files = vec![("aws/exam-1.md".to_string(), EXAM_1.to_string())];
    let r = parse_folder(&files);
    assert_eq!(r.questions.len(), 50);
    assert!(r.questions.iter().all(|q| q.domain.as_deref() == Some("aws")));
    assert_eq!(r.questions[0].name.as_deref(), Some("1"));
    let broken = vec![("aws/bank.md".to_string(), numbered_problems())];
    let r = parse_folder(&broken);
    assert_eq!(
        r.problems.first().map(|p| (p.line, p.message.as_str())),
        Some((3, "aws/bank.md:3: question 1 has no marked answer"))
    );
}

// ---------------------------------------------------------------------------------------------------------
// Text: inline Markdown and HTML
// ---------------------------------------------------------------------------------------------------------

fn render(text: &str) -> (String, Option<String>) {
    let mut slot = ImageSlot { capture: true, found: None };
    let lines: Vec<&str> = text.split('\n').collect();
    let out = render_block(&lines, Layout::stem(0), &mut slot);
    (out, slot.found)
}

#[test]
fn emphasis_code_links_and_html_become_plain_text() {
    let plain = |s: &str| render(s).0;
    assert_eq!(
        plain("**Bold** and __strong__ and *em* and _em_ and ~~old~~, snake_case_name, 2 * 3 * 4"),
        "Bold and strong and em and em and old, snake_case_name, 2 * 3 * 4"
    );
    assert_eq!(plain("Use `s3://<bucket>/*` or ``a `tick` b``"), "Use s3://<bucket>/* or a `tick` b");
    assert_eq!(
        plain(
            "[AWS docs](https://aws.amazon.com \"title\") and <https://example.com/a_b> and [https://x.io](https://x.io)"
        ),
        "AWS docs (https://aws.amazon.com) and https://example.com/a_b and https://x.io"
    );
    assert_eq!(plain("[Back to top](#toc)"), "Back to top");
    assert_eq!(plain("Line one<br/>Line two &amp; more &lt;tag&gt;"), "Line one\nLine two & more <tag>");
    assert_eq!(plain("\\*not emphasis\\* and a \\`tick"), "*not emphasis* and a `tick");
    assert_eq!(plain("soft\nwrapped\n\nnew paragraph"), "soft wrapped\n\nnew paragraph");
    assert_eq!(plain("hard  \nbreak\\\nagain"), "hard\nbreak\nagain");
    assert_eq!(plain("List:\n- one\n* two\n\n> quoted"), "List:\n\n• one\n• two\n\nquoted");
    assert_eq!(plain("```json\n{ \"a\": <1> }\n```"), "{ \"a\": <1> }");
    assert_eq!(plain("| a | b |\n|---|---|\n| 1 | 2 |"), "a | b\n1 | 2");
    assert_eq!(plain("unclosed **bold and [link(no"), "unclosed **bold and [link(no");
    assert_eq!(plain("mail <someone@example.com>"), "mail someone@example.com");
    // Placeholders are not tags: they stay.
    assert_eq!(
        plain("Use kubectl app deploy <dockerfilename>. Run `x` --config <deployment-config-path> </NAME>"),
        "Use kubectl app deploy <dockerfilename>. Run x --config <deployment-config-path> </NAME>"
    );
    assert_eq!(plain("a<b>bold</b> <span class=\"x\">c</span> <!-- hidden --> d < e"), "abold c d < e");
}

#[test]
fn the_first_image_of_a_stem_is_taken_out_of_its_text() {
    assert_eq!(render("See ![diagram](img/a.png) here"), ("See here".into(), Some("img/a.png".into())));
    assert_eq!(render("![a](1.png) and ![b](2.png)"), ("and b (2.png)".into(), Some("1.png".into())));
    assert_eq!(render("<img src=\"img/b.png\" alt=\"x\"> below"), ("below".into(), Some("img/b.png".into())));
    assert_eq!(render("[![shot](s.png)](s.png)"), (String::new(), Some("s.png".into())));
    // Not in an option: there the image stays as text.
    let mut slot = ImageSlot { capture: false, found: None };
    assert_eq!(render_block(&["![alt](o.png)"], Layout::OPTION, &mut slot), "alt (o.png)");
    assert_eq!(slot.found, None);
}

#[test]
fn choose_counts() {
    assert_eq!(choose_count("Which? (Choose TWO)"), Some(("choose".into(), "two".into(), 2)));
    assert_eq!(choose_count("Which? (Select 3.)"), Some(("select".into(), "3".into(), 3)));
    assert_eq!(choose_count("Choose one or more"), None);
    assert_eq!(choose_count("Choose the best answer"), None);
}

#[test]
fn front_matter_yaml_subset() {
    let yaml = [
        "title: 'It''s here' # a comment",
        "question: \"Line one",
        "  continues\\tthere",
        "",
        "  new paragraph \\u00e9\"",
        "folded: >",
        "  a",
        "  b",
        "",
        "  c",
        "nested:",
        "  inner: value",
        "tags: [one, 'two, three',",
        "  four]",
        "plain: some text",
        "  wrapped on",
        "list:",
        "- x",
        "- \"y\"",
        "broken: \"never closed",
        "after: fine",
    ];
    let entries = parse_yaml(&yaml, 2);
    let get = |k: &str| entries.iter().find(|e| e.key == k).map(|e| (e.line, e.value.as_text()));
    assert_eq!(get("title"), Some((2, "It's here".into())));
    assert_eq!(get("question"), Some((3, "Line one continues\tthere\n\nnew paragraph é".into())));
    assert_eq!(get("folded"), Some((7, "a b\n\nc".into())));
    assert!(matches!(entries.iter().find(|e| e.key == "nested").map(|e| &e.value), Some(Value::Other)));
    assert_eq!(
        entries.iter().find(|e| e.key == "tags").map(|e| e.value.as_list()),
        Some(vec!["one".into(), "two, three".into(), "four".into()])
    );
    assert_eq!(get("plain"), Some((16, "some text wrapped on".into())));
    assert_eq!(
        entries.iter().find(|e| e.key == "list").map(|e| e.value.as_list()),
        Some(vec!["x".into(), "y".into()])
    );
    assert_eq!(get("broken"), Some((21, "\"never closed".into())));
    assert_eq!(get("after"), Some((22, "fine".into())));
}

#[test]
fn commented_out_and_fenced_questions_are_not_read() {
    let text = doc(&[
        "<!--",
        "1. An old question",
        "   - A. one",
        "   - B. two",
        "   <details><summary>Answer</summary>Correct answer: A</details>",
        "-->",
        "1. Which is code?",
        "   ```",
        "   2. not a question",
        "   - A. not an option",
        "   ```",
        "   - A. the fence",
        "   - B. nothing",
        "",
        "   <details><summary>Answer</summary>Correct answer: A</details>",
    ]);
    let r = parse("", &text);
    assert_eq!(r.problems, vec![]);
    assert_eq!(r.questions.len(), 1);
    check(
        &r.questions[0],
        7,
        "Which is code?\n\n2. not a question\n- A. not an option",
        &["the fence", "nothing"],
        "A",
        None,
    );
}

// ---------------------------------------------------------------------------------------------------------
// Answers that name several options with their text; code in stems; links in options
// ---------------------------------------------------------------------------------------------------------

/// A style (a) question with four lettered options (no bullets, hard breaks) and `answer` in a `<details>`.
fn global_services(stem: &str, answer: &str) -> String {
    doc(&[
        "## Question #3",                     // 1
        stem,                                 // 2
        "",                                   // 3
        "A. Amazon Route 53  ",               // 4
        "B. Amazon EC2  ",                    // 5
        "C. Amazon S3  ",                     // 6
        "D. Amazon CloudFront  ",             // 7
        "",                                   // 8
        "<details><summary>Answer</summary>", // 9
        "",                                   // 10
        answer,                               // 11
        "</details>",                         // 12
    ])
}

#[test]
fn an_answer_naming_several_options_with_their_text_marks_them_all() {
    let options = ["Amazon Route 53", "Amazon EC2", "Amazon S3", "Amazon CloudFront"];
    for answer in [
        "**Correct Answers: A. Amazon Route 53 and D. Amazon CloudFront**",
        "Correct answers: A. Lambda; D. Fargate",
        "Correct answers: A (Lambda) and D (Fargate)",
        "Correct answers: A (Amazon Route 53) and D (Amazon CloudFront)",
        "Correct answers: A) Amazon Route 53, D) Amazon CloudFront",
        "Correct answers: (A) Amazon Route 53 & (D) Amazon CloudFront",
        "Correct answers: A - Amazon Route 53; D - Amazon CloudFront",
        "**Correct Answers:** **A.** Amazon Route 53 and **D.** Amazon CloudFront",
        "Correct answers: A, D",
        "Correct answers: A and D",
        "Correct answers: AD",
        "Correct answers: A, D (Route 53 and CloudFront)",
    ] {
        let r = parse("g.md", &global_services("Which two are global services? (Select TWO)", answer));
        assert_eq!(r.problems, vec![], "{answer}");
        assert_eq!(r.questions.len(), 1, "{answer}");
        check(&r.questions[0], 1, "Which two are global services? (Select TWO)", &options, "AD", None);
    }
    // A capital inside an option's text is not a label: "S3" here, and "Plan A", "C" below.
    for (answer, right) in [
        ("Correct answer: C. Amazon S3", "C"),
        ("Correct answer: B. Amazon EC2 and S3", "B"),
        ("Correct answer: **D. Amazon CloudFront**", "D"),
        ("Correct answer: B (Amazon EC2)", "B"),
    ] {
        let r = parse("g.md", &global_services("Which is it?", answer));
        assert_eq!(r.problems, vec![], "{answer}");
        check(&r.questions[0], 1, "Which is it?", &options, right, None);
    }
}

#[test]
fn an_answer_is_read_against_the_option_texts() {
    let opts = |texts: &[&str]| -> Vec<(char, String)> {
        texts.iter().enumerate().map(|(k, t)| (letter_for(k).unwrap_or('?'), t.to_string())).collect()
    };
    let four = opts(&["Amazon Route 53", "Amazon EC2", "Amazon S3", "Amazon CloudFront"]);
    let read = |answer: &str, options: &[(char, String)]| answer_letters(answer, options);
    let letters = |s: &str| AnswerKey::Letters(s.chars().collect());
    // Letter lists, as before.
    assert_eq!(read("D", &four), letters("D"));
    assert_eq!(read("AC", &four), letters("AC"));
    assert_eq!(read("B, E", &four), letters("BE"));
    assert_eq!(read("B and E", &four), letters("BE"));
    assert_eq!(read("Options A & C", &four), letters("AC"));
    assert_eq!(read("**C**", &four), letters("C"));
    assert_eq!(read("(b)", &four), letters("B"));
    assert_eq!(read("A, D.", &four), letters("AD"));
    assert_eq!(read("D. AWS Config", &four), letters("D"));
    assert_eq!(read("B (AWS CloudTrail)", &four), letters("B"));
    // Labels with the options' texts.
    assert_eq!(read("A. Amazon Route 53 and D. Amazon CloudFront**", &four), letters("AD"));
    assert_eq!(read("A. Lambda; D. Fargate", &four), letters("AD"));
    assert_eq!(read("A (Lambda) and D (Fargate)", &four), letters("AD"));
    assert_eq!(read("A. Route 53 and D", &four), letters("AD"));
    assert_eq!(read("a) Amazon Route 53, d) Amazon CloudFront", &four), letters("AD"));
    assert_eq!(read("**B**. Because the others are not compute", &four), letters("B"));
    assert_eq!(read("B, because A is not compute", &four), letters("B"));
    assert_eq!(read("B - Amazon EC2", &four), letters("B"));
    // Far more labels than options: not read.
    assert_eq!(read(&"A. x, ".repeat(40), &four), AnswerKey::Unclear);
    // An option's own text may hold what looks like a list of labels: the text decides.
    let plans = opts(&["Plan A, B and C", "Plan A", "Plan D"]);
    assert_eq!(read("A. Plan A, B and C", &plans), letters("A"));
    assert_eq!(read("B. Plan A, C", &plans), letters("BC"));
    let tiers = opts(&["Tier A", "Tier B", "Tier C"]);
    assert_eq!(read("A. Tier A, C. Tier C", &tiers), letters("AC"));
    assert_eq!(read("A. Tier A and C", &tiers), letters("AC"));
    // A label with another option's text: a mismatch, not a guess.
    assert_eq!(read("A. Amazon CloudFront", &four), AnswerKey::Mismatch('A', 'D'));
    assert_eq!(read("B. CloudFront", &four), AnswerKey::Mismatch('B', 'D'));
    // No letter at all; letters that cannot be read for sure.
    assert_eq!(read("AWS Config", &four), AnswerKey::None);
    assert_eq!(read("all of them", &four), AnswerKey::None);
    assert_eq!(read("A or B", &four), AnswerKey::Unclear);
    assert_eq!(read("Plan B", &four), AnswerKey::Unclear);
    assert_eq!(read("D is correct", &four), AnswerKey::Unclear);
    assert_eq!(read("A. Amazon Route 53 and D", &opts(&["x", "y", "z", "w"])), AnswerKey::Unclear);
    assert_eq!(read("", &four), AnswerKey::None);
}

#[test]
fn an_unclear_answer_is_a_problem_at_its_question() {
    let r = parse("g.md", &global_services("Which is it?", "Correct answer: A. Amazon CloudFront"));
    assert!(r.questions.is_empty());
    assert_eq!(
        problems(&r),
        [(1, "g.md:1: question 3: the answer \"A. Amazon CloudFront\" gives A the text of option D")]
    );
    let r = parse("g.md", &global_services("Which is it?", "Correct answer: A or D"));
    assert!(r.questions.is_empty());
    assert_eq!(
        problems(&r),
        [(1, "g.md:1: question 3: cannot tell which options the answer \"A or D\" marks right")]
    );
    // A bare capital after a label's text may be part of that text: with texts that are no option's, unclear.
    let r =
        parse("g.md", &global_services("Which is it?", "**Correct answer:** A. Route fifty-three and D**"));
    assert_eq!(
        problems(&r),
        [(
            1,
            "g.md:1: question 3: cannot tell which options the answer \"A. Route fifty-three and D\" marks right"
        )]
    );
}

#[test]
fn code_in_a_stem_keeps_its_indentation_and_blank_lines() {
    let text = doc(&[
        "### What does this print?", // 1
        "",                          // 2
        "```python",                 // 3
        "for i in range(3):",        // 4
        "    if i == 1:",            // 5
        "        continue",          // 6
        "",                          // 7
        "",                          // 8
        "print(i)  ",                // 9
        "```",                       // 10
        "Pick   the   output.",      // 11
        "",                          // 12
        "- [x] 2",                   // 13
        "- [ ] 0 2",                 // 14
    ]);
    let r = parse("py.md", &text);
    assert_eq!(r.problems, vec![]);
    check(
        &r.questions[0],
        1,
        "What does this print?\n\nfor i in range(3):\n    if i == 1:\n        continue\n\n\nprint(i)\n\nPick the output.",
        &["2", "0 2"],
        "A",
        None,
    );
    // Style (a): a fence inside the numbered item keeps the code's own indentation, the item's taken off;
    // an indented code block (four more than the item's text) too, and `<`, `&` and `*` stay as written.
    let text = doc(&[
        "1. What does `main` print?",                                       // 1
        "",                                                                 // 2
        "   ```go",                                                         // 3
        "   func main() {",                                                 // 4
        "   \tif a < b && *p {",                                            // 5
        "   \t\tfmt.Println(\"a  b\")",                                     // 6
        "   \t}",                                                           // 7
        "   }",                                                             // 8
        "   ```",                                                           // 9
        "",                                                                 // 10
        "   And this one:",                                                 // 11
        "",                                                                 // 12
        "           x  =  1",                                               // 13
        "             y = [i for i in x]",                                  // 14
        "",                                                                 // 15
        "   - A. a  b",                                                     // 16
        "   - B. nothing",                                                  // 17
        "",                                                                 // 18
        "   <details><summary>Answer</summary>Correct answer: A</details>", // 19
    ]);
    let r = parse("go.md", &text);
    assert_eq!(r.problems, vec![]);
    check(
        &r.questions[0],
        1,
        "What does main print?\n\nfunc main() {\n\tif a < b && *p {\n\t\tfmt.Println(\"a  b\")\n\t}\n}\n\nAnd this one:\n\n    x  =  1\n      y = [i for i in x]",
        &["a b", "nothing"],
        "A",
        None,
    );
    // A fence indented past the item's text is still a fence: its marks do not stay in the stem.
    let text = doc(&[
        "1. Which?",                                                        // 1
        "",                                                                 // 2
        "        ```",                                                      // 3
        "        if x:",                                                    // 4
        "            y()",                                                  // 5
        "        ```",                                                      // 6
        "   - A. one",                                                      // 7
        "   - B. two",                                                      // 8
        "   <details><summary>Answer</summary>Correct answer: B</details>", // 9
    ]);
    let r = parse("f.md", &text);
    assert_eq!(r.problems, vec![]);
    check(&r.questions[0], 1, "Which?\n\nif x:\n    y()", &["one", "two"], "B", None);
    // A stem's second paragraph indented as list content is a paragraph, not code.
    let text = doc(&[
        "1. First line",                                                     // 1
        "",                                                                  // 2
        "    Second   paragraph.",                                           // 3
        "    - A. one",                                                      // 4
        "    - B. two",                                                      // 5
        "    <details><summary>Answer</summary>Correct answer: B</details>", // 6
    ]);
    let r = parse("p.md", &text);
    assert_eq!(r.problems, vec![]);
    check(&r.questions[0], 1, "First line\n\nSecond paragraph.", &["one", "two"], "B", None);
}

#[test]
fn code_blocks_are_kept_verbatim_by_render_block() {
    let plain = |s: &str| render(s).0;
    assert_eq!(
        plain("Before  it\n```\n  a  <b>\n\n  &amp;\n```\nafter   it"),
        "Before it\n\n  a  <b>\n\n  &amp;\n\nafter it"
    );
    // An unclosed fence runs to the end; an empty one leaves nothing.
    assert_eq!(plain("text\n~~~\n  x\n"), "text\n\n  x");
    assert_eq!(plain("text\n```\n\n```\nmore"), "text\n\nmore");
    // Four spaces after a blank line: an indented code block; without the blank line, a paragraph's line.
    assert_eq!(plain("Run:\n\n    ls  -l\n      | wc\n\nDone."), "Run:\n\nls  -l\n  | wc\n\nDone.");
    assert_eq!(plain("Run:\n    ls  -l"), "Run: ls -l");
}

#[test]
fn links_in_options_keep_only_their_text() {
    let text = doc(&[
        "### Which command runs a pod? See [the docs](https://kubernetes.io/docs/).", // 1
        "",                                                                           // 2
        "- [ ] [kubectl run](https://kubernetes.io/docs/reference/kubectl/)",         // 3
        "- [x] `kubectl apply` ([reference](https://k8s.io/apply))",                  // 4
        "- [ ] <https://example.com/x>",                                              // 5
        "- [ ] [https://example.com/y](https://example.com/y)",                       // 6
        "- [ ] [](https://example.com/z)",                                            // 7
        "    > see [why](https://example.com/why)",                                   // 8
        "",                                                                           // 9
        "Explanation: [apply](https://k8s.io/apply) is declarative.",                 // 10
    ]);
    let r = parse("k.md", &text);
    assert_eq!(r.problems, vec![]);
    let q = &r.questions[0];
    check(
        q,
        1,
        "Which command runs a pod? See the docs (https://kubernetes.io/docs/).",
        &[
            "kubectl run",
            "kubectl apply (reference)",
            "https://example.com/x",
            "https://example.com/y",
            "https://example.com/z",
        ],
        "B",
        Some("apply (https://k8s.io/apply) is declarative."),
    );
    assert_eq!(q.options[4].why.as_deref(), Some("see why (https://example.com/why)"));
}

// ---------------------------------------------------------------------------------------------------------
// Robustness
// ---------------------------------------------------------------------------------------------------------

#[test]
fn crlf_reads_the_same_as_lf() {
    let front = front_question(Some("T"), "Is it?", [true, false]);
    for text in [EXAM_1, EXAM_23, &numbered_problems(), &checklist_bank(), &front] {
        assert_eq!(parse("f.md", &text.replace('\n', "\r\n")), parse("f.md", text));
    }
    let lf = vec![("a/q.md".to_string(), front.clone())];
    let crlf = vec![("a/q.md".to_string(), front.replace('\n', "\r\n"))];
    assert_eq!(parse_folder(&crlf), parse_folder(&lf));
}

#[test]
fn every_prefix_of_exam_1_parses_without_panic() {
    let ends: Vec<usize> =
        EXAM_1.char_indices().map(|(i, _)| i).chain(std::iter::once(EXAM_1.len())).collect();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, 8);
    let chunk = ends.len().div_ceil(threads);
    // For each prefix, the number of questions: a truncated file loses its last question (to a problem or
    // silently, cut before its options) and never gains one.
    let counts: Vec<usize> = std::thread::scope(|scope| {
        let handles: Vec<_> = ends
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter().map(|&end| parse("p.md", &EXAM_1[..end]).questions.len()).collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
    });
    assert_eq!(counts.len(), ends.len());
    assert!(counts.windows(2).all(|w| w[1] + 1 >= w[0] && w[1] <= w[0] + 1), "question counts jump");
    assert_eq!(counts.last(), Some(&50));
    assert!(counts.iter().all(|&n| n <= 50));
}

#[test]
fn every_line_prefix_of_exam_23_parses_without_panic() {
    let lines: Vec<&str> = EXAM_23.split('\n').collect();
    for n in 0..=lines.len() {
        let r = parse("p.md", &lines[..n].join("\n"));
        assert!(r.questions.len() <= 50);
    }
}

/// A small deterministic generator (no dependency): xorshift.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

const SHARDS: &[&str] = &[
    "<",
    ">",
    "[",
    "]",
    "(",
    ")",
    "`",
    "```",
    "*",
    "**",
    "_",
    "~~",
    "\\",
    "&",
    "&#x",
    "<details>",
    "</details>",
    "<summary>",
    "---",
    "\n",
    "\r",
    "\r\n",
    "\n\n",
    "- [x] ",
    "- [ ] ",
    "- A. ",
    "1. ",
    "# ",
    "### ",
    "\"",
    "'",
    "|",
    ":",
    "é",
    "😀",
    "\u{feff}",
    "<!--",
    "-->",
    "![a](",
    "Correct answer: ",
    "Explanation: ",
    "question: ",
    "\t",
    "    ",
    "Z",
    "(Choose two)",
];

fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut s = text.to_string();
    for _ in 0..1 + rng.below(6) {
        let bounds: Vec<usize> = s.char_indices().map(|(i, _)| i).chain(std::iter::once(s.len())).collect();
        let at = bounds[rng.below(bounds.len())];
        // A char boundary at or before `x`.
        let snap = |x: usize| bounds.iter().copied().filter(|&b| b <= x).max().unwrap_or(0);
        match rng.below(4) {
            0 => s.insert_str(at, SHARDS[rng.below(SHARDS.len())]),
            1 => {
                let to = bounds[rng.below(bounds.len())].max(at);
                s.replace_range(at..snap(to.min(at + 200)).max(at), "");
            }
            2 => {
                let to = bounds[rng.below(bounds.len())].max(at);
                let piece = s[at..snap(to.min(at + 300)).max(at)].to_string();
                s.insert_str(to, &piece);
            }
            _ => {
                let lines: Vec<&str> = s.split('\n').collect();
                let k = rng.below(lines.len());
                s = lines
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != k)
                    .map(|(_, l)| *l)
                    .collect::<Vec<_>>()
                    .join("\n");
            }
        }
    }
    s
}

#[test]
fn mutated_inputs_never_panic() {
    let front = front_question(Some("T"), "|\n  Is it?", [true, false]);
    let seeds = [EXAM_1, EXAM_23, &numbered_problems(), &checklist_bank(), &front];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for round in 0..400 {
        let base = seeds[round % seeds.len()];
        let text = mutate(&mut rng, base);
        let r = parse("m.md", &text);
        for q in &r.questions {
            assert!(q.options.len() >= 2 && q.options.iter().any(|o| o.correct));
            assert!(!q.stem.is_empty() && !q.stem.ends_with(char::is_whitespace));
        }
        let _ = parse_folder(&[("d/m.md".to_string(), text)]);
    }
}

#[test]
fn pathological_inputs_never_panic() {
    let long = |s: &str, n: usize| s.repeat(n);
    let cases = [
        String::new(),
        "---".into(),
        "---\n".into(),
        "---\n---".into(),
        "---\nquestion:\n---".into(),
        "---\nquestion: \"\n---\n- [x] a\n- [ ] b".into(),
        "---\nquestion: |\n---".into(),
        "---\ntags: [\n---".into(),
        "\r\r\n\n\r".into(),
        "1.".into(),
        "1. \n - A.".into(),
        "<details".into(),
        "<details>".into(),
        "1. q\n - A. a\n - B. b\n<details><summary>".into(),
        "1. q\n - A. a\n - B. b\n<details><summary>Answer</summary>Correct answer:".into(),
        long("[", 5000) + &long("]", 5000) + "(x)",
        long("![", 3000),
        long("*_", 5000),
        long("`", 10000),
        long("<", 5000) + ">",
        long("- [x] a\n", 2000),
        long("### h\n", 2000),
        long("1. ", 3000),
        long("    ", 1000) + "- A. deep",
        "\u{feff}# Title\n\n1. q\n - A. é\n - B. 😀\n<details>Correct answer: B</details>".into(),
        "**".into(),
        "__x".into(),
        "# \n## \n**** ".into(),
        "Correct answer: Z".into(),
    ];
    for text in &cases {
        let _ = parse("p.md", text);
        let _ = parse_folder(&[
            (String::new(), text.clone()),
            ("/".into(), text.clone()),
            ("a\\".into(), text.clone()),
        ]);
    }
    let r = parse("", "\u{feff}# Title\n\n1. q\n - A. é\n - B. 😀\n<details>Correct answer: B</details>");
    assert_eq!(r.title.as_deref(), Some("Title"));
    check(&r.questions[0], 3, "q", &["é", "😀"], "B", None);
}
