//! The automatic check-in checks: how many monitors, how big the screen, which applications a proctor would
//! make the candidate close. The findings are worked out by pure functions from plain facts; only
//! `running_applications` asks the OS (through sysinfo).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::driver::Finding;
use crate::journal::CheckStatus;

/// Applications real proctors make candidates close: chat, screen sharing and recording, remote desktop,
/// other browsers. Matched against process names, ignoring case; `checkin.toml` can replace the list.
pub const DEFAULT_APPLICATIONS: &[&str] = &[
    // chat
    "slack",
    "discord",
    "teams",
    "telegram-desktop",
    "signal-desktop",
    "whatsapp",
    "skype",
    "element",
    "zulip",
    // screen sharing and recording
    "zoom",
    "obs",
    "simplescreenrecorder",
    "kazam",
    "vokoscreen",
    "peek",
    "webex",
    "loom",
    // remote desktop
    "anydesk",
    "teamviewer",
    "remmina",
    "vncviewer",
    "x11vnc",
    "rustdesk",
    "xrdp",
    "krdc",
    // other browsers
    "firefox",
    "firefox-esr",
    "chrome",
    "google-chrome",
    "chromium",
    "brave",
    "opera",
    "vivaldi",
    "msedge",
    "epiphany",
];

pub fn monitors(sizes: &[(u32, u32)]) -> Finding {
    let list: Vec<String> = sizes.iter().map(|(w, h)| format!("{w}x{h}")).collect();
    let (status, detail) = match sizes.len() {
        0 => (
            CheckStatus::Warn,
            "No monitor could be listed here; make sure only one is connected.".to_string(),
        ),
        1 => (CheckStatus::Pass, format!("1 monitor: {}", list[0])),
        n => (
            CheckStatus::Warn,
            format!("{n} monitors ({}): proctors allow only one; disconnect the others.", list.join(", ")),
        ),
    };
    Finding { id: "monitors", status, detail }
}

/// The window's size in physical pixels and its scale factor.
pub fn screen(width: u32, height: u32, scale: f64) -> Finding {
    let (lw, lh) = ((f64::from(width) / scale).round(), (f64::from(height) / scale).round());
    let detail = format!("{width}x{height} at scale {scale:.2} ({lw}x{lh} points)");
    if lw < 1024.0 || lh < 700.0 {
        return Finding {
            id: "screen",
            status: CheckStatus::Warn,
            detail: format!("{detail}: small; long questions will need scrolling"),
        };
    }
    Finding { id: "screen", status: CheckStatus::Pass, detail }
}

/// Whether a window covers (95% of each side of) its monitor.
pub fn fills(window: (u32, u32), monitor: (u32, u32)) -> bool {
    let side = |w: u32, m: u32| u64::from(w) * 100 >= u64::from(m) * 95;
    side(window.0, monitor.0) && side(window.1, monitor.1)
}

/// A fullscreen window that did not get the whole screen: without a window manager, fullscreen and
/// always-on-top are silently ignored (X11), and the candidate should know before the clock starts.
pub fn fullscreen(window: (u32, u32), monitor: (u32, u32), scale: f64) -> Finding {
    if monitor.0 > 0 && monitor.1 > 0 && !fills(window, monitor) {
        return Finding {
            id: "screen",
            status: CheckStatus::Warn,
            detail: format!(
                "The window could not fill the screen ({}x{} on a {}x{} screen): no window manager seems to be \
                 running, so examday can neither go fullscreen nor stay on top. Start one (for example openbox) \
                 before sitting, or use --windowed.",
                window.0, window.1, monitor.0, monitor.1
            ),
        };
    }
    screen(monitor.0, monitor.1, scale)
}

/// Which of `forbidden` are among the running process names.
pub fn applications(forbidden: &[String], running: &[String]) -> Finding {
    let mut found: BTreeSet<&str> = BTreeSet::new();
    for name in running {
        let lower = name.to_lowercase();
        // An exact name first ("firefox-esr"), then a name with a suffix ("zoom.real", "slack-helper").
        let exact = forbidden.iter().find(|f| f.to_lowercase() == lower);
        let prefixed = || {
            forbidden.iter().find(|f| {
                let f = f.to_lowercase();
                ["-", ".", "_"].iter().any(|sep| lower.starts_with(&format!("{f}{sep}")))
            })
        };
        if let Some(hit) = exact.or_else(prefixed) {
            found.insert(hit.as_str());
        }
    }
    if found.is_empty() {
        Finding {
            id: "applications",
            status: CheckStatus::Pass,
            detail: "None of the listed applications is running.".to_string(),
        }
    } else {
        let names: Vec<&str> = found.into_iter().collect();
        Finding {
            id: "applications",
            status: CheckStatus::Warn,
            detail: format!("Close these before the exam: {}", names.join(", ")),
        }
    }
}

