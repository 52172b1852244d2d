//! The sitting's clocks: the deadline, the time warnings, the end of a warning's banner and the proctor's own
//! timers, fired in time order with each event stamped at its due time.

use super::{Phase, Sitting, TIME_BANNER_MS};
use crate::Elapsed;
use crate::journal::{AlertKind, Event, SubmitReason};
use crate::proctor::{Beep, ProctorTimer, SensorTimer};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Timer {
    Warning(u32),
    BannerOver,
    Proctor(ProctorTimerKey),
    Deadline,
}

/// `ProctorTimer` with an order, so that timers due at the same moment fire in a fixed order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum ProctorTimerKey {
    FlickerOver,
    Idle,
    Reminder,
    Sensor(SensorTimer),
}

impl From<ProctorTimer> for ProctorTimerKey {
    fn from(t: ProctorTimer) -> Self {
        match t {
            ProctorTimer::FlickerOver => ProctorTimerKey::FlickerOver,
            ProctorTimer::Idle => ProctorTimerKey::Idle,
            ProctorTimer::Reminder => ProctorTimerKey::Reminder,
            ProctorTimer::Sensor(s) => ProctorTimerKey::Sensor(s),
        }
    }
}

impl From<ProctorTimerKey> for ProctorTimer {
    fn from(t: ProctorTimerKey) -> Self {
        match t {
            ProctorTimerKey::FlickerOver => ProctorTimer::FlickerOver,
            ProctorTimerKey::Idle => ProctorTimer::Idle,
            ProctorTimerKey::Reminder => ProctorTimer::Reminder,
            ProctorTimerKey::Sensor(s) => ProctorTimer::Sensor(s),
        }
    }
}

impl Sitting {
    /// Fires every clock due by `now`, each stamped with its own due time (never before the last stamp).
    pub(super) fn advance(&mut self, now: Elapsed) {
        while let Some((at, timer)) = self.next_timer() {
            if at > now {
                break;
            }
            let t = self.stamp(at);
            self.fire(timer, t, now);
        }
    }

    pub(super) fn next_timer(&self) -> Option<(Elapsed, Timer)> {
        let Phase::InProgress { deadline, .. } = self.phase else { return None };
        let mut timers: Vec<(Elapsed, Timer)> = vec![(deadline, Timer::Deadline)];
        if let Some(&m) =
            self.paper.time_warnings().iter().find(|m| !self.warned.contains(m) && self.warning_applies(**m))
        {
            timers.push((deadline.since(Elapsed::from_mins(u64::from(m))), Timer::Warning(m)));
        }
        if let Some((_, until)) = self.time_banner {
            timers.push((until, Timer::BannerOver));
        }
        if let Some((at, t)) = self.proctor.next_timer() {
            timers.push((at, Timer::Proctor(t.into())));
        }
        timers.into_iter().min()
    }

    /// A warning only makes sense within the time allowed (a `--minutes 10` sitting gets no 30-minute warning).
    fn warning_applies(&self, minutes: u32) -> bool {
        Elapsed::from_mins(u64::from(minutes)) < self.duration
    }

    /// Fires one clock at `t`, during an advance to `now`.
    fn fire(&mut self, timer: Timer, t: Elapsed, now: Elapsed) {
        match timer {
            Timer::Deadline => self.submit(SubmitReason::TimeUp, t),
            Timer::Warning(m) => {
                // A sitting resumed after a long gap may pass several thresholds at once: say the latest only.
                let Phase::InProgress { deadline, .. } = self.phase else { return };
                let later = self.paper.time_warnings().iter().any(|&n| {
                    n < m
                        && self.warning_applies(n)
                        && deadline.since(Elapsed::from_mins(u64::from(n))) <= now
                });
                if later {
                    self.warned.push(m);
                    return;
                }
                self.emit(t, Event::TimeWarning { remaining_min: m });
                self.emit(t, Event::AlertShown { kind: AlertKind::TimeWarning });
                self.time_banner = Some((m, t + Elapsed::from_ms(TIME_BANNER_MS)));
                if self.proctor.rules().beeps {
                    self.beeps.push_back(Beep::Warning);
                }
            }
            Timer::BannerOver => self.time_banner = None,
            Timer::Proctor(key) => {
                let d = self.proctor.fire(key.into(), t);
                self.take(d, t);
            }
        }
    }
}
