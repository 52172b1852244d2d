//! The sitting: one candidate's attempt at one paper, from check-in to score, as a pure state machine.
//!
//! Inputs (`handle_action`, `handle_signal`, `handle_timeout`) take the time they happened; outputs are
//! drained with `poll_event` (journal events with their times), `poll_beep`, and `poll_timeout` (when to call
//! back). Every change of recorded state goes through [`Sitting::apply`], the same function that replays a
//! journal, so a sitting rebuilt from its journal is the sitting that wrote it.

use std::collections::{BTreeSet, VecDeque};
use std::sync::Arc;

mod replay;
mod timers;

pub use replay::ReplayError;

use super::action::{Action, Refusal};
use super::order::Order;
use super::score::Score;
use crate::Elapsed;
use crate::exam::Paper;
use crate::journal::{AlertKind, Bank, Event, Host, Sensor, SessionStarted, SubmitReason};
use crate::proctor::{Beep, Decision, Proctor, Rules, Signal};

/// How long a time-warning banner stays up.
pub const TIME_BANNER_MS: u64 = 15_000;

/// Everything a new sitting needs besides the paper; the shell gathers it.
#[derive(Clone, Debug)]
pub struct Setup {
    pub seed: u64,
    pub rules: Rules,
    /// Shorter than the paper's duration for a stamina-building sitting (`--minutes`).
    pub minutes: Option<u32>,
    pub quick_start: bool,
    pub exam_sha256: String,
    pub exam_source: String,
    pub host: Host,
    pub app_version: String,
    /// Set when the paper is part of a larger one (a draw, some domains, the questions missed before).
    pub bank: Option<Bank>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    CheckIn,
    /// The clock runs from `started` to `deadline`; nothing stops it.
    InProgress {
        started: Elapsed,
        deadline: Elapsed,
    },
    Submitted {
        reason: SubmitReason,
        at: Elapsed,
    },
}

/// What the candidate is looking at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    /// The question at this position (0-based, in the order shown).
    Question(usize),
    Review,
}

/// A question's answer state, as the review screen shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnswerState {
    Unanswered,
    /// Some but not all of a "Choose N" question's selections.
    Incomplete,
    Answered,
}

#[derive(Clone, Debug)]
pub struct Sitting {
    paper: Arc<Paper>,
    start: SessionStarted,
    order: Order,
    duration: Elapsed,
    phase: Phase,
    /// When the clock started.
    started: Option<Elapsed>,
    /// None before the first question is shown.
    screen: Option<Screen>,
    /// By paper question index: the selected options' file indexes.
    answers: Vec<BTreeSet<u8>>,
    marked: Vec<bool>,
    warned: Vec<u32>,
    score: Option<Score>,
    proctor: Proctor,
    /// The latest time stamped; stamps never go back.
    last_t: Elapsed,
    time_banner: Option<(u32, Elapsed)>,
    events: VecDeque<(Elapsed, Event)>,
    beeps: VecDeque<Beep>,
}

impl Sitting {
    /// A new sitting at `now` (normally zero); its first event is `session_started`.
    pub fn begin(paper: Arc<Paper>, setup: Setup, now: Elapsed) -> Sitting {
        let order = Order::from_seed(&paper, setup.seed);
        let minutes =
            setup.minutes.map_or(paper.duration_minutes(), |m| m.clamp(1, paper.duration_minutes()));
        let start = SessionStarted {
            exam_id: paper.id().to_string(),
            title: paper.title().to_string(),
            exam_sha256: setup.exam_sha256,
            exam_source: setup.exam_source,
            seed: setup.seed,
            order: order.ids(&paper),
            option_orders: order.options.clone(),
            rules: setup.rules,
            duration_ms: Elapsed::from_mins(u64::from(minutes)).as_ms(),
            quick_start: setup.quick_start,
            app_version: setup.app_version,
            host: setup.host,
            paper: paper.to_raw(),
            bank: setup.bank,
        };
        let mut sitting = Sitting::from_start(paper, start.clone(), order);
        sitting.emit(now, Event::SessionStarted(Box::new(start)));
        sitting
    }

    fn from_start(paper: Arc<Paper>, start: SessionStarted, order: Order) -> Sitting {
        let n = paper.questions().len();
        Sitting {
            duration: Elapsed::from_ms(start.duration_ms),
            proctor: Proctor::new(start.rules.clone()),
            paper,
            start,
            order,
            phase: Phase::CheckIn,
            started: None,
            screen: None,
            answers: vec![BTreeSet::new(); n],
            marked: vec![false; n],
            warned: Vec::new(),
            score: None,
            last_t: Elapsed::ZERO,
            time_banner: None,
            events: VecDeque::new(),
            beeps: VecDeque::new(),
        }
    }

