//! The camera's and the microphone's rules: what a stream of frames and sound blocks amounts to (no face for
//! 5 s, a face turned away for 3 s, a second face for 2 s, 2 s of talking within 3 s), debounced as focus
//! flickers are: a condition becomes an incident only once it has lasted its limit. Pure, like the rest of the
//! proctor: observations with their times in, journal events out; [`SensorWatch::apply`] alone changes the
//! recorded state, so a replayed journal rebuilds it.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::rules::{CLEAR_MS, QUIET_MS, Rules, SPEECH_MS, SPEECH_WINDOW_MS, SPIKE_GAP_MS};
use crate::Elapsed;
use crate::journal::{Event, Sensor, SensorKind};

/// A sensor clock: a condition that will have lasted its limit at that time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SensorTimer {
    /// A pending condition becomes an incident.
    Due(SensorKind),
    /// No speech for [`QUIET_MS`]: the talking incident ends.
    Quiet,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SensorWatch {
    // Recorded state, changed only by `apply`.
    /// Incidents open now, with when each began.
    open: BTreeMap<SensorKind, Elapsed>,
    /// Incidents so far, by kind.
    counts: BTreeMap<SensorKind, u32>,
    /// Sensors that stopped delivering.
    lost: BTreeSet<Sensor>,
    /// The sensors the sitting was set up with (`sensors_on`).
    watching: BTreeSet<Sensor>,
    /// The kind of the latest camera incident (what the camera alert says).
    last_sight: Option<SensorKind>,
    // Timing state, not recorded.
    /// Conditions seen but not yet lasted their limit, since when.
    pending: BTreeMap<SensorKind, Elapsed>,
    /// Open camera incidents whose condition stopped holding, since when: they end once it has not held for
    /// [`CLEAR_MS`], so that one frame the detector gets wrong neither ends a spell nor makes it two breaches.
    clearing: BTreeMap<SensorKind, Elapsed>,
    /// Blocks of speech heard within the talking window: (when, milliseconds of speech).
    heard: VecDeque<(Elapsed, u64)>,
    last_speech: Option<Elapsed>,
    last_spike: Option<Elapsed>,
}

impl SensorWatch {
    /// Incidents open now, with when each began.
    pub fn open(&self) -> &BTreeMap<SensorKind, Elapsed> {
        &self.open
    }

    /// Incidents of this kind so far.
    pub fn count(&self, kind: SensorKind) -> u32 {
        self.counts.get(&kind).copied().unwrap_or(0)
    }

    /// All camera and microphone incidents so far.
    pub fn total(&self) -> u32 {
        self.counts.values().sum()
    }

    pub fn is_lost(&self, sensor: Sensor) -> bool {
        self.lost.contains(&sensor)
    }

    /// Whether the sitting was set up with this sensor watching.
    pub fn watches(&self, sensor: Sensor) -> bool {
        self.watching.contains(&sensor)
    }

    /// What the camera alert is about: the open camera incident (a second face first), else the latest one.
    pub fn alert_about(&self) -> Option<SensorKind> {
        [SensorKind::FacesMultiple, SensorKind::FaceAbsent, SensorKind::LookingAway]
            .into_iter()
            .find(|k| self.open.contains_key(k))
            .or(self.last_sight)
    }

    /// Changes the recorded state by one event.
    pub fn apply(&mut self, event: &Event) {
        match event {
            Event::SensorIncident { kind, since_ms } => {
                self.open.insert(*kind, Elapsed::from_ms(*since_ms));
                *self.counts.entry(*kind).or_default() += 1;
                self.pending.remove(kind);
                if kind.sensor() == Sensor::Camera {
                    self.last_sight = Some(*kind);
                }
            }
            Event::SensorIncidentEnded { kind, .. } => {
                self.open.remove(kind);
                self.clearing.remove(kind);
            }
            Event::SensorLost { sensor, .. } => {
                self.lost.insert(*sensor);
                self.pending.retain(|k, _| k.sensor() != *sensor);
                if *sensor == Sensor::Microphone {
                    self.heard.clear();
                }
            }
            Event::SensorBack { sensor } => {
                self.lost.remove(sensor);
            }
            Event::SensorsOn { camera, microphone } => {
                for (sensor, on) in [(Sensor::Camera, camera), (Sensor::Microphone, microphone)] {
                    if on.is_some() {
                        self.watching.insert(sensor);
                    }
                }
            }
            _ => {}
        }
    }

