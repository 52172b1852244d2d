//! The driver: the whole app as a pure state machine, from the resume offer and the check-in to the debrief.
//!
//! It owns the [`Sitting`] and the screen model ([`Ui`]), seals the sitting's events into journal lines,
//! gates the check-in, decides what closing the window or Escape means at each stage, ticks the countdown,
//! builds the report when the exam ends, and says when to quit. Like the sitting, it takes inputs with the time
//! they happened (`handle_key`, `handle_pointer`, `handle_window`, `handle_found`, `handle_timeout`) and gives
//! outputs to drain (`poll_effect`, `poll_timeout`, `view`). The shell's clock counts from the process start;
//! the driver maps it onto the sitting's clock, which a resumed sitting carries on from its journal.

mod checkin;
mod effect;
mod geometry;
mod status;
mod ui;

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};

pub use checkin::{CheckIn, Finding, Item, ItemKind, SensorSetup, Sensors};
pub use effect::{Effect, Quit, QuitReason};
pub use geometry::Rect;
pub use status::Status;
pub use ui::{Filter, Hit, Key, Request, Stage, Target, Ui};

use crate::Elapsed;
use crate::exam::Paper;
use crate::journal::{Chain, CheckStatus, Event, Finished, Journal, Record, Sensor};
use crate::proctor::{Beep, Signal};
use crate::review::Report;
use crate::session::{Phase, Setup, Sitting};

/// What the window tells the driver, in plain values.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum WindowSignal {
    Focused(bool),
    Occluded(bool),
    /// The pointer entered (true) or left (false) the window.
    PointerInside(bool),
    /// The window's close button, or the window manager asking it to close.
    CloseRequested,
    /// The window was destroyed from outside: there is nothing left to draw on.
    Destroyed,
}

/// The pointer, in window pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Pointer {
    Moved {
        x: f32,
        y: f32,
    },
    /// The main button, where the pointer last moved to.
    Pressed,
    /// Scrolled by this many pixels (positive: towards the end).
    Scrolled(f32),
}

/// An unfinished sitting found in the journal folder, offered for resuming.
#[derive(Clone, Debug)]
pub struct Offer {
    pub sitting: Sitting,
    pub path: PathBuf,
    /// Bytes of the journal to keep (all but a line cut short by the crash).
    pub keep: u64,
    pub lines: Vec<String>,
    pub last: Record,
    /// The wall-clock time of the offered sitting's t = 0.
    pub wall_start: DateTime<FixedOffset>,
}

/// How the app begins.
pub struct Start {
    pub paper: Arc<Paper>,
    pub setup: Setup,
    /// The wall-clock time of the shell's t = 0 (the process start).
    pub origin_wall: DateTime<FixedOffset>,
    /// An unfinished sitting to offer; without one, a new sitting starts at once and its journal is already
    /// open at `journal` (the shell opens it before the window: no journal, no exam).
    pub offer: Option<Offer>,
    pub journal: String,
    /// Do not confine the pointer during the exam.
    pub free_pointer: bool,
    /// Why beeps cannot be heard, if they cannot, and whether that is the candidate's choice (`--no-sound`).
    pub silent: Option<(String, bool)>,
    /// The camera and microphone the shell opened for the proctor.
    pub sensors: Sensors,
}

/// Whether a frame must repaint everything, or only the countdown changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Frame {
    Full,
    ClockOnly,
}

/// What drawing a frame learned, fed back for the next input: the clickable regions and the scroll limits.
#[derive(Clone, Debug, Default)]
pub struct Painted {
    pub hits: Vec<Hit>,
    pub max_scroll: f32,
    pub page: f32,
}

/// Everything a frame shows.
pub struct View<'a> {
    pub ui: &'a Ui,
    pub sitting: &'a Sitting,
    /// On the sitting's clock.
    pub now: Elapsed,
    pub status: &'a Status,
    /// The replayed journal, once the exam is over (results and debrief show its figures).
    pub report: Option<&'a Report>,
}

/// The journal being written: the chain that seals lines, and every line so far (the report is built from them).
struct Live {
    chain: Chain,
    lines: Vec<String>,
    wall_start: DateTime<FixedOffset>,
    /// The hash of the first record, once sealed.
    first_hash: Option<String>,
}

