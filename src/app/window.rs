//! The winit shell: one `ApplicationHandler` that turns window events into core inputs, drains the core's
//! outputs into the journal, the speaker and the screen, and sleeps until the next deadline. winit types stop
//! here; everything it decides is in `ui`, `session` and `proctor`.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};
use winit::application::ApplicationHandler;
use winit::dpi::{LogicalSize, PhysicalSize};
use winit::event::{ElementState, MouseButton, MouseScrollDelta, WindowEvent};
use winit::event_loop::{ActiveEventLoop, ControlFlow, EventLoopProxy};
use winit::keyboard::{Key as WKey, NamedKey};
use winit::window::{CursorGrabMode, Fullscreen, Window, WindowAttributes, WindowId, WindowLevel};

use super::audio::Audio;
use super::checkin::{CheckIn, Finding};
use super::checks;
use super::draw::{self, Canvas, Picture, Status, Text};
use super::gpu::{Gpu, Order};
use super::journal_writer::{FileSink, JournalWriter};
use super::ui::{Effect, Key, Stage, Ui};
use crate::Elapsed;
use crate::journal::{Chain, CheckStatus, Journal, Record};
use crate::proctor::Signal;
use crate::review::Report;
use crate::session::{Phase, Setup, Sitting};

/// Events from other threads: check results, OS signals.
#[derive(Debug)]
pub enum UserEvent {
    Found(Finding),
    Stop(&'static str),
}

/// Window options from the command line.
#[derive(Clone, Debug)]
pub struct WindowOptions {
    pub windowed: bool,
    pub free_pointer: bool,
    pub applications: Vec<String>,
}

/// The journal being written: its writer, the chain that seals lines, and the lines so far.
pub struct LiveJournal {
    pub writer: JournalWriter,
    pub chain: Chain,
    pub lines: Vec<String>,
    /// The wall-clock time of t = 0.
    pub wall_start: DateTime<FixedOffset>,
}

/// An unfinished sitting the candidate may take up again.
pub struct Offer {
    pub path: std::path::PathBuf,
    /// Bytes of the journal to keep (all but a cut-short last line).
    pub keep: u64,
    pub lines: Vec<String>,
    pub last: Record,
    pub wall_start: DateTime<FixedOffset>,
}

/// What a new sitting needs, should the candidate decline the offer.
pub struct Fresh {
    pub paper: Arc<crate::exam::Paper>,
    pub setup: Setup,
    pub journal_dir: std::path::PathBuf,
}

/// How the shell ended, for the command to report.
#[derive(Debug, Default)]
pub struct Ending {
    pub journal: Option<std::path::PathBuf>,
    pub interrupted: Option<&'static str>,
    pub error: Option<String>,
}

pub struct Shell {
    options: WindowOptions,
    runtime: tokio::runtime::Runtime,
    proxy: EventLoopProxy<UserEvent>,
    window: Option<Arc<Window>>,
    gpu: Option<Gpu>,
    text: Text,
    sitting: Sitting,
    ui: Ui,
    status: Status,
    images: HashMap<String, Picture>,
    report: Option<Report>,
    audio: Audio,
    journal: Option<LiveJournal>,
    offer: Option<Offer>,
    fresh: Option<Fresh>,
    /// The instant of t = 0.
    origin: Instant,
    scale: f64,
    dirty: bool,
    grabbed: bool,
    grab_refused: bool,
    checks_started: bool,
    /// The pointer's last position, for clicks.
    pointer: (f32, f32),
    /// The countdown second on screen, to redraw when it changes.
    drawn_clock: Option<u64>,
    /// Print each frame's timings (EXAMDAY_TRACE).
    trace: bool,
    /// Save each frame as a PNG here (EXAMDAY_FRAME_DUMP), for tests and bug reports.
    frame_dump: Option<std::path::PathBuf>,
    /// When the process began, and whether the first frame is out (for the startup figure in the trace).
    launched: Instant,
    first_frame_done: bool,
    pub ending: Ending,
}

impl Shell {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        options: WindowOptions,
        runtime: tokio::runtime::Runtime,
        proxy: EventLoopProxy<UserEvent>,
        sitting: Sitting,
        journal: Option<LiveJournal>,
        offer: Option<Offer>,
        fresh: Option<Fresh>,
        audio: Audio,
        images: HashMap<String, Picture>,
    ) -> Shell {
        let minutes = (sitting.duration().as_ms() / 60_000) as u32;
        let ui = Ui::new(CheckIn::new(sitting.started().quick_start, minutes), offer.is_some());
        let mut status = Status { silent: audio.silent().map(str::to_string), ..Status::default() };
        if let Some(j) = &journal {
            status.journal = j.writer.path().display().to_string();
        }
        if let Some(o) = &offer {
            let left = match sitting.phase() {
                Phase::InProgress { deadline, .. } => {
                    let now = Elapsed::from_ms(wall_ms_since(o.wall_start).max(o.last.t_ms));
                    deadline.since(now)
                }
                _ => Elapsed::ZERO,
            };
            let when = o.wall_start.with_timezone(&chrono::Local).format("on %a %d %b at %H:%M").to_string();
            status.resume = Some((when, left));
        }
        Shell {
            options,
            runtime,
            proxy,
            window: None,
            gpu: None,
            text: Text::new(),
            sitting,
            ui,
            status,
            images,
            report: None,
            audio,
            journal,
            offer,
            fresh,
            origin: Instant::now(),
            scale: 1.0,
            dirty: true,
            grabbed: false,
            grab_refused: false,
            checks_started: false,
            pointer: (0.0, 0.0),
            drawn_clock: None,
            trace: std::env::var_os("EXAMDAY_TRACE").is_some(),
            frame_dump: std::env::var_os("EXAMDAY_FRAME_DUMP").map(Into::into),
            launched: super::launch::launched(),
            first_frame_done: false,
            ending: Ending::default(),
        }
    }

