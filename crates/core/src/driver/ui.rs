//! The screen model: which screen is up, the review filter and cursor, scrolling, hover, the submit
//! confirmation and short notices. Keys and clicks come in as plain values (no window types); candidate actions
//! go to the [`Sitting`]; what only the driver can do (quit, play a tone, resume) comes back as a [`Request`].

use super::checkin::{CheckIn, Item, Sensors};
use super::geometry::Rect;
use crate::Elapsed;
use crate::journal::{AlertKind, CheckStatus, Sensor};
use crate::session::{Action, AnswerState, Phase, Screen, Sitting};

/// How long a notice ("Choose two: deselect an option first") stays up.
const NOTICE_MS: u64 = 3_500;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// An unfinished sitting of this exam was found: resume it (Y) or start anew (N).
    ResumeOffer,
    CheckIn,
    Rules,
    Exam,
    Results,
    /// Question by question after the exam, at this position.
    Debrief(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Filter {
    All,
    Marked,
    Unanswered,
}

impl Filter {
    pub const ALL: [Filter; 3] = [Filter::All, Filter::Marked, Filter::Unanswered];

    pub fn label(self) -> &'static str {
        match self {
            Filter::All => "All",
            Filter::Marked => "Marked",
            Filter::Unanswered => "Unanswered",
        }
    }

    fn next(self) -> Filter {
        match self {
            Filter::All => Filter::Marked,
            Filter::Marked => Filter::Unanswered,
            Filter::Unanswered => Filter::All,
        }
    }
}

/// A key, as the screens understand keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Enter,
    Escape,
    Left,
    Right,
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
    Tab,
    Space,
}

/// Something on screen that can be clicked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Option(usize),
    Mark,
    Previous,
    Next,
    Review,
    Tile(usize),
    Filter(Filter),
    Submit,
    Yes,
    No,
    Acknowledge,
    Continue,
    TestTone,
    NotHeard,
    SkipSensor,
    Recheck,
    Start,
    Quit,
    Debrief,
    Back,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hit {
    pub rect: Rect,
    pub target: Target,
}

/// What a key or click asks of the driver, beyond the screen model and the sitting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Request {
    Quit,
    TestTone,
    Recheck,
    /// Resume the unfinished sitting (true) or start a new one (false).
    Resume(bool),
    /// Stop the camera or microphone (the candidate went on without it at the check-in).
    SensorOff(Sensor),
}

#[derive(Clone, Debug)]
pub struct Ui {
    pub stage: Stage,
    pub checkin: CheckIn,
    pub filter: Filter,
    /// The review screen's selected tile (a question position).
    pub cursor: usize,
    pub confirm_submit: bool,
    /// Question view scroll, in pixels, and its limit and page size from the last frame.
    pub scroll: f32,
    pub max_scroll: f32,
    pub page: f32,
    pub hover: Option<Target>,
    pub hits: Vec<Hit>,
    pub notice: Option<(String, Elapsed)>,
    /// The camera and microphone watching (what the start records).
    pub sensors: Sensors,
    last_screen: Option<Screen>,
}

impl Ui {
    pub fn new(checkin: CheckIn, offer_resume: bool) -> Ui {
        Ui {
            stage: if offer_resume { Stage::ResumeOffer } else { Stage::CheckIn },
            checkin,
            filter: Filter::All,
            cursor: 0,
            confirm_submit: false,
            scroll: 0.0,
            max_scroll: 0.0,
            page: 400.0,
            hover: None,
            hits: Vec::new(),
            notice: None,
            sensors: Sensors::default(),
            last_screen: None,
        }
    }

    /// The UI for a sitting taken up again: straight to the exam (or its results).
    pub fn resumed(sitting: &Sitting) -> Ui {
        let mut ui = Ui::new(CheckIn::new(true, 0), false);
        ui.stage = Stage::Exam;
        ui.sync(sitting);
        ui
    }

