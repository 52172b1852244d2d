//! The winit shell: one `ApplicationHandler` that turns window events into inputs of the core's [`Driver`]
//! and carries out its effects: journal lines to the writer, beeps to the speaker, frames to the screen, checks
//! to a background thread. It decides nothing; winit types stop here.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use winit::application::ApplicationHandler;
use winit::dpi::{LogicalSize, PhysicalSize};
use winit::event::{ElementState, MouseButton, MouseScrollDelta, WindowEvent};
use winit::event_loop::{ActiveEventLoop, ControlFlow, EventLoopProxy};
use winit::keyboard::{Key as WKey, NamedKey};
use winit::window::{CursorGrabMode, Fullscreen, Window, WindowAttributes, WindowId, WindowLevel};

use super::audio::Audio;
use super::camera::{CameraHandle, CameraReport, Look};
use super::checks;
use super::draw::{self, Canvas, Picture, Text};
use super::gpu::{Gpu, Order};
use super::journal_lock::JournalLock;
use super::journal_writer::{FileSink, JournalWriter};
use super::journals::FinishedIndex;
use super::microphone::{MicrophoneHandle, MicrophoneReport};
use crate::Elapsed;
use crate::driver::{Driver, Effect, Finding, Frame, Key, Pointer, QuitReason, WindowSignal};
use crate::journal::Sensor;

/// Events from other threads: check results, OS signals, the camera's frames, the microphone's sound blocks.
#[derive(Debug)]
pub enum UserEvent {
    Found(Finding),
    Stop(&'static str),
    Camera(CameraReport),
    Microphone(MicrophoneReport),
}

/// Window options from the command line.
#[derive(Clone, Debug)]
pub struct WindowOptions {
    pub windowed: bool,
    pub applications: Vec<String>,
    /// Where a finished sitting is noted (outside the journal folder's files).
    pub finished_index: Option<PathBuf>,
    pub journal_dir: PathBuf,
}

/// How the shell ended, for the command to report.
#[derive(Debug, Default)]
pub struct Ending {
    pub journal: Option<PathBuf>,
    /// Stopped from outside before the end: by whom, and whether the sitting can be taken up again.
    pub stopped: Option<Stopped>,
    pub error: Option<String>,
}

#[derive(Debug)]
pub struct Stopped {
    /// "SIGTERM", or what happened to the window.
    pub by: String,
    /// The exit code: 128 + the signal's number, as shells expect; 3 when the window was destroyed.
    pub code: u8,
    pub resumable: bool,
}

/// Everything the window needs from the launch.
pub struct Parts {
    pub options: WindowOptions,
    pub runtime: tokio::runtime::Runtime,
    pub proxy: EventLoopProxy<UserEvent>,
    pub driver: Driver,
    /// The journal's writer, when a new sitting's journal is already open (none while the resume offer is up).
    pub writer: Option<JournalWriter>,
    /// The lock on the journal being written or offered: no other examday may write it meanwhile.
    pub lock: Option<JournalLock>,
    pub audio: Audio,
    pub images: HashMap<String, Picture>,
    /// The instant of the shell's t = 0 (the driver maps it onto the sitting's clock).
    pub origin: Instant,
    /// The proctor's eyes and ears, when on (dropping a handle stops it).
    pub camera: Option<CameraHandle>,
    pub microphone: Option<MicrophoneHandle>,
    /// The camera plays a folder of pictures (`--camera frames:DIR`), not a real camera.
    pub camera_folder: bool,
}

pub struct Shell {
    options: WindowOptions,
    runtime: tokio::runtime::Runtime,
    proxy: EventLoopProxy<UserEvent>,
    window: Option<Arc<Window>>,
    gpu: Option<Gpu>,
    text: Text,
    driver: Driver,
    images: HashMap<String, Picture>,
    audio: Audio,
    writer: Option<JournalWriter>,
    lock: Option<JournalLock>,
    /// When to judge the screen, while the window manager may still be making the window fullscreen.
    screen_due: Option<Instant>,
    /// The instant of the shell's t = 0 (the driver maps it onto the sitting's clock).
    origin: Instant,
    scale: f64,
    /// Print each frame's timings (EXAMDAY_TRACE).
    trace: bool,
    /// Save each frame as a PNG here (EXAMDAY_FRAME_DUMP), for tests and bug reports.
    frame_dump: Option<PathBuf>,
    /// When the process began, and whether the first frame is out (for the startup figure in the trace).
    launched: Instant,
    first_frame_done: bool,
    camera: Option<CameraHandle>,
    microphone: Option<MicrophoneHandle>,
    /// The camera's latest frame, while the check-in shows it.
    preview: Option<draw::Preview>,
    /// Whether the microphone was last asked for every block (the check-in's level meter).
    levels: bool,
    /// The camera plays a folder of pictures: its preview may be saved with EXAMDAY_FRAME_DUMP.
    camera_folder: bool,
    /// When the camera last sent a frame, and whether it has been silent too long (a camera that hangs without
    /// an error sends nothing at all).
    camera_seen: Instant,
    camera_stalled: bool,
    pub ending: Ending,
}

impl Shell {
    pub fn new(parts: Parts) -> Shell {
        let Parts {
            options,
            runtime,
            proxy,
            driver,
            writer,
            lock,
            audio,
            images,
            origin,
            camera,
            microphone,
            camera_folder,
        } = parts;
        Shell {
            ending: Ending { journal: writer.as_ref().map(|w| w.path().to_path_buf()), ..Ending::default() },
            options,
            runtime,
            proxy,
            window: None,
            gpu: None,
            text: Text::new(),
            driver,
            images,
            audio,
            writer,
            lock,
            screen_due: None,
            origin,
            scale: 1.0,
            trace: std::env::var_os("EXAMDAY_TRACE").is_some(),
            frame_dump: std::env::var_os("EXAMDAY_FRAME_DUMP").map(Into::into),
            launched: super::launch::launched(),
            first_frame_done: false,
            camera,
            microphone,
            preview: None,
            levels: false,
            camera_folder,
            camera_seen: Instant::now(),
            camera_stalled: false,
        }
    }

