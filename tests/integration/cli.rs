//! The command line as users run it: exit codes and what is printed.

use std::process::{Command, Output};

use crate::support::fixture;

pub fn examday(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_examday")).args(args).output().expect("examday runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn check_summarises_a_good_exam_and_exits_0() {
    let out = examday(&["check", fixture("small.toml").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Small test exam (small)"), "{text}");
    assert!(
        text.contains("20 minutes, pass mark 50%, 4 questions: 3 single-select, 1 multiple-select"),
        "{text}"
    );
    assert!(text.contains("Serving      2   50%"), "{text}");
}

#[test]
fn check_prints_compiler_style_errors_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[exam]\nid = \"x\"\ntitle = \"X\"\npass_percent = 150\n").unwrap();
    let out = examday(&["check", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "errors in an exam are check's finding");
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "{}:4:16: error: pass_percent must be between 0 and 100, got 150",
            bad.display()
        )),
        "{err}"
    );
    assert!(err.contains("2 problems"), "{err}");
}

#[test]
fn check_reads_a_real_image_from_the_exam_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("img")).unwrap();
    image::RgbaImage::new(4, 3).save(dir.path().join("img/chart.png")).unwrap();
    std::fs::write(dir.path().join("img/fake.png"), "not a picture").unwrap();
    let exam = std::fs::read_to_string(fixture("small.toml")).unwrap();
    let good =
        exam.replacen("domain = \"Serving\"\n", "domain = \"Serving\"\nimage = \"img/chart.png\"\n", 1);
    std::fs::write(dir.path().join("good.toml"), good).unwrap();
    let out = examday(&["check", dir.path().join("good.toml").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let bad = exam.replacen("domain = \"Serving\"\n", "domain = \"Serving\"\nimage = \"img/fake.png\"\n", 1);
    std::fs::write(dir.path().join("bad.toml"), bad).unwrap();
    let out = examday(&["check", dir.path().join("bad.toml").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("of question 'serve-latency' is not a PNG or JPEG image"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn check_survives_junk_and_missing_files() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.toml");
    std::fs::write(
        &junk,
        (0..20_000u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect::<Vec<u8>>(),
    )
    .unwrap();
    let out = examday(&["check", junk.to_str().unwrap(), "/no/such/exam.toml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("junk.toml:1:2: error: not UTF-8 text: byte 0xbb"), "{err}");
    assert!(err.contains("/no/such/exam.toml: error: cannot read the exam file"), "{err}");
}

/// `review` and `verify` without a journal take the most recent sitting in the journal folder, and say which;
/// `--last N` the N-th most recent. A check-in left before the exam started is passed over, and said.
#[test]
fn review_and_verify_alone_take_the_latest_sitting() {
    let dir = tempfile::tempdir().unwrap();
    let full = std::fs::read_to_string(fixture("journals/full-sitting.jsonl")).unwrap();
    let head = |n: usize| full.lines().take(n).map(|l| format!("{l}\n")).collect::<String>();
    std::fs::write(dir.path().join("20261101-090000-small.jsonl"), &full).unwrap();
    // A later sitting, cut short after its first answer: intact but unfinished.
    std::fs::write(dir.path().join("20261102-090000-small.jsonl"), head(7)).unwrap();
    // Later still, a check-in left with Escape: its exam never started.
    std::fs::write(dir.path().join("20261103-090000-small.jsonl"), head(3)).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a journal").unwrap();
    let folder = dir.path().to_str().unwrap();

    let latest = examday(&["verify", "--journal-dir", folder]);
    assert_eq!(latest.status.code(), Some(0), "{}", stderr(&latest));
    assert!(stdout(&latest).starts_with("intact, unfinished"), "{}", stdout(&latest));
    assert!(stdout(&latest).contains("offers to resume it"), "{}", stdout(&latest));
    let said = stderr(&latest);
    assert!(
        said.contains("the most recent sitting (passing over a check-in left before its exam started):"),
        "{said}"
    );
    assert!(said.contains("20261102-090000-small.jsonl"), "{said}");

    let earlier = examday(&["verify", "--journal-dir", folder, "--last", "2"]);
    assert!(stdout(&earlier).starts_with("intact, finished"), "{}", stdout(&earlier));
    assert!(stderr(&earlier).contains("sitting 2 back (passing over a check-in"), "{}", stderr(&earlier));
    assert!(stderr(&earlier).contains("20261101-090000-small.jsonl"), "{}", stderr(&earlier));

    let review = examday(&["review", "--json", "--journal-dir", folder, "--last", "2"]);
    assert_eq!(review.status.code(), Some(0), "{}", stderr(&review));
    let report: serde_json::Value = serde_json::from_slice(&review.stdout).expect("JSON alone on stdout");
    assert_eq!(report["intact"], true);

    let too_far = examday(&["review", "--journal-dir", folder, "--last", "3"]);
    assert_eq!(too_far.status.code(), Some(2));
    assert!(stderr(&too_far).contains("holds 2 sittings; --last 3 asks for more"), "{}", stderr(&too_far));

    // Named, the left check-in verifies, and nothing is offered for it.
    let left = examday(&["verify", &format!("{folder}/20261103-090000-small.jsonl")]);
    assert_eq!(left.status.code(), Some(0));
    assert!(
        stdout(&left)
            .contains("its exam never started (the check-in was left), so there is nothing to resume")
    );

    // A folder of nothing but left check-ins: the latest of them, which review explains.
    let only = tempfile::tempdir().unwrap();
    std::fs::write(only.path().join("20261103-090000-small.jsonl"), head(3)).unwrap();
    let review = examday(&["review", "--journal-dir", only.path().to_str().unwrap()]);
    assert_eq!(review.status.code(), Some(0), "{}", stderr(&review));
    assert!(stdout(&review).contains("The exam never started"), "{}", stdout(&review));
}

#[test]
fn usage_errors_exit_2_and_help_works() {
    let empty = tempfile::tempdir().unwrap();
    let none = examday(&["verify", "--journal-dir", empty.path().to_str().unwrap()]);
    assert_eq!(none.status.code(), Some(2));
    assert!(stderr(&none).contains("no sittings in"), "{}", stderr(&none));
    assert_eq!(examday(&["verify", "--last", "0"]).status.code(), Some(2));
    assert_eq!(examday(&["review", "x.jsonl", "--last", "2"]).status.code(), Some(2), "a journal or --last");
    assert_eq!(examday(&["review", "--bogus", "x"]).status.code(), Some(2));
    let help = examday(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    for command in ["run", "check", "review", "verify"] {
        assert!(stdout(&help).contains(command), "{}", stdout(&help));
    }
}

#[test]
fn shell_completions_and_the_manual_page_are_printed() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = examday(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}: {}", stderr(&out));
        assert!(stdout(&out).contains("review"), "{shell}: the subcommands are completed");
    }
    // The bash script is valid bash.
    let script = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(script.path(), examday(&["completions", "bash"]).stdout).unwrap();
    let syntax = Command::new("bash").arg("-n").arg(script.path()).output().unwrap();
    assert!(syntax.status.success(), "{}", String::from_utf8_lossy(&syntax.stderr));
    let man = examday(&["man"]);
    assert_eq!(man.status.code(), Some(0));
    assert!(stdout(&man).contains(".TH examday 1"), "{}", stdout(&man));
    assert!(stdout(&man).contains("\\-\\-camera"), "the options are in the page");
    assert_eq!(examday(&["completions", "tcsh"]).status.code(), Some(2), "an unknown shell is a usage error");
}

#[test]
fn the_version_names_the_commit_it_was_built_from() {
    let out = examday(&["--version"]);
    assert_eq!(out.status.code(), Some(0));
    let version = stdout(&out);
    assert!(version.starts_with(&format!("examday {} (", env!("CARGO_PKG_VERSION"))), "{version}");
    assert!(version.contains("(commit ") || version.contains("(unknown commit)"), "{version}");
    assert!(version.trim_end().ends_with(')'), "{version}");
    assert_eq!(
        version.trim_end(),
        format!("examday {}", examday::APP_VERSION),
        "the journal records the same"
    );
}