    /// Keeps the screen model in step with the sitting (after any input or timeout).
    pub fn sync(&mut self, sitting: &Sitting) {
        if matches!(sitting.phase(), Phase::Submitted { .. })
            && matches!(self.stage, Stage::Exam | Stage::Rules)
        {
            self.stage = Stage::Results;
            self.confirm_submit = false;
        }
        if sitting.screen() != self.last_screen {
            self.scroll = 0.0;
            if let Some(Screen::Question(pos)) = sitting.screen() {
                self.cursor = pos;
            }
            self.last_screen = sitting.screen();
        }
        if sitting.proctor().blocking().is_some() {
            self.confirm_submit = false;
        }
    }

    /// When the notice goes away, if one is up.
    pub fn next_wake(&self) -> Option<Elapsed> {
        self.notice.as_ref().map(|(_, until)| *until)
    }

    /// Drops an expired notice; true if the screen changed.
    pub fn expire(&mut self, now: Elapsed) -> bool {
        if self.notice.as_ref().is_some_and(|(_, until)| *until <= now) {
            self.notice = None;
            return true;
        }
        false
    }

    fn say(&mut self, text: impl Into<String>, now: Elapsed) {
        self.notice = Some((text.into(), now + Elapsed::from_ms(NOTICE_MS)));
    }

    fn act(&mut self, sitting: &mut Sitting, action: Action, now: Elapsed) {
        if let Err(refusal) = sitting.handle_action(action, now) {
            self.say(refusal.to_string(), now);
        }
    }

    /// The positions the review screen shows under the current filter.
    pub fn tiles(&self, sitting: &Sitting) -> Vec<usize> {
        (0..sitting.question_count())
            .filter(|&p| match self.filter {
                Filter::All => true,
                Filter::Marked => sitting.is_marked(p),
                Filter::Unanswered => sitting.answer_state(p) != AnswerState::Answered,
            })
            .collect()
    }

    /// A key press at `now`.
    pub fn key(&mut self, key: Key, sitting: &mut Sitting, now: Elapsed) -> Option<Request> {
        let effect = match self.stage {
            Stage::ResumeOffer => match key {
                Key::Char('y' | 'Y') | Key::Enter => Some(Request::Resume(true)),
                Key::Char('n' | 'N') => Some(Request::Resume(false)),
                Key::Escape => Some(Request::Quit),
                _ => None,
            },
            Stage::CheckIn => self.checkin_key(key, sitting, now),
            Stage::Rules => match key {
                Key::Enter => {
                    let camera = self.sensors.camera.name().map(str::to_string);
                    let microphone = self.sensors.microphone.name().map(str::to_string);
                    if camera.is_some() || microphone.is_some() {
                        self.act(sitting, Action::SensorsOn { camera, microphone }, now);
                    }
                    self.act(sitting, Action::Start, now);
                    self.stage = Stage::Exam;
                    None
                }
                Key::Escape => Some(Request::Quit),
                _ => None,
            },
            Stage::Exam => {
                self.exam_key(key, sitting, now);
                None
            }
            Stage::Results => match key {
                Key::Char('q' | 'Q') | Key::Escape => Some(Request::Quit),
                Key::Char('d' | 'D') | Key::Enter => {
                    self.stage = Stage::Debrief(0);
                    self.scroll = 0.0;
                    None
                }
                _ => None,
            },
            Stage::Debrief(pos) => {
                let last = sitting.question_count().saturating_sub(1);
                match key {
                    Key::Right | Key::Char('n' | 'N') => self.debrief_to((pos + 1).min(last)),
                    Key::Left | Key::Char('p' | 'P') => self.debrief_to(pos.saturating_sub(1)),
                    Key::Home => self.debrief_to(0),
                    Key::End => self.debrief_to(last),
                    Key::Escape | Key::Char('b' | 'B') => self.stage = Stage::Results,
                    Key::Char('q' | 'Q') => return Some(Request::Quit),
                    other => self.scroll_key(other),
                }
                None
            }
        };
        self.sync(sitting);
        effect
    }

