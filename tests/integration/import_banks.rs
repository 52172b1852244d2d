//! `examday import` as a user runs it: every sample bank becomes an exam `check` accepts, with the source's
//! question count and answer keys; broken banks say file:line and import what is sound; encodings, images,
//! options, and banks given straight to `check`.

use std::path::{Path, PathBuf};

use crate::cli::examday;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn corpus(name: &str) -> PathBuf {
    root().join("tests/fixtures/corpora").join(name)
}

fn bank(name: &str) -> PathBuf {
    root().join("tests/fixtures/banks").join(name)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn text(o: &std::process::Output) -> (String, String) {
    (String::from_utf8_lossy(&o.stdout).into_owned(), String::from_utf8_lossy(&o.stderr).into_owned())
}

/// Imports `inputs` into `dir/out.toml` with `extra` options; returns the exit code, stdout and stderr.
fn import(dir: &Path, inputs: &[&Path], extra: &[&str]) -> (Option<i32>, String, String) {
    let out = dir.join("out.toml");
    let mut args: Vec<&str> = vec!["import"];
    args.extend(inputs.iter().map(|p| s(p)));
    args.extend(["-o", s(&out)]);
    args.extend(extra);
    let o = examday(&args);
    let (stdout, stderr) = text(&o);
    (o.status.code(), stdout, stderr)
}

/// The exam written: (question id, stem, options as (text, correct)) in file order.
type Written = Vec<(String, String, Vec<(String, bool)>)>;

fn written(path: &Path) -> (toml::Table, Written) {
    let table: toml::Table = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let questions = table["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            let options = q["options"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| {
                    (
                        o["text"].as_str().unwrap().to_string(),
                        o.get("correct").and_then(|c| c.as_bool()).unwrap_or(false),
                    )
                })
                .collect();
            (q["id"].as_str().unwrap().to_string(), q["stem"].as_str().unwrap().to_string(), options)
        })
        .collect();
    (table, questions)
}

fn check_accepts(path: &Path) {
    let o = examday(&["check", s(path)]);
    let (stdout, stderr) = text(&o);
    assert_eq!(o.status.code(), Some(0), "check {}:\n{stdout}\n{stderr}", path.display());
    assert!(!stderr.contains(": error"), "{stderr}");
}

fn keys(q: &[(String, bool)]) -> String {
    q.iter().enumerate().filter(|(_, (_, c))| *c).map(|(i, _)| char::from(b'A' + i as u8)).collect()
}

#[test]
fn the_markdown_samples_import_with_their_answer_keys() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["practice-exam-1.md", "practice-exam-23.md"] {
        let source = corpus("markdown-numbered").join(name);
        let (code, stdout, stderr) = import(dir.path(), &[&source], &["--force"]);
        assert_eq!(code, Some(0), "{stdout}\n{stderr}");
        let (table, questions) = written(&dir.path().join("out.toml"));
        check_accepts(&dir.path().join("out.toml"));
        // The keys, read from the source independently: every "Correct answer: X" in question order.
        let source_text = std::fs::read_to_string(&source).unwrap();
        let expected: Vec<String> = source_text
            .lines()
            .filter_map(|l| {
                let l = l.trim();
                let rest = l.strip_prefix("Correct answer:").or_else(|| l.strip_prefix("Correct Answer:"))?;
                Some(rest.chars().filter(|c| c.is_ascii_uppercase()).collect())
            })
            .collect();
        assert_eq!(questions.len(), 50, "{name}");
        assert_eq!(expected.len(), 50, "{name}");
        let got: Vec<String> = questions.iter().map(|(_, _, o)| keys(o)).collect();
        assert_eq!(got, expected, "{name}: the keys as the source gives them");
        assert!(stdout.contains("Imported 50 questions"), "{stdout}");
        assert_eq!(
            table["exam"]["title"].as_str(),
            Some(if name.contains("-1.") { "Practice Exam 1" } else { "Practice Exam 23" })
        );
        // Ids from the question numbers, stable from one import to the next.
        assert_eq!(questions[0].0, format!("{}-q1", name.trim_end_matches(".md")));
    }
}