    fn now(&self) -> Elapsed {
        Elapsed::from_ms(self.origin.elapsed().as_millis() as u64)
    }

    /// Seals and queues the sitting's new events, plays its beeps, and keeps the screen model in step.
    fn pump(&mut self) {
        while let Some((t, event)) = self.sitting.poll_event() {
            if let Some(j) = &mut self.journal {
                let at = j.wall_start + chrono::Duration::milliseconds(t.as_ms() as i64);
                let line = j.chain.seal(at, t, &event);
                j.lines.push(line.clone());
                j.writer.write(line);
            }
            self.dirty = true;
        }
        while let Some(beep) = self.sitting.poll_beep() {
            self.audio.beep(beep);
        }
        self.ui.sync(&self.sitting);
        if matches!(self.sitting.phase(), Phase::Submitted { .. }) && self.report.is_none() {
            if let Some(j) = &self.journal {
                let journal = Journal::read(j.lines.concat().as_bytes());
                self.report = Report::from_journal(&journal).ok();
            }
            self.dirty = true;
        }
        if let Some(j) = &self.journal {
            let status = j.writer.status();
            let problem = status.failing.map(|e| format!("{e}; {} records waiting", status.pending));
            if problem != self.status.journal_problem {
                self.status.journal_problem = problem;
                self.dirty = true;
            }
        }
        self.update_grab();
    }

    fn update_grab(&mut self) {
        let Some(window) = &self.window else { return };
        let want = !self.options.free_pointer
            && self.ui.stage == Stage::Exam
            && matches!(self.sitting.phase(), Phase::InProgress { .. })
            && self.sitting.proctor().away_since().is_none();
        if want != self.grabbed && !(want && self.grab_refused) {
            let mode = if want { CursorGrabMode::Confined } else { CursorGrabMode::None };
            // Not every platform can confine the pointer (Wayland may refuse); the exam goes on regardless,
            // and a refusal is not asked again at every event.
            let ok = window.set_cursor_grab(mode).is_ok();
            self.grab_refused = want && !ok;
            self.grabbed = want && ok;
        }
    }

    fn effect(&mut self, effect: Option<Effect>, event_loop: &ActiveEventLoop) {
        match effect {
            None => {}
            Some(Effect::Quit) => self.quit(event_loop),
            Some(Effect::TestTone) => self.audio.beep(crate::proctor::Beep::Warning),
            Some(Effect::Recheck) => self.start_checks(event_loop),
            Some(Effect::Resume(yes)) => self.take_offer(yes, event_loop),
        }
        self.dirty = true;
    }

