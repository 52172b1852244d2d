//! Marking a sitting: a question counts only when the selection matches the right options exactly.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::exam::Paper;

/// Right and total for one group of questions (a domain, a tag).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub name: String,
    pub correct: u32,
    pub total: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Score {
    pub correct: u32,
    pub total: u32,
    /// Rounded to one decimal place.
    pub percent: f64,
    pub passed: bool,
    pub pass_percent: f64,
    /// In the paper's domain order.
    pub domains: Vec<Tally>,
    /// Sorted by tag.
    pub tags: Vec<Tally>,
}

/// Whether `selected` (file option indexes) is exactly the question's right answer.
pub fn is_correct(paper: &Paper, question: usize, selected: &BTreeSet<u8>) -> bool {
    *selected == paper.questions()[question].correct_set()
}

impl Score {
    /// `answers[i]` is the selection for paper question `i`.
    pub fn compute(paper: &Paper, answers: &[BTreeSet<u8>]) -> Score {
        let questions = paper.questions();
        let right: Vec<bool> =
            (0..questions.len()).map(|i| answers.get(i).is_some_and(|a| is_correct(paper, i, a))).collect();
        let correct = right.iter().filter(|&&r| r).count() as u32;
        let total = questions.len() as u32;
        let tally = |name: &str, member: &dyn Fn(usize) -> bool| {
            let members: Vec<usize> = (0..questions.len()).filter(|&i| member(i)).collect();
            Tally {
                name: name.to_string(),
                correct: members.iter().filter(|&&i| right[i]).count() as u32,
                total: members.len() as u32,
            }
        };
        let domains =
            paper.domains().iter().map(|d| tally(d.name(), &|i| questions[i].domain() == d.name())).collect();
        let tags = paper
            .tags()
            .into_iter()
            .map(|t| tally(t, &|i| questions[i].tags().iter().any(|x| x == t)))
            .collect();
        let ratio = if total == 0 { 0.0 } else { f64::from(correct) / f64::from(total) };
        Score {
            correct,
            total,
            percent: (ratio * 1000.0).round() / 10.0,
            passed: ratio * 100.0 >= paper.pass_percent() - 1e-9,
            pass_percent: paper.pass_percent(),
            domains,
            tags,
        }
    }
}