#[test]
fn a_folder_of_banks_is_one_exam_and_a_large_one_draws_sixty_per_sitting() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, _) = import(dir.path(), &[&corpus("markdown-numbered")], &[]);
    assert_eq!(code, Some(0), "{stdout}");
    let (table, questions) = written(&dir.path().join("out.toml"));
    assert_eq!(questions.len(), 100);
    assert_eq!(table["exam"]["draw"].as_integer(), Some(60), "a full exam's worth per sitting");
    assert_eq!(table["exam"]["duration_minutes"].as_integer(), Some(120), "two minutes a question drawn");
    assert_eq!(table["exam"]["title"].as_str(), Some("out"), "two files' headings do not name the exam");
    assert!(
        stdout.contains("each sitting: 60 of the 100 questions drawn, 120 minutes, pass mark 70%"),
        "{stdout}"
    );
    let ids: std::collections::HashSet<&str> = questions.iter().map(|(id, _, _)| id.as_str()).collect();
    assert_eq!(ids.len(), 100, "question 1 of each file keeps its own id");
    check_accepts(&dir.path().join("out.toml"));
}

#[test]
fn the_gift_samples_import_and_list_what_examday_cannot_sit() {
    let dir = tempfile::tempdir().unwrap();
    let source = corpus("gift").join("giftFormatPhpExamples.gift");
    let (code, stdout, _) = import(dir.path(), &[&source], &[]);
    assert_eq!(code, Some(0), "{stdout}");
    let (_, questions) = written(&dir.path().join("out.toml"));
    assert_eq!(questions.len(), 5);
    // The first: "Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}".
    assert_eq!(questions[0].1, "Who's buried in Grant's tomb?");
    assert_eq!(keys(&questions[0].2), "C");
    // "Grant is buried in Grant's tomb.{F}": true/false as two options, False the key.
    assert_eq!(questions[2].2, [("True".to_string(), false), ("False".to_string(), true)]);
    assert!(
        stdout.contains("Skipped 5 questions examday cannot sit (2 numerical, 2 short answer, 1 matching)"),
        "{stdout}"
    );
    for line in
        [":11: short answer:", ":13: numerical:", ":15: matching:", ":33: short answer:", ":40: numerical:"]
    {
        assert!(stdout.contains(&format!("giftFormatPhpExamples.gift{line}")), "{line} in\n{stdout}");
    }
    check_accepts(&dir.path().join("out.toml"));

    // Every other sample: the ones with a question import; the essay-only and category-only ones say why not.
    for name in ["escapeAll.gift", "mc1.gift", "mc2.gift", "mc4.gift", "tf1.gift"] {
        let (code, stdout, stderr) = import(dir.path(), &[&corpus("gift").join(name)], &["--force"]);
        assert_eq!(code, Some(0), "{name}: {stdout}{stderr}");
        check_accepts(&dir.path().join("out.toml"));
    }
    let (code, _, stderr) = import(dir.path(), &[&corpus("gift").join("essay1.gift")], &["--force"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains(
            "no question could be imported (1 skipped as kinds examday cannot sit, 0 with problems)"
        ),
        "{stderr}"
    );
}

#[test]
fn every_format_of_the_bank_fixtures_becomes_an_exam_check_accepts() {
    // (fixture, questions imported, exit code: 1 when some question was left out with a problem)
    for (name, count, code) in [
        ("aiken_bank.txt", 5, 0),
        ("csv_bank.csv", 4, 0),
        ("bank.tsv", 2, 0),
        ("anki_mc.txt", 3, 1),
        ("moodle_export.xml", 3, 0),
        ("moodle_bank.xml", 6, 1),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let (got, stdout, stderr) = import(dir.path(), &[&bank(name)], &[]);
        assert_eq!(got, Some(code), "{name}:\n{stdout}\n{stderr}");
        let (_, questions) = written(&dir.path().join("out.toml"));
        assert_eq!(questions.len(), count, "{name}:\n{stdout}");
        check_accepts(&dir.path().join("out.toml"));
    }
}

#[test]
fn broken_banks_name_the_file_and_line_and_import_what_is_sound() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let out = tempfile::tempdir().unwrap();

    // A GIFT brace never closed: that question is out, the ones around it are in.
    let gift =
        write("open.gift", "::a:: One? {=yes ~no}\n\n::b:: Two? {=yes ~no\n\n::c:: Three? {=yes ~no}\n");
    let (code, stdout, _) = import(out.path(), &[&gift], &["--force"]);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stdout.contains("Imported 2 questions"), "{stdout}");
    assert!(
        stdout.contains("Left out 1 question with problems:") && stdout.contains("open.gift:3: "),
        "{stdout}"
    );

    // An Aiken block without ANSWER.
    let aiken = write(
        "no-answer.txt",
        "Q1?\nA) x\nB) y\nANSWER: A\n\nQ2?\nA) x\nB) y\n\nQ3?\nA) x\nB) y\nANSWER: B\n",
    );
    let (code, stdout, _) = import(out.path(), &[&aiken], &["--force"]);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stdout.contains("Imported 2 questions") && stdout.contains("no-answer.txt:6: "), "{stdout}");

    // A Moodle XML file cut in half: nothing sound to import, and the line where it ends.
    let xml = std::fs::read_to_string(bank("moodle_export.xml")).unwrap();
    let half = write("half.xml", &xml[..xml.len() / 2]);
    let (code, _, stderr) = import(out.path(), &[&half], &["--force"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "no question could be imported (0 skipped as kinds examday cannot sit, 1 with problems)"
        ),
        "{stderr}"
    );
    let checked = examday(&["check", s(&half)]);
    let (_, err) = text(&checked);
    assert_eq!(checked.status.code(), Some(1));
    assert!(err.contains("half.xml: error: no question could be imported"), "{err}");

    // A CSV row with a missing column.
    let csv = write("short.csv", "question,A,B,C,answer\nOne?,x,y,z,A\nTwo?,x,y,B\nThree?,x,y,z,C\n");
    let (code, stdout, _) = import(out.path(), &[&csv], &["--force"]);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stdout.contains("Imported 2 questions") && stdout.contains("short.csv:3: row has 4 cells"),
        "{stdout}"
    );

    // A truncated file: the question cut off is out with its line, the ones before it are in.
    let cut = write("cut.gift", "::a:: One? {=yes ~no}\n\n::b:: Two? {=yes ~n");
    let (code, stdout, _) = import(out.path(), &[&cut], &["--force"]);
    assert_eq!(code, Some(1));
    assert!(stdout.contains("Imported 1 question ") && stdout.contains("cut.gift:3: "), "{stdout}");

    // A stem that asks for two with one answer marked.
    let two = write(
        "two.txt",
        "Which two? (Choose two.)\nA) x\nB) y\nC) z\nANSWER: A\n\nOne?\nA) x\nB) y\nANSWER: B\n",
    );
    let (code, stdout, _) = import(out.path(), &[&two], &["--force"]);
    assert_eq!(code, Some(1));
    assert!(
        stdout.contains("two.txt:1: the question asks to choose two but 1 option is marked right"),
        "{stdout}"
    );
}

