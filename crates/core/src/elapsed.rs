//! Time as the core sees it: milliseconds since the sitting began, passed in by the shell, never read from a clock.

use std::fmt;
use std::ops::{Add, Sub};

use serde::{Deserialize, Serialize};

/// Milliseconds since the sitting began (the journal's `t_ms`). Monotonic by construction in the shell.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Elapsed(u64);

impl Elapsed {
    pub const ZERO: Elapsed = Elapsed(0);

    pub const fn from_ms(ms: u64) -> Self {
        Elapsed(ms)
    }

    pub const fn from_secs(secs: u64) -> Self {
        Elapsed(secs * 1000)
    }

    pub const fn from_mins(mins: u64) -> Self {
        Elapsed(mins * 60_000)
    }

    pub const fn as_ms(self) -> u64 {
        self.0
    }

    /// `self - earlier`, or zero when `earlier` is later (never underflows).
    pub fn since(self, earlier: Elapsed) -> Elapsed {
        Elapsed(self.0.saturating_sub(earlier.0))
    }

    /// As a clock face: `1:02:03` with hours, `02:03` without. Rounds down to the second.
    pub fn clock(self) -> Clock {
        Clock { ms: self.0, round_up: false }
    }

    /// As a countdown: rounds up, so `00:00` shows only when the time is really gone.
    pub fn countdown(self) -> Clock {
        Clock { ms: self.0, round_up: true }
    }
}

impl Add for Elapsed {
    type Output = Elapsed;
    fn add(self, rhs: Elapsed) -> Elapsed {
        Elapsed(self.0.saturating_add(rhs.0))
    }
}

impl Sub for Elapsed {
    type Output = Elapsed;
    fn sub(self, rhs: Elapsed) -> Elapsed {
        self.since(rhs)
    }
}

/// Display helper for [`Elapsed::clock`] and [`Elapsed::countdown`]: always `HH:MM:SS`.
#[derive(Clone, Copy, Debug)]
pub struct Clock {
    ms: u64,
    round_up: bool,
}

impl fmt::Display for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = if self.round_up { self.ms.div_ceil(1000) } else { self.ms / 1000 };
        write!(f, "{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
    }
}

/// A duration in words for reports: `2 h 03 min`, `4 min 05 s`, `12.3 s`.
pub fn human(ms: u64) -> String {
    let secs = ms / 1000;
    if secs >= 3600 {
        format!("{} h {:02} min", secs / 3600, secs / 60 % 60)
    } else if secs >= 60 {
        format!("{} min {:02} s", secs / 60, secs % 60)
    } else {
        format!("{:.1} s", ms as f64 / 1000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_rounds_down_and_countdown_rounds_up() {
        assert_eq!(Elapsed::from_ms(61_999).clock().to_string(), "00:01:01");
        assert_eq!(Elapsed::from_ms(61_001).countdown().to_string(), "00:01:02");
        assert_eq!(Elapsed::from_mins(120).clock().to_string(), "02:00:00");
    }

    #[test]
    fn human_durations_pick_a_readable_unit() {
        assert_eq!(human(12_345), "12.3 s");
        assert_eq!(human(245_000), "4 min 05 s");
        assert_eq!(human(7_380_000), "2 h 03 min");
    }

    #[test]
    fn subtraction_saturates() {
        assert_eq!(Elapsed::from_ms(5) - Elapsed::from_ms(9), Elapsed::ZERO);
    }
}
