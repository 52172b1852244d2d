//! The manual pages, from the same command definitions as `--help`: examday(1), with what a manual has beyond
//! the options (exit status, environment, files, examples), and examday-COMMAND(1) for each command. The
//! Debian package ships them from assets/man/, which a test keeps equal to what this prints.

use clap::CommandFactory;
use roff::{Roff, bold, italic, roman};

use super::Cli;

/// The command tree the pages are drawn from: without the `help` command (`--help` is on every page), and
/// with the bare package version, so a page does not change with each commit.
fn tree() -> clap::Command {
    let mut command = Cli::command()
        .version(env!("CARGO_PKG_VERSION"))
        .disable_help_subcommand(true)
        .propagate_version(true);
    command.build();
    command
}

/// The commands with a page of their own: examday-NAME(1).
pub fn commands() -> Vec<String> {
    tree().get_subcommands().filter(|c| !c.is_hide_set()).map(|c| c.get_name().to_string()).collect()
}

/// One page as roff: examday(1) without a command, examday-COMMAND(1) with one. Err: no such command.
pub fn page(command: Option<&str>) -> Result<String, String> {
    let tree = tree();
    let (mut page, sections) = match command {
        None => (render(tree.clone()), main_sections(&tree)),
        Some(name) => {
            let sub = tree.find_subcommand(name).filter(|c| !c.is_hide_set()).ok_or_else(|| {
                let pages = commands().join(", examday-");
                format!("there is no command `{name}`; the pages are examday and examday-{pages}")
            })?;
            let mut see_also = Roff::new();
            see_also.control("SH", ["SEE ALSO"]);
            see_also.text([bold("examday"), roman("(1)")]);
            (render(sub.clone()), see_also)
        }
    };
    // The sections clap knows nothing of go before its VERSION section, where a reader expects them.
    let at = page.find("\n.SH VERSION").map_or(page.len(), |i| i + 1);
    page.insert_str(at, &body(&sections));
    Ok(page)
}

fn render(command: clap::Command) -> String {
    let source = format!("examday {}", env!("CARGO_PKG_VERSION"));
    let mut out = Vec::new();
    clap_mangen::Man::new(command)
        .source(source)
        .manual("examday manual")
        .render(&mut out)
        .expect("writing to a Vec cannot fail");
    String::from_utf8(out).expect("clap_mangen writes the UTF-8 it is given")
}

/// A Roff's lines without the preamble that `Roff::render` puts first (the page has it already).
fn body(roff: &Roff) -> String {
    let text = roff.render();
    text.lines().filter(|l| !l.starts_with(".ie \\n(.g .ds Aq") && !l.starts_with(".el .ds Aq")).fold(
        String::new(),
        |mut out, line| {
            out.push_str(line);
            out.push('\n');
            out
        },
    )
}

/// A tagged paragraph: the tag in bold, then the text.
fn item(roff: &mut Roff, tag: &str, text: &str) {
    roff.control("TP", []);
    roff.text([bold(tag)]);
    roff.text([roman(text)]);
}

fn main_sections(tree: &clap::Command) -> Roff {
    let mut r = Roff::new();
    r.control("SH", ["EXIT STATUS"]);
    item(
        &mut r,
        "0",
        "Done: the sitting ended, the journal is intact (finished or not), the exam has no errors.",
    );
    item(
        &mut r,
        "1",
        "A finding: verify found the journal tampered with, check found errors (or warnings, with --deny-warnings), import left something out, listen opened no microphone.",
    );
    item(
        &mut r,
        "2",
        "Bad usage or bad input: a malformed exam file, an unreadable journal, no display, an unwritable journal folder.",
    );
    item(&mut r, "3", "The window was destroyed from outside during a sitting.");
    item(
        &mut r,
        "128+N",
        "The sitting was stopped by signal N (143 for SIGTERM). Its journal says so; if its clock had started, the next run of the same exam offers to resume it.",
    );

    r.control("SH", ["ENVIRONMENT"]);
    item(
        &mut r,
        "EXAMDAY_HOME",
        "examday's data folder instead of $XDG_DATA_HOME/examday (~/.local/share/examday): journals go to its sessions folder, and checkin.toml is read from it.",
    );
    item(
        &mut r,
        "EXAMDAY_RENDERER",
        "gpu, software or pixels: how frames reach the screen. By default examday hands them to a Vulkan GPU when there is one, and draws in software otherwise.",
    );
    item(
        &mut r,
        "EXAMDAY_TRACE",
        "Print which renderer was chosen and why, each frame's timings, and the sound library's own messages (otherwise examday says in one line of its own that there is no sound).",
    );
    item(
        &mut r,
        "EXAMDAY_FRAME_DUMP",
        "A folder: each frame drawn is saved there as a PNG, for bug reports.",
    );

    r.control("SH", ["FILES"]);
    item(
        &mut r,
        "$XDG_DATA_HOME/examday/sessions/",
        "The journals (by default in ~/.local/share/examday/sessions), one per sitting, named YYYYMMDD-HHMMSS-EXAM.jsonl, each with every event as it happened, in a SHA-256 chain. review, verify and history read them; --journal-dir puts them elsewhere.",
    );
    item(
        &mut r,
        "$XDG_DATA_HOME/examday/finished.tsv",
        "The index of finished sittings (by default ~/.local/share/examday/finished.tsv): a journal listed here whose end is cut off reads as tampered, not as resumable.",
    );
    item(
        &mut r,
        "$XDG_CONFIG_HOME/examday/checkin.toml",
        "The applications the check-in asks you to close, instead of its own list, as close_applications = [\"slack\", \"zoom\", ...] (by default ~/.config/examday/checkin.toml; in $EXAMDAY_HOME when that is set).",
    );

    r.control("SH", ["EXAMPLES"]);
    for (command, what) in [
        ("examday", "Sit the full mock exam: fullscreen, two hours, the clock never pauses."),
        ("examday run quick-rehearsal --windowed", "Fifteen minutes in a normal window, to try it out."),
        ("examday review", "What happened in the last sitting: score, pace, every lapse of focus."),
        ("examday review --last 2 --html report.html", "The sitting before it, as a page with charts."),
        ("examday run pmle-mock-1 --missed", "Retake the questions you missed."),
        ("examday import bank.gift -o mine.toml && examday run mine.toml", "Sit your own questions."),
        ("examday history", "Every sitting side by side: score, time, focus and stamina."),
    ] {
        r.control("TP", []);
        r.text([bold(command)]);
        r.text([roman(what)]);
    }

    r.control("SH", ["SEE ALSO"]);
    let pages: Vec<String> = tree
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(|c| format!("examday-{}", c.get_name()))
        .collect();
    let mut refs = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        refs.push(bold(page.as_str()));
        refs.push(roman(if i + 1 == pages.len() { "(1)." } else { "(1), " }));
    }
    r.text(refs);
    r.text([
        roman("The guide and the exam file format: "),
        italic("README.md"),
        roman(" and "),
        italic("exam-format.md"),
        roman(", in /usr/share/doc/examday when examday came from its Debian package."),
    ]);
    r
}