pub struct Driver {
    sitting: Sitting,
    ui: Ui,
    status: Status,
    report: Option<Report>,
    /// None while the resume offer is up (nothing is written until the candidate chooses).
    live: Option<Live>,
    offer: Option<Offer>,
    /// What a new sitting needs, should the candidate decline the offer.
    fresh: Option<(Arc<Paper>, Setup)>,
    origin_wall: DateTime<FixedOffset>,
    /// The sitting's clock minus the shell's, in milliseconds.
    offset_ms: i64,
    effects: VecDeque<Effect>,
    free_pointer: bool,
    silent: Option<(String, bool)>,
    checks_started: bool,
    grabbed: bool,
    grab_refused: bool,
    /// Sensors that stopped while the resume offer was up, and why.
    offer_lost: std::collections::BTreeMap<Sensor, String>,
    /// Where the pointer last moved to, for clicks.
    pointer: (f32, f32),
    dirty: bool,
    /// Whether a frame was drawn yet, and the countdown second it showed.
    drawn_once: bool,
    drawn_clock: Option<u64>,
    quitting: bool,
}

impl Driver {
    pub fn new(start: Start) -> Driver {
        let Start { paper, setup, origin_wall, offer, journal, free_pointer, silent, sensors } = start;
        let status =
            Status { journal, silent: silent.as_ref().map(|(why, _)| why.clone()), ..Status::default() };
        let mut driver = match offer {
            Some(offer) => {
                let minutes = minutes_of(&offer.sitting);
                let quick = offer.sitting.started().quick_start;
                let ui = Ui::new(CheckIn::with_sensors(quick, minutes, &sensors), true);
                Driver::with(offer.sitting.clone(), ui, status, None, Some(offer), Some((paper, setup)))
            }
            None => {
                let sitting = Sitting::begin(paper, setup, Elapsed::ZERO);
                let checkin =
                    CheckIn::with_sensors(sitting.started().quick_start, minutes_of(&sitting), &sensors);
                let ui = Ui::new(checkin, false);
                let live = Live::new(origin_wall);
                Driver::with(sitting, ui, status, Some(live), None, None)
            }
        };
        driver.ui.sensors = sensors;
        driver.origin_wall = origin_wall;
        driver.free_pointer = free_pointer;
        driver.silent = silent;
        if let Some(o) = &driver.offer {
            // On the offer screen the shell's clock is the process's; the offered sitting's clock reads the wall
            // time since it began (never less than its last record).
            let sitting_now = Elapsed::from_ms(wall_ms(o.wall_start, origin_wall).max(o.last.t_ms));
            let left = match o.sitting.phase() {
                Phase::InProgress { deadline, .. } => deadline.since(sitting_now),
                _ => Elapsed::ZERO,
            };
            let when = o.wall_start.format("on %a %d %b at %H:%M").to_string();
            driver.status.resume = Some((when, left));
        } else {
            driver.checks_started = true;
            driver.effects.push_back(Effect::RunChecks);
            driver.sound_check();
        }
        driver.pump();
        driver
    }

    fn with(
        sitting: Sitting,
        ui: Ui,
        status: Status,
        live: Option<Live>,
        offer: Option<Offer>,
        fresh: Option<(Arc<Paper>, Setup)>,
    ) -> Driver {
        Driver {
            sitting,
            ui,
            status,
            report: None,
            live,
            offer,
            fresh,
            origin_wall: DateTime::default(),
            offset_ms: 0,
            effects: VecDeque::new(),
            free_pointer: false,
            silent: None,
            checks_started: false,
            grabbed: false,
            grab_refused: false,
            offer_lost: std::collections::BTreeMap::new(),
            pointer: (0.0, 0.0),
            dirty: true,
            drawn_once: false,
            drawn_clock: None,
            quitting: false,
        }
    }

    // ----- time -----

    /// The sitting's clock at the shell's `now`.
    fn at(&self, now: Elapsed) -> Elapsed {
        Elapsed::from_ms((now.as_ms() as i64 + self.offset_ms).max(0) as u64)
    }