    /// A new process takes up a replayed sitting at `now`: time that ran out while it was gone is honoured
    /// (warnings, the deadline), and if the exam goes on, `session_resumed` is recorded and open incidents close.
    pub fn resume(&mut self, now: Elapsed) {
        let gap = now.since(self.last_t);
        let closing = self.proctor.resume(now);
        self.advance(now);
        if matches!(self.phase, Phase::InProgress { .. }) {
            let t = self.stamp(now);
            self.emit(t, Event::SessionResumed { gap_ms: gap.as_ms() });
            self.take(closing, t);
        }
    }

    // ----- inputs -----

    /// The candidate did something at `now`.
    pub fn handle_action(&mut self, action: Action, now: Elapsed) -> Result<(), Refusal> {
        self.advance(now);
        let t = self.stamp(now);
        match self.phase {
            Phase::Submitted { .. } => Err(Refusal::Over),
            Phase::CheckIn => match action {
                Action::CheckIn { item, status, detail } => {
                    self.emit(t, Event::CheckinItem { item, status, detail });
                    Ok(())
                }
                Action::SensorsOn { camera, microphone } => {
                    self.emit(t, Event::SensorsOn { camera, microphone });
                    Ok(())
                }
                Action::Start => {
                    let deadline = t + self.duration;
                    self.emit(
                        t,
                        Event::ExamStarted {
                            duration_ms: self.duration.as_ms(),
                            deadline_ms: deadline.as_ms(),
                        },
                    );
                    self.show(0, t);
                    Ok(())
                }
                _ => Err(Refusal::NotStarted),
            },
            Phase::InProgress { .. } => {
                let input = self.proctor.input(t);
                self.take(input, t);
                self.act(action, t)
            }
        }
    }

    fn act(&mut self, action: Action, t: Elapsed) -> Result<(), Refusal> {
        match (self.proctor.blocking(), action) {
            (Some(AlertKind::CloseConfirm), Action::ConfirmClose(true)) => {
                self.submit(SubmitReason::Candidate, t);
                Ok(())
            }
            (Some(AlertKind::CloseConfirm), Action::ConfirmClose(false)) => {
                self.emit(t, Event::AlertAcknowledged { kind: AlertKind::CloseConfirm });
                Ok(())
            }
            (Some(AlertKind::FocusLost | AlertKind::Sight), Action::Acknowledge) => {
                let d = self.proctor.acknowledge(t);
                self.take(d, t);
                Ok(())
            }
            (Some(kind), _) => Err(Refusal::Blocked(kind)),
            (None, Action::CheckIn { .. } | Action::SensorsOn { .. } | Action::Start) => {
                Err(Refusal::AlreadyStarted)
            }
            (None, Action::Acknowledge) => Ok(()),
            (None, Action::ConfirmClose(_)) => Err(Refusal::NothingToConfirm),
            (None, Action::Show(pos)) => {
                if pos >= self.order.questions.len() {
                    return Err(Refusal::NoSuchQuestion(pos));
                }
                self.show(pos, t);
                Ok(())
            }
            (None, Action::Next) => match self.screen.unwrap_or(Screen::Review) {
                Screen::Question(pos) if pos + 1 < self.order.questions.len() => {
                    self.show(pos + 1, t);
                    Ok(())
                }
                Screen::Question(_) => {
                    self.emit(t, Event::ReviewShown);
                    Ok(())
                }
                Screen::Review => Err(Refusal::NotOnQuestion),
            },
            (None, Action::Previous) => match self.screen.unwrap_or(Screen::Review) {
                Screen::Question(0) => Err(Refusal::AtFirst),
                Screen::Question(pos) => {
                    self.show(pos - 1, t);
                    Ok(())
                }
                Screen::Review => {
                    self.show(self.order.questions.len() - 1, t);
                    Ok(())
                }
            },
            (None, Action::Review) => {
                if self.screen != Some(Screen::Review) {
                    self.emit(t, Event::ReviewShown);
                }
                Ok(())
            }
            (None, Action::Toggle(shown)) => self.toggle(shown, t),
            (None, Action::ToggleMark) => {
                let Some(Screen::Question(pos)) = self.screen else { return Err(Refusal::NotOnQuestion) };
                let q = self.order.questions[pos];
                let question = self.paper.questions()[q].id().to_string();
                let event =
                    if self.marked[q] { Event::Unmarked { question } } else { Event::Marked { question } };
                self.emit(t, event);
                Ok(())
            }
            (None, Action::Submit) => {
                self.submit(SubmitReason::Candidate, t);
                Ok(())
            }
        }
    }

