//! Test helpers: papers, and a virtual clock that drives a sitting the way the shell does, without sleeping.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Duration, FixedOffset};
use examday::Elapsed;
use examday::app::exam_file;
use examday::exam::{ImageStatus, Paper};
use examday::journal::{Chain, Event, Host};
use examday::proctor::{Beep, Preset, Rules, Signal};
use examday::session::{Action, Refusal, Setup, Sitting};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// The four-question test exam (20 minutes, warnings at 15, 5 and 1 minutes).
pub fn small_paper() -> Arc<Paper> {
    exam_file::open(&fixture("small.toml")).expect("the small test exam is valid").paper
}

/// Images answer as a table says, for validation tests.
pub struct FakeImages(pub Vec<(&'static str, ImageStatus)>);

impl examday::exam::ImageCheck for FakeImages {
    fn check(&self, relative: &str) -> ImageStatus {
        self.0
            .iter()
            .find(|(p, _)| *p == relative)
            .map(|(_, s)| s.clone())
            .unwrap_or(ImageStatus::Missing(format!("/exams/{relative}")))
    }
}

pub fn setup(preset: Preset, seed: u64) -> Setup {
    Setup {
        seed,
        rules: Rules::preset(preset),
        minutes: None,
        quick_start: false,
        exam_sha256: "0".repeat(64),
        exam_source: "tests/fixtures/small.toml".to_string(),
        host: Host {
            os: "linux".to_string(),
            arch: "x86_64".to_string(),
            hostname: Some("test".to_string()),
        },
        app_version: "test".to_string(),
    }
}

/// A sitting on a virtual clock. Moving the clock fires every deadline on the way, as the shell's event loop
/// does with `poll_timeout`; every event and beep is collected.
pub struct Sim {
    pub sitting: Sitting,
    pub now: Elapsed,
    pub events: Vec<(Elapsed, Event)>,
    pub beeps: Vec<(Elapsed, Beep)>,
}

impl Sim {
    pub fn new(paper: Arc<Paper>, setup: Setup) -> Sim {
        let sitting = Sitting::begin(paper, setup, Elapsed::ZERO);
        let mut sim = Sim { sitting, now: Elapsed::ZERO, events: Vec::new(), beeps: Vec::new() };
        sim.drain();
        sim
    }

    /// Check-in skipped, clock started at 0.
    pub fn started(preset: Preset) -> Sim {
        let mut sim = Sim::new(small_paper(), setup(preset, 7));
        sim.act(Action::Start).unwrap();
        sim
    }

    pub fn drain(&mut self) {
        while let Some(e) = self.sitting.poll_event() {
            self.events.push(e);
        }
        while let Some(b) = self.sitting.poll_beep() {
            self.beeps.push((self.now, b));
        }
    }

    /// Moves the clock to `to`, waking the sitting at each deadline it asks for on the way.
    pub fn to(&mut self, to: Elapsed) {
        while let Some(at) = self.sitting.poll_timeout() {
            if at > to {
                break;
            }
            self.now = at.max(self.now);
            self.sitting.handle_timeout(self.now);
            self.drain();
        }
        self.now = to.max(self.now);
        self.sitting.handle_timeout(self.now);
        self.drain();
    }

    pub fn wait_ms(&mut self, ms: u64) {
        self.to(self.now + Elapsed::from_ms(ms));
    }

    pub fn wait_s(&mut self, s: u64) {
        self.wait_ms(s * 1000);
    }

    pub fn act(&mut self, action: Action) -> Result<(), Refusal> {
        let r = self.sitting.handle_action(action, self.now);
        self.drain();
        r
    }

    pub fn signal(&mut self, signal: Signal) {
        self.sitting.handle_signal(signal, self.now);
        self.drain();
    }

    pub fn names(&self) -> Vec<&'static str> {
        self.events.iter().map(|(_, e)| e.name()).collect()
    }

    pub fn count(&self, name: &str) -> usize {
        self.events.iter().filter(|(_, e)| e.name() == name).count()
    }

    /// The events since index `from`, by name.
    pub fn names_since(&self, from: usize) -> Vec<&'static str> {
        self.events[from..].iter().map(|(_, e)| e.name()).collect()
    }

    pub fn find(&self, name: &str) -> Option<&(Elapsed, Event)> {
        self.events.iter().find(|(_, e)| e.name() == name)
    }

    /// The journal these events make, with a wall clock that starts at a fixed moment.
    pub fn journal(&self) -> String {
        seal_all(&self.events)
    }
}