    fn take_offer(&mut self, yes: bool, event_loop: &ActiveEventLoop) {
        let Some(offer) = self.offer.take() else { return };
        if yes {
            let sink = match FileSink::append_to(&offer.path, offer.keep) {
                Ok(sink) => sink,
                Err(e) => {
                    return self.fail(
                        format!("{}: error: cannot reopen the journal: {e}", offer.path.display()),
                        event_loop,
                    );
                }
            };
            let writer = JournalWriter::spawn(self.runtime.handle(), sink, offer.path.clone());
            let now_ms = wall_ms_since(offer.wall_start).max(offer.last.t_ms);
            self.origin = Instant::now() - Duration::from_millis(now_ms);
            self.status.journal = offer.path.display().to_string();
            self.journal = Some(LiveJournal {
                writer,
                chain: Chain::after(&offer.last),
                lines: offer.lines,
                wall_start: offer.wall_start,
            });
            self.sitting.resume(self.now());
            self.ui = Ui::resumed(&self.sitting);
            self.ending.journal = Some(offer.path);
        } else {
            let Some(fresh) = self.fresh.take() else { return };
            match open_journal(&self.runtime, &fresh, chrono::Local::now().fixed_offset()) {
                Ok(journal) => {
                    self.status.journal = journal.writer.path().display().to_string();
                    self.ending.journal = Some(journal.writer.path().to_path_buf());
                    self.journal = Some(journal);
                }
                Err(e) => return self.fail(e, event_loop),
            }
            self.origin = Instant::now();
            self.sitting = Sitting::begin(fresh.paper, fresh.setup, Elapsed::ZERO);
            let minutes = (self.sitting.duration().as_ms() / 60_000) as u32;
            self.ui = Ui::new(CheckIn::new(self.sitting.started().quick_start, minutes), false);
            self.status.resume = None;
            self.start_checks(event_loop);
        }
        self.pump();
    }

    fn fail(&mut self, message: String, event_loop: &ActiveEventLoop) {
        self.ending.error = Some(message);
        self.quit(event_loop);
    }

    /// Runs the automatic check-in checks: the window's facts now, the process list in the background.
    fn start_checks(&mut self, event_loop: &ActiveEventLoop) {
        if self.ui.stage != Stage::CheckIn {
            return;
        }
        let monitors: Vec<(u32, u32)> =
            event_loop.available_monitors().map(|m| (m.size().width, m.size().height)).collect();
        let found = self.ui.checkin.found(checks::monitors(&monitors));
        self.record(found);
        let (w, h, scale) = match &self.window {
            Some(win) => {
                // The screen, not the window: a windowed sitting is still judged by the monitor it is on.
                let size = win.current_monitor().map(|m| m.size()).unwrap_or_else(|| win.inner_size());
                (size.width, size.height, win.scale_factor())
            }
            None => (0, 0, 1.0),
        };
        let found = self.ui.checkin.found(checks::screen(w, h, scale));
        self.record(found);
        if !self.checks_started {
            let found = match self.audio.silent() {
                Some(why) => {
                    let status =
                        if self.audio.switched_off() { CheckStatus::Skipped } else { CheckStatus::Warn };
                    self.ui.checkin.sound_unavailable(status, why.to_string())
                }
                None => Vec::new(),
            };
            self.record(found);
        }
        self.checks_started = true;
        let proxy = self.proxy.clone();
        let list = self.options.applications.clone();
        self.runtime.spawn_blocking(move || {
            let _ = proxy.send_event(UserEvent::Found(checks::applications_now(&list)));
        });
    }

    fn record(&mut self, items: Vec<super::checkin::Item>) {
        let now = self.now();
        self.ui.record(items, &mut self.sitting, now);
        self.pump();
    }