    fn debrief_to(&mut self, pos: usize) {
        if self.stage != Stage::Debrief(pos) {
            self.stage = Stage::Debrief(pos);
            self.scroll = 0.0;
        }
    }

    fn checkin_key(&mut self, key: Key, sitting: &mut Sitting, now: Elapsed) -> Option<Request> {
        let done = match key {
            Key::Escape => return Some(Request::Quit),
            Key::Enter | Key::Space => {
                if self.checkin.is_done() {
                    self.stage = Stage::Rules;
                    return None;
                }
                self.checkin.confirm()
            }
            Key::Char('t' | 'T') => return Some(Request::TestTone),
            Key::Char('x' | 'X') => self.checkin.not_heard(),
            Key::Char('s' | 'S') => match self.checkin.skip_sensor() {
                Some((done, sensor)) => {
                    self.sensor_off(sensor);
                    self.record(done, sitting, now);
                    return Some(Request::SensorOff(sensor));
                }
                None => Vec::new(),
            },
            Key::Char('r' | 'R') => {
                self.checkin.recheck();
                return Some(Request::Recheck);
            }
            _ => Vec::new(),
        };
        self.record(done, sitting, now);
        None
    }

    /// The camera or microphone no longer watches the sitting.
    pub fn sensor_off(&mut self, sensor: Sensor) {
        self.sensors.set_off(sensor);
    }

    /// Gives finished check-in items to the sitting; moves on to the rules when all are done.
    pub fn record(&mut self, items: Vec<Item>, sitting: &mut Sitting, now: Elapsed) {
        for item in &items {
            let status = item.status.unwrap_or(CheckStatus::Skipped);
            let action = Action::CheckIn { item: item.id.to_string(), status, detail: item.detail.clone() };
            let _ = sitting.handle_action(action, now);
        }
        if self.checkin.is_done() && self.stage == Stage::CheckIn {
            self.stage = Stage::Rules;
        }
    }

    fn exam_key(&mut self, key: Key, sitting: &mut Sitting, now: Elapsed) {
        match sitting.proctor().blocking() {
            Some(AlertKind::CloseConfirm) => {
                match key {
                    Key::Char('y' | 'Y') => self.act(sitting, Action::ConfirmClose(true), now),
                    Key::Char('n' | 'N') | Key::Escape => self.act(sitting, Action::ConfirmClose(false), now),
                    _ => {}
                }
                return;
            }
            Some(_) => {
                if key == Key::Enter {
                    self.act(sitting, Action::Acknowledge, now);
                }
                return;
            }
            None => {}
        }
        if self.confirm_submit {
            match key {
                Key::Char('y' | 'Y') => {
                    self.confirm_submit = false;
                    self.act(sitting, Action::Submit, now);
                }
                Key::Char('n' | 'N') | Key::Escape => self.confirm_submit = false,
                _ => {}
            }
            return;
        }
        match sitting.screen() {
            Some(Screen::Question(_)) => match key {
                Key::Char(c @ '1'..='8') => self.act(sitting, Action::Toggle(c as usize - '1' as usize), now),
                Key::Char(c @ ('a'..='h' | 'A'..='H')) => {
                    self.act(sitting, Action::Toggle(c.to_ascii_lowercase() as usize - 'a' as usize), now)
                }
                Key::Right | Key::Char('n' | 'N') => self.act(sitting, Action::Next, now),
                Key::Left | Key::Char('p' | 'P') => self.act(sitting, Action::Previous, now),
                Key::Char('m' | 'M') => self.act(sitting, Action::ToggleMark, now),
                Key::Char('r' | 'R') => self.act(sitting, Action::Review, now),
                other => self.scroll_key(other),
            },
            Some(Screen::Review) => {
                let tiles = self.tiles(sitting);
                let at = tiles.iter().position(|&p| p == self.cursor);
                let columns = 10;
                let step = |d: isize| {
                    let i = at.map_or(0, |i| (i as isize + d).clamp(0, tiles.len() as isize - 1) as usize);
                    tiles.get(i).copied()
                };
                match key {
                    Key::Right => self.cursor = step(1).unwrap_or(self.cursor),
                    Key::Left => self.cursor = step(-1).unwrap_or(self.cursor),
                    Key::Down => self.cursor = step(columns).unwrap_or(self.cursor),
                    Key::Up => self.cursor = step(-columns).unwrap_or(self.cursor),
                    Key::Enter | Key::Space => {
                        let pos = if tiles.contains(&self.cursor) {
                            Some(self.cursor)
                        } else {
                            tiles.first().copied()
                        };
                        if let Some(pos) = pos {
                            self.act(sitting, Action::Show(pos), now);
                        }
                    }
                    Key::Tab | Key::Char('f' | 'F') => self.set_filter(self.filter.next(), sitting),
                    Key::Char('s' | 'S') => self.confirm_submit = true,
                    Key::Escape | Key::Char('r' | 'R' | 'p' | 'P') => {
                        self.act(sitting, Action::Show(self.cursor.min(sitting.question_count() - 1)), now)
                    }
                    _ => {}
                }
            }
            None => {}
        }
    }