    fn toggle(&mut self, shown: usize, t: Elapsed) -> Result<(), Refusal> {
        let Some(Screen::Question(pos)) = self.screen else { return Err(Refusal::NotOnQuestion) };
        let q = self.order.questions[pos];
        let Some(&option) = self.order.options[pos].get(shown) else {
            return Err(Refusal::NoSuchOption(shown));
        };
        let question = &self.paper.questions()[q];
        let choose = question.choose();
        let mut selected = self.answers[q].clone();
        if !selected.remove(&option) {
            if choose == 1 {
                selected.clear();
            } else if selected.len() >= choose {
                return Err(Refusal::TooMany { choose });
            }
            selected.insert(option);
        }
        let event = Event::AnswerChanged {
            question: question.id().to_string(),
            selected: selected.into_iter().collect(),
        };
        self.emit(t, event);
        Ok(())
    }

    /// A signal from the window at `now`.
    pub fn handle_signal(&mut self, signal: Signal, now: Elapsed) {
        self.advance(now);
        let t = self.stamp(now);
        match self.phase {
            Phase::InProgress { .. } => {
                let d = self.proctor.signal(signal, t);
                self.take(d, t);
            }
            Phase::CheckIn if signal == Signal::CloseRequested => self.emit(t, Event::CloseRequested),
            _ => {}
        }
    }

    /// The camera or microphone stopped delivering (`why`: unplugged, taken by another program).
    pub fn sensor_lost(&mut self, sensor: Sensor, why: &str, now: Elapsed) {
        self.advance(now);
        let t = self.stamp(now);
        if matches!(self.phase, Phase::InProgress { .. }) {
            let d = self.proctor.sensor_lost(sensor, why, t);
            self.take(d, t);
        }
    }

    /// The camera or microphone delivers again.
    pub fn sensor_back(&mut self, sensor: Sensor, now: Elapsed) {
        self.advance(now);
        let t = self.stamp(now);
        if matches!(self.phase, Phase::InProgress { .. }) {
            let d = self.proctor.sensor_back(sensor);
            self.take(d, t);
        }
    }

    /// Called when [`Sitting::poll_timeout`] said so (calling it early or late is harmless).
    pub fn handle_timeout(&mut self, now: Elapsed) {
        self.advance(now);
        self.stamp(now);
    }

    /// The process is being stopped (SIGTERM, SIGINT); the sitting can be resumed later.
    pub fn interrupt(&mut self, signal: &str, now: Elapsed) {
        self.advance(now);
        let t = self.stamp(now);
        if !matches!(self.phase, Phase::Submitted { .. }) {
            self.emit(t, Event::Interrupted { signal: signal.to_string() });
        }
    }

    // ----- outputs -----

    pub fn poll_event(&mut self) -> Option<(Elapsed, Event)> {
        self.events.pop_front()
    }

    pub fn poll_beep(&mut self) -> Option<Beep> {
        self.beeps.pop_front()
    }

    /// When the sitting next needs [`Sitting::handle_timeout`], if ever.
    pub fn poll_timeout(&self) -> Option<Elapsed> {
        self.next_timer().map(|(at, _)| at)
    }

    // ----- the model the window draws -----

    pub fn paper(&self) -> &Arc<Paper> {
        &self.paper
    }
    pub fn started(&self) -> &SessionStarted {
        &self.start
    }
    pub fn phase(&self) -> Phase {
        self.phase
    }
    pub fn screen(&self) -> Option<Screen> {
        self.screen
    }
    pub fn order(&self) -> &Order {
        &self.order
    }
    pub fn duration(&self) -> Elapsed {
        self.duration
    }
    pub fn proctor(&self) -> &Proctor {
        &self.proctor
    }
    pub fn score(&self) -> Option<&Score> {
        self.score.as_ref()
    }
    /// The latest time the sitting has seen.
    pub fn now(&self) -> Elapsed {
        self.last_t
    }
    pub fn question_count(&self) -> usize {
        self.order.questions.len()
    }

    /// Time left at `now`; the full duration before the start, zero after the end.
    pub fn remaining(&self, now: Elapsed) -> Elapsed {
        match self.phase {
            Phase::CheckIn => self.duration,
            Phase::InProgress { deadline, .. } => deadline.since(now),
            Phase::Submitted { .. } => Elapsed::ZERO,
        }
    }

    /// Time used: from the start to `now`, or to the submission.
    pub fn used(&self, now: Elapsed) -> Elapsed {
        match self.phase {
            Phase::CheckIn => Elapsed::ZERO,
            Phase::InProgress { started, .. } => now.since(started),
            Phase::Submitted { at, .. } => at.since(self.started.unwrap_or(at)),
        }
    }