    fn quit(&mut self, event_loop: &ActiveEventLoop) {
        self.pump();
        if let Some(j) = self.journal.take() {
            let path = j.writer.path().to_path_buf();
            let untouched = j.lines.len() <= 1;
            self.ending.journal = (!untouched).then(|| path.clone());
            let closed = self.runtime.block_on(j.writer.close(Duration::from_secs(5)));
            if untouched && closed.is_ok() {
                // The window never got going (no adapter, closed at once): an empty sitting is not worth a file.
                let _ = std::fs::remove_file(&path);
            }
            if let Err(unwritten) = closed {
                let fallback = std::env::temp_dir().join(format!(
                    "examday-unwritten-{}",
                    unwritten.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
                ));
                let saved = std::fs::write(&fallback, unwritten.lines.concat());
                let mut message = format!("{unwritten}");
                match saved {
                    Ok(()) => message.push_str(&format!("; they were saved to {}", fallback.display())),
                    Err(e) => {
                        message.push_str(&format!(
                            "; saving them to {} failed too ({e}); here they are:\n",
                            fallback.display()
                        ));
                        message.push_str(&unwritten.lines.concat());
                    }
                }
                self.ending.error = Some(message);
            }
        }
        self.gpu = None;
        event_loop.exit();
    }

    fn key(&mut self, key: Key, event_loop: &ActiveEventLoop) {
        let now = self.now();
        self.sitting.handle_signal(Signal::Input, now);
        let effect = self.ui.key(key, &mut self.sitting, now);
        if self.ui.stage == Stage::CheckIn && !self.checks_started {
            self.start_checks(event_loop);
        }
        self.pump();
        self.effect(effect, event_loop);
    }

    /// Draws and presents a frame. When only the countdown changed, only the top strip is repainted: the
    /// framebuffer keeps the rest of the last frame.
    fn redraw(&mut self) {
        let now = self.now();
        let face = self.clock_face(now);
        let clock_only = !self.dirty && self.drawn_clock.is_some() && face != self.drawn_clock;
        let Some(gpu) = &mut self.gpu else { return };
        let (w, h) = gpu.size();
        let started = Instant::now();
        let scene = draw::Scene {
            ui: &self.ui,
            sitting: &self.sitting,
            now,
            scale: self.scale as f32,
            status: &self.status,
            images: &self.images,
            report: self.report.as_ref(),
        };
        let bgra = gpu.order() == Order::Bgra;
        let mut canvas = Canvas::with_order(gpu.frame_mut(), w, h, bgra);
        if clock_only {
            let strip = draw::Rect::new(
                0.0,
                0.0,
                w as f32,
                (draw::theme::Sizes { s: self.scale as f32 }).bar_height(),
            );
            canvas.set_clip(strip);
        }
        let painted = draw::frame(&mut canvas, &mut self.text, &scene);
        let drawn = Instant::now();
        self.ui.hits = painted.hits;
        self.ui.max_scroll = painted.max_scroll;
        self.ui.page = painted.page;
        self.ui.scroll = self.ui.scroll.min(painted.max_scroll);
        if let Err(e) = gpu.present() {
            eprintln!("examday: {e}");
        }
        if self.trace {
            let kind = if clock_only { "clock" } else { "full" };
            eprintln!("frame ({kind}): draw {:?}, present {:?}", drawn - started, drawn.elapsed());
            if !self.first_frame_done {
                eprintln!("first frame on screen {:?} after start", self.launched.elapsed());
            }
        }
        self.first_frame_done = true;
        if let Some(path) = &self.frame_dump {
            let mut rgba = gpu.frame().to_vec();
            if bgra {
                rgba.chunks_exact_mut(4).for_each(|p| p.swap(0, 2));
            }
            if let Some(img) = image::RgbaImage::from_raw(w, h, rgba) {
                let _ = img.save(path);
            }
        }
        self.drawn_clock = face;
        self.dirty = false;
    }

    /// The countdown as shown (whole seconds, rounded up), while one is shown.
    fn clock_face(&self, now: Elapsed) -> Option<u64> {
        match (self.ui.stage, self.sitting.phase()) {
            (Stage::Exam, Phase::InProgress { deadline, .. }) => {
                Some(deadline.since(now).as_ms().div_ceil(1000))
            }
            _ => None,
        }
    }

    /// When the countdown shown next changes (the display rounds up to the second).
    fn next_tick(&self, now: Elapsed) -> Option<Elapsed> {
        if self.ui.stage != Stage::Exam {
            return None;
        }
        let Phase::InProgress { deadline, .. } = self.sitting.phase() else { return None };
        let left = deadline.since(now).as_ms();
        let step = if left % 1000 == 0 { 1000 } else { left % 1000 };
        Some(now + Elapsed::from_ms(step))
    }
}

