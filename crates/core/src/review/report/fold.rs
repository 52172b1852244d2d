//! The fold behind a [`Report`]: one walk over the journal's records for the figures the sitting's own state
//! does not keep (time on each question, visits, answer changes, incidents with their lengths, pace).

use std::collections::{BTreeMap, BTreeSet};

use super::*;
use crate::exam::Paper;

/// The running state of the statistics pass over the records.
struct Pass<'a> {
    paper: &'a Paper,
    sitting: &'a Sitting,
    exam_start: Option<Elapsed>,
    /// Paper index of the question on screen, and since when.
    on_screen: Option<(usize, Elapsed)>,
    /// Since when the review screen has been up.
    on_review: Option<Elapsed>,
    screens: Vec<ScreenSpan>,
    answer_marks: Vec<AnswerMark>,
    pace: Vec<PacePoint>,
    nonempty: Vec<bool>,
    answered_count: u32,
    time: Vec<u64>,
    visits: Vec<u32>,
    changes: Vec<u32>,
    losses_on: Vec<u32>,
    last_complete: Vec<Option<BTreeSet<u8>>>,
    answered_at: Vec<Option<Elapsed>>,
    change_kinds: Changes,
    incidents: Vec<Incident>,
    open_loss: Option<usize>,
    open_idle: Option<usize>,
    /// Camera and microphone incidents open, by kind; a sensor lost and not yet back.
    open_sensor: BTreeMap<SensorKind, usize>,
    open_lost: BTreeMap<Sensor, usize>,
    block_time: BTreeMap<u64, u64>,
}