#[test]
fn utf8_with_or_without_bom_and_crlf_read_alike_and_other_encodings_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let plain = "::q1:: Café or thé? {=thé ~café}\n\n::q2:: Two? {=yes ~no}\n";
    let lf = dir.path().join("lf.gift");
    std::fs::write(&lf, plain).unwrap();
    let bom = dir.path().join("bom.gift");
    std::fs::write(&bom, [b"\xEF\xBB\xBF".as_slice(), plain.replace('\n', "\r\n").as_bytes()].concat())
        .unwrap();
    let out = tempfile::tempdir().unwrap();
    import(out.path(), &[&lf], &[]);
    let (_, a) = written(&out.path().join("out.toml"));
    import(out.path(), &[&bom], &["--force"]);
    let (_, b) = written(&out.path().join("out.toml"));
    assert_eq!(a, b);
    assert_eq!(a[0].1, "Café or thé?");

    let latin1 = dir.path().join("latin1.gift");
    std::fs::write(&latin1, b"::q1:: One? {=yes ~no}\n\n::q2:: Caf\xE9? {=yes ~no}\n").unwrap();
    let (code, _, stderr) = import(out.path(), &[&latin1], &["--force"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("latin1.gift:3:11: error: not UTF-8 text (byte 0xE9)"), "{stderr}");
    let utf16 = dir.path().join("utf16.txt");
    let bytes: Vec<u8> =
        [0xFF, 0xFE].into_iter().chain("Q?\nA) x\n".encode_utf16().flat_map(u16::to_le_bytes)).collect();
    std::fs::write(&utf16, bytes).unwrap();
    let (code, _, stderr) = import(out.path(), &[&utf16], &["--force"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("utf16.txt: error: the file is UTF-16 (little-endian); save it as UTF-8"),
        "{stderr}"
    );
    let unknown = dir.path().join("notes.txt");
    std::fs::write(&unknown, "Just notes, no questions.\n").unwrap();
    let (code, _, stderr) = import(out.path(), &[&unknown], &["--force"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("notes.txt: error: cannot tell which format this is; name it with --format"),
        "{stderr}"
    );
}

#[test]
fn images_are_written_beside_the_exam_and_a_missing_one_is_a_note() {
    let dir = tempfile::tempdir().unwrap();
    // Moodle's embedded image.
    let (code, stdout, _) = import(dir.path(), &[&bank("moodle_export.xml")], &[]);
    assert_eq!(code, Some(0), "{stdout}");
    let (table, _) = written(&dir.path().join("out.toml"));
    let images: Vec<&str> =
        table["questions"].as_array().unwrap().iter().filter_map(|q| q.get("image")?.as_str()).collect();
    assert_eq!(images.len(), 1, "{stdout}");
    assert!(images[0].starts_with("out-images/"));
    assert!(dir.path().join(images[0]).is_file());
    check_accepts(&dir.path().join("out.toml"));

    // Markdown's `![](...)`: copied when it is there, a note when it is not.
    let src = tempfile::tempdir().unwrap();
    std::fs::create_dir(src.path().join("img")).unwrap();
    let png = image::RgbaImage::from_pixel(4, 4, image::Rgba([200, 30, 30, 255]));
    png.save(src.path().join("img/diagram.png")).unwrap();
    let md = "## What does the diagram show?\n\n![diagram](img/diagram.png)\n\n- [x] A red square\n- [ ] A blue circle\n\n\
              ## And this one?\n\n![gone](img/missing.png)\n\n- [ ] Nothing\n- [x] Something\n";
    std::fs::write(src.path().join("bank.md"), md).unwrap();
    let (code, stdout, _) = import(dir.path(), &[&src.path().join("bank.md")], &["--force"]);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(
        stdout.contains("bank.md:8: image img/missing.png: ") && stdout.contains("imported without it"),
        "{stdout}"
    );
    let (table, questions) = written(&dir.path().join("out.toml"));
    assert_eq!(questions.len(), 2);
    let first = table["questions"][0]["image"].as_str().unwrap();
    assert_eq!(
        std::fs::read(dir.path().join(first)).unwrap(),
        std::fs::read(src.path().join("img/diagram.png")).unwrap()
    );
    check_accepts(&dir.path().join("out.toml"));
}

#[test]
fn options_set_the_exam_and_an_existing_file_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let source = bank("aiken_bank.txt");
    let extra =
        ["--title", "Networking drill", "--id", "net-drill", "--minutes", "9", "--pass-percent", "80"];
    let (code, _, _) = import(dir.path(), &[&source], &extra);
    assert_eq!(code, Some(0));
    let (table, _) = written(&dir.path().join("out.toml"));
    assert_eq!(table["exam"]["title"].as_str(), Some("Networking drill"));
    assert_eq!(table["exam"]["id"].as_str(), Some("net-drill"));
    assert_eq!(table["exam"]["duration_minutes"].as_integer(), Some(9));
    assert_eq!(table["exam"]["pass_percent"].as_integer(), Some(80));
    let before = std::fs::read(dir.path().join("out.toml")).unwrap();

    let (code, _, stderr) = import(dir.path(), &[&source], &[]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("out.toml: error: the file exists; name another with -o, or replace it with --force")
    );
    assert_eq!(std::fs::read(dir.path().join("out.toml")).unwrap(), before, "untouched");

    let (code, _, _) = import(dir.path(), &[&source], &["--force", "--draw", "3"]);
    assert_eq!(code, Some(0));
    let (table, _) = written(&dir.path().join("out.toml"));
    assert_eq!(table["exam"]["draw"].as_integer(), Some(3));
    assert_eq!(table["exam"]["duration_minutes"].as_integer(), Some(6));
    let (code, _, stderr) = import(dir.path(), &[&source], &["--force", "--draw", "9"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("cannot draw 9 questions per sitting from 5"), "{stderr}");
}

#[test]
fn check_takes_a_bank_directly_and_points_at_its_lines() {
    let o = examday(&["check", s(&corpus("gift").join("giftFormatPhpExamples.gift"))]);
    let (stdout, stderr) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{stdout}{stderr}");
    assert!(
        stderr.contains("giftFormatPhpExamples.gift:13: note: skipped (numerical, which examday cannot sit)"),
        "{stderr}"
    );
    assert!(stderr.contains("giftFormatPhpExamples.gift:7:1: warning[near-duplicate-question]"), "{stderr}");
    assert!(stdout.contains("5 questions: 5 single-select"), "{stdout}");
}

#[test]
fn the_readme_examples_import_as_they_say() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let section = readme.split("## Rehearse your own exam").nth(1).unwrap().split("\n## ").next().unwrap();
    let blocks: Vec<&str> = section.split("```").skip(1).step_by(2).collect();
    // The commands, then one example per format, in this order.
    let expected = [("gift", "A", 1), ("txt", "B", 1), ("md", "AC", 1), ("csv", "B", 1)];
    assert_eq!(blocks.len(), 1 + expected.len(), "{blocks:?}");
    let dir = tempfile::tempdir().unwrap();
    for (block, (ext, key, count)) in blocks[1..].iter().zip(expected) {
        let body = block.split_once('\n').unwrap().1;
        let file = dir.path().join(format!("example.{ext}"));
        std::fs::write(&file, body).unwrap();
        let (code, stdout, stderr) = import(dir.path(), &[&file], &["--force"]);
        assert_eq!(code, Some(0), "{ext}:\n{body}\n{stdout}\n{stderr}");
        let (_, questions) = written(&dir.path().join("out.toml"));
        assert_eq!(questions.len(), count, "{ext}");
        assert_eq!(keys(&questions[0].2), key, "{ext}:\n{stdout}");
        check_accepts(&dir.path().join("out.toml"));
    }
}

#[test]
fn a_folder_of_one_question_files_takes_its_domains_from_subfolders() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = import(dir.path(), &[&bank("one-per-file")], &[]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let (table, questions) = written(&dir.path().join("out.toml"));
    // Natural order (q2 before q10), the README passed over, ids from the paths.
    let ids: Vec<&str> = questions.iter().map(|(id, _, _)| id.as_str()).collect();
    assert_eq!(ids, ["networking-q2", "networking-q10", "security-rbac", "security-secrets"]);
    let domains: Vec<&str> =
        table["questions"].as_array().unwrap().iter().map(|q| q["domain"].as_str().unwrap()).collect();
    assert_eq!(domains, ["networking", "networking", "security", "security"]);
    let rbac = &table["questions"][2];
    assert_eq!(rbac["tags"].as_array().unwrap().len(), 2);
    assert!(
        rbac["explanation"]
            .as_str()
            .unwrap()
            .contains("https://kubernetes.io/docs/reference/access-authn-authz/rbac/")
    );
    assert_eq!(keys(&questions[3].2), "AB", "the two checked boxes");
    check_accepts(&dir.path().join("out.toml"));
}

#[test]
fn when_nothing_can_be_imported_each_reason_is_listed() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.gift");
    std::fs::write(&bad, "::a:: No key? {~x ~y}\n\n::b:: Explain. {}\n").unwrap();
    let (code, _, stderr) = import(dir.path(), &[&bad], &[]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("bad.gift:1: "), "{stderr}");
    assert!(stderr.contains("bad.gift:3: essay:"), "{stderr}");
    let o = examday(&["check", s(&bad)]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(err.contains("bad.gift:1: error: ") && err.contains("bad.gift:3: note: skipped (essay"), "{err}");
}

#[test]
fn check_counts_a_bank_question_left_out_as_an_error_and_places_folder_warnings_in_their_files() {
    let dir = tempfile::tempdir().unwrap();
    let gift = dir.path().join("mixed.gift");
    std::fs::write(&gift, "::a:: One? {=yes ~no}\n\n::b:: Two? {=yes ~no\n\n::c:: Three? {=yes ~no}\n")
        .unwrap();
    let o = examday(&["check", s(&gift)]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("mixed.gift:3: error: left out of the exam: "), "{err}");
    let o = examday(&["check", "--json", s(&gift)]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["files"][0]["ok"], false);
    assert_eq!(json["files"][0]["errors"][0]["line"], 3);

    let o = examday(&["check", s(&corpus("markdown-numbered"))]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    let first = err.lines().find(|l| l.contains("warning[")).unwrap();
    assert!(
        first.contains("practice-exam-1.md:") && !first.contains("markdown-numbered: warning"),
        "{first}"
    );
}

#[test]
fn what_import_writes_is_readable_by_others_and_may_go_into_a_new_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("new/sub/exam.toml");
    let o = examday(&["import", s(&bank("aiken_bank.txt")), "-o", s(&out)]);
    assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o644);
    }
}