    fn now(&self) -> Elapsed {
        Elapsed::from_ms(self.origin.elapsed().as_millis() as u64)
    }

    /// Carries out everything the driver asked for, in order.
    fn effects(&mut self, event_loop: &ActiveEventLoop) {
        while let Some(effect) = self.driver.poll_effect() {
            match effect {
                Effect::Persist(line) => {
                    if let Some(w) = &self.writer {
                        w.write(line);
                    }
                }
                Effect::Beep(beep) => self.audio.beep(beep),
                Effect::RunChecks => self.run_checks(event_loop),
                Effect::OpenJournal { wall_start } => {
                    let exam_id = self.driver.sitting().paper().id().to_string();
                    let dir = &self.options.journal_dir;
                    match super::launch::open_journal(&self.runtime, dir, wall_start, &exam_id) {
                        Ok((writer, lock)) => {
                            self.ending.journal = Some(writer.path().to_path_buf());
                            self.driver.journal_opened(writer.path().display().to_string());
                            self.writer = Some(writer);
                            // The declined sitting's journal is free again; this one is ours.
                            self.lock = Some(lock);
                        }
                        Err(e) => self.driver.journal_failed(e),
                    }
                }
                Effect::ReopenJournal { path, keep } => match FileSink::append_to(&path, keep) {
                    Ok(sink) => {
                        self.writer = Some(JournalWriter::spawn(self.runtime.handle(), sink, path.clone()));
                        self.driver.journal_opened(path.display().to_string());
                        self.ending.journal = Some(path);
                    }
                    Err(e) => self
                        .driver
                        .journal_failed(format!("{}: error: cannot reopen the journal: {e}", path.display())),
                },
                Effect::Finished(finished) => {
                    if let (Some(index), Some(w)) = (&self.options.finished_index, &self.writer) {
                        // The `scored` line goes to disk first: a crash in between must not leave an index
                        // that calls a journal cut short when the crash cut it.
                        let flushed = self.runtime.block_on(async {
                            tokio::time::timeout(Duration::from_secs(5), w.flush()).await.is_ok()
                        });
                        let noted =
                            if flushed { FinishedIndex::append(index, &finished, w.path()) } else { Ok(()) };
                        if let Err(e) = noted {
                            eprintln!(
                                "examday: warning: {}: cannot note the finished sitting: {e}",
                                index.display()
                            );
                        }
                    }
                }
                Effect::GrabPointer(want) => self.grab(want),
                Effect::SensorOff(Sensor::Camera) => {
                    self.camera = None;
                    self.preview = None;
                }
                Effect::SensorOff(Sensor::Microphone) => self.microphone = None,
                Effect::Quit(quit) => {
                    let resumable = quit.resumable;
                    match quit.reason {
                        QuitReason::Done => {}
                        QuitReason::Interrupted(signal) => {
                            let number = match signal.as_str() {
                                "SIGHUP" => 1,
                                "SIGTERM" => 15,
                                _ => 2,
                            };
                            self.ending.stopped = Some(Stopped { by: signal, code: 128 + number, resumable });
                        }
                        QuitReason::WindowGone => {
                            let by = "the window being destroyed from outside".to_string();
                            self.ending.stopped = Some(Stopped { by, code: 3, resumable });
                        }
                        QuitReason::Failed(message) => self.ending.error = Some(message),
                    }
                    self.close_journal(quit.discard_journal);
                    self.gpu = None;
                    event_loop.exit();
                    return;
                }
            }
        }
        if let Some(w) = &self.writer {
            let status = w.status();
            self.driver
                .journal_trouble(status.failing.map(|e| format!("{e}; {} records waiting", status.pending)));
        }
        // The check-in's level meter wants every sound block; the exam only those with speech or a spike.
        let levels = self.driver.wants_levels();
        if levels != self.levels
            && let Some(m) = &self.microphone
        {
            m.want_levels(levels);
            self.levels = levels;
        }
    }