    /// The shell's clock at the sitting's `t`.
    fn shell_time(&self, t: Elapsed) -> Elapsed {
        Elapsed::from_ms((t.as_ms() as i64 - self.offset_ms).max(0) as u64)
    }

    // ----- inputs -----

    /// Tells the sitting's proctor about the candidate, once there is a sitting being recorded. While the resume
    /// offer is up, the offered sitting is left as its journal left it: a focus regained on the offer screen
    /// must not close, unrecorded, the spell the crash left open (taking the sitting up closes it, journaled).
    fn proctor_signal(&mut self, signal: Signal, t: Elapsed) {
        if self.live.is_some() {
            self.sitting.handle_signal(signal, t);
        }
    }

    /// A key press at the shell's `now`.
    pub fn handle_key(&mut self, key: Key, now: Elapsed) {
        let t = self.at(now);
        self.proctor_signal(Signal::Input, t);
        let request = self.ui.key(key, &mut self.sitting, t);
        self.pump();
        self.request(request, now);
        self.dirty = true;
    }

    /// The pointer moved, clicked or scrolled.
    pub fn handle_pointer(&mut self, pointer: Pointer, now: Elapsed) {
        let t = self.at(now);
        self.proctor_signal(Signal::Input, t);
        match pointer {
            Pointer::Moved { x, y } => {
                self.pointer = (x, y);
                if self.ui.pointer(x, y) {
                    self.dirty = true;
                }
                self.pump();
            }
            Pointer::Pressed => {
                let (x, y) = self.pointer;
                let request = self.ui.click(x, y, &mut self.sitting, t);
                self.pump();
                self.request(request, now);
                self.dirty = true;
            }
            Pointer::Scrolled(dy) => {
                self.ui.scroll_by(dy);
                self.dirty = true;
                self.pump();
            }
        }
    }

    /// Something happened to the window.
    pub fn handle_window(&mut self, signal: WindowSignal, now: Elapsed) {
        let t = self.at(now);
        let proctor = match signal {
            WindowSignal::Focused(true) => Some(Signal::FocusGained),
            WindowSignal::Focused(false) => Some(Signal::FocusLost),
            WindowSignal::Occluded(true) => Some(Signal::Occluded),
            WindowSignal::Occluded(false) => Some(Signal::Visible),
            WindowSignal::PointerInside(true) => Some(Signal::PointerEntered),
            WindowSignal::PointerInside(false) => Some(Signal::PointerLeft),
            WindowSignal::CloseRequested => {
                self.close_requested(t);
                None
            }
            WindowSignal::Destroyed => {
                if self.live.is_some() {
                    self.sitting.interrupt("window destroyed", t);
                }
                self.quit(QuitReason::WindowGone);
                None
            }
        };
        if let Some(signal) = proctor {
            self.proctor_signal(signal, t);
        }
        self.pump();
        self.dirty = true;
    }

    /// Closing the window: in the exam it is the proctor's business (an attempt, confirmed or not, as in the
    /// real exam); before the clock starts it leaves (recorded at check-in and rules); after the exam it leaves.
    fn close_requested(&mut self, t: Elapsed) {
        let in_exam =
            self.ui.stage == Stage::Exam && matches!(self.sitting.phase(), Phase::InProgress { .. });
        if in_exam {
            self.proctor_signal(Signal::CloseRequested, t);
            return;
        }
        if matches!(self.ui.stage, Stage::CheckIn | Stage::Rules) {
            self.proctor_signal(Signal::CloseRequested, t);
        }
        self.quit(QuitReason::Done);
    }

    /// The process was told to stop (SIGTERM, SIGINT, SIGHUP): record it, so the sitting can be resumed.
    pub fn handle_stop(&mut self, signal: &str, now: Elapsed) {
        if self.live.is_some() {
            let t = self.at(now);
            self.sitting.interrupt(signal, t);
        }
        self.quit(QuitReason::Interrupted(signal.to_string()));
    }

    /// An automatic check-in check reported.
    pub fn handle_found(&mut self, finding: Finding, now: Elapsed) {
        if self.ui.stage == Stage::CheckIn {
            let items = self.ui.checkin.found(finding);
            self.record(items, now);
        }
        self.dirty = true;
    }