/// Walks the records once for the figures the sitting's state does not keep (times, visits, incidents).
pub(super) fn build(sitting: &Sitting, records: &[Record]) -> Report {
    let paper = sitting.paper().as_ref();
    let n = paper.questions().len();
    let mut pass = Pass {
        paper,
        sitting,
        exam_start: None,
        on_screen: None,
        on_review: None,
        screens: Vec::new(),
        answer_marks: Vec::new(),
        pace: Vec::new(),
        nonempty: vec![false; n],
        answered_count: 0,
        time: vec![0; n],
        visits: vec![0; n],
        changes: vec![0; n],
        losses_on: vec![0; n],
        last_complete: vec![None; n],
        answered_at: vec![None; n],
        change_kinds: Changes::default(),
        incidents: Vec::new(),
        open_loss: None,
        open_idle: None,
        open_sensor: BTreeMap::new(),
        open_lost: BTreeMap::new(),
        block_time: BTreeMap::new(),
    };
    let mut watched = Watched::default();
    let mut revoked = None;
    let mut alerts_by_kind: BTreeMap<AlertKind, u32> = BTreeMap::new();
    let mut time_warnings = Vec::new();
    let mut alert_marks = Vec::new();
    let (mut flickers, mut close_attempts, mut pointer_left, mut occluded) = (0, 0, 0, 0);
    let (mut interruptions, mut resumes) = (0, 0);
    let mut recorded: Option<(f64, bool, u32, u32)> = None;
    let mut exam_started_at = None;
    for r in records {
        let t = r.t();
        match &r.event {
            Event::ExamStarted { .. } => {
                pass.exam_start = Some(t);
                exam_started_at = Some(r.at);
            }
            Event::QuestionShown { question, .. } => {
                let q = pass.index(question);
                pass.leave_screen(t);
                pass.visits[q] += 1;
                pass.on_screen = Some((q, t));
            }
            Event::ReviewShown => {
                pass.leave_screen(t);
                pass.on_review = Some(t);
            }
            Event::Submitted { .. } => pass.leave_screen(t),
            Event::AnswerChanged { question, selected } => pass.answer(question, selected, t),
            Event::TimeWarning { remaining_min } => {
                time_warnings.push(TimeWarningMark { at_ms: pass.exam_ms(t), remaining_min: *remaining_min })
            }
            Event::FocusLost { lost_ms } => {
                let lost = Elapsed::from_ms(*lost_ms);
                if let Some((q, _)) = pass.on_screen {
                    pass.losses_on[q] += 1;
                }
                pass.open_loss = Some(pass.incident(IncidentKind::FocusLost, lost, 0, true));
            }
            Event::FocusRegained { away_ms } => {
                if let Some(i) = pass.open_loss.take() {
                    pass.incidents[i].duration_ms = *away_ms;
                    pass.incidents[i].open = false;
                }
            }
            Event::FocusFlicker { away_ms } => {
                flickers += 1;
                pass.incident(IncidentKind::Flicker, t.since(Elapsed::from_ms(*away_ms)), *away_ms, false);
            }
            Event::IdleStarted => {
                let since = t.since(Elapsed::from_secs(u64::from(sitting.started().rules.idle_seconds)));
                pass.open_idle = Some(pass.incident(IncidentKind::Idle, since, 0, true));
            }
            Event::IdleEnded { idle_ms } => {
                if let Some(i) = pass.open_idle.take() {
                    pass.incidents[i].duration_ms = *idle_ms;
                    pass.incidents[i].open = false;
                }
            }
            Event::AlertShown { kind } => {
                *alerts_by_kind.entry(*kind).or_default() += 1;
                alert_marks.push(AlertMark { at_ms: pass.exam_ms(t), kind: *kind });
            }
            Event::PointerLeft => pointer_left += 1,
            Event::Occluded => occluded += 1,
            Event::CloseRequested => {
                close_attempts += 1;
                pass.incident(IncidentKind::CloseRequested, t, 0, false);
            }
            Event::Interrupted { .. } => {
                interruptions += 1;
                pass.incident(IncidentKind::Interrupted, t, 0, false);
            }
            Event::SessionResumed { .. } => resumes += 1,
            Event::SensorsOn { camera, microphone } => {
                watched = Watched { camera: camera.clone(), microphone: microphone.clone() };
            }
            Event::SensorIncident { kind, since_ms } => {
                let i = pass.incident(IncidentKind::from(*kind), Elapsed::from_ms(*since_ms), 0, true);
                pass.open_sensor.insert(*kind, i);
            }
            Event::SensorIncidentEnded { kind, lasted_ms } => {
                if let Some(i) = pass.open_sensor.remove(kind) {
                    pass.incidents[i].duration_ms = *lasted_ms;
                    pass.incidents[i].open = false;
                }
            }
            Event::NoiseSpike => {
                pass.incident(IncidentKind::NoiseSpike, t, 0, false);
            }
            Event::SensorLost { sensor, .. } => {
                let i = pass.incident(sensor.lost_kind(), t, 0, true);
                pass.open_lost.insert(*sensor, i);
            }
            Event::SensorBack { sensor } => {
                if let Some(i) = pass.open_lost.remove(sensor) {
                    let start =
                        pass.exam_start.unwrap_or(Elapsed::ZERO) + Elapsed::from_ms(pass.incidents[i].at_ms);
                    pass.incidents[i].duration_ms = t.since(start).as_ms();
                    pass.incidents[i].open = false;
                }
            }
            Event::Revoked { rule, count, .. } => revoked = Some(Revocation { rule: *rule, count: *count }),
            Event::Scored { score_percent, passed, correct, total } => {
                recorded = Some((*score_percent, *passed, *correct, *total));
            }
            _ => {}
        }
    }
    let end = match sitting.phase() {
        Phase::Submitted { at, .. } => at,
        _ => records.last().map_or(Elapsed::ZERO, Record::t),
    };
    pass.leave_screen(end);
    let still_open: Vec<usize> = [pass.open_loss.take(), pass.open_idle.take()]
        .into_iter()
        .flatten()
        .chain(std::mem::take(&mut pass.open_sensor).into_values())
        .chain(std::mem::take(&mut pass.open_lost).into_values())
        .collect();
    for i in still_open {
        let start = pass.exam_start.unwrap_or(Elapsed::ZERO) + Elapsed::from_ms(pass.incidents[i].at_ms);
        pass.incidents[i].duration_ms = end.since(start).as_ms();
    }

    let score = Score::compute(paper, sitting.answers());
    let start = sitting.started();
    let allowed = sitting.duration().as_ms();
    // Halves and quarters split the time actually used: a candidate who finishes early still has a last quarter.
    let used = sitting.used(end).as_ms();
    let questions = pass.question_stats();
    let mut blocks: Vec<Block> = (0..allowed.div_ceil(BLOCK_MINUTES * 60_000).max(1))
        .map(|b| Block {
            start_min: b * BLOCK_MINUTES,
            answered: 0,
            correct: 0,
            question_time_ms: pass.block_time.get(&b).copied().unwrap_or(0),
            seconds_per_answer: None,
            focus_losses: 0,
        })
        .collect();
    let last_block = blocks.len() - 1;
    let block_of = |ms: u64| ((ms / (BLOCK_MINUTES * 60_000)) as usize).min(last_block);
    let mut halves = [Half::default(), Half::default()];
    for q in questions.iter().filter(|q| q.answered) {
        let at = q.answered_at_ms.unwrap_or(0);
        let b = block_of(at);
        blocks[b].answered += 1;
        blocks[b].correct += u32::from(q.correct);
        let h = usize::from(at >= used / 2);
        halves[h].answered += 1;
        halves[h].correct += u32::from(q.correct);
    }
    for inc in pass.incidents.iter().filter(|i| i.kind == IncidentKind::FocusLost) {
        let b = block_of(inc.at_ms);
        blocks[b].focus_losses += 1;
    }
    for b in &mut blocks {
        b.seconds_per_answer = (b.answered > 0)
            .then(|| (b.question_time_ms as f64 / 100.0 / f64::from(b.answered)).round() / 10.0);
    }
    let mut quarters: [Half; 4] = Default::default();
    for q in questions.iter().filter(|q| q.answered) {
        let at = q.answered_at_ms.unwrap_or(0);
        let i = ((at * 4) / used.max(1)).min(3) as usize;
        quarters[i].answered += 1;
        quarters[i].correct += u32::from(q.correct);
    }
    let stamina = match (Report::half_accuracy(&quarters[0]), Report::half_accuracy(&quarters[3])) {
        (Some(first), Some(last)) => Some(((last - first) * 10.0).round() / 10.0),
        _ => None,
    };
    let losses: Vec<&Incident> =
        pass.incidents.iter().filter(|i| i.kind == IncidentKind::FocusLost).collect();
    let idles: Vec<&Incident> = pass.incidents.iter().filter(|i| i.kind == IncidentKind::Idle).collect();
    let mut sensors: BTreeMap<SensorKind, KindTotal> = BTreeMap::new();
    for kind in SensorKind::ALL {
        let of: Vec<&Incident> =
            pass.incidents.iter().filter(|i| i.kind == IncidentKind::from(kind)).collect();
        if !of.is_empty() {
            sensors.insert(
                kind,
                KindTotal { count: of.len() as u32, total_ms: of.iter().map(|i| i.duration_ms).sum() },
            );
        }
    }
    let total_of = |k: SensorKind| sensors.get(&k).map_or(0, |t| t.total_ms);
    let eyes_away_ms = total_of(SensorKind::FaceAbsent) + total_of(SensorKind::LookingAway);
    let count_of = |k: IncidentKind| pass.incidents.iter().filter(|i| i.kind == k).count() as u32;
    let noise_spikes = count_of(IncidentKind::NoiseSpike);
    let sensor_losses = count_of(IncidentKind::CameraLost) + count_of(IncidentKind::MicrophoneLost);
    Report {
        exam_id: start.exam_id.clone(),
        title: start.title.clone(),
        started_at: exam_started_at.unwrap_or(records[0].at),
        duration_ms: sitting.used(end).as_ms(),
        allowed_ms: allowed,
        paper_minutes: paper.duration_minutes(),
        submitted_reason: match sitting.phase() {
            Phase::Submitted { reason, .. } => Some(reason),
            _ => None,
        },
        started: pass.exam_start.is_some(),
        rules: start.rules.preset,
        quick_start: start.quick_start,
        bank: start.bank.clone(),
        seed: start.seed,
        score_percent: score.percent,
        passed: score.passed,
        pass_percent: score.pass_percent,
        correct: score.correct,
        total: score.total,
        answered: questions.iter().filter(|q| q.answered).count() as u32,
        recorded_score_agrees: recorded.map(|(p, passed, c, t)| {
            (p - score.percent).abs() < 0.05
                && passed == score.passed
                && c == score.correct
                && t == score.total
        }),
        domains: score.domains,
        tags: score.tags,
        focus_losses: losses.len() as u32,
        time_away_ms: losses.iter().map(|i| i.duration_ms).sum(),
        flickers,
        idle_incidents: idles.len() as u32,
        idle_ms: idles.iter().map(|i| i.duration_ms).sum(),
        watched,
        sensors,
        eyes_away_ms,
        noise_spikes,
        sensor_losses,
        revoked,
        close_attempts,
        pointer_left,
        occluded,
        alerts: alerts_by_kind.values().sum(),
        alerts_by_kind,
        alert_marks,
        time_warnings,
        interruptions,
        resumes,
        incidents: pass.incidents.clone(),
        questions,
        blocks,
        halves,
        quarters,
        stamina,
        screens: pass.screens.clone(),
        answer_marks: pass.answer_marks.clone(),
        pace: pass.pace.clone(),
        changes: pass.change_kinds.clone(),
        intact: true,
        records: records.len(),
        digest: records.last().map(|r| r.hash.clone()),
        tampered: None,
        truncated: None,
    }
}