    fn grab(&mut self, want: bool) {
        let Some(window) = &self.window else { return };
        let mode = if want { CursorGrabMode::Confined } else { CursorGrabMode::None };
        // Not every platform can confine the pointer (Wayland may refuse); the exam goes on regardless.
        if window.set_cursor_grab(mode).is_err() && want {
            self.driver.grab_refused();
        }
    }

    /// The automatic check-in checks: the window's facts now, the process list in the background.
    fn run_checks(&mut self, event_loop: &ActiveEventLoop) {
        let now = self.now();
        let monitors: Vec<(u32, u32)> =
            event_loop.available_monitors().map(|m| (m.size().width, m.size().height)).collect();
        self.driver.handle_found(checks::monitors(&monitors), now);
        if self.options.windowed {
            self.check_screen(now);
        } else {
            // Fullscreen is the window manager's to grant, a moment after the window appears (and after a
            // resize to the window's first size): the screen is judged when the window fills its monitor, or
            // as it is after three seconds.
            self.screen_due = Some(Instant::now() + Duration::from_secs(3));
        }
        let proxy = self.proxy.clone();
        let list = self.options.applications.clone();
        self.runtime.spawn_blocking(move || {
            let _ = proxy.send_event(UserEvent::Found(checks::applications_now(&list)));
        });
    }

    /// Whether a window of this size covers the monitor it is on.
    fn fills_monitor(&self, size: (u32, u32)) -> bool {
        let monitor = self.window.as_ref().and_then(|w| w.current_monitor()).map(|m| m.size());
        monitor.is_some_and(|m| checks::fills(size, (m.width, m.height)))
    }

    /// The screen check: the monitor the window is on (a windowed sitting is still judged by it) and, for a
    /// fullscreen sitting, whether the window really got the screen.
    fn check_screen(&mut self, now: Elapsed) {
        self.screen_due = None;
        let Some(win) = &self.window else { return };
        let inner = win.inner_size();
        let monitor = win.current_monitor().map(|m| m.size()).unwrap_or(inner);
        let finding = if self.options.windowed {
            checks::screen(monitor.width, monitor.height, win.scale_factor())
        } else {
            checks::fullscreen(
                (inner.width, inner.height),
                (monitor.width, monitor.height),
                win.scale_factor(),
            )
        };
        self.driver.handle_found(finding, now);
    }

