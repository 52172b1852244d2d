//! Test helpers: papers, and one virtual clock that drives the core the way the shell does, without sleeping:
//! [`Sim`] drives a [`Sitting`] by its actions (the session's own tests), [`Harness`] drives the whole app, the
//! [`Driver`], by keys, pointer and window signals (screens, stages, resume, closing). Both move the clock
//! with [`advance`], which wakes them at every deadline they ask for on the way.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Duration, FixedOffset};
use examday::Elapsed;
use examday::app::draw::{self, Canvas, Picture, Preview, Scene, Text};
use examday::app::exam_file;
use examday::driver::{Driver, Effect, Finding, Key, Offer, Pointer, Sensors, Start, WindowSignal};
use examday::exam::{ImageStatus, Paper};
use examday::journal::{Chain, CheckStatus, Event, Host, Journal};
use examday::proctor::{Beep, Preset, Rules, Signal};
use examday::session::{Action, Refusal, Setup, Sitting};

/// Something on the core's clock: it says when to wake it, and is woken.
pub trait Clocked {
    fn next_deadline(&self) -> Option<Elapsed>;
    fn wake(&mut self, now: Elapsed);
}

/// Moves `now` to `to`, waking `c` at each deadline it asks for on the way (as the shell's event loop does
/// with `poll_timeout`), then at `to`.
pub fn advance(c: &mut impl Clocked, now: &mut Elapsed, to: Elapsed) {
    while let Some(at) = c.next_deadline() {
        if at > to {
            break;
        }
        *now = at.max(*now);
        c.wake(*now);
    }
    *now = to.max(*now);
    c.wake(*now);
}

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
        bank: None,
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
        let mut now = self.now;
        advance(self, &mut now, to);
        self.now = now;
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

impl Clocked for Sim {
    fn next_deadline(&self) -> Option<Elapsed> {
        self.sitting.poll_timeout()
    }
    fn wake(&mut self, now: Elapsed) {
        self.now = now;
        self.sitting.handle_timeout(now);
        self.drain();
    }
}

/// The whole app on a virtual clock: the core's driver, fed keys, pointer and window signals, its effects
/// collected. What the shell would write, play and run is kept here for the test to look at.
pub struct Harness {
    pub driver: Driver,
    /// The shell's clock.
    pub now: Elapsed,
    /// Journal lines the driver asked to persist, in order.
    pub lines: Vec<String>,
    pub beeps: Vec<(Elapsed, Beep)>,
    /// Every other effect, in order.
    pub effects: Vec<Effect>,
    pub images: HashMap<String, Picture>,
    /// The camera picture the check-in's webcam step shows.
    pub preview: Option<Preview>,
    text: Text,
}

/// The fonts the golden images are drawn with: the bundled Inter, and for other scripts these Debian fonts
/// only (whatever else the machine has), so the pictures are the same wherever the tests run.
pub fn golden_text() -> Text {
    const FILES: [&str; 3] = [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
        "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf",
    ];
    let files: Vec<&Path> = FILES.iter().map(Path::new).collect();
    Text::with_font_files(&files).unwrap_or_else(|e| {
        panic!("{e}: the screen tests draw with these fonts (apt-get install fonts-dejavu-core fonts-droid-fallback fonts-symbola; see README)")
    })
}

/// Where the screens say the journal goes.
pub const JOURNAL_SHOWN: &str = "/home/candidate/.local/share/examday/sessions/20261126-090000-small.jsonl";

impl Harness {
    /// A new sitting at check-in, its journal open, the automatic checks asked for.
    pub fn new(paper: Arc<Paper>, setup: Setup) -> Harness {
        Harness::start(paper, setup, None, Sensors::default())
    }

    /// A new sitting whose shell opened a camera and a microphone (or found them missing).
    pub fn with_sensors(paper: Arc<Paper>, setup: Setup, sensors: Sensors) -> Harness {
        Harness::start(paper, setup, None, sensors)
    }

    /// An unfinished sitting offered for resuming, `gone` after its last record.
    pub fn offered(paper: Arc<Paper>, setup: Setup, offer: Offer) -> Harness {
        Harness::start(paper, setup, Some(offer), Sensors::default())
    }

    /// An unfinished sitting offered for resuming by a process that opened these sensors.
    pub fn offered_with(paper: Arc<Paper>, setup: Setup, offer: Offer, sensors: Sensors) -> Harness {
        Harness::start(paper, setup, Some(offer), sensors)
    }