pub fn wall_start() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-26T09:00:00.000+01:00").unwrap()
}

pub fn seal_all(events: &[(Elapsed, Event)]) -> String {
    let mut chain = Chain::new();
    events
        .iter()
        .map(|(t, e)| chain.seal(wall_start() + Duration::milliseconds(t.as_ms() as i64), *t, e))
        .collect()
}

/// The option positions on screen that are right for the question shown at `pos`.
pub fn right_positions(sitting: &Sitting, pos: usize) -> Vec<usize> {
    let q = &sitting.paper().questions()[sitting.question_at(pos)];
    sitting.order().options[pos]
        .iter()
        .enumerate()
        .filter(|(_, o)| q.options()[usize::from(**o)].correct())
        .map(|(shown, _)| shown)
        .collect()
}

pub fn wrong_position(sitting: &Sitting, pos: usize) -> usize {
    let right = right_positions(sitting, pos);
    (0..8).find(|p| !right.contains(p)).unwrap()
}

/// A whole sitting of the small exam with something of everything: check-in, right and wrong answers, a
/// changed answer, marks, a focus loss, a flicker, an idle spell, a refused close, the review screen, and a
/// submission at 14 minutes. The fixture journal and the review snapshot come from it.
pub fn full_sitting() -> Sim {
    use examday::journal::CheckStatus;
    let mut sim = Sim::new(small_paper(), setup(Preset::Standard, 2026));
    for (item, status, detail) in [
        ("monitors", CheckStatus::Pass, "1 monitor, 1920x1080"),
        ("audio", CheckStatus::Warn, "no sound card: beeps will be silent"),
        ("desk clear", CheckStatus::Confirmed, ""),
    ] {
        sim.wait_s(2);
        sim.act(Action::CheckIn { item: item.into(), status, detail: detail.into() }).unwrap();
    }
    sim.wait_s(1);
    sim.act(Action::Start).unwrap();
    let start = sim.now;
    let at = |s: u64| start + Elapsed::from_secs(s);
    // Question 1: right, after 40 s.
    sim.to(at(40));
    for shown in right_positions(&sim.sitting, 0) {
        sim.act(Action::Toggle(shown)).unwrap();
    }
    sim.to(at(50));
    sim.act(Action::Next).unwrap();
    // Question 2: wrong, marked for review; then the window loses focus for 12 s.
    sim.to(at(120));
    sim.act(Action::Toggle(wrong_position(&sim.sitting, 1))).unwrap();
    sim.act(Action::ToggleMark).unwrap();
    sim.to(at(180));
    sim.signal(Signal::FocusLost);
    sim.to(at(192));
    sim.signal(Signal::FocusGained);
    sim.to(at(195));
    sim.act(Action::Acknowledge).unwrap();
    // A flicker, then an idle spell of 100 s on question 3.
    sim.act(Action::Next).unwrap();
    sim.to(at(200));
    sim.signal(Signal::FocusLost);
    sim.wait_ms(120);
    sim.signal(Signal::FocusGained);
    sim.to(at(300));
    sim.signal(Signal::Input);
    // Question 3: answer wrong, then change to right.
    let right = right_positions(&sim.sitting, 2);
    let wrong = wrong_position(&sim.sitting, 2);
    sim.act(Action::Toggle(wrong)).unwrap();
    if right.len() > 1 {
        sim.act(Action::Toggle(right[0])).unwrap();
    }
    sim.to(at(350));
    sim.signal(Signal::Input);
    sim.to(at(400));
    sim.act(Action::Toggle(wrong)).unwrap();
    for &shown in right.iter().skip(if right.len() > 1 { 1 } else { 0 }) {
        sim.act(Action::Toggle(shown)).unwrap();
    }
    // An attempt to close, refused.
    sim.to(at(420));
    sim.signal(Signal::CloseRequested);
    sim.act(Action::ConfirmClose(false)).unwrap();
    // Question 4 left unanswered; the review screen; back to question 2 to look again; submit at 14 min.
    sim.act(Action::Next).unwrap();
    sim.to(at(500));
    sim.act(Action::Review).unwrap();
    sim.to(at(550));
    sim.signal(Signal::Input);
    sim.to(at(600));
    sim.act(Action::Show(1)).unwrap();
    for s in [680, 760] {
        sim.to(at(s));
        sim.signal(Signal::Input);
    }
    sim.to(at(840));
    sim.act(Action::Submit).unwrap();
    sim
}
