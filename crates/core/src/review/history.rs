//! Many sittings side by side: one row per journal (date, exam, time, score, focus, idle, stamina), and the
//! journals that could not be read or failed their check, each with its reason. Pure: the reports come in.

use std::fmt::Write;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use super::chart::Attempt;
use super::html::{self, HistoryRow};
use super::report::Report;
use crate::elapsed::human;

/// One sitting's line in the history.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    pub journal: String,
    pub date: DateTime<FixedOffset>,
    pub exam_id: String,
    pub minutes_used: f64,
    pub minutes_allowed: f64,
    pub score_percent: f64,
    pub passed: bool,
    pub pass_percent: f64,
    /// False for a sitting that was never submitted (crashed, abandoned, or still open).
    pub submitted: bool,
    pub started: bool,
    pub focus_losses: u32,
    pub time_away_ms: u64,
    pub idle_ms: u64,
    /// No face in view plus looking away; None when no camera watched.
    pub eyes_away_ms: Option<u64>,
    pub stamina: Option<f64>,
}

/// A journal that gives no row, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub journal: String,
    pub reason: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct History {
    pub sittings: Vec<Row>,
    pub problems: Vec<Problem>,
}

impl Row {
    pub fn from_report(journal: &str, r: &Report) -> Row {
        Row {
            journal: journal.to_string(),
            date: r.started_at,
            exam_id: r.exam_id.clone(),
            minutes_used: (r.duration_ms as f64 / 6_000.0).round() / 10.0,
            minutes_allowed: (r.allowed_ms as f64 / 6_000.0).round() / 10.0,
            score_percent: r.score_percent,
            passed: r.passed,
            pass_percent: r.pass_percent,
            submitted: r.submitted_reason.is_some(),
            started: r.started,
            focus_losses: r.focus_losses,
            time_away_ms: r.time_away_ms,
            idle_ms: r.idle_ms,
            eyes_away_ms: r.watched.camera.is_some().then_some(r.eyes_away_ms),
            stamina: r.stamina,
        }
    }
}

impl History {
    /// Builds the history from each journal's report (or the reason it has none); `exam` keeps one exam only.
    pub fn new(entries: Vec<(String, Result<Report, String>)>, exam: Option<&str>) -> History {
        let mut h = History::default();
        for (journal, outcome) in entries {
            match outcome {
                Ok(r) if r.tampered.is_some() => h.problems.push(Problem {
                    journal,
                    reason: format!("tampered: {}", r.tampered.as_deref().unwrap_or_default()),
                }),
                Ok(r) if exam.is_some_and(|id| id != r.exam_id) => {}
                Ok(r) => h.sittings.push(Row::from_report(&journal, &r)),
                Err(reason) => h.problems.push(Problem { journal, reason }),
            }
        }
        h.sittings.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.journal.cmp(&b.journal)));
        h.problems.sort_by(|a, b| a.journal.cmp(&b.journal));
        h
    }

    const HEADER: [&'static str; 10] = [
        "date",
        "exam",
        "minutes",
        "score",
        "result",
        "focus lost",
        "time away",
        "idle",
        "eyes away",
        "stamina",
    ];

    fn cells(row: &Row) -> Vec<String> {
        let result = match (row.started, row.submitted, row.passed) {
            (false, _, _) => "not started",
            (true, false, _) => "unfinished",
            (true, true, true) => "pass",
            (true, true, false) => "fail",
        };
        vec![
            row.date.format("%Y-%m-%d %H:%M").to_string(),
            row.exam_id.clone(),
            format!("{:.0}/{:.0}", row.minutes_used, row.minutes_allowed),
            if row.started { format!("{:.1}%", row.score_percent) } else { "-".to_string() },
            result.to_string(),
            row.focus_losses.to_string(),
            human(row.time_away_ms),
            human(row.idle_ms),
            row.eyes_away_ms.map_or("-".to_string(), human),
            row.stamina.map_or("-".to_string(), |s| format!("{s:+.0}")),
        ]
    }

    /// A table for the terminal, then the problems.
    pub fn text(&self) -> String {
        let mut rows: Vec<Vec<String>> = vec![Self::HEADER.iter().map(|s| s.to_string()).collect()];
        rows.extend(self.sittings.iter().map(Self::cells));
        let widths: Vec<usize> = (0..Self::HEADER.len())
            .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
            .collect();
        let mut out = String::new();
        for row in &rows {
            let line: Vec<String> = row.iter().zip(&widths).map(|(cell, w)| format!("{cell:<w$}")).collect();
            let _ = writeln!(out, "{}", line.join("  ").trim_end());
        }
        if self.sittings.is_empty() {
            let _ = writeln!(out, "(no sittings)");
        }
        if !self.problems.is_empty() {
            let _ = writeln!(out, "\nJournals left out ({}):", self.problems.len());
            for p in &self.problems {
                let _ = writeln!(out, "  {}: {}", p.journal, p.reason);
            }
        }
        out
    }

    /// The points of the score and stamina charts: submitted sittings, in date order.
    pub fn attempts(&self) -> Vec<Attempt> {
        self.sittings
            .iter()
            .filter(|r| r.submitted)
            .map(|r| Attempt {
                label: r.date.format("%d %b").to_string(),
                score: r.score_percent,
                pass_percent: r.pass_percent,
                stamina: r.stamina,
            })
            .collect()
    }

    pub fn html(&self) -> String {
        let mut rows: Vec<HistoryRow<'_>> =
            self.sittings.iter().map(|r| HistoryRow { cells: Self::cells(r), problem: None }).collect();
        rows.extend(
            self.problems
                .iter()
                .map(|p| HistoryRow { cells: vec![p.journal.clone()], problem: Some(&p.reason) }),
        );
        html::history(&Self::HEADER, &rows, &self.attempts())
    }
}