    /// Closes the journal: every line on disk, or saved somewhere safe and said where.
    fn close_journal(&mut self, discard: bool) {
        let Some(writer) = self.writer.take() else { return };
        let path = writer.path().to_path_buf();
        if discard {
            self.ending.journal = None;
        }
        match self.runtime.block_on(writer.close(Duration::from_secs(5))) {
            Ok(()) if discard => {
                // The window never got going (no adapter, closed at once): an empty sitting is not worth a file.
                let _ = std::fs::remove_file(&path);
            }
            Ok(()) => {}
            Err(unwritten) => self.ending.error = Some(super::journal_writer::save_unwritten(&unwritten)),
        }
        self.lock = None;
    }

    /// When a camera that sends nothing is to be called lost (None: no camera, or already lost).
    fn camera_due(&self) -> Option<Instant> {
        (self.camera.is_some() && !self.camera_stalled).then(|| self.camera_seen + CAMERA_SILENCE)
    }

    /// A camera report: the faces go to the driver (counts only), the frame to the check-in's preview while it
    /// shows one.
    fn camera_report(&mut self, report: CameraReport, now: Elapsed) {
        if self.camera.is_none() {
            return;
        }
        match report {
            CameraReport::Look(look) => {
                self.camera_seen = Instant::now();
                if std::mem::take(&mut self.camera_stalled) {
                    self.driver.handle_sensor_back(Sensor::Camera, now);
                }
                let faces = u8::try_from(look.faces.len()).unwrap_or(u8::MAX);
                let frontal =
                    u8::try_from(look.faces.iter().filter(|f| f.frontal).count()).unwrap_or(u8::MAX);
                if self.driver.shows_camera() {
                    self.preview = Some(preview_of(&look));
                } else {
                    self.preview = None;
                }
                self.driver.handle_sight(faces, frontal, now);
            }
            CameraReport::Lost { why } => {
                if !std::mem::replace(&mut self.camera_stalled, true) {
                    self.driver.handle_sensor_lost(Sensor::Camera, &why, now);
                }
            }
            CameraReport::Back => {
                self.camera_seen = Instant::now();
                if std::mem::take(&mut self.camera_stalled) {
                    self.driver.handle_sensor_back(Sensor::Camera, now);
                }
            }
            CameraReport::Opened { .. } | CameraReport::Off { .. } => {}
        }
    }