/// Names of the processes running now.
pub fn running_applications() -> Result<Vec<String>, String> {
    let mut system = sysinfo::System::new().map_err(|e| e.to_string())?;
    system.refresh_processes(sysinfo::ProcessesToUpdate::All, true);
    let names: BTreeSet<String> =
        system.processes().values().map(|p| p.name().to_string_lossy().into_owned()).collect();
    Ok(names.into_iter().collect())
}

/// The applications finding, from the OS: a warning when the process list cannot be read.
pub fn applications_now(forbidden: &[String]) -> Finding {
    match running_applications() {
        Ok(running) => applications(forbidden, &running),
        Err(e) => Finding {
            id: "applications",
            status: CheckStatus::Warn,
            detail: format!(
                "The running applications could not be listed ({e}); close chat, sharing and browsers yourself."
            ),
        },
    }
}

/// The applications list: `checkin.toml` (`close_applications = [...]`) in `$EXAMDAY_HOME` or the config folder,
/// else the default. A malformed file is an error naming the file and the line.
pub fn application_list() -> Result<Vec<String>, String> {
    let Some(path) = config_file() else { return Ok(default_list()) };
    // Whether the file is there at all: a folder we may not look into (an unreadable home) is not an error
    // about a file that may well not exist; the check-in then uses the default list, and says so.
    match std::fs::metadata(&path) {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(default_list()),
        Err(e) => {
            eprintln!(
                "examday: warning: cannot look for {} ({e}); the check-in uses its own list of applications",
                path.display()
            );
            return Ok(default_list());
        }
    }
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("{}: error: cannot read it: {e}", path.display()))?;
    parse_list(&path, &text)
}

fn default_list() -> Vec<String> {
    DEFAULT_APPLICATIONS.iter().map(|s| s.to_string()).collect()
}

fn config_file() -> Option<PathBuf> {
    if let Some(home) = std::env::var_os("EXAMDAY_HOME").filter(|h| !h.is_empty()) {
        return Some(PathBuf::from(home).join("checkin.toml"));
    }
    directories::ProjectDirs::from("", "", "examday").map(|d| d.config_dir().join("checkin.toml"))
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckinConfig {
    close_applications: Vec<String>,
}

fn parse_list(path: &Path, text: &str) -> Result<Vec<String>, String> {
    match toml::from_str::<CheckinConfig>(text) {
        Ok(c) => Ok(c
            .close_applications
            .into_iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()),
        Err(e) => {
            let (line, col) = e.span().map_or((1, 1), |s| crate::exam::line_col(text, s.start));
            Err(format!("{}:{line}:{col}: error: {}", path.display(), e.message()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_that_did_not_go_fullscreen_is_a_warning_about_the_window_manager() {
        let f = fullscreen((800, 600), (1280, 800), 1.0);
        assert_eq!(f.status, CheckStatus::Warn);
        assert!(f.detail.contains("800x600 on a 1280x800 screen"), "{}", f.detail);
        assert_eq!(fullscreen((1280, 800), (1280, 800), 1.0).status, CheckStatus::Pass);
        assert_eq!(
            fullscreen((1280, 770), (1280, 800), 1.0).status,
            CheckStatus::Pass,
            "a panel may take a strip"
        );
    }

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn two_monitors_are_a_warning() {
        assert_eq!(monitors(&[(1920, 1080)]).status, CheckStatus::Pass);
        let two = monitors(&[(1920, 1080), (1280, 1024)]);
        assert_eq!(two.status, CheckStatus::Warn);
        assert_eq!(
            two.detail,
            "2 monitors (1920x1080, 1280x1024): proctors allow only one; disconnect the others."
        );
    }

    #[test]
    fn listed_applications_are_found_by_process_name() {
        let forbidden = default_list();
        let found = applications(
            &forbidden,
            &names(&["bash", "Slack", "zoom.real", "chromium", "xterm", "firefox-esr"]),
        );
        assert_eq!(found.status, CheckStatus::Warn);
        assert_eq!(found.detail, "Close these before the exam: chromium, firefox-esr, slack, zoom");
        assert_eq!(
            applications(&forbidden, &names(&["bash", "examday", "obsidianx"])).status,
            CheckStatus::Pass
        );
    }

    #[test]
    fn a_small_screen_is_a_warning() {
        assert_eq!(screen(1920, 1080, 1.0).status, CheckStatus::Pass);
        assert_eq!(screen(2560, 1600, 2.0).status, CheckStatus::Pass);
        assert_eq!(screen(1600, 1200, 2.0).status, CheckStatus::Warn);
    }

    #[test]
    fn a_malformed_list_names_the_file_and_line() {
        let err =
            parse_list(Path::new("/cfg/checkin.toml"), "close_applications = [\"a\",\n 3]\n").unwrap_err();
        assert!(err.starts_with("/cfg/checkin.toml:2:2: error: "), "{err}");
        assert_eq!(parse_list(Path::new("x"), "close_applications = [\"Slack\", \" \"]").unwrap(), ["Slack"]);
    }
}