    /// Whether a camera incident is open (a banner stays up while one is).
    pub fn sight_open(&self) -> bool {
        self.open.keys().any(|k| k.sensor() == Sensor::Camera)
    }

    /// The next sensor clock to go off, given the limits in `rules`.
    pub fn next_timer(&self, rules: &Rules) -> Option<(Elapsed, SensorTimer)> {
        let mut timers: Vec<(Elapsed, SensorTimer)> = self
            .pending
            .iter()
            .filter(|(kind, _)| self.may_start(**kind))
            .map(|(kind, since)| (*since + limit(rules, *kind), SensorTimer::Due(*kind)))
            .collect();
        if self.open.contains_key(&SensorKind::SpeechDetected)
            && let Some(last) = self.last_speech
        {
            timers.push((last + Elapsed::from_ms(QUIET_MS), SensorTimer::Quiet));
        }
        timers.into_iter().min_by_key(|(at, _)| *at)
    }

    /// A pending condition may become an incident: none of its kind is open, and a face turned away is not
    /// counted while no face is seen at all (that incident says more).
    fn may_start(&self, kind: SensorKind) -> bool {
        let replaced_by_absent =
            kind == SensorKind::LookingAway && self.open.contains_key(&SensorKind::FaceAbsent);
        !self.open.contains_key(&kind) && !replaced_by_absent
    }

    /// One camera frame at `t`: how many faces, and how many face the screen. Returns the events to record
    /// now (incidents that end).
    pub fn sight(&mut self, faces: u8, frontal: u8, t: Elapsed) -> Vec<Event> {
        let mut events = Vec::new();
        if self.lost.contains(&Sensor::Camera) {
            return events;
        }
        let absent = faces == 0;
        let turned = faces > 0 && frontal == 0;
        let facing = frontal > 0;
        // No face: a face seen (turned or not) ends it, and a glimpse resets the count.
        self.condition(SensorKind::FaceAbsent, absent, t, &mut events);
        // Turned away: a frame without any face does not reset it (the detector loses a turned head easily),
        // a face towards the screen does.
        if turned {
            self.condition(SensorKind::LookingAway, true, t, &mut events);
        } else if facing {
            self.condition(SensorKind::LookingAway, false, t, &mut events);
        }
        self.condition(SensorKind::FacesMultiple, faces >= 2, t, &mut events);
        events
    }

    /// Keeps a condition's pending start and open incident in step with whether it holds at `t`. An open
    /// incident ends when its condition has stopped holding for [`CLEAR_MS`], dated from when it stopped.
    fn condition(&mut self, kind: SensorKind, holds: bool, t: Elapsed, events: &mut Vec<Event>) {
        if holds {
            self.clearing.remove(&kind);
            if !self.open.contains_key(&kind) {
                self.pending.entry(kind).or_insert(t);
            }
        } else {
            self.pending.remove(&kind);
            if let Some(since) = self.open.get(&kind) {
                let cleared = *self.clearing.entry(kind).or_insert(t);
                if t.since(cleared).as_ms() >= CLEAR_MS {
                    events
                        .push(Event::SensorIncidentEnded { kind, lasted_ms: cleared.since(*since).as_ms() });
                }
            }
        }
    }

    /// One block of sound at `t`: milliseconds of speech in it, and whether a loud sudden sound. Returns the
    /// events to record now (a noise spike) and whether talking has now lasted long enough to be an incident
    /// (since when).
    pub fn heard(&mut self, speech_ms: u16, spike: bool, t: Elapsed) -> (Vec<Event>, Option<Elapsed>) {
        let mut events = Vec::new();
        if self.lost.contains(&Sensor::Microphone) {
            return (events, None);
        }
        if spike && self.last_spike.is_none_or(|s| t.since(s).as_ms() >= SPIKE_GAP_MS) {
            self.last_spike = Some(t);
            events.push(Event::NoiseSpike);
        }
        if speech_ms == 0 {
            return (events, None);
        }
        self.last_speech = Some(t);
        self.heard.push_back((t, u64::from(speech_ms)));
        let window_start = t.since(Elapsed::from_ms(SPEECH_WINDOW_MS));
        while self.heard.front().is_some_and(|(at, _)| *at <= window_start) {
            self.heard.pop_front();
        }
        let talked: u64 = self.heard.iter().map(|(_, ms)| ms).sum();
        let since = match self.heard.front() {
            Some((at, ms)) if talked >= SPEECH_MS && !self.open.contains_key(&SensorKind::SpeechDetected) => {
                Some(at.since(Elapsed::from_ms(*ms)))
            }
            _ => None,
        };
        (events, since)
    }