impl Pass<'_> {
    fn index(&self, id: &str) -> usize {
        // Replay already checked every id names a question.
        self.paper.questions().iter().position(|q| q.id() == id).unwrap_or(0)
    }

    fn exam_ms(&self, t: Elapsed) -> u64 {
        t.since(self.exam_start.unwrap_or(Elapsed::ZERO)).as_ms()
    }

    fn leave_screen(&mut self, t: Elapsed) {
        if let Some(since) = self.on_review.take() {
            self.span(since, t, None);
        }
        if let Some((q, since)) = self.on_screen.take() {
            let number = self.sitting.order().questions.iter().position(|&p| p == q).map(|p| p + 1);
            self.span(since, t, number);
            self.time[q] += t.since(since).as_ms();
            // Split the interval over the pace blocks it covers.
            let block_ms = BLOCK_MINUTES * 60_000;
            let (mut from, to) = (self.exam_ms(since), self.exam_ms(t));
            while from < to {
                let b = from / block_ms;
                let end = ((b + 1) * block_ms).min(to);
                *self.block_time.entry(b).or_default() += end - from;
                from = end;
            }
        }
    }

    fn span(&mut self, from: Elapsed, to: Elapsed, question_number: Option<usize>) {
        let (from_ms, to_ms) = (self.exam_ms(from), self.exam_ms(to));
        if to_ms > from_ms {
            self.screens.push(ScreenSpan { from_ms, to_ms, question_number });
        }
    }

    fn incident(&mut self, kind: IncidentKind, at: Elapsed, duration_ms: u64, open: bool) -> usize {
        let on = self.on_screen.map(|(q, _)| q);
        let number =
            on.and_then(|q| self.sitting.order().questions.iter().position(|&p| p == q)).map(|p| p + 1);
        self.incidents.push(Incident {
            kind,
            at_ms: self.exam_ms(at),
            duration_ms,
            question_number: number,
            question: on.map(|q| self.paper.questions()[q].id().to_string()),
            open,
        });
        self.incidents.len() - 1
    }

    fn answer(&mut self, question: &str, selected: &[u8], t: Elapsed) {
        let q = self.index(question);
        let number = self.sitting.order().questions.iter().position(|&p| p == q).map_or(0, |p| p + 1);
        self.answer_marks.push(AnswerMark { at_ms: self.exam_ms(t), question_number: number });
        let was = self.answered_at[q].is_some() && self.nonempty[q];
        self.nonempty[q] = !selected.is_empty();
        if was != self.nonempty[q] {
            self.answered_count =
                if self.nonempty[q] { self.answered_count + 1 } else { self.answered_count - 1 };
            self.pace.push(PacePoint { at_ms: self.exam_ms(t), answered: self.answered_count });
        }
        self.answered_at[q] = Some(t);
        let set: BTreeSet<u8> = selected.iter().copied().collect();
        if set.len() != self.paper.questions()[q].choose() {
            return;
        }
        if let Some(before) = &self.last_complete[q]
            && *before != set
        {
            self.changes[q] += 1;
            match (is_correct(self.paper, q, before), is_correct(self.paper, q, &set)) {
                (true, false) => self.change_kinds.right_to_wrong += 1,
                (false, true) => self.change_kinds.wrong_to_right += 1,
                (false, false) => self.change_kinds.wrong_to_wrong += 1,
                (true, true) => {}
            }
        }
        self.last_complete[q] = Some(set);
    }

    fn question_stats(&self) -> Vec<QuestionStats> {
        let answers = self.sitting.answers();
        self.sitting
            .order()
            .questions
            .iter()
            .enumerate()
            .map(|(pos, &q)| {
                let question = &self.paper.questions()[q];
                let answered = !answers[q].is_empty();
                QuestionStats {
                    number: pos + 1,
                    id: question.id().to_string(),
                    domain: question.domain().to_string(),
                    tags: question.tags().to_vec(),
                    multiple: question.is_multiple_select(),
                    answered,
                    correct: is_correct(self.paper, q, &answers[q]),
                    time_ms: self.time[q],
                    visits: self.visits[q],
                    changes: self.changes[q],
                    marked: self.sitting.is_marked(pos),
                    focus_losses: self.losses_on[q],
                    answered_at_ms: answered.then(|| self.answered_at[q].map(|t| self.exam_ms(t))).flatten(),
                    selected: answers[q].iter().copied().collect(),
                }
            })
            .collect()
    }
}