    /// Draws and presents a frame. When only the countdown changed, only the top strip is repainted: the
    /// framebuffer keeps the rest of the last frame.
    fn redraw(&mut self) {
        let now = self.now();
        let Some(kind) = self.driver.frame(now) else { return };
        let Some(gpu) = &mut self.gpu else { return };
        let (w, h) = gpu.size();
        let started = Instant::now();
        // A real camera's picture is never written anywhere, so frames saved for tests leave it out.
        let private = self.frame_dump.is_some() && !self.camera_folder;
        let scene = draw::Scene::new(self.driver.view(now), self.scale as f32, &self.images)
            .with_preview(self.preview.as_ref().filter(|_| self.driver.shows_camera() && !private));
        let bgra = gpu.order() == Order::Bgra;
        let mut canvas = Canvas::with_order(gpu.frame_mut(), w, h, bgra);
        // Only the countdown changed: only its strip is painted, and only it is presented where that helps.
        let mut damage = None;
        if kind == Frame::ClockOnly {
            let bar = (draw::theme::Sizes { s: self.scale as f32 }).bar_height();
            canvas.set_clip(draw::Rect::new(0.0, 0.0, w as f32, bar));
            damage = Some((0, 0, w, bar.ceil() as u32));
        }
        let painted = draw::frame(&mut canvas, &mut self.text, &scene);
        let drawn = Instant::now();
        self.driver.drawn(now, painted);
        if let Err(e) = gpu.present(damage) {
            eprintln!("examday: {e}");
        }
        if self.trace {
            let kind = if kind == Frame::ClockOnly { "clock" } else { "full" };
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
    }
}

/// A camera silent this long (no frame, no error) is reported lost; frames come twice a second.
const CAMERA_SILENCE: Duration = Duration::from_secs(6);

/// The camera's grey frame as a picture to draw, with its faces' boxes.
fn preview_of(look: &Look) -> draw::Preview {
    let frame = &look.frame;
    let rgba = frame.pixels().iter().flat_map(|&v| [v, v, v, 255]).collect();
    let faces = look
        .faces
        .iter()
        .map(|f| (draw::Rect::new(f.x as f32, f.y as f32, f.width as f32, f.height as f32), f.frontal))
        .collect();
    draw::Preview { picture: Picture { width: frame.width(), height: frame.height(), rgba }, faces }
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

/// examday's icon for the title bar and the task bar: the 128-pixel drawing of assets/icons/examday.svg.
fn window_icon() -> Option<winit::window::Icon> {
    const PNG: &[u8] = include_bytes!("../../assets/icons/hicolor/128x128/apps/examday.png");
    let rgba = image::load_from_memory_with_format(PNG, image::ImageFormat::Png).ok()?.into_rgba8();
    let (width, height) = rgba.dimensions();
    winit::window::Icon::from_rgba(rgba.into_raw(), width, height).ok()
}

impl ApplicationHandler<UserEvent> for Shell {
    fn resumed(&mut self, event_loop: &ActiveEventLoop) {
        if self.window.is_some() {
            return;
        }
        let title = format!("examday - {}", self.driver.sitting().paper().title());
        let mut attributes = WindowAttributes::default()
            .with_title(title)
            .with_min_inner_size(LogicalSize::new(800.0, 560.0))
            .with_window_icon(window_icon());
        // The application id (Wayland) and WM_CLASS (X11) that task bars match to examday.desktop.
        #[cfg(target_os = "linux")]
        {
            attributes =
                winit::platform::x11::WindowAttributesExtX11::with_name(attributes, "examday", "examday");
        }
        if self.options.windowed {
            // 1280x800, or less on a screen that small: the window manager's title bar and panels must not
            // push the navigation bar off the bottom.
            let (mut width, mut height) = (1280.0, 800.0);
            if let Some(monitor) =
                event_loop.primary_monitor().or_else(|| event_loop.available_monitors().next())
            {
                let screen = monitor.size().to_logical::<f64>(monitor.scale_factor());
                width = f64::min(width, (screen.width * 0.94).round());
                height = f64::min(height, (screen.height * 0.88).round());
            }
            attributes = attributes.with_inner_size(LogicalSize::new(width.max(800.0), height.max(560.0)));
        } else {
            attributes = attributes
                .with_fullscreen(Some(Fullscreen::Borderless(None)))
                .with_window_level(WindowLevel::AlwaysOnTop);
        }
        let window = match event_loop.create_window(attributes) {
            Ok(w) => Arc::new(w),
            Err(e) => {
                self.driver.journal_failed(format!("examday: error: cannot open a window: {e}"));
                return self.effects(event_loop);
            }
        };
        self.scale = window.scale_factor();
        match Gpu::new(window.clone()) {
            Ok(gpu) => {
                if self.trace {
                    eprintln!("renderer: {}", gpu.chosen());
                }
                self.gpu = Some(gpu);
            }
            Err(e) => {
                self.driver.journal_failed(format!("examday: error: {e}"));
                return self.effects(event_loop);
            }
        }
        self.window = Some(window.clone());
        self.effects(event_loop);
        self.redraw();
        window.request_redraw();
    }

    fn user_event(&mut self, event_loop: &ActiveEventLoop, event: UserEvent) {
        let now = self.now();
        match event {
            UserEvent::Found(finding) => self.driver.handle_found(finding, now),
            UserEvent::Stop(signal) => self.driver.handle_stop(signal, now),
            UserEvent::Camera(report) => self.camera_report(report, now),
            UserEvent::Microphone(report) => match report {
                MicrophoneReport::Heard(h) => self.driver.handle_heard(h.speech_ms, h.spike, h.level_db, now),
                MicrophoneReport::Lost { why } => {
                    self.driver.handle_sensor_lost(Sensor::Microphone, &why, now)
                }
                MicrophoneReport::Opened { .. } => {}
            },
        }
        self.effects(event_loop);
    }

    fn window_event(&mut self, event_loop: &ActiveEventLoop, _id: WindowId, event: WindowEvent) {
        let now = self.now();
        let signal = |s| Some(s);
        let window_signal = match event {
            WindowEvent::RedrawRequested => {
                self.redraw();
                None
            }
            WindowEvent::Resized(PhysicalSize { width, height }) => {
                if let Some(gpu) = &mut self.gpu
                    && let Err(e) = gpu.resize(width, height)
                {
                    eprintln!("examday: {e}");
                }
                self.driver.invalidate();
                if self.screen_due.is_some() && self.fills_monitor((width, height)) {
                    self.check_screen(now);
                }
                None
            }
            WindowEvent::ScaleFactorChanged { scale_factor, .. } => {
                self.scale = scale_factor;
                self.driver.invalidate();
                None
            }
            WindowEvent::CloseRequested => signal(WindowSignal::CloseRequested),
            WindowEvent::Destroyed => {
                // The window is gone (destroyed from outside): drop the surface before anything redraws.
                self.gpu = None;
                self.window = None;
                signal(WindowSignal::Destroyed)
            }
            WindowEvent::Focused(focused) => signal(WindowSignal::Focused(focused)),
            WindowEvent::Occluded(hidden) => signal(WindowSignal::Occluded(hidden)),
            WindowEvent::CursorLeft { .. } => signal(WindowSignal::PointerInside(false)),
            WindowEvent::CursorEntered { .. } => signal(WindowSignal::PointerInside(true)),
            WindowEvent::CursorMoved { position, .. } => {
                self.driver
                    .handle_pointer(Pointer::Moved { x: position.x as f32, y: position.y as f32 }, now);
                None
            }
            WindowEvent::MouseInput { state: ElementState::Pressed, button: MouseButton::Left, .. } => {
                self.driver.handle_pointer(Pointer::Pressed, now);
                None
            }
            WindowEvent::MouseWheel { delta, .. } => {
                let dy = match delta {
                    MouseScrollDelta::LineDelta(_, y) => y * 48.0 * self.scale as f32,
                    MouseScrollDelta::PixelDelta(p) => p.y as f32,
                };
                self.driver.handle_pointer(Pointer::Scrolled(-dy), now);
                None
            }
            WindowEvent::KeyboardInput { event, .. } if event.state == ElementState::Pressed => {
                if let Some(key) = translate(&event.logical_key) {
                    // Held keys repeat for scrolling and moving, never for toggling an answer.
                    let repeats = matches!(
                        key,
                        Key::Up | Key::Down | Key::PageUp | Key::PageDown | Key::Left | Key::Right
                    );
                    if !event.repeat || repeats {
                        self.driver.handle_key(key, now);
                    }
                }
                None
            }
            _ => None,
        };
        if let Some(s) = window_signal {
            self.driver.handle_window(s, now);
        }
        self.effects(event_loop);
    }

    fn about_to_wait(&mut self, event_loop: &ActiveEventLoop) {
        let now = self.now();
        if self.screen_due.is_some_and(|due| due <= Instant::now()) {
            self.check_screen(now);
        }
        // A camera that sends nothing for a while is lost, as one that reports an error is.
        let camera_due = self.camera_due();
        if camera_due.is_some_and(|due| due <= Instant::now()) {
            self.camera_stalled = true;
            let why = format!("no frames from the camera for {} s", CAMERA_SILENCE.as_secs());
            self.driver.handle_sensor_lost(Sensor::Camera, &why, now);
        }
        self.driver.handle_timeout(now);
        self.effects(event_loop);
        if self.driver.frame(now).is_some()
            && let Some(w) = &self.window
        {
            w.request_redraw();
        }
        let driver = self
            .driver
            .poll_timeout()
            .map(|at| Instant::now() + Duration::from_millis(at.since(now).as_ms()));
        let camera_due = self.camera_due();
        match driver.into_iter().chain(self.screen_due).chain(camera_due).min() {
            Some(at) => event_loop.set_control_flow(ControlFlow::WaitUntil(at)),
            None => event_loop.set_control_flow(ControlFlow::Wait),
        }
    }
}
