//! The proctor's state machine. Decisions (`signal`, `input`, `fire`, ...) look at the state and say which
//! events to record; only [`Proctor::apply`] changes the recorded state, so replaying a journal through
//! `apply` rebuilds exactly what the live proctor knew. Timing-only state (the last input, a focus loss not
//! yet long enough to count) is not recorded and starts afresh on resume.

use std::collections::BTreeSet;

use super::rules::{FocusResponse, Rules};
use super::sensors::{SensorTimer, SensorWatch};
use super::signal::{Beep, Signal};
use crate::Elapsed;
use crate::journal::{AlertKind, Breach, Event, Sensor, SensorKind};

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
    /// A camera or microphone clock.
    Sensor(SensorTimer),
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
    /// The camera's and microphone's incidents (recorded and timing state of their own).
    sensors: SensorWatch,
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
            sensors: SensorWatch::default(),
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
        [AlertKind::CloseConfirm, AlertKind::FocusLost, AlertKind::Sight]
            .into_iter()
            .find(|k| self.alerts.contains(k))
    }

    /// The camera's and microphone's incidents.
    pub fn sensors(&self) -> &SensorWatch {
        &self.sensors
    }

    /// Breaches of a rule so far (all rules together for `Breach::All`).
    pub fn breaches(&self, rule: Breach) -> u32 {
        match rule {
            Breach::FocusLost => self.losses,
            Breach::FaceAbsent => self.sensors.count(SensorKind::FaceAbsent),
            Breach::LookingAway => self.sensors.count(SensorKind::LookingAway),
            Breach::FacesMultiple => self.sensors.count(SensorKind::FacesMultiple),
            Breach::SpeechDetected => self.sensors.count(SensorKind::SpeechDetected),
            Breach::All => self.losses + self.sensors.total(),
        }
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
                self.sensors.forget();
            }
            Event::SensorIncidentEnded { kind, .. } => {
                self.sensors.apply(event);
                if kind.sensor() == Sensor::Camera && !self.sensors.sight_open() {
                    self.alerts.remove(&AlertKind::SightBanner);
                }
                if *kind == SensorKind::SpeechDetected {
                    self.alerts.remove(&AlertKind::Speech);
                }
            }
            Event::SensorLost { sensor: Sensor::Camera, .. } => {
                self.sensors.apply(event);
                self.alerts.remove(&AlertKind::SightBanner);
            }
            Event::SensorLost { sensor: Sensor::Microphone, .. } => {
                self.sensors.apply(event);
                self.alerts.remove(&AlertKind::Speech);
            }
            _ => self.sensors.apply(event),
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
        if let Some((at, timer)) = self.sensors.next_timer(&self.rules) {
            timers.push((at, ProctorTimer::Sensor(timer)));
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
                self.breach(Breach::FocusLost, self.losses + 1, &mut d);
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
            ProctorTimer::Sensor(timer) => {
                // A new camera incident is recorded before the one it replaces ends, so its banner stays up.
                let (events, started) = self.sensors.fire(timer);
                if let Some((kind, since)) = started {
                    self.incident(kind, since, &mut d);
                }
                d.events.extend(events);
            }
        }
        d
    }

    /// A camera or microphone incident begins: recorded with its alert and tone, and counted as a breach.
    fn incident(&self, kind: SensorKind, since: Elapsed, d: &mut Decision) {
        d.events.push(Event::SensorIncident { kind, since_ms: since.as_ms() });
        let alert = match (kind, self.rules.focus_loss) {
            (SensorKind::SpeechDetected, _) => AlertKind::Speech,
            (_, FocusResponse::Alert) => AlertKind::Sight,
            (_, FocusResponse::Banner) => AlertKind::SightBanner,
        };
        if !self.alerts.contains(&alert) {
            d.events.push(Event::AlertShown { kind: alert });
        }
        if self.rules.beeps {
            d.beep = Some(Beep::Warning);
        }
        self.breach(kind.breach(), self.sensors.count(kind) + 1, d);
    }

    /// A breach of `rule`, its `count`-th: under strict rules the third of one rule, or the fifth of all
    /// together, ends the exam (recorded as `revoked`).
    fn breach(&self, rule: Breach, count: u32, d: &mut Decision) {
        let total = self.losses + self.sensors.total() + 1;
        let by = if self.rules.terminate_after.is_some_and(|n| count >= n) {
            Some((rule, count))
        } else if self.rules.terminate_after_total.is_some_and(|n| total >= n) {
            Some((Breach::All, total))
        } else {
            None
        };
        if let Some((rule, count)) = by {
            d.events.push(Event::Revoked { rule, count, total });
            d.terminate = true;
        }
    }

    /// One camera frame at `now`: `faces` in view, `frontal` of them facing the screen.
    pub fn sight(&mut self, faces: u8, frontal: u8, now: Elapsed) -> Decision {
        let mut d = Decision::default();
        if self.watching {
            d.events = self.sensors.sight(faces, frontal, now);
        }
        d
    }

    /// One block of sound at `now`.
    pub fn heard(&mut self, speech_ms: u16, spike: bool, now: Elapsed) -> Decision {
        let mut d = Decision::default();
        if !self.watching {
            return d;
        }
        let (events, talking) = self.sensors.heard(speech_ms, spike, now);
        d.events = events;
        if let Some(since) = talking {
            self.incident(SensorKind::SpeechDetected, since, &mut d);
        }
        d
    }

    /// The camera or microphone stopped delivering (`why`), or was switched off.
    pub fn sensor_lost(&mut self, sensor: Sensor, why: &str, now: Elapsed) -> Decision {
        let mut d = Decision::default();
        if self.watching {
            d.events = self.sensors.lost(sensor, why, now);
        }
        d
    }

    /// The camera or microphone delivers again.
    pub fn sensor_back(&mut self, sensor: Sensor) -> Decision {
        let mut d = Decision::default();
        if self.watching {
            d.events = self.sensors.back(sensor);
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
            Signal::Sight { faces, frontal } => return self.sight(faces, frontal, now),
            Signal::Heard { speech_ms, spike } => return self.heard(speech_ms, spike, now),
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

    /// The candidate acknowledged the focus-loss or camera alert.
    pub fn acknowledge(&mut self, now: Elapsed) -> Decision {
        let mut d = self.input(now);
        for kind in [AlertKind::FocusLost, AlertKind::Sight] {
            if self.alerts.contains(&kind) {
                d.events.push(Event::AlertAcknowledged { kind });
            }
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
        d.events.extend(self.sensors.close(None, now));
        self.sensors.forget();
        self.pending_loss = None;
        self.next_reminder = None;
        self.last_input = now;
        d
    }
}