    /// The paper index of the question shown at position `pos`.
    pub fn question_at(&self, pos: usize) -> usize {
        self.order.questions[pos]
    }

    /// Whether the option shown at `shown` on question position `pos` is selected.
    pub fn is_selected(&self, pos: usize, shown: usize) -> bool {
        let q = self.order.questions[pos];
        self.order.options[pos].get(shown).is_some_and(|o| self.answers[q].contains(o))
    }

    pub fn is_marked(&self, pos: usize) -> bool {
        self.marked[self.order.questions[pos]]
    }

    pub fn answer_state(&self, pos: usize) -> AnswerState {
        let q = self.order.questions[pos];
        match self.answers[q].len() {
            0 => AnswerState::Unanswered,
            n if n < self.paper.questions()[q].choose() => AnswerState::Incomplete,
            _ => AnswerState::Answered,
        }
    }

    /// `(answered, incomplete, unanswered, marked)` over all questions.
    pub fn counts(&self) -> (usize, usize, usize, usize) {
        let mut c = (0, 0, 0, 0);
        for pos in 0..self.question_count() {
            match self.answer_state(pos) {
                AnswerState::Answered => c.0 += 1,
                AnswerState::Incomplete => c.1 += 1,
                AnswerState::Unanswered => c.2 += 1,
            }
            if self.is_marked(pos) {
                c.3 += 1;
            }
        }
        c
    }

    /// By paper question index.
    pub fn answers(&self) -> &[BTreeSet<u8>] {
        &self.answers
    }

    /// The time-warning banner on screen at `now`: minutes remaining when it was raised.
    pub fn time_banner(&self, now: Elapsed) -> Option<u32> {
        self.time_banner.filter(|&(_, until)| now < until).map(|(m, _)| m)
    }

    // ----- the machinery -----

    fn stamp(&mut self, now: Elapsed) -> Elapsed {
        self.last_t = self.last_t.max(now);
        self.last_t
    }

    fn emit(&mut self, t: Elapsed, event: Event) {
        self.apply(t, &event);
        self.events.push_back((t, event));
    }

    fn take(&mut self, decision: Decision, t: Elapsed) {
        for event in decision.events {
            self.emit(t, event);
        }
        if let Some(beep) = decision.beep {
            self.beeps.push_back(beep);
        }
        if decision.terminate && matches!(self.phase, Phase::InProgress { .. }) {
            self.emit(t, Event::AlertShown { kind: AlertKind::Terminated });
            self.submit(SubmitReason::Terminated, t);
        }
    }

    fn show(&mut self, pos: usize, t: Elapsed) {
        if self.screen == Some(Screen::Question(pos)) {
            return;
        }
        let question = self.paper.questions()[self.order.questions[pos]].id().to_string();
        self.emit(t, Event::QuestionShown { question, number: pos + 1 });
    }

    fn submit(&mut self, reason: SubmitReason, t: Elapsed) {
        self.emit(t, Event::Submitted { reason });
        let score = self.score.clone().unwrap_or_else(|| Score::compute(&self.paper, &self.answers));
        self.emit(
            t,
            Event::Scored {
                score_percent: score.percent,
                passed: score.passed,
                correct: score.correct,
                total: score.total,
            },
        );
    }

    /// Changes the recorded state by one event: the only place that does.
    fn apply(&mut self, t: Elapsed, event: &Event) {
        self.last_t = self.last_t.max(t);
        let index = |id: &str| self.paper.questions().iter().position(|q| q.id() == id);
        match event {
            Event::ExamStarted { deadline_ms, .. } => {
                self.phase = Phase::InProgress { started: t, deadline: Elapsed::from_ms(*deadline_ms) };
                self.started = Some(t);
            }
            Event::QuestionShown { number, .. } => self.screen = Some(Screen::Question(number - 1)),
            Event::ReviewShown => self.screen = Some(Screen::Review),
            Event::AnswerChanged { question, selected } => {
                if let Some(q) = index(question) {
                    self.answers[q] = selected.iter().copied().collect();
                }
            }
            Event::Marked { question } => {
                if let Some(q) = index(question) {
                    self.marked[q] = true;
                }
            }
            Event::Unmarked { question } => {
                if let Some(q) = index(question) {
                    self.marked[q] = false;
                }
            }
            Event::TimeWarning { remaining_min } => self.warned.push(*remaining_min),
            Event::Submitted { reason } => {
                self.phase = Phase::Submitted { reason: *reason, at: t };
                self.time_banner = None;
                self.score = Some(Score::compute(&self.paper, &self.answers));
            }
            _ => {}
        }
        self.proctor.apply(t, event);
    }
}