    fn set_filter(&mut self, filter: Filter, sitting: &Sitting) {
        self.filter = filter;
        let tiles = self.tiles(sitting);
        if !tiles.contains(&self.cursor)
            && let Some(&first) = tiles.first()
        {
            self.cursor = first;
        }
    }

    fn scroll_key(&mut self, key: Key) {
        let line = 48.0;
        match key {
            Key::Down => self.scroll_by(line),
            Key::Up => self.scroll_by(-line),
            Key::PageDown | Key::Space => self.scroll_by(self.page * 0.9),
            Key::PageUp => self.scroll_by(-self.page * 0.9),
            Key::Home => self.scroll = 0.0,
            Key::End => self.scroll = self.max_scroll,
            _ => {}
        }
    }

    pub fn scroll_by(&mut self, dy: f32) {
        self.scroll = (self.scroll + dy).clamp(0.0, self.max_scroll.max(0.0));
    }

    /// What is under the pointer (the last frame's hit regions).
    pub fn target_at(&self, x: f32, y: f32) -> Option<Target> {
        self.hits.iter().rev().find(|h| h.rect.contains(x, y)).map(|h| h.target)
    }

    /// The pointer moved; true if the hover highlight changed.
    pub fn pointer(&mut self, x: f32, y: f32) -> bool {
        let hover = self.target_at(x, y);
        std::mem::replace(&mut self.hover, hover) != hover
    }

    /// A click at (x, y): the same as the key shown on the thing clicked.
    pub fn click(&mut self, x: f32, y: f32, sitting: &mut Sitting, now: Elapsed) -> Option<Request> {
        let target = self.target_at(x, y)?;
        let key = match target {
            Target::Option(i) => Key::Char((b'1' + i as u8) as char),
            Target::Mark => Key::Char('m'),
            Target::Previous => Key::Left,
            Target::Next => Key::Right,
            Target::Review => Key::Char('r'),
            Target::Tile(pos) => {
                self.cursor = pos;
                Key::Enter
            }
            Target::Filter(f) => {
                self.set_filter(f, sitting);
                return None;
            }
            Target::Submit => Key::Char('s'),
            Target::Yes => Key::Char('y'),
            Target::No => Key::Char('n'),
            Target::Acknowledge | Target::Continue | Target::Start => Key::Enter,
            Target::TestTone => Key::Char('t'),
            Target::NotHeard => Key::Char('x'),
            Target::SkipSensor => Key::Char('s'),
            Target::Recheck => Key::Char('r'),
            Target::Quit => Key::Escape,
            Target::Debrief => Key::Char('d'),
            Target::Back => Key::Escape,
        };
        self.key(key, sitting, now)
    }
}
