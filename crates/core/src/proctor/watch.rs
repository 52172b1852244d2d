//! The proctor's state machine. Decisions (`signal`, `input`, `fire`, ...) look at the state and say which
//! events to record; only [`Proctor::apply`] changes the recorded state, so replaying a journal through
//! `apply` rebuilds exactly what the live proctor knew. Timing-only state (the last input, a focus loss not
//! yet long enough to count) is not recorded and starts afresh on resume.

use std::collections::BTreeSet;

use super::rules::{FocusResponse, Rules};
use super::signal::{Beep, Signal};
use crate::Elapsed;
use crate::journal::{AlertKind, Event};

/// What the proctor decided: events to record (all at the same time), a tone, and whether the exam ends.
#[derive(Debug, Default, PartialEq)]
pub struct Decision {
    pub events: Vec<Event>,
    pub beep: Option<Beep>,
    pub terminate: bool,
}

/// The proctor's clocks: which one is due next is [`Proctor::next_timer`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProctorTimer {
    /// A focus loss has lasted the flicker limit: it is now a real loss.
    FlickerOver,
    /// No input for the idle limit.
    Idle,
    /// Another reminder tone while away.
    Reminder,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Proctor {
    rules: Rules,
    // Recorded state, changed only by `apply`.
    watching: bool,
    away_since: Option<Elapsed>,
    last_loss: Option<Elapsed>,
    losses: u32,
    idle: bool,
    alerts: BTreeSet<AlertKind>,
    // Timing state, not recorded.
    pending_loss: Option<Elapsed>,
    last_input: Elapsed,
    next_reminder: Option<Elapsed>,
}

impl Proctor {
    pub fn new(rules: Rules) -> Proctor {
        Proctor {
            rules,
            watching: false,
            away_since: None,
            last_loss: None,
            losses: 0,
            idle: false,
            alerts: BTreeSet::new(),
            pending_loss: None,
            last_input: Elapsed::ZERO,
            next_reminder: None,
        }
    }

    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// Confirmed focus losses so far (flickers excluded).
    pub fn focus_losses(&self) -> u32 {
        self.losses
    }

    /// When the window went away, while it is away.
    pub fn away_since(&self) -> Option<Elapsed> {
        self.away_since
    }

    /// When the latest confirmed focus loss began.
    pub fn last_loss(&self) -> Option<Elapsed> {
        self.last_loss
    }

    /// Alerts on screen now.
    pub fn alerts(&self) -> &BTreeSet<AlertKind> {
        &self.alerts
    }

    /// An alert that must be answered before the candidate can go on with the exam.
    pub fn blocking(&self) -> Option<AlertKind> {
        [AlertKind::CloseConfirm, AlertKind::FocusLost].into_iter().find(|k| self.alerts.contains(k))
    }

    /// Changes the recorded state by one event. Events that are not the proctor's are ignored.
    pub fn apply(&mut self, t: Elapsed, event: &Event) {
        match event {
            Event::ExamStarted { .. } => {
                self.watching = true;
                self.last_input = t;
            }
            Event::FocusLost { lost_ms } => {
                self.away_since = Some(Elapsed::from_ms(*lost_ms));
                self.last_loss = self.away_since;
                self.losses += 1;
                self.pending_loss = None;
            }
            Event::FocusRegained { .. } => {
                self.away_since = None;
                self.alerts.remove(&AlertKind::FocusBanner);
            }
            Event::FocusFlicker { .. } => self.pending_loss = None,
            Event::IdleStarted => {
                self.idle = true;
                self.last_input = t.since(Elapsed::from_secs(u64::from(self.rules.idle_seconds)));
            }
            Event::IdleEnded { .. } => {
                self.idle = false;
                self.alerts.remove(&AlertKind::Idle);
            }
            Event::AlertShown { kind } if *kind != AlertKind::TimeWarning => {
                self.alerts.insert(*kind);
            }
            Event::AlertAcknowledged { kind } => {
                self.alerts.remove(kind);
            }
            Event::Submitted { .. } => {
                self.watching = false;
                self.alerts.retain(|k| *k == AlertKind::Terminated);
                self.pending_loss = None;
                self.next_reminder = None;
            }
            _ => {}
        }
    }

    /// The next proctor clock to go off, and when.
    pub fn next_timer(&self) -> Option<(Elapsed, ProctorTimer)> {
        if !self.watching {
            return None;
        }
        let mut timers = Vec::with_capacity(3);
        if let Some(lost) = self.pending_loss {
            timers
                .push((lost + Elapsed::from_ms(u64::from(self.rules.flicker_ms)), ProctorTimer::FlickerOver));
        }
        if self.away_since.is_some()
            && let Some(at) = self.next_reminder
        {
            timers.push((at, ProctorTimer::Reminder));
        }
        if self.idle_clock_runs() {
            timers.push((
                self.last_input + Elapsed::from_secs(u64::from(self.rules.idle_seconds)),
                ProctorTimer::Idle,
            ));
        }
        timers.into_iter().min_by_key(|(at, _)| *at)
    }