    /// One camera frame: `faces` in view, `frontal` of them facing the screen. At the check-in it drives the
    /// webcam step; during the exam it goes to the proctor.
    pub fn handle_sight(&mut self, faces: u8, frontal: u8, now: Elapsed) {
        if self.ui.stage == Stage::CheckIn {
            self.ui.checkin.sight(faces, frontal);
            if self.ui.checkin.current_sensor() == Some(Sensor::Camera) {
                self.dirty = true;
            }
        } else if self.ui.sensors.is_on(Sensor::Camera) {
            let t = self.at(now);
            self.proctor_signal(Signal::Sight { faces, frontal }, t);
            self.pump();
        }
    }

    /// One block of sound: milliseconds of speech, a loud sudden sound, the block's loudest level (dBFS).
    pub fn handle_heard(&mut self, speech_ms: u16, spike: bool, level_db: f32, now: Elapsed) {
        if self.ui.stage == Stage::CheckIn {
            self.ui.checkin.heard(speech_ms, level_db);
            if self.ui.checkin.current_sensor() == Some(Sensor::Microphone) {
                self.dirty = true;
            }
        } else if self.ui.sensors.is_on(Sensor::Microphone) {
            let t = self.at(now);
            self.proctor_signal(Signal::Heard { speech_ms, spike }, t);
            self.pump();
        }
    }

    /// The camera or microphone stopped delivering (`why`). Before the exam its step is skipped and the shell
    /// is asked to stop it; during the exam the journal says so and the sitting goes on.
    pub fn handle_sensor_lost(&mut self, sensor: Sensor, why: &str, now: Elapsed) {
        if self.ui.stage == Stage::ResumeOffer {
            // Recorded if the candidate takes the sitting up (nothing is written while the offer is up).
            self.offer_lost.insert(sensor, why.to_string());
            self.sensor_off(sensor);
        } else if matches!(self.ui.stage, Stage::CheckIn | Stage::Rules)
            && !matches!(self.sitting.phase(), Phase::InProgress { .. })
        {
            let items = self.ui.checkin.sensor_lost(sensor, why);
            self.sensor_off(sensor);
            self.record(items, now);
        } else if self.live.is_some() {
            let t = self.at(now);
            self.sitting.sensor_lost(sensor, why, t);
            self.pump();
        }
        self.dirty = true;
    }

    /// The camera or microphone delivers again.
    pub fn handle_sensor_back(&mut self, sensor: Sensor, now: Elapsed) {
        if self.live.is_some() {
            let t = self.at(now);
            self.sitting.sensor_back(sensor, t);
            self.pump();
        }
    }

    /// Whether the check-in shows the live camera picture now (the shell redraws on each frame).
    pub fn shows_camera(&self) -> bool {
        self.ui.stage == Stage::CheckIn && self.ui.checkin.current_sensor() == Some(Sensor::Camera)
    }

    /// Whether the check-in shows the live sound level now (the shell asks the microphone for every block).
    pub fn wants_levels(&self) -> bool {
        self.ui.stage == Stage::CheckIn && self.ui.checkin.current_sensor() == Some(Sensor::Microphone)
    }

    /// Call when [`Driver::poll_timeout`] says so (early or late is harmless).
    pub fn handle_timeout(&mut self, now: Elapsed) {
        let t = self.at(now);
        // The offered sitting's clocks wait for the candidate's choice (taking it up honours them).
        if self.live.is_some() {
            if self.sitting.poll_timeout().is_some_and(|at| at <= t) {
                // A clock of the sitting going off may change the screen without an event (a banner's end).
                self.dirty = true;
            }
            self.sitting.handle_timeout(t);
        }
        if self.ui.expire(t) {
            self.dirty = true;
        }
        self.pump();
    }

    /// The journal asked for with `OpenJournal` / `ReopenJournal` is open at `path`.
    pub fn journal_opened(&mut self, path: String) {
        self.status.journal = path;
        self.dirty = true;
    }

    /// It could not be opened: the exam does not go on without a journal.
    pub fn journal_failed(&mut self, message: String) {
        self.quit(QuitReason::Failed(message));
    }