/// Milliseconds from `start` to the wall clock now (zero if the clock is behind).
fn wall_ms_since(start: DateTime<FixedOffset>) -> u64 {
    (chrono::Local::now().fixed_offset() - start).num_milliseconds().max(0) as u64
}

/// Creates the journal file for a new sitting, named after its start.
pub fn open_journal(
    runtime: &tokio::runtime::Runtime,
    fresh: &Fresh,
    wall_start: DateTime<FixedOffset>,
) -> Result<LiveJournal, String> {
    let name = super::paths::journal_name(wall_start.with_timezone(&chrono::Local), fresh.paper.id());
    let (sink, path) = FileSink::create(&fresh.journal_dir, &name).map_err(|e| {
        format!(
            "{}: error: cannot create the journal there ({e}); the exam does not start without one. \
             Choose another folder with --journal-dir DIR.",
            fresh.journal_dir.display()
        )
    })?;
    let writer = JournalWriter::spawn(runtime.handle(), sink, path);
    Ok(LiveJournal { writer, chain: Chain::new(), lines: Vec::new(), wall_start })
}

fn translate(key: &WKey) -> Option<Key> {
    Some(match key {
        WKey::Named(NamedKey::Enter) => Key::Enter,
        WKey::Named(NamedKey::Escape) => Key::Escape,
        WKey::Named(NamedKey::ArrowLeft) => Key::Left,
        WKey::Named(NamedKey::ArrowRight) => Key::Right,
        WKey::Named(NamedKey::ArrowUp) => Key::Up,
        WKey::Named(NamedKey::ArrowDown) => Key::Down,
        WKey::Named(NamedKey::PageUp) => Key::PageUp,
        WKey::Named(NamedKey::PageDown) => Key::PageDown,
        WKey::Named(NamedKey::Home) => Key::Home,
        WKey::Named(NamedKey::End) => Key::End,
        WKey::Named(NamedKey::Tab) => Key::Tab,
        WKey::Named(NamedKey::Space) => Key::Space,
        WKey::Character(s) => Key::Char(s.chars().next()?),
        _ => return None,
    })
}

impl ApplicationHandler<UserEvent> for Shell {
    fn resumed(&mut self, event_loop: &ActiveEventLoop) {
        if self.window.is_some() {
            return;
        }
        let title = format!("examday - {}", self.sitting.paper().title());
        let mut attributes =
            WindowAttributes::default().with_title(title).with_min_inner_size(LogicalSize::new(800.0, 560.0));
        if self.options.windowed {
            attributes = attributes.with_inner_size(LogicalSize::new(1280.0, 800.0));
        } else {
            attributes = attributes
                .with_fullscreen(Some(Fullscreen::Borderless(None)))
                .with_window_level(WindowLevel::AlwaysOnTop);
        }
        let window = match event_loop.create_window(attributes) {
            Ok(w) => Arc::new(w),
            Err(e) => return self.fail(format!("examday: error: cannot open a window: {e}"), event_loop),
        };
        self.scale = window.scale_factor();
        match Gpu::new(window.clone()) {
            Ok(gpu) => self.gpu = Some(gpu),
            Err(e) => return self.fail(format!("examday: error: {e}"), event_loop),
        }
        self.window = Some(window.clone());
        if self.ui.stage == Stage::CheckIn {
            self.start_checks(event_loop);
        }
        self.pump();
        self.redraw();
        window.request_redraw();
    }

    fn user_event(&mut self, event_loop: &ActiveEventLoop, event: UserEvent) {
        match event {
            UserEvent::Found(finding) => {
                if self.ui.stage == Stage::CheckIn {
                    let items = self.ui.checkin.found(finding);
                    self.record(items);
                }
            }
            UserEvent::Stop(signal) => {
                let now = self.now();
                if self.journal.is_some() {
                    self.sitting.interrupt(signal, now);
                }
                self.ending.interrupted = Some(signal);
                self.quit(event_loop);
            }
        }
        self.dirty = true;
    }