    fn start(paper: Arc<Paper>, setup: Setup, offer: Option<Offer>, sensors: Sensors) -> Harness {
        let driver = Driver::new(Start {
            paper,
            setup,
            origin_wall: wall_start(),
            offer,
            journal: JOURNAL_SHOWN.to_string(),
            free_pointer: false,
            silent: None,
            sensors,
        });
        let mut h = Harness {
            driver,
            now: Elapsed::ZERO,
            lines: Vec::new(),
            beeps: Vec::new(),
            effects: Vec::new(),
            images: HashMap::new(),
            preview: None,
            text: golden_text(),
        };
        h.drain();
        h
    }

    /// At the first question with the clock started: the checks pass, the checklist is confirmed, the sound
    /// test heard, the rules read.
    pub fn started(paper: Arc<Paper>, preset: Preset) -> Harness {
        let mut h = Harness::new(paper, setup(preset, 3));
        h.pass_checks();
        h.keys(&[Key::Char('t'), Key::Enter, Key::Enter, Key::Enter, Key::Enter, Key::Enter, Key::Enter]);
        h
    }

    /// The three automatic checks report a pass.
    pub fn pass_checks(&mut self) {
        for (id, detail) in [("monitors", "1 monitor"), ("screen", "1280x800"), ("applications", "none open")]
        {
            self.found(Finding { id, status: CheckStatus::Pass, detail: detail.into() });
        }
    }

    pub fn drain(&mut self) {
        while let Some(effect) = self.driver.poll_effect() {
            match effect {
                Effect::Persist(line) => self.lines.push(line),
                Effect::Beep(b) => self.beeps.push((self.now, b)),
                other => self.effects.push(other),
            }
        }
    }

    pub fn key(&mut self, key: Key) {
        self.driver.handle_key(key, self.now);
        self.drain();
    }

    pub fn keys(&mut self, keys: &[Key]) {
        for &k in keys {
            self.key(k);
        }
    }

    pub fn window(&mut self, signal: WindowSignal) {
        self.driver.handle_window(signal, self.now);
        self.drain();
    }

    pub fn pointer(&mut self, pointer: Pointer) {
        self.driver.handle_pointer(pointer, self.now);
        self.drain();
    }

    pub fn found(&mut self, finding: Finding) {
        self.driver.handle_found(finding, self.now);
        self.drain();
    }

    pub fn stop(&mut self, signal: &str) {
        self.driver.handle_stop(signal, self.now);
        self.drain();
    }

    /// Moves the shell's clock to `to` seconds.
    pub fn at(&mut self, secs: u64) {
        self.to(Elapsed::from_secs(secs));
    }

    pub fn to(&mut self, to: Elapsed) {
        let mut now = self.now;
        advance(self, &mut now, to);
        self.now = now;
    }

    pub fn wait_s(&mut self, s: u64) {
        self.to(self.now + Elapsed::from_secs(s));
    }

    pub fn sitting(&self) -> &Sitting {
        self.driver.sitting()
    }

    /// The journal written so far, read back.
    pub fn journal(&self) -> Journal {
        Journal::read(self.lines.concat().as_bytes())
    }

    /// The journal's event names, in order.
    pub fn names(&self) -> Vec<&'static str> {
        self.journal().records.iter().map(|r| r.event.name()).collect()
    }

    /// Draws a frame the way the window does, twice (the first learns the scroll limits and click targets).
    pub fn draw(&mut self, width: u32, height: u32, scale: f32) -> image::RgbaImage {
        let mut buf = vec![0u8; (width * height * 4) as usize];
        for _ in 0..2 {
            let scene = Scene::new(self.driver.view(self.now), scale, &self.images)
                .with_preview(self.preview.as_ref());
            let mut canvas = Canvas::new(&mut buf, width, height);
            let painted = draw::frame(&mut canvas, &mut self.text, &scene);
            self.driver.drawn(self.now, painted);
        }
        image::RgbaImage::from_raw(width, height, buf).unwrap()
    }
}

impl Clocked for Harness {
    fn next_deadline(&self) -> Option<Elapsed> {
        self.driver.poll_timeout()
    }
    fn wake(&mut self, now: Elapsed) {
        self.now = now;
        self.driver.handle_timeout(now);
        self.drain();
    }
}

/// The sitting these events record, as `examday run` offers it after a crash: its journal read back and
/// replayed, the sitting having begun `minutes` before [`wall_start`] (when the harness's examday starts).
pub fn offer_of(events: &[(Elapsed, Event)], minutes: i64) -> Offer {
    let lines = seal_all(events);
    let journal = Journal::read(lines.as_bytes());
    let sitting = Sitting::replay(journal.records.iter().map(|r| (r.t(), &r.event))).unwrap();
    Offer {
        sitting,
        path: PathBuf::from(JOURNAL_SHOWN),
        keep: lines.len() as u64,
        lines: lines.split_inclusive('\n').map(str::to_string).collect(),
        last: journal.records.last().unwrap().clone(),
        wall_start: wall_start() - Duration::minutes(minutes),
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