    /// The journal writer's health: why writes are failing (records stay queued), or None when they work.
    pub fn journal_trouble(&mut self, problem: Option<String>) {
        if problem != self.status.journal_problem {
            self.status.journal_problem = problem;
            self.dirty = true;
        }
    }

    /// The window refused to confine the pointer (Wayland may): do not ask again.
    pub fn grab_refused(&mut self) {
        self.grab_refused = true;
        self.grabbed = false;
    }

    // ----- outputs -----

    #[must_use]
    pub fn poll_effect(&mut self) -> Option<Effect> {
        self.effects.pop_front()
    }

    /// When to call [`Driver::handle_timeout`] next, on the shell's clock: the sitting's next deadline, a
    /// notice's end, or the next change of the countdown on screen.
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Elapsed> {
        let sitting = self.live.as_ref().and(self.sitting.poll_timeout()).map(|t| self.shell_time(t));
        let notice = self.ui.next_wake().map(|t| self.shell_time(t));
        let tick = self.next_tick().map(|t| self.shell_time(t));
        [sitting, notice, tick].into_iter().flatten().min()
    }

    /// What a frame at the shell's `now` shows.
    pub fn view(&self, now: Elapsed) -> View<'_> {
        View {
            ui: &self.ui,
            sitting: &self.sitting,
            now: self.at(now),
            status: &self.status,
            report: self.report.as_ref(),
        }
    }

    /// Whether the screen needs a new frame, and how much of it: when only the countdown changed, only the top
    /// strip is repainted (the framebuffer keeps the rest of the last frame).
    pub fn frame(&self, now: Elapsed) -> Option<Frame> {
        let face = self.clock_face(self.at(now));
        if self.dirty || !self.drawn_once {
            Some(Frame::Full)
        } else if face == self.drawn_clock {
            None
        } else if face.is_some() && self.drawn_clock.is_some() {
            Some(Frame::ClockOnly)
        } else {
            Some(Frame::Full)
        }
    }

    /// A frame was drawn at `now`: what it learned about the layout.
    pub fn drawn(&mut self, now: Elapsed, painted: Painted) {
        self.ui.hits = painted.hits;
        self.ui.max_scroll = painted.max_scroll;
        self.ui.page = painted.page;
        self.ui.scroll = self.ui.scroll.min(painted.max_scroll);
        self.drawn_clock = self.clock_face(self.at(now));
        self.drawn_once = true;
        self.dirty = false;
    }

    /// The window was resized or rescaled: everything is drawn again.
    pub fn invalidate(&mut self) {
        self.dirty = true;
    }

    pub fn sitting(&self) -> &Sitting {
        &self.sitting
    }

    pub fn ui(&self) -> &Ui {
        &self.ui
    }

    pub fn status(&self) -> &Status {
        &self.status
    }

    pub fn report(&self) -> Option<&Report> {
        self.report.as_ref()
    }

    /// The journal lines written so far.
    pub fn lines(&self) -> &[String] {
        self.live.as_ref().map_or(&[], |l| &l.lines)
    }

    // ----- the work -----

    fn request(&mut self, request: Option<Request>, now: Elapsed) {
        match request {
            None => {}
            Some(Request::Quit) => self.quit(QuitReason::Done),
            Some(Request::TestTone) => self.effects.push_back(Effect::Beep(Beep::Warning)),
            Some(Request::Recheck) => self.run_checks(),
            Some(Request::Resume(yes)) => self.take_offer(yes, now),
            Some(Request::SensorOff(sensor)) => self.effects.push_back(Effect::SensorOff(sensor)),
        }
    }

    fn take_offer(&mut self, yes: bool, now: Elapsed) {
        let Some(offer) = self.offer.take() else { return };
        if yes {
            // The sitting's clock reads the wall time since it began: the clock ran on while examday was gone.
            let wall_now = self.origin_wall + chrono::Duration::milliseconds(now.as_ms() as i64);
            let t = wall_ms(offer.wall_start, wall_now).max(offer.last.t_ms);
            self.offset_ms = t as i64 - now.as_ms() as i64;
            self.effects.push_back(Effect::ReopenJournal { path: offer.path.clone(), keep: offer.keep });
            self.status.journal = offer.path.display().to_string();
            self.status.resume = None;
            let first_hash = offer.lines.first().and_then(|l| first_hash_of(l));
            self.live = Some(Live {
                chain: Chain::after(&offer.last),
                lines: offer.lines,
                wall_start: offer.wall_start,
                first_hash,
            });
            self.sitting = offer.sitting;
            self.sitting.resume(self.at(now));
            let sensors = std::mem::take(&mut self.ui.sensors);
            self.ui = Ui::resumed(&self.sitting);
            self.ui.sensors = sensors;
            self.reconcile_sensors(now);
        } else {
            let Some((paper, setup)) = self.fresh.take() else { return };
            self.offset_ms = -(now.as_ms() as i64);
            let wall_start = self.origin_wall + chrono::Duration::milliseconds(now.as_ms() as i64);
            self.effects.push_back(Effect::OpenJournal { wall_start });
            self.live = Some(Live::new(wall_start));
            self.sitting = Sitting::begin(paper, setup, Elapsed::ZERO);
            // The new sitting is watched by what this process opened, with its webcam and microphone steps.
            let sensors = std::mem::take(&mut self.ui.sensors);
            let checkin = CheckIn::with_sensors(
                self.sitting.started().quick_start,
                minutes_of(&self.sitting),
                &sensors,
            );
            self.ui = Ui::new(checkin, false);
            self.ui.sensors = sensors;
            self.status.resume = None;
            self.run_checks();
            self.sound_check();
        }
        self.pump();
    }

    /// A resumed sitting is watched by the sensors it was set up with, as far as this process has them: one it
    /// had and this process has not is recorded as lost (or lost again), one that was lost before the crash and
    /// is here now as back, and one it never had is switched off.
    fn reconcile_sensors(&mut self, now: Elapsed) {
        if !matches!(self.sitting.phase(), Phase::InProgress { .. }) {
            for sensor in [Sensor::Camera, Sensor::Microphone] {
                self.sensor_off(sensor);
            }
            return;
        }
        let t = self.at(now);
        for sensor in [Sensor::Camera, Sensor::Microphone] {
            let here = self.ui.sensors.is_on(sensor);
            let watch = self.sitting.proctor().sensors();
            let (watches, lost) = (watch.watches(sensor), watch.is_lost(sensor));
            match (watches, here) {
                (true, true) if lost => self.sitting.sensor_back(sensor, t),
                (true, false) => {
                    let why = self.offer_lost.remove(&sensor).unwrap_or_else(|| {
                        format!("the {} is not available to the resumed sitting", sensor.name())
                    });
                    self.sitting.sensor_lost(sensor, &why, t);
                }
                (false, true) => self.sensor_off(sensor),
                _ => {}
            }
        }
    }

    /// Stops a sensor: it no longer watches this sitting.
    fn sensor_off(&mut self, sensor: Sensor) {
        if self.ui.sensors.is_on(sensor) {
            self.ui.sensor_off(sensor);
            self.effects.push_back(Effect::SensorOff(sensor));
        }
    }

    fn run_checks(&mut self) {
        if self.ui.stage == Stage::CheckIn {
            self.checks_started = true;
            self.effects.push_back(Effect::RunChecks);
        }
    }

    /// With no sound card, or `--no-sound`, the sound test cannot be done: record why, once.
    fn sound_check(&mut self) {
        if let Some((why, switched_off)) = &self.silent {
            let status = if *switched_off { CheckStatus::Skipped } else { CheckStatus::Warn };
            let items = self.ui.checkin.sound_unavailable(status, why.clone());
            let t = self.sitting.now();
            self.ui.record(items, &mut self.sitting, t);
        }
    }

    fn record(&mut self, items: Vec<Item>, now: Elapsed) {
        let t = self.at(now);
        self.ui.record(items, &mut self.sitting, t);
        self.pump();
    }

    /// Seals the sitting's new events into journal lines, queues its beeps, keeps the screen model in step,
    /// builds the report once the exam is over, and keeps the pointer confined while it should be.
    fn pump(&mut self) {
        while let Some((t, event)) = self.sitting.poll_event() {
            if let Some(live) = &mut self.live {
                let at = live.wall_start + chrono::Duration::milliseconds(t.as_ms() as i64);
                let line = live.chain.seal(at, t, &event);
                if live.first_hash.is_none() {
                    live.first_hash = first_hash_of(&line);
                }
                if let (Event::Scored { .. }, Some(first_hash)) = (&event, &live.first_hash) {
                    let seq = live.lines.len() as u64 + 1;
                    self.effects.push_back(Effect::Finished(Finished {
                        first_hash: first_hash.clone(),
                        exam_id: self.sitting.paper().id().to_string(),
                        scored_seq: seq,
                        scored_hash: record_hash_of(&line).unwrap_or_default(),
                    }));
                }
                live.lines.push(line.clone());
                self.effects.push_back(Effect::Persist(line));
            }
            self.dirty = true;
        }
        while let Some(beep) = self.sitting.poll_beep() {
            self.effects.push_back(Effect::Beep(beep));
        }
        self.ui.sync(&self.sitting);
        // The exam is over: the camera and microphone stop (results and debrief are not watched).
        if matches!(self.sitting.phase(), Phase::Submitted { .. }) && self.live.is_some() {
            for sensor in [Sensor::Camera, Sensor::Microphone] {
                self.sensor_off(sensor);
            }
        }
        if matches!(self.sitting.phase(), Phase::Submitted { .. })
            && self.report.is_none()
            && let Some(live) = &self.live
        {
            let journal = Journal::read(live.lines.concat().as_bytes());
            self.report = Report::from_journal(&journal).ok();
            self.dirty = true;
        }
        let want = !self.free_pointer
            && self.ui.stage == Stage::Exam
            && matches!(self.sitting.phase(), Phase::InProgress { .. })
            && self.sitting.proctor().away_since().is_none();
        if want != self.grabbed && !(want && self.grab_refused) && !self.quitting {
            self.grabbed = want;
            self.effects.push_back(Effect::GrabPointer(want));
        }
    }

    fn quit(&mut self, reason: QuitReason) {
        if self.quitting {
            return;
        }
        self.pump();
        self.quitting = true;
        let discard_journal = self.live.as_ref().is_some_and(|l| l.lines.len() <= 1);
        let resumable = self.live.is_some() && matches!(self.sitting.phase(), Phase::InProgress { .. });
        self.effects.push_back(Effect::Quit(Quit { reason, discard_journal, resumable }));
    }

    /// The countdown as shown (whole seconds, rounded up), while one is shown.
    fn clock_face(&self, t: Elapsed) -> Option<u64> {
        match (self.ui.stage, self.sitting.phase()) {
            (Stage::Exam, Phase::InProgress { deadline, .. }) => {
                Some(deadline.since(t).as_ms().div_ceil(1000))
            }
            _ => None,
        }
    }

    /// When the countdown shown next changes, on the sitting's clock.
    fn next_tick(&self) -> Option<Elapsed> {
        if self.ui.stage != Stage::Exam {
            return None;
        }
        let Phase::InProgress { deadline, .. } = self.sitting.phase() else { return None };
        let now = self.sitting.now();
        let left = deadline.since(now).as_ms();
        if left == 0 {
            return None;
        }
        let step = if left % 1000 == 0 { 1000 } else { left % 1000 };
        Some(now + Elapsed::from_ms(step))
    }
}

impl Live {
    fn new(wall_start: DateTime<FixedOffset>) -> Live {
        Live { chain: Chain::new(), lines: Vec::new(), wall_start, first_hash: None }
    }
}

fn minutes_of(sitting: &Sitting) -> u32 {
    (sitting.duration().as_ms() / 60_000) as u32
}

/// Milliseconds from `start` to `now` (zero if `now` is earlier).
fn wall_ms(start: DateTime<FixedOffset>, now: DateTime<FixedOffset>) -> u64 {
    (now - start).num_milliseconds().max(0) as u64
}

/// The `hash` of a sealed line.
fn record_hash_of(line: &str) -> Option<String> {
    let at = line.rfind(",\"hash\":\"")? + ",\"hash\":\"".len();
    line.get(at..at + 64).map(str::to_string)
}

fn first_hash_of(line: &str) -> Option<String> {
    record_hash_of(line)
}