    /// The idle clock runs while the window has focus and nothing else already holds the candidate's attention.
    fn idle_clock_runs(&self) -> bool {
        !self.idle && self.away_since.is_none() && self.pending_loss.is_none() && self.blocking().is_none()
    }

    /// A clock went off at `at`.
    pub fn fire(&mut self, timer: ProctorTimer, at: Elapsed) -> Decision {
        let mut d = Decision::default();
        match timer {
            ProctorTimer::FlickerOver => {
                let Some(lost) = self.pending_loss.take() else { return d };
                d.events.push(Event::FocusLost { lost_ms: lost.as_ms() });
                let kind = match self.rules.focus_loss {
                    FocusResponse::Alert => AlertKind::FocusLost,
                    FocusResponse::Banner => AlertKind::FocusBanner,
                };
                if !self.alerts.contains(&kind) {
                    d.events.push(Event::AlertShown { kind });
                }
                if self.rules.beeps {
                    d.beep = Some(Beep::Warning);
                }
                self.next_reminder =
                    self.rules.reminder_seconds.map(|s| at + Elapsed::from_secs(u64::from(s)));
                d.terminate = self.rules.terminate_after.is_some_and(|n| self.losses + 1 >= n);
            }
            ProctorTimer::Idle => {
                d.events.push(Event::IdleStarted);
                d.events.push(Event::AlertShown { kind: AlertKind::Idle });
                if self.rules.beeps {
                    d.beep = Some(Beep::Warning);
                }
            }
            ProctorTimer::Reminder => {
                if self.rules.beeps {
                    d.beep = Some(Beep::Reminder);
                }
                self.next_reminder =
                    self.rules.reminder_seconds.map(|s| at + Elapsed::from_secs(u64::from(s)));
            }
        }
        d
    }

    /// A signal from the window at `now`.
    pub fn signal(&mut self, signal: Signal, now: Elapsed) -> Decision {
        let mut d = Decision::default();
        if !self.watching {
            return d;
        }
        match signal {
            Signal::FocusLost => {
                if self.pending_loss.is_none() && self.away_since.is_none() {
                    self.end_idle(now, &mut d);
                    self.pending_loss = Some(now);
                }
            }
            Signal::FocusGained => {
                if let Some(lost) = self.pending_loss.take() {
                    d.events.push(Event::FocusFlicker { away_ms: now.since(lost).as_ms() });
                } else if let Some(lost) = self.away_since {
                    d.events.push(Event::FocusRegained { away_ms: now.since(lost).as_ms() });
                    self.next_reminder = None;
                }
                self.last_input = now;
            }
            Signal::Input => return self.input(now),
            Signal::PointerLeft => d.events.push(Event::PointerLeft),
            Signal::PointerEntered => d.events.push(Event::PointerEntered),
            Signal::Occluded => d.events.push(Event::Occluded),
            Signal::Visible => d.events.push(Event::Visible),
            Signal::CloseRequested => {
                d.events.push(Event::CloseRequested);
                if !self.alerts.contains(&AlertKind::CloseConfirm) {
                    d.events.push(Event::AlertShown { kind: AlertKind::CloseConfirm });
                }
            }
        }
        d
    }

    /// Any input from the candidate: the idle clock starts again and an idle banner clears.
    pub fn input(&mut self, now: Elapsed) -> Decision {
        let mut d = Decision::default();
        if self.watching {
            self.end_idle(now, &mut d);
        }
        self.last_input = now;
        d
    }

    fn end_idle(&self, now: Elapsed, d: &mut Decision) {
        if self.idle {
            d.events.push(Event::IdleEnded { idle_ms: now.since(self.last_input).as_ms() });
        }
    }

    /// The candidate acknowledged the focus-loss alert.
    pub fn acknowledge(&mut self, now: Elapsed) -> Decision {
        let mut d = self.input(now);
        if self.alerts.contains(&AlertKind::FocusLost) {
            d.events.push(Event::AlertAcknowledged { kind: AlertKind::FocusLost });
        }
        d
    }

    /// A new process takes the sitting up at `now`: incidents left open by the crash are closed, and the
    /// timing state starts afresh (the window has just been opened and has focus).
    pub fn resume(&mut self, now: Elapsed) -> Decision {
        let mut d = Decision::default();
        if let Some(lost) = self.away_since {
            d.events.push(Event::FocusRegained { away_ms: now.since(lost).as_ms() });
        }
        self.end_idle(now, &mut d);
        self.pending_loss = None;
        self.next_reminder = None;
        self.last_input = now;
        d
    }
}