    /// A sensor clock went off at `at`. For `Due`, returns the incident's start (the caller records it with
    /// its alert); for `Quiet`, the events that end the talking.
    pub fn fire(&mut self, timer: SensorTimer) -> (Vec<Event>, Option<(SensorKind, Elapsed)>) {
        match timer {
            SensorTimer::Due(kind) => {
                let Some(since) = self.pending.remove(&kind) else { return (Vec::new(), None) };
                let mut events = Vec::new();
                if kind == SensorKind::FaceAbsent {
                    self.pending.remove(&SensorKind::LookingAway);
                    if let Some(turned) = self.open.get(&SensorKind::LookingAway) {
                        events.push(Event::SensorIncidentEnded {
                            kind: SensorKind::LookingAway,
                            lasted_ms: since.since(*turned).as_ms(),
                        });
                    }
                }
                (events, Some((kind, since)))
            }
            SensorTimer::Quiet => {
                let mut events = Vec::new();
                if let (Some(since), Some(last)) =
                    (self.open.get(&SensorKind::SpeechDetected), self.last_speech)
                {
                    events.push(Event::SensorIncidentEnded {
                        kind: SensorKind::SpeechDetected,
                        lasted_ms: last.since(*since).as_ms(),
                    });
                }
                self.heard.clear();
                (events, None)
            }
        }
    }

    /// The camera or microphone stopped: its open incidents end now, and its pending conditions are dropped.
    pub fn lost(&mut self, sensor: Sensor, why: &str, t: Elapsed) -> Vec<Event> {
        if self.lost.contains(&sensor) {
            return Vec::new();
        }
        let mut events = self.close(Some(sensor), t);
        events.push(Event::SensorLost { sensor, why: why.to_string() });
        events
    }

    pub fn back(&mut self, sensor: Sensor) -> Vec<Event> {
        if self.lost.contains(&sensor) { vec![Event::SensorBack { sensor }] } else { Vec::new() }
    }

    /// Ends the open incidents of one sensor (or all) at `t`, and forgets the pending conditions: after a
    /// crash, when a sensor is lost, when the candidate switches one off.
    pub fn close(&mut self, sensor: Option<Sensor>, t: Elapsed) -> Vec<Event> {
        let of = |k: &SensorKind| sensor.is_none_or(|s| k.sensor() == s);
        self.pending.retain(|k, _| !of(k));
        self.clearing.retain(|k, _| !of(k));
        if sensor.is_none_or(|s| s == Sensor::Microphone) {
            self.heard.clear();
        }
        self.open
            .iter()
            .filter(|(k, _)| of(k))
            .map(|(kind, since)| Event::SensorIncidentEnded {
                kind: *kind,
                lasted_ms: t.since(*since).as_ms(),
            })
            .collect()
    }

    /// Forgets every pending condition (the exam is over, or a new process takes the sitting up).
    pub fn forget(&mut self) {
        self.pending.clear();
        self.clearing.clear();
        self.heard.clear();
        self.last_speech = None;
    }
}

/// How long a condition must last to be an incident.
fn limit(rules: &Rules, kind: SensorKind) -> Elapsed {
    let seconds = match kind {
        SensorKind::FaceAbsent => rules.face_absent_seconds,
        SensorKind::LookingAway => rules.looking_away_seconds,
        SensorKind::FacesMultiple => rules.faces_multiple_seconds,
        SensorKind::SpeechDetected => 0,
    };
    Elapsed::from_secs(u64::from(seconds))
}