    fn window_event(&mut self, event_loop: &ActiveEventLoop, _id: WindowId, event: WindowEvent) {
        let now = self.now();
        match event {
            WindowEvent::RedrawRequested => self.redraw(),
            WindowEvent::Resized(PhysicalSize { width, height }) => {
                if let Some(gpu) = &mut self.gpu
                    && let Err(e) = gpu.resize(width, height)
                {
                    eprintln!("examday: {e}");
                }
                self.dirty = true;
            }
            WindowEvent::ScaleFactorChanged { scale_factor, .. } => {
                self.scale = scale_factor;
                self.dirty = true;
            }
            WindowEvent::CloseRequested => {
                let in_exam =
                    self.ui.stage == Stage::Exam && matches!(self.sitting.phase(), Phase::InProgress { .. });
                if in_exam {
                    self.sitting.handle_signal(Signal::CloseRequested, now);
                    self.pump();
                } else {
                    if self.ui.stage == Stage::CheckIn || self.ui.stage == Stage::Rules {
                        self.sitting.handle_signal(Signal::CloseRequested, now);
                    }
                    self.quit(event_loop);
                }
            }
            WindowEvent::Destroyed => {
                // The window is gone (destroyed from outside): drop the surface before anything redraws.
                self.gpu = None;
                self.window = None;
                self.quit(event_loop);
            }
            WindowEvent::Focused(focused) => {
                self.sitting
                    .handle_signal(if focused { Signal::FocusGained } else { Signal::FocusLost }, now);
                self.pump();
            }
            WindowEvent::Occluded(hidden) => {
                self.sitting.handle_signal(if hidden { Signal::Occluded } else { Signal::Visible }, now);
                self.pump();
            }
            WindowEvent::CursorLeft { .. } => {
                self.sitting.handle_signal(Signal::PointerLeft, now);
                self.pump();
            }
            WindowEvent::CursorEntered { .. } => {
                self.sitting.handle_signal(Signal::PointerEntered, now);
                self.pump();
            }
            WindowEvent::CursorMoved { position, .. } => {
                self.sitting.handle_signal(Signal::Input, now);
                self.pointer = (position.x as f32, position.y as f32);
                if self.ui.pointer(self.pointer.0, self.pointer.1) {
                    self.dirty = true;
                }
                self.pump();
            }
            WindowEvent::MouseInput { state: ElementState::Pressed, button: MouseButton::Left, .. } => {
                self.sitting.handle_signal(Signal::Input, now);
                let (x, y) = self.pointer;
                let effect = self.ui.click(x, y, &mut self.sitting, now);
                self.pump();
                self.effect(effect, event_loop);
            }
            WindowEvent::MouseWheel { delta, .. } => {
                self.sitting.handle_signal(Signal::Input, now);
                let dy = match delta {
                    MouseScrollDelta::LineDelta(_, y) => y * 48.0 * self.scale as f32,
                    MouseScrollDelta::PixelDelta(p) => p.y as f32,
                };
                self.ui.scroll_by(-dy);
                self.dirty = true;
                self.pump();
            }
            WindowEvent::KeyboardInput { event, .. } if event.state == ElementState::Pressed => {
                if let Some(key) = translate(&event.logical_key) {
                    // Held keys repeat for scrolling and moving, never for toggling an answer.
                    let repeats = matches!(
                        key,
                        Key::Up | Key::Down | Key::PageUp | Key::PageDown | Key::Left | Key::Right
                    );
                    if !event.repeat || repeats {
                        self.key(key, event_loop);
                    }
                }
            }
            _ => {}
        }
    }

    fn about_to_wait(&mut self, event_loop: &ActiveEventLoop) {
        let now = self.now();
        // A clock of the sitting going off may change the screen without an event (a banner's end).
        if self.sitting.poll_timeout().is_some_and(|at| at <= now) {
            self.dirty = true;
        }
        self.sitting.handle_timeout(now);
        if self.ui.expire(now) {
            self.dirty = true;
        }
        self.pump();
        if (self.dirty || self.clock_face(now) != self.drawn_clock)
            && let Some(w) = &self.window
        {
            w.request_redraw();
        }
        let wake = [self.sitting.poll_timeout(), self.ui.next_wake(), self.next_tick(now)]
            .into_iter()
            .flatten()
            .min();
        match wake {
            Some(at) => {
                let delay = Duration::from_millis(at.since(now).as_ms());
                event_loop.set_control_flow(ControlFlow::WaitUntil(Instant::now() + delay));
            }
            None => event_loop.set_control_flow(ControlFlow::Wait),
        }
    }
}