#[test]
fn repeated_names_get_ids_of_their_own_and_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let gift = dir.path().join("dup.gift");
    std::fs::write(&gift, "::Q1:: A? {=a ~b}\n\n::Q1:: B? {=a ~b}\n\n::Q1-2:: C? {=a ~b}\n").unwrap();
    let (code, stdout, _) = import(dir.path(), &[&gift], &[]);
    assert_eq!(code, Some(0));
    let (_, questions) = written(&dir.path().join("out.toml"));
    let ids: Vec<&str> = questions.iter().map(|(id, _, _)| id.as_str()).collect();
    assert_eq!(ids, ["q1", "q1-3", "q1-2"], "Q1-2 keeps the id it gave itself");
    assert!(
        stdout.contains("dup.gift:3: the id q1 is the question's at line 1 too; this one is q1-3"),
        "{stdout}"
    );
}

#[test]
fn a_folder_reads_its_readme_and_passes_over_the_repository_papers() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    std::fs::write(
        repo.join("README.md"),
        "# AWS questions\n\n### Which is object storage?\n\n- [x] S3\n- [ ] EBS\n",
    )
    .unwrap();
    std::fs::write(
        repo.join("CONTRIBUTING.md"),
        "## Checklist\n\n- [x] I have read the code of conduct\n- [ ] Tests\n",
    )
    .unwrap();
    let (code, stdout, _) = import(dir.path(), &[&repo], &[]);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(stdout.contains("Imported 1 question ") && !stdout.contains("CONTRIBUTING"), "{stdout}");
}
