//! The order a candidate sees: questions and options shuffled from a seed, so a sitting can be replayed.
//!
//! The shuffle is a Fisher-Yates over ChaCha8, whose output rand_chacha keeps stable across versions; the
//! journal also records the resulting order, so replay never depends on re-shuffling.

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

use crate::exam::Paper;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Order {
    /// Paper question indexes, in the order shown.
    pub questions: Vec<usize>,
    /// For each shown question (same positions as `questions`), its options' file indexes in the order shown.
    pub options: Vec<Vec<u8>>,
}

impl Order {
    /// The order for `seed`, honouring the paper's `shuffle_questions` and `shuffle_options`.
    pub fn from_seed(paper: &Paper, seed: u64) -> Order {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut questions: Vec<usize> = (0..paper.questions().len()).collect();
        if paper.shuffle_questions() {
            shuffle(&mut questions, &mut rng);
        }
        let options = questions
            .iter()
            .map(|&q| {
                let mut opts: Vec<u8> = (0..paper.questions()[q].options().len() as u8).collect();
                if paper.shuffle_options() {
                    shuffle(&mut opts, &mut rng);
                }
                opts
            })
            .collect();
        Order { questions, options }
    }

    /// Rebuilds an order from a journal's ids and option orders, checking it fits the paper.
    pub fn from_ids(paper: &Paper, ids: &[String], options: &[Vec<u8>]) -> Result<Order, String> {
        if ids.len() != paper.questions().len() || options.len() != ids.len() {
            return Err(format!(
                "the recorded order has {} questions and {} option orders, the paper {} questions",
                ids.len(),
                options.len(),
                paper.questions().len()
            ));
        }
        let mut seen = vec![false; ids.len()];
        let mut questions = Vec::with_capacity(ids.len());
        for (id, opts) in ids.iter().zip(options) {
            let Some(q) = paper.questions().iter().position(|q| q.id() == id) else {
                return Err(format!(
                    "the recorded order names question '{id}', which the paper does not have"
                ));
            };
            if std::mem::replace(&mut seen[q], true) {
                return Err(format!("the recorded order names question '{id}' twice"));
            }
            let n = paper.questions()[q].options().len();
            let mut sorted = opts.clone();
            sorted.sort_unstable();
            if sorted != (0..n as u8).collect::<Vec<u8>>() {
                return Err(format!(
                    "the recorded option order {opts:?} of question '{id}' does not fit its {n} options"
                ));
            }
            questions.push(q);
        }
        Ok(Order { questions, options: options.to_vec() })
    }

    pub fn ids(&self, paper: &Paper) -> Vec<String> {
        self.questions.iter().map(|&q| paper.questions()[q].id().to_string()).collect()
    }
}

fn shuffle<T>(items: &mut [T], rng: &mut ChaCha8Rng) {
    for i in (1..items.len()).rev() {
        let j = below(rng, i as u64 + 1) as usize;
        items.swap(i, j);
    }
}

/// A uniform integer in `0..n` (rejection sampling, so no modulo bias).
fn below(rng: &mut ChaCha8Rng, n: u64) -> u64 {
    let zone = u64::MAX - (u64::MAX % n);
    loop {
        let x = rng.next_u64();
        if x < zone {
            return x % n;
        }
    }
}
