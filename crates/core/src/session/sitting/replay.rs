//! Taking a sitting back from its journal: every event checked against the paper and the sitting so far
//! before it is applied, so that no number in a journal can make the sitting (or a report built from it)
//! something the paper does not allow.

use std::sync::Arc;

use super::super::order::Order;
use super::{Phase, Sitting};
use crate::Elapsed;
use crate::exam::{Paper, TrustImages};
use crate::journal::Event;

/// The longest check-in a replayed journal may record (the clock has not started; nobody waits a day).
const MAX_CHECK_IN: Elapsed = Elapsed::from_mins(24 * 60);
/// How long after the deadline a replayed journal may still have records (a late wake-up, a slow disk).
const REPLAY_GRACE: Elapsed = Elapsed::from_mins(60);

/// Why a journal could not be replayed into a sitting.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("record {index}: {message}")]
pub struct ReplayError {
    /// 0-based position of the event in the replayed sequence.
    pub index: usize,
    pub message: String,
}

impl Sitting {
    /// Rebuilds a sitting from a journal's events, checking each one fits. Nothing is emitted.
    pub fn replay<'e>(
        events: impl IntoIterator<Item = (Elapsed, &'e Event)>,
    ) -> Result<Sitting, ReplayError> {
        let mut events = events.into_iter().enumerate();
        let err = |index: usize, message: String| ReplayError { index, message };
        let start = match events.next() {
            Some((_, (_, Event::SessionStarted(start)))) => start.as_ref().clone(),
            Some((_, (_, other))) => {
                return Err(err(
                    0,
                    format!("the journal starts with '{}', not 'session_started'", other.name()),
                ));
            }
            None => return Err(err(0, "the journal has no records".to_string())),
        };
        let paper = Paper::from_raw("the recorded paper", &start.paper, &TrustImages)
            .map_err(|e| err(0, format!("the paper in session_started is not valid: {e}")))?;
        if paper.id() != start.exam_id {
            return Err(err(
                0,
                format!("exam_id '{}' differs from the recorded paper's id '{}'", start.exam_id, paper.id()),
            ));
        }
        let order = Order::from_ids(&paper, &start.order, &start.option_orders).map_err(|m| err(0, m))?;
        // Nothing a journal says may size a loop or an allocation beyond what the paper allows: the duration
        // must be one the paper can have (a whole number of minutes, at most the paper's).
        let most = u64::from(paper.duration_minutes());
        if start.duration_ms % 60_000 != 0 || !(1..=most).contains(&(start.duration_ms / 60_000)) {
            return Err(err(
                0,
                format!(
                    "duration_ms {} is not a sitting of this paper (a whole number of minutes, 1 to {most})",
                    start.duration_ms
                ),
            ));
        }
        let mut sitting = Sitting::from_start(Arc::new(paper), start, order);
        for (index, (t, event)) in events {
            if t < sitting.last_t {
                return Err(err(
                    index,
                    format!("time goes back: t_ms {} after {}", t.as_ms(), sitting.last_t.as_ms()),
                ));
            }
            sitting.check_time(t).map_err(|m| err(index, m))?;
            sitting.check(t, event).map_err(|m| err(index, m))?;
            sitting.apply(t, event);
        }
        Ok(sitting)
    }

    /// Checks that a replayed event fits this sitting before it is applied.
    /// A record's time must fit the sitting: a check-in of at most a day, and nothing long after the deadline.
    fn check_time(&self, t: Elapsed) -> Result<(), String> {
        match self.phase {
            Phase::CheckIn if t > MAX_CHECK_IN => Err(format!(
                "t_ms {} is more than a day after the sitting began, with the exam not yet started",
                t.as_ms()
            )),
            Phase::InProgress { deadline, .. } | Phase::Submitted { at: deadline, .. }
                if t > deadline + REPLAY_GRACE =>
            {
                Err(format!("t_ms {} is long after the sitting ended (at {})", t.as_ms(), deadline.as_ms()))
            }
            _ => Ok(()),
        }
    }

    fn check(&self, t: Elapsed, event: &Event) -> Result<(), String> {
        let known = |id: &str| {
            self.paper
                .questions()
                .iter()
                .position(|q| q.id() == id)
                .ok_or_else(|| format!("unknown question '{id}'"))
        };
        let in_progress = matches!(self.phase, Phase::InProgress { .. });
        match event {
            Event::SessionStarted(_) => Err("a second session_started".to_string()),
            Event::ExamStarted { .. } if self.phase != Phase::CheckIn => {
                Err("exam_started twice".to_string())
            }
            Event::ExamStarted { deadline_ms, .. } if *deadline_ms != (t + self.duration).as_ms() => {
                Err(format!(
                    "exam_started at t_ms {} gives deadline_ms {deadline_ms}, not its start plus the {} minutes of \
                 the sitting",
                    t.as_ms(),
                    self.duration.as_ms() / 60_000
                ))
            }
            Event::QuestionShown { question, number } => {
                let q = known(question)?;
                if self.order.questions.get(number.wrapping_sub(1)) != Some(&q) {
                    return Err(format!(
                        "question_shown says '{question}' is number {number}, the order disagrees"
                    ));
                }
                Ok(())
            }
            Event::AnswerChanged { question, selected } => {
                let q = known(question)?;
                let n = self.paper.questions()[q].options().len();
                if let Some(bad) = selected.iter().find(|&&o| usize::from(o) >= n) {
                    return Err(format!(
                        "answer_changed selects option {bad} of '{question}', which has {n} options"
                    ));
                }
                if !in_progress {
                    return Err("answer_changed outside the exam".to_string());
                }
                Ok(())
            }
            Event::Marked { question } | Event::Unmarked { question } => known(question).map(|_| ()),
            Event::SensorIncident { .. }
            | Event::SensorIncidentEnded { .. }
            | Event::NoiseSpike
            | Event::SensorLost { .. }
            | Event::SensorBack { .. }
            | Event::Revoked { .. }
                if !in_progress =>
            {
                Err(format!("'{}' outside the exam", event.name()))
            }
            Event::Revoked { rule, count, .. } if *count > self.proctor.breaches(*rule) + 1 => Err(format!(
                "revoked at breach {count} of '{}', which the journal does not record",
                rule.describe()
            )),
            Event::SensorsOn { .. } if self.phase != Phase::CheckIn => {
                Err("sensors_on after the exam started".to_string())
            }
            Event::SensorIncident { kind, since_ms } if *since_ms > t.as_ms() => {
                Err(format!("sensor_incident '{}' since t_ms {since_ms}, after its own record", kind.name()))
            }
            Event::SensorIncidentEnded { kind, lasted_ms } if *lasted_ms > t.as_ms() => Err(format!(
                "sensor_incident_ended '{}' lasted {lasted_ms} ms, longer than the sitting so far",
                kind.name()
            )),
            Event::Submitted { .. } if !in_progress => {
                Err("submitted when no exam was in progress".to_string())
            }
            _ if matches!(self.phase, Phase::Submitted { .. }) && !matches!(event, Event::Scored { .. }) => {
                Err(format!("'{}' after the exam was submitted", event.name()))
            }
            _ => Ok(()),
        }
    }
}
