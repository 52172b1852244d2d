//! The window for real: each test starts its own Xvfb (a free display number picked by Xvfb itself) and
//! openbox, drives `examday run` with xdotool, steals focus with xcalc, and reads the journal it writes.
//! Only the processes a test started are stopped. Needs xvfb, openbox, xdotool and x11-apps (see README).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::fixture;

struct Desktop {
    display: String,
    runtime_dir: tempfile::TempDir,
    children: Vec<Child>,
    /// Where the app under test writes its journals (shown when a wait times out).
    journals: Option<PathBuf>,
}

impl Desktop {
    fn start() -> Desktop {
        Desktop::start_with(true)
    }

    /// A display with openbox, or (`window_manager` false) a bare X server, as on a machine without a desktop.
    fn start_with(window_manager: bool) -> Desktop {
        let mut xvfb = Command::new("Xvfb")
            .args(["-displayfd", "1", "-screen", "0", "1920x1080x24", "-nolisten", "tcp"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb runs (apt-get install xvfb; see README)");
        let mut line = String::new();
        BufReader::new(xvfb.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let display = format!(":{}", line.trim());
        assert!(display.len() > 1, "Xvfb gave no display number");
        let runtime_dir = tempfile::tempdir().unwrap();
        let mut desktop = Desktop { display, runtime_dir, children: vec![xvfb], journals: None };
        if !window_manager {
            return desktop;
        }
        let openbox = desktop.command("openbox").stdout(Stdio::null()).stderr(Stdio::null()).spawn();
        desktop.children.push(openbox.expect("openbox runs (apt-get install openbox)"));
        // openbox is ready once it has set up the root window.
        desktop.until("openbox to start", Duration::from_secs(10), || {
            desktop.x(&["xprop", "-root", "_NET_SUPPORTING_WM_CHECK"]).contains("window id")
        });
        desktop
    }

    fn command(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        c.env("DISPLAY", &self.display)
            .env("XDG_RUNTIME_DIR", self.runtime_dir.path())
            .env_remove("WAYLAND_DISPLAY")
            .stdin(Stdio::null());
        c
    }

    /// Runs a command on this display and returns its standard output.
    fn x(&self, args: &[&str]) -> String {
        let out = self.command(args[0]).args(&args[1..]).stderr(Stdio::null()).output().expect(args[0]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn key(&self, window: &str, keys: &[&str]) {
        for k in keys {
            self.x(&["xdotool", "windowfocus", "--sync", window]);
            self.x(&["xdotool", "key", "--window", window, k]);
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    fn until(&self, what: &str, timeout: Duration, mut done: impl FnMut() -> bool) {
        let start = Instant::now();
        while !done() {
            if start.elapsed() > timeout {
                if let Some(dir) = &self.journals {
                    let names: Vec<String> = journal(dir)
                        .lines()
                        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                        .map(|v| format!("{} {}", v["t_ms"], v["event"]))
                        .collect();
                    panic!("timed out waiting for {what}; the journal so far:\n{}", names.join("\n"));
                }
                panic!("timed out waiting for {what}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn window(&self, name: &str) -> String {
        let mut id = String::new();
        self.until(&format!("a window named {name}"), Duration::from_secs(90), || {
            id = self.x(&["xdotool", "search", "--name", name]).lines().next().unwrap_or("").to_string();
            !id.is_empty()
        });
        id
    }

    fn screenshot(&self, path: &Path) {
        self.x(&["import", "-window", "root", path.to_str().unwrap()]);
    }
}

impl Drop for Desktop {
    fn drop(&mut self) {
        for child in self.children.iter_mut().rev() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// `examday run` on the small test exam, windowed, with the given extra arguments.
fn examday(desktop: &mut Desktop, journals: &Path, extra: &[&str]) -> Child {
    examday_with(desktop, journals, extra, &[])
}

fn examday_with(desktop: &mut Desktop, journals: &Path, extra: &[&str], env: &[(&str, &str)]) -> Child {
    examday_on(desktop, &fixture("small.toml"), journals, extra, env)
}

/// `examday run` on any exam file, windowed, seeded, silent; without camera or microphone unless `extra` asks
/// for them (a machine's own camera or sound server must not change what a test sees).
fn examday_on(
    desktop: &mut Desktop,
    exam: &Path,
    journals: &Path,
    extra: &[&str],
    env: &[(&str, &str)],
) -> Child {
    desktop.journals = Some(journals.to_path_buf());
    desktop
        .command(env!("CARGO_BIN_EXE_examday"))
        .envs(env.iter().copied())
        .arg("run")
        .arg(exam)
        .args([
            "--journal-dir",
            journals.to_str().unwrap(),
            "--windowed",
            "--free-pointer",
            "--no-sound",
            "--seed",
            "7",
        ])
        .args(extra)
        .args(if extra.contains(&"--camera") { &[][..] } else { &["--camera", "off"][..] })
        .args(if extra.contains(&"--microphone") { &[][..] } else { &["--microphone", "off"][..] })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("examday runs")
}

fn journal_path(dir: &Path) -> Option<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    files.pop()
}

fn journal(dir: &Path) -> String {
    journal_path(dir).and_then(|p| std::fs::read_to_string(p).ok()).unwrap_or_default()
}

fn count(text: &str, event: &str) -> usize {
    text.matches(&format!("\"event\":\"{event}\"")).count()
}

/// Through the check-in and the rules to a running exam.
fn start_exam(desktop: &Desktop, window: &str, journals: &Path) {
    let mut last_press = Instant::now();
    desktop.until("the exam to start", Duration::from_secs(90), || {
        let text = journal(journals);
        if count(&text, "exam_started") == 1 {
            return true;
        }
        // Enter accepts what needs accepting (a warning about running applications) and starts the exam.
        if count(&text, "checkin_item") >= 2 && last_press.elapsed() > Duration::from_millis(1200) {
            desktop.key(window, &["Return"]);
            last_press = Instant::now();
        }
        false
    });
}

/// What the screen shows, not what the app meant to: the window's dark top bar must be on the screen.
fn top_bar_on_screen(desktop: &Desktop) {
    let shots = tempfile::tempdir().unwrap();
    let shot = shots.path().join("screen.png");
    std::thread::sleep(Duration::from_millis(500));
    desktop.screenshot(&shot);
    let screen = image::open(&shot).expect("a screenshot").to_rgb8();
    let bar = screen.pixels().filter(|p| p.0 == [0x1B, 0x2A, 0x41]).count();
    assert!(bar > 20_000, "the top bar is on screen ({bar} pixels of its colour)");
}

fn review_json(journal: &Path) -> serde_json::Value {
    let out =
        Command::new(env!("CARGO_BIN_EXE_examday")).args(["review", "--json"]).arg(journal).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A screenshot (when `EXAMDAY_SHOTS` names a folder), the app killed, and its journal with its first record.
fn shot_and_stop(
    desktop: &Desktop,
    shot: &str,
    mut app: Child,
    journals: &Path,
) -> (PathBuf, serde_json::Value) {
    if let Some(dir) = std::env::var_os("EXAMDAY_SHOTS") {
        desktop.screenshot(&PathBuf::from(dir).join(shot));
    }
    let path = journal_path(journals).unwrap();
    let _ = app.kill();
    let _ = app.wait();
    let text = std::fs::read_to_string(&path).unwrap();
    (path, serde_json::from_str(text.lines().next().unwrap()).unwrap())
}

fn finish(mut child: Child) -> Output {
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("examday did not exit");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn a_sitting_in_the_window_is_journaled_answer_by_answer() {
    let mut desktop = Desktop::start();
    let journals = tempfile::tempdir().unwrap();
    let app =
        examday(&mut desktop, journals.path(), &["--quick-start", "--idle-seconds", "5", "--minutes", "10"]);
    let window = desktop.window("^examday - Small test exam$");
    // Task bars know it as examday, with its icon (WM_CLASS matches examday.desktop's StartupWMClass).
    let props = desktop.x(&["xprop", "-id", &window, "WM_CLASS", "_NET_WM_ICON"]);
    assert!(props.contains(r#"WM_CLASS(STRING) = "examday", "examday""#), "{props}");
    assert!(props.contains("Icon (128 x 128)"), "{}", &props[..props.len().min(300)]);
    start_exam(&desktop, &window, journals.path());

    // Answer every question with its first option on screen; Right on the last one opens the review screen.
    for _ in 0..4 {
        desktop.key(&window, &["1", "Right"]);
    }
    desktop.until("four answers", Duration::from_secs(10), || {
        count(&journal(journals.path()), "answer_changed") == 4
    });

    // Look away: the calculator takes focus for a few seconds.
    let mut xcalc = desktop.command("xcalc").spawn().expect("xcalc runs (apt-get install x11-apps)");
    let calc = desktop.window("^Calculator$");
    desktop.x(&["xdotool", "windowactivate", "--sync", &calc]);
    std::thread::sleep(Duration::from_secs(3));
    desktop.until("the focus loss", Duration::from_secs(10), || {
        count(&journal(journals.path()), "focus_lost") == 1
    });
    if let Some(dir) = std::env::var_os("EXAMDAY_SHOTS") {
        desktop.screenshot(&PathBuf::from(dir).join("e2e-focus-alert.png"));
    }
    desktop.x(&["xdotool", "windowactivate", "--sync", &window]);
    desktop.until("focus to return", Duration::from_secs(10), || {
        count(&journal(journals.path()), "focus_regained") == 1
    });
    let _ = xcalc.kill();
    let _ = xcalc.wait();
    desktop.key(&window, &["Return"]);
    desktop.until("the acknowledgement", Duration::from_secs(10), || {
        count(&journal(journals.path()), "alert_acknowledged") == 1
    });

    // Stay idle past --idle-seconds, then come back with a key.
    desktop.until("the idle warning", Duration::from_secs(15), || {
        count(&journal(journals.path()), "idle_started") == 1
    });
    desktop.key(&window, &["Up"]);
    desktop.until("the end of idling", Duration::from_secs(10), || {
        count(&journal(journals.path()), "idle_ended") == 1
    });

    // Submit from the review screen (S, then Y to confirm), and quit from the results.
    desktop.until("the review screen", Duration::from_secs(5), || {
        count(&journal(journals.path()), "review_shown") == 1
    });
    desktop.key(&window, &["s", "y"]);
    desktop.until("the score", Duration::from_secs(10), || count(&journal(journals.path()), "scored") == 1);
    if let Some(dir) = std::env::var_os("EXAMDAY_SHOTS") {
        desktop.screenshot(&PathBuf::from(dir).join("e2e-results.png"));
    }
    desktop.key(&window, &["q"]);
    let out = finish(app);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));

    let path = journal_path(journals.path()).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let start: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    let report = review_json(&path);
    assert_eq!(report["intact"], true);
    assert_eq!(report["submitted_reason"], "candidate");
    for (i, q) in report["questions"].as_array().unwrap().iter().enumerate() {
        let first_shown = &start["option_orders"][i][0];
        assert_eq!(q["selected"], serde_json::json!([first_shown]), "question {}", i + 1);
    }
    assert_eq!(report["focus_losses"], 1);
    let away = report["time_away_ms"].as_u64().unwrap();
    assert!((2_000..15_000).contains(&away), "away {away} ms");
    assert_eq!(report["idle_incidents"], 1);
    assert!(report["idle_ms"].as_u64().unwrap() >= 5_000);
}

#[test]
fn a_killed_sitting_leaves_a_journal_that_verifies_and_resumes() {
    let mut desktop = Desktop::start();
    let journals = tempfile::tempdir().unwrap();
    // This sitting runs on the GPU copy path (here Mesa's software Vulkan driver); the others, on a machine
    // without a GPU device, on the software presenter.
    let mut app =
        examday_with(&mut desktop, journals.path(), &["--quick-start"], &[("EXAMDAY_RENDERER", "gpu")]);
    let window = desktop.window("^examday - Small test exam$");
    start_exam(&desktop, &window, journals.path());
    top_bar_on_screen(&desktop);
    desktop.key(&window, &["2", "m"]);
    desktop.until("the answer", Duration::from_secs(10), || count(&journal(journals.path()), "marked") == 1);
    app.kill().unwrap(); // SIGKILL: no chance to flush or say goodbye
    app.wait().unwrap();

    let path = journal_path(journals.path()).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_examday")).arg("verify").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("intact, unfinished: "), "{out:?}");

    // The next run offers to resume; Y takes the sitting up with its clock still running.
    let app = examday(&mut desktop, journals.path(), &["--quick-start"]);
    let window = desktop.window("^examday - Small test exam$");
    std::thread::sleep(Duration::from_millis(500));
    desktop.key(&window, &["y"]);
    desktop.until("the resumption", Duration::from_secs(10), || {
        count(&journal(journals.path()), "session_resumed") == 1
    });
    let mut child = app;
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(
        std::fs::read_dir(journals.path()).unwrap().count(),
        1,
        "resuming writes on in the same journal"
    );
    let report = review_json(&path);
    assert_eq!(report["intact"], true);
    assert_eq!(report["questions"][0]["marked"], true);
}

#[test]
fn sigterm_records_the_interruption_and_flushes() {
    let mut desktop = Desktop::start();
    let journals = tempfile::tempdir().unwrap();
    // This sitting runs on the pixels renderer, the fallback for surfaces that take no copies.
    let app =
        examday_with(&mut desktop, journals.path(), &["--quick-start"], &[("EXAMDAY_RENDERER", "pixels")]);
    let window = desktop.window("^examday - Small test exam$");
    start_exam(&desktop, &window, journals.path());
    top_bar_on_screen(&desktop);
    let status = Command::new("kill").args(["-TERM", &app.id().to_string()]).status().unwrap();
    assert!(status.success());
    let out = finish(app);
    assert_eq!(out.status.code(), Some(143), "128 + SIGTERM: {}", String::from_utf8_lossy(&out.stderr));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("stopped by SIGTERM; the sitting is saved and `examday run` offers to resume it"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = journal(journals.path());
    let last: serde_json::Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    assert_eq!(last["event"], "interrupted");
    assert_eq!(last["signal"], "SIGTERM");
}

/// The window destroyed from outside (xdotool windowclose, a crashing window manager): the journal says why
/// the sitting stopped, and the exit code says it did not end.
#[test]
fn a_window_destroyed_from_outside_is_journaled_and_exits_non_zero() {
    let mut desktop = Desktop::start();
    let journals = tempfile::tempdir().unwrap();
    let app = examday(&mut desktop, journals.path(), &["--quick-start"]);
    let window = desktop.window("^examday - Small test exam$");
    start_exam(&desktop, &window, journals.path());
    desktop.x(&["xdotool", "windowclose", &window]);
    let out = finish(app);
    assert_eq!(out.status.code(), Some(3), "{}", String::from_utf8_lossy(&out.stderr));
    let text = journal(journals.path());
    let last: serde_json::Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    assert_eq!(
        (last["event"].as_str(), last["signal"].as_str()),
        (Some("interrupted"), Some("window destroyed"))
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("stopped by the window being destroyed from outside")
    );
}

/// A fullscreen sitting's screen check, as the journal records it, on a display with or without a window
/// manager.
fn fullscreen_screen_check(window_manager: bool) -> serde_json::Value {
    let mut desktop = Desktop::start_with(window_manager);
    let journals = tempfile::tempdir().unwrap();
    desktop.journals = Some(journals.path().to_path_buf());
    let mut app = desktop
        .command(env!("CARGO_BIN_EXE_examday"))
        .arg("run")
        .arg(fixture("small.toml"))
        .args(["--journal-dir", journals.path().to_str().unwrap(), "--no-sound", "--quick-start"])
        .args(["--camera", "off", "--microphone", "off"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let window = desktop.window("^examday - Small test exam$");
    // A warning waits for Enter before it is recorded (as every check-in warning does).
    let mut last_press = Instant::now();
    desktop.until("the screen check", Duration::from_secs(20), || {
        let text = journal(journals.path());
        if text.contains("\"item\":\"screen\"") {
            return true;
        }
        if count(&text, "checkin_item") >= 1 && last_press.elapsed() > Duration::from_millis(1500) {
            desktop.key(&window, &["Return"]);
            last_press = Instant::now();
        }
        false
    });
    let _ = app.kill();
    let _ = app.wait();
    let text = journal(journals.path());
    text.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|v| v["item"] == "screen")
        .unwrap()
}

/// No window manager: fullscreen is silently not granted (X11), and the check-in says so before the clock starts.
#[test]
fn without_a_window_manager_the_check_in_warns_that_the_window_is_not_fullscreen() {
    let screen = fullscreen_screen_check(false);
    assert_eq!(screen["status"], "warn", "{screen}");
    assert!(screen["detail"].as_str().unwrap().contains("no window manager seems to be running"), "{screen}");
}

/// With a window manager, fullscreen comes a moment after the window's first size: the check waits for it
/// rather than warning about the first size.
#[test]
fn with_a_window_manager_the_fullscreen_window_passes_the_screen_check() {
    let screen = fullscreen_screen_check(true);
    assert_eq!(screen["status"], "pass", "{screen}");
    assert!(screen["detail"].as_str().unwrap().starts_with("1920x1080 at scale 1.00"), "{screen}");
}

#[test]
fn without_a_display_it_says_what_is_missing() {
    let journals = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_examday"))
        .arg("run")
        .arg(fixture("small.toml"))
        .args(["--journal-dir", journals.path().to_str().unwrap()])
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no display to open the exam window on"), "{err}");
    assert!(err.contains("xvfb-run"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        std::fs::read_dir(journals.path()).unwrap().count(),
        0,
        "no journal is left for a sitting that never opened"
    );
}

#[test]
fn an_unwritable_journal_folder_stops_the_exam_before_it_starts() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-folder");
    std::fs::write(&file, "x").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_examday"))
        .arg("run")
        .arg(fixture("small.toml"))
        .args(["--journal-dir", file.to_str().unwrap()])
        .env("DISPLAY", ":65000")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{}: error: cannot create the journal there", file.display())), "{err}");
}

#[test]
fn the_gpu_presenter_asked_for_without_a_graphics_adapter_says_what_to_do() {
    let mut desktop = Desktop::start();
    let journals = tempfile::tempdir().unwrap();
    desktop.journals = Some(journals.path().to_path_buf());
    let out = desktop
        .command(env!("CARGO_BIN_EXE_examday"))
        .arg("run")
        .arg(fixture("small.toml"))
        .args(["--journal-dir", journals.path().to_str().unwrap(), "--windowed", "--no-sound"])
        .args(["--camera", "off", "--microphone", "off"])
        .env("VK_ICD_FILENAMES", "/nonexistent/icd.json")
        .env("EXAMDAY_RENDERER", "gpu")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no graphics adapter was found"), "{err}");
    assert!(err.contains("EXAMDAY_RENDERER=software"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        std::fs::read_dir(journals.path()).unwrap().count(),
        0,
        "no journal for a window that never opened"
    );
}

/// No Vulkan driver at all (its drivers hidden): the software presenter opens the window, draws the top bar,
/// takes keys, and presents a countdown tick as one strip.
#[test]
fn without_any_vulkan_driver_the_software_presenter_draws_and_takes_keys() {
    let mut desktop = Desktop::start();
    let journals = tempfile::tempdir().unwrap();
    let env = [("VK_ICD_FILENAMES", "/nonexistent/icd.json"), ("EXAMDAY_TRACE", "1")];
    let app = examday_with(&mut desktop, journals.path(), &["--quick-start"], &env);
    let window = desktop.window("^examday - Small test exam$");
    start_exam(&desktop, &window, journals.path());
    top_bar_on_screen(&desktop);
    desktop.key(&window, &["2"]);
    desktop.until("the answer", Duration::from_secs(20), || {
        count(&journal(journals.path()), "answer_changed") == 1
    });
    // Two countdown ticks.
    std::thread::sleep(Duration::from_millis(2_500));
    let _ = Command::new("kill").args(["-TERM", &app.id().to_string()]).status();
    let out = finish(app);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("renderer: software (softbuffer): no graphics adapter"), "{err}");
    assert!(err.contains("frame (clock)"), "countdown ticks paint the strip only: {err}");
}

/// `examday run` with sound on, its ALSA configuration the system's with `alsa_extra` after it (written into
/// `conf_dir`), stderr captured; EXAMDAY_TRACE unset, so alsa-lib's own printing is silenced as for a user.
fn examday_with_sound(
    desktop: &mut Desktop,
    journals: &Path,
    conf_dir: &Path,
    alsa_extra: &str,
    microphone: &str,
) -> Child {
    let base =
        std::fs::read_to_string("/usr/share/alsa/alsa.conf").expect("ALSA's configuration (libasound2)");
    let conf = conf_dir.join("alsa.conf");
    std::fs::write(&conf, format!("{base}\n{alsa_extra}")).unwrap();
    desktop.journals = Some(journals.to_path_buf());
    desktop
        .command(env!("CARGO_BIN_EXE_examday"))
        .arg("run")
        .arg(fixture("small.toml"))
        .args(["--journal-dir", journals.to_str().unwrap(), "--windowed", "--seed", "7"])
        .args(["--camera", "off", "--microphone", microphone])
        .env("ALSA_CONFIG_PATH", &conf)
        .env_remove("EXAMDAY_TRACE")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn the_test_tone_reaches_the_sound_card() {
    // ALSA's default device routed into a WAV file: the beep is checked sample by sample, no speaker needed.
    let mut desktop = Desktop::start();
    let journals = tempfile::tempdir().unwrap();
    let sound = tempfile::tempdir().unwrap();
    let wav = sound.path().join("beep.wav");
    let extra = format!(
        "pcm.!default {{ type plug slave {{ pcm \"beepfile\" format S16_LE rate 48000 channels 2 }} }}\n\
         pcm.beepfile {{ type file slave.pcm \"null\" file \"{}\" format \"wav\" }}\n",
        wav.display()
    );
    let mut app = examday_with_sound(&mut desktop, journals.path(), sound.path(), &extra, "off");
    let window = desktop.window("^examday - Small test exam$");
    // The sound item waits for the candidate once the automatic checks are through.
    desktop.until("the automatic checks", Duration::from_secs(20), || {
        count(&journal(journals.path()), "checkin_item") >= 2
    });
    std::thread::sleep(Duration::from_millis(800));
    desktop.key(&window, &["t"]);
    desktop.until("the tone in the WAV file", Duration::from_secs(10), || {
        std::fs::metadata(&wav).map(|m| m.len() > 48_000).unwrap_or(false)
    });
    std::thread::sleep(Duration::from_millis(700));
    let _ = app.kill();
    let _ = app.wait();
    let bytes = std::fs::read(&wav).unwrap();
    // 16-bit little-endian samples after the 44-byte header; the tone is 0.3 of full scale.
    let loudest = bytes[44..bytes.len().min(44 + 96_000 * 4)]
        .chunks_exact(2)
        .map(|s| i16::from_le_bytes([s[0], s[1]]).unsigned_abs())
        .max()
        .unwrap_or(0);
    assert!((8_000..=11_000).contains(&loudest), "peak {loudest}");
    let _ = std::fs::remove_file(&wav);
}

/// A machine without a sound card, as ALSA sees one (its default card is not there): alsa-lib's own eight
/// lines of complaints stay out of the terminal, and examday says once, in its own words, that there is no sound.
#[test]
fn without_a_sound_card_it_says_so_in_one_line_and_alsa_says_nothing() {
    let mut desktop = Desktop::start();
    let journals = tempfile::tempdir().unwrap();
    let conf_dir = tempfile::tempdir().unwrap();
    // Sound on and the microphone on `auto`: both look for the missing card.
    let extra = "defaults.pcm.card 99\ndefaults.ctl.card 99\n";
    let app = examday_with_sound(&mut desktop, journals.path(), conf_dir.path(), extra, "auto");
    desktop.window("^examday - Small test exam$");
    desktop.until("the automatic checks", Duration::from_secs(20), || {
        count(&journal(journals.path()), "checkin_item") >= 2
    });
    let _ = Command::new("kill").args(["-TERM", &app.id().to_string()]).status();
    let out = finish(app);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("ALSA lib"), "alsa-lib printed to the terminal:\n{err}");
    let about_sound: Vec<&str> = err.lines().filter(|l| l.contains("sound")).collect();
    assert_eq!(about_sound.len(), 1, "one line about sound:\n{err}");
    assert!(about_sound[0].starts_with("examday: no sound output ("), "{err}");
    assert!(about_sound[0].ends_with("warnings will be silent"), "{err}");
}

#[test]
fn a_retake_of_missed_questions_sits_in_the_window() {
    // An earlier sitting of the quick rehearsal: three questions wrong, two left unanswered.
    let exam = Path::new(env!("CARGO_MANIFEST_DIR")).join("exams/quick-rehearsal.toml");
    let paper = examday::app::exam_file::open(&exam).unwrap().paper;
    let (earlier, asked) = crate::banks::sitting(&paper, 5, &[1, 4, 7], &[2, 9], 0);
    let journals = tempfile::tempdir().unwrap();
    std::fs::write(journals.path().join("20261101-090000-quick-rehearsal.jsonl"), earlier).unwrap();

    let mut desktop = Desktop::start();
    let app = examday_on(&mut desktop, &exam, journals.path(), &["--missed", "--quick-start"], &[]);
    let window = desktop.window("^examday - ");
    start_exam(&desktop, &window, journals.path());
    top_bar_on_screen(&desktop);
    let (path, start) = shot_and_stop(&desktop, "e2e-retake.png", app, journals.path());
    let drawn: Vec<&str> =
        start["paper"]["questions"].as_array().unwrap().iter().map(|q| q["id"].as_str().unwrap()).collect();
    let missed: Vec<&str> = [1, 2, 4, 7, 9].iter().map(|&p| asked[p].as_str()).collect();
    assert_eq!(drawn, missed, "exactly the five missed, in the order they were asked");
    assert_eq!(start["bank"]["questions"], 10);
    assert_eq!(start["bank"]["missed_in"], serde_json::json!(["20261101-090000-quick-rehearsal.jsonl"]));
    assert_eq!(review_json(&path)["total"], 5);
}

#[test]
fn a_draw_of_65_from_an_imported_bank_of_1020_sits_like_any_exam() {
    // A bank as a spreadsheet: 1,020 questions in four domains.
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("id,domain,question,A,B,C,D,answer,explanation\n");
    let domains = ["Compute", "Storage", "Networking", "Security"];
    for i in 0..1020 {
        let key = ["A", "B", "C", "D"][i % 4];
        csv += &format!(
            "n{i},{},\"Scenario {i}: which service should the team use for workload {i}?\",\
             Option one for {i},Option two for {i},Option three for {i},Option four for {i},{key},Because {i}.\n",
            domains[i % 4]
        );
    }
    let bank = dir.path().join("big-bank.csv");
    std::fs::write(&bank, csv).unwrap();
    let exam = dir.path().join("big-bank.toml");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_examday"))
        .args(["import", bank.to_str().unwrap(), "-o", exam.to_str().unwrap(), "--draw", "65"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("each sitting: 65 of the 1020 questions drawn, 130 minutes")
    );

    let journals = tempfile::tempdir().unwrap();
    let mut desktop = Desktop::start();
    let app = examday_on(&mut desktop, &exam, journals.path(), &["--quick-start"], &[]);
    let window = desktop.window("^examday - ");
    start_exam(&desktop, &window, journals.path());
    top_bar_on_screen(&desktop);
    desktop.key(&window, &["2", "Right", "3"]);
    desktop.until("two answers", Duration::from_secs(10), || {
        count(&journal(journals.path()), "answer_changed") == 2
    });
    let (path, start) = shot_and_stop(&desktop, "e2e-bank-draw.png", app, journals.path());
    let drawn = start["paper"]["questions"].as_array().unwrap();
    assert_eq!(drawn.len(), 65);
    assert_eq!(start["bank"]["questions"], 1020);
    assert_eq!(start["duration_ms"], 130 * 60_000);
    for d in domains {
        let n = drawn.iter().filter(|q| q["domain"] == d).count();
        assert!((16..=17).contains(&n), "{d}: {n} of 65 (equal domains share the draw)");
    }
    let report = review_json(&path);
    assert_eq!(report["total"], 65);
    assert_eq!(report["answered"], 2);
}

/// A folder of camera frames for `--camera frames:DIR@2`: each entry a fixture picture (or `None`, a file that
/// does not decode: the camera lost) and how many frames of it, at two frames a second.
fn camera_frames(plan: &[(Option<&str>, usize)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut n = 0;
    for (picture, frames) in plan {
        for _ in 0..*frames {
            n += 1;
            let to = dir.path().join(format!("frame{n:04}.png"));
            match picture {
                Some(name) => std::fs::copy(fixture(&format!("camera/{name}.png")), &to).map(|_| ()).unwrap(),
                None => std::fs::write(&to, b"not a picture").unwrap(),
            }
        }
    }
    dir
}

/// The journal's events as parsed JSON, in order.
fn events(journals: &Path) -> Vec<serde_json::Value> {
    journal(journals).lines().filter_map(|l| serde_json::from_str(l).ok()).collect()
}

fn incidents_of(journals: &Path, kind: &str) -> Vec<serde_json::Value> {
    events(journals)
        .into_iter()
        .filter(|e| e["event"] == "sensor_incident_ended" && e["kind"] == kind)
        .collect()
}

/// The seed's scenario, played to the camera: a face, 8 s with nobody there, the face again, then a second face,
/// then frames that stop coming (the camera unplugged) and come back. The journal has each incident with its
/// length, the alert is on the screen, and the sitting goes on through all of it.
#[test]
fn the_camera_sees_the_candidate_leave_a_second_face_and_the_camera_stop() {
    let mut desktop = Desktop::start();
    let journals = tempfile::tempdir().unwrap();
    // Frames play from the start of the app, so the face is there for 30 s: time to pass the check-in.
    let frames = camera_frames(&[
        (Some("face"), 60),
        (Some("empty"), 16),
        (Some("face"), 12),
        (Some("two"), 10),
        (Some("face"), 12),
        (None, 10),
        (Some("face"), 1),
    ]);
    let camera = format!("frames:{}@2", frames.path().display());
    let app = examday(&mut desktop, journals.path(), &["--camera", &camera]);
    let window = desktop.window("^examday - Small test exam$");
    // The webcam step passes on the face; Enter goes on from it as from the other steps.
    start_exam(&desktop, &window, journals.path());
    let text = journal(journals.path());
    assert!(text.contains(r#""item":"webcam","status":"pass""#), "{text}");
    assert!(text.contains(r#""event":"sensors_on","camera":"frames: "#), "{text}");
    let started_ms = events(journals.path()).iter().find(|e| e["event"] == "exam_started").unwrap()["t_ms"]
        .as_u64()
        .unwrap();
    assert!(
        started_ms < 28_000,
        "the check-in took {started_ms} ms: the face frames ran out before the exam"
    );

    desktop.until("no face, and the face back", Duration::from_secs(60), || {
        !incidents_of(journals.path(), "face_absent").is_empty()
    });
    let absent = &incidents_of(journals.path(), "face_absent")[0];
    let lasted = absent["lasted_ms"].as_u64().unwrap();
    assert!((6_500..=10_000).contains(&lasted), "no face for {lasted} ms, played for 8 s");
    assert_eq!(count(&journal(journals.path()), "alert_shown"), 1, "the camera alert");
    assert!(journal(journals.path()).contains(r#""event":"alert_shown","kind":"sight""#));
    // The alert waits for the candidate, over the whole window.
    let shots = tempfile::tempdir().unwrap();
    let shot = shots.path().join("alert.png");
    desktop.screenshot(&shot);
    let screen = image::open(&shot).unwrap().to_rgb8();
    let red = screen.pixels().filter(|p| p.0 == [0xA6, 0x1B, 0x1B]).count();
    assert!(red > 200_000, "the red alert fills the window ({red} pixels)");
    desktop.key(&window, &["Return"]);
    desktop.until("the alert acknowledged", Duration::from_secs(20), || {
        count(&journal(journals.path()), "alert_acknowledged") == 1
    });

    desktop.until("two faces, then one", Duration::from_secs(60), || {
        !incidents_of(journals.path(), "faces_multiple").is_empty()
    });
    desktop.key(&window, &["Return"]);
    desktop.until("the camera lost and back", Duration::from_secs(60), || {
        count(&journal(journals.path()), "sensor_back") == 1
    });
    let lost = events(journals.path()).into_iter().find(|e| e["event"] == "sensor_lost").unwrap();
    assert_eq!(lost["sensor"], "camera");
    assert!(lost["why"].as_str().unwrap().contains("frame"), "the file is named: {lost}");
    // The sitting went on: an answer is still taken and journaled.
    desktop.key(&window, &["Return", "a"]);
    desktop.until("an answer after all that", Duration::from_secs(20), || {
        count(&journal(journals.path()), "answer_changed") >= 1
    });
    let (path, _) = shot_and_stop(&desktop, "camera.png", app, journals.path());
    let review = review_json(&path);
    assert_eq!(review["sensors"]["face_absent"]["count"], 1);
    assert_eq!(review["sensors"]["faces_multiple"]["count"], 1);
    assert_eq!(review["sensor_losses"], 1);
    assert_eq!(review["watched"]["camera"].as_str().map(|c| c.starts_with("frames: ")), Some(true));
}

/// No camera on this machine: the webcam step says so and is skipped; nothing watches and nothing breaks.
#[test]
fn without_a_camera_the_webcam_step_is_skipped_with_the_reason() {
    let mut desktop = Desktop::start();
    let journals = tempfile::tempdir().unwrap();
    let app = examday(&mut desktop, journals.path(), &["--camera", "auto"]);
    let window = desktop.window("^examday - Small test exam$");
    start_exam(&desktop, &window, journals.path());
    let text = journal(journals.path());
    // Containers have no /dev/video*: auto finds none. (On a machine with a webcam this test would see it.)
    if std::fs::read_dir("/dev")
        .unwrap()
        .filter_map(|e| e.ok())
        .any(|e| e.file_name().to_string_lossy().starts_with("video"))
    {
        let _ = shot_and_stop(&desktop, "no-camera.png", app, journals.path());
        return;
    }
    assert!(text.contains(r#""item":"webcam","status":"skipped""#), "{text}");
    assert!(!text.contains("sensors_on"), "{text}");
    let _ = shot_and_stop(&desktop, "no-camera.png", app, journals.path());
}

/// The microphone through a real sound server: words spoken into it during the exam are one talking incident
/// with its banner; mains hum afterwards is nothing.
#[test]
fn the_microphone_hears_talking_once_and_not_hum() {
    let pulse = crate::microphone::Pulse::start();
    let mut desktop = Desktop::start();
    let journals = tempfile::tempdir().unwrap();
    let env = [
        ("PULSE_SERVER", format!("unix:{}", pulse.path("pulse/native").display())),
        ("PULSE_RUNTIME_PATH", pulse.path("pulse").display().to_string()),
        ("ALSA_CONFIG_PATH", pulse.path("asound.conf").display().to_string()),
    ];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let app = examday_with(&mut desktop, journals.path(), &["--microphone", "auto"], &env);
    let window = desktop.window("^examday - Small test exam$");
    // The microphone step waits for speech: the candidate says a few words.
    desktop.until("the microphone step", Duration::from_secs(40), || {
        let text = journal(journals.path());
        if count(&text, "checkin_item") >= 2 {
            desktop.key(&window, &["Return"]);
        }
        count(&text, "checkin_item") >= 3
    });
    let mut said = 0;
    desktop.until("the microphone step passed", Duration::from_secs(120), || {
        let passed = journal(journals.path()).contains(r#""item":"microphone","status":"pass""#);
        if !passed {
            desktop.key(&window, &["Return"]);
            if said < 5 {
                pulse.play("words.wav");
                said += 1;
            }
        }
        passed
    });
    start_exam(&desktop, &window, journals.path());
    assert!(journal(journals.path()).contains(r#""event":"sensors_on","microphone":"#));
    pulse.play("words.wav");
    desktop.until("the talking to end", Duration::from_secs(60), || {
        !incidents_of(journals.path(), "speech_detected").is_empty()
    });
    pulse.play("hum.wav");
    pulse.play("hum.wav");
    // The hum has been heard, or not: a sound block is 200 ms, and the quiet that ends talking is 2 s.
    std::thread::sleep(Duration::from_secs(3));
    let starts =
        events(journals.path()).into_iter().filter(|e| e["event"] == "sensor_incident").collect::<Vec<_>>();
    assert_eq!(starts.len(), 1, "one talking incident, none for the hum: {starts:?}");
    assert_eq!(starts[0]["kind"], "speech_detected");
    assert!(journal(journals.path()).contains(r#""event":"alert_shown","kind":"speech""#));
    let (path, _) = shot_and_stop(&desktop, "talking.png", app, journals.path());
    let review = review_json(&path);
    assert_eq!(review["sensors"]["speech_detected"]["count"], 1);
}
