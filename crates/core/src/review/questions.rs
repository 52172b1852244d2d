//! Each question's record across sittings of one exam: how often it was asked and missed, and what a retake of
//! the missed ones should ask, most recent misses first. Only submitted sittings count: a sitting left unfinished
//! says nothing about the questions it never reached.

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use super::report::Report;
use crate::exam::Paper;
use crate::journal::Bank;

/// How a question went the last time it was asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Right,
    Wrong,
    Unanswered,
}

/// One question across sittings.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuestionRecord {
    pub id: String,
    pub domain: String,
    /// Sittings that asked it.
    pub seen: u32,
    /// Sittings in which it was answered wrongly or left unanswered.
    pub missed: u32,
    pub last: Outcome,
    pub last_seen: DateTime<FixedOffset>,
}

/// What `examday run --missed` asks: the questions whose latest outcome was a miss, most recent first.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Retake {
    pub ids: Vec<String>,
    /// The journals the questions were last missed in, newest first.
    pub journals: Vec<String>,
}

fn outcome(answered: bool, correct: bool) -> Outcome {
    match (answered, correct) {
        (_, true) => Outcome::Right,
        (true, false) => Outcome::Wrong,
        (false, false) => Outcome::Unanswered,
    }
}

/// The submitted sittings, oldest first (by start, then journal name).
fn submitted<'a>(sittings: &[(&'a str, &'a Report)]) -> Vec<(&'a str, &'a Report)> {
    let mut done: Vec<(&str, &Report)> = sittings
        .iter()
        .copied()
        .filter(|(_, r)| r.submitted_reason.is_some() && r.tampered.is_none())
        .collect();
    done.sort_by(|a, b| a.1.started_at.cmp(&b.1.started_at).then(a.0.cmp(b.0)));
    done
}

/// Every question asked in the submitted sittings, in the order first asked.
pub fn question_records(sittings: &[(&str, &Report)]) -> Vec<QuestionRecord> {
    let mut records: Vec<QuestionRecord> = Vec::new();
    for (_, report) in submitted(sittings) {
        for q in &report.questions {
            let result = outcome(q.answered, q.correct);
            let missed = u32::from(result != Outcome::Right);
            match records.iter_mut().find(|r| r.id == q.id) {
                Some(r) => {
                    r.seen += 1;
                    r.missed += missed;
                    r.last = result;
                    r.last_seen = report.started_at;
                }
                None => records.push(QuestionRecord {
                    id: q.id.clone(),
                    domain: q.domain.clone(),
                    seen: 1,
                    missed,
                    last: result,
                    last_seen: report.started_at,
                }),
            }
        }
    }
    records
}

/// The questions to retake: those whose latest outcome was wrong or unanswered, the most recent misses first
/// (within a sitting, in the order it asked them).
pub fn retake(sittings: &[(&str, &Report)]) -> Retake {
    let done = submitted(sittings);
    // The latest sitting that asked each question decides: newest sittings first, first mention wins.
    let mut decided: Vec<&str> = Vec::new();
    let mut retake = Retake::default();
    for (journal, report) in done.iter().rev() {
        let mut contributed = false;
        for q in &report.questions {
            if decided.contains(&q.id.as_str()) {
                continue;
            }
            decided.push(&q.id);
            if outcome(q.answered, q.correct) != Outcome::Right {
                retake.ids.push(q.id.clone());
                contributed = true;
            }
        }
        if contributed {
            retake.journals.push(journal.to_string());
        }
    }
    retake
}

/// The sitting `examday run --missed` asks: the questions of `paper` whose latest outcome in `sittings` was a
/// miss, most recent misses first, as a paper of their own (the time allowed keeps the paper's time per question
/// unless `minutes` is given), with the bank note the journal keeps (the journals drawn from, by file name).
/// None when nothing is left to retake.
pub fn retake_sitting(
    paper: &Paper,
    sittings: &[(&str, &Report)],
    minutes: Option<u32>,
) -> Option<(Paper, Bank)> {
    let mine: Vec<(&str, &Report)> =
        sittings.iter().copied().filter(|(_, r)| r.exam_id == paper.id()).collect();
    let retake = retake(&mine);
    let keep: Vec<usize> =
        retake.ids.iter().filter_map(|id| paper.questions().iter().position(|q| q.id() == id)).collect();
    if keep.is_empty() {
        return None;
    }
    let file_name = |j: &str| j.rsplit(['/', '\\']).next().unwrap_or(j).to_string();
    let bank = Bank {
        questions: paper.questions().len(),
        domains: Vec::new(),
        missed_in: retake.journals.iter().map(|j| file_name(j)).collect(),
    };
    Some((paper.subset(&keep, minutes), bank))
}

/// A table for the terminal: one row per question, the most missed first.
pub fn text(exam: &str, records: &[QuestionRecord]) -> String {
    let mut rows: Vec<&QuestionRecord> = records.iter().collect();
    rows.sort_by(|a, b| b.missed.cmp(&a.missed).then(b.seen.cmp(&a.seen)).then(a.id.cmp(&b.id)));
    let id_w = rows.iter().map(|r| r.id.chars().count()).max().unwrap_or(0).max("question".len());
    let dom_w = rows.iter().map(|r| r.domain.chars().count()).max().unwrap_or(0).max("domain".len()).min(40);
    let mut out = format!("{exam}: {} questions asked in submitted sittings\n", rows.len());
    out += &format!("{:<id_w$}  {:<dom_w$}  seen  missed  last\n", "question", "domain");
    for r in rows {
        let domain: String = if r.domain.chars().count() > dom_w {
            r.domain.chars().take(dom_w - 1).chain(['…']).collect()
        } else {
            r.domain.clone()
        };
        let last = match r.last {
            Outcome::Right => "right",
            Outcome::Wrong => "wrong",
            Outcome::Unanswered => "unanswered",
        };
        out += &format!(
            "{:<id_w$}  {domain:<dom_w$}  {:>4}  {:>6}  {last} ({})\n",
            r.id,
            r.seen,
            r.missed,
            r.last_seen.format("%Y-%m-%d")
        );
    }
    out
}
