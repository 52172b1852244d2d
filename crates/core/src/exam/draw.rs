//! A sitting of part of a paper: a draw from a bank larger than one sitting (`[exam] draw`, `--questions`),
//! spread over the domains by their weights, or a chosen set of questions (the ones missed before). The result
//! is a paper of its own, so the sitting, its journal and its review see exactly the questions asked.

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

use super::paper::{Domain, Paper};

/// What to sit of a paper.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DrawRequest {
    /// How many questions (none: the paper's `draw`, else all of them).
    pub questions: Option<u32>,
    /// Only these domains (none: all).
    pub domains: Vec<String>,
}

impl Paper {
    /// The questions at `keep` (paper indexes, in the order given; repeats dropped) as a paper of their own. The
    /// time allowed keeps the paper's time per question (at least a minute), unless `minutes` is given.
    pub fn subset(&self, keep: &[usize], minutes: Option<u32>) -> Paper {
        let mut seen = vec![false; self.questions.len()];
        let keep: Vec<usize> = keep
            .iter()
            .copied()
            .filter(|&i| i < self.questions.len() && !std::mem::replace(&mut seen[i], true))
            .collect();
        let questions: Vec<_> = keep.iter().map(|&i| self.questions[i].clone()).collect();
        let per_sitting = self.draw.map_or(self.questions.len(), |d| d as usize).max(1);
        let duration = minutes.unwrap_or_else(|| {
            let scaled = u64::from(self.duration_minutes) * questions.len() as u64;
            (scaled.div_ceil(per_sitting as u64) as u32).max(1)
        });
        let domains: Vec<Domain> =
            self.domains.iter().filter(|d| questions.iter().any(|q| q.domain == d.name)).cloned().collect();
        Paper {
            id: self.id.clone(),
            title: self.title.clone(),
            duration_minutes: duration.clamp(1, 24 * 60),
            pass_percent: self.pass_percent,
            shuffle_questions: self.shuffle_questions,
            shuffle_options: self.shuffle_options,
            time_warnings: self.time_warnings.iter().copied().filter(|&m| m < duration).collect(),
            draw: None,
            domains,
            domains_declared: self.domains_declared,
            questions,
        }
    }

    /// The paper a sitting asks: all of it, or a draw of `request.questions` (else the paper's `draw`) from the
    /// requested domains, spread over the domains by their weights (or their sizes) with the largest remainder,
    /// the questions within each domain picked from `seed`.
    pub fn draw_sitting(&self, request: &DrawRequest, seed: u64) -> Result<Paper, String> {
        for d in &request.domains {
            if !self.domains.iter().any(|known| &known.name == d) {
                let names: Vec<&str> = self.domains.iter().map(|d| d.name.as_str()).collect();
                return Err(format!("the exam has no domain '{d}' (its domains: {})", names.join(", ")));
            }
        }
        let wanted = |domain: &str| request.domains.is_empty() || request.domains.iter().any(|d| d == domain);
        let pool: Vec<usize> =
            (0..self.questions.len()).filter(|&i| wanted(&self.questions[i].domain)).collect();
        let count = request.questions.or(self.draw).map_or(pool.len(), |n| n as usize);
        if count == 0 || count > pool.len() {
            return Err(format!(
                "cannot draw {count} questions: the {} has {} questions",
                if request.domains.is_empty() {
                    "exam".to_string()
                } else {
                    "chosen domains' part".to_string()
                },
                pool.len()
            ));
        }
        if count == pool.len()
            && request.questions.is_none()
            && self.draw.is_none()
            && request.domains.is_empty()
        {
            return Ok(self.clone());
        }
        let domains: Vec<&Domain> = self.domains.iter().filter(|d| wanted(&d.name)).collect();
        let in_domain: Vec<Vec<usize>> = domains
            .iter()
            .map(|d| pool.iter().copied().filter(|&i| self.questions[i].domain == d.name).collect())
            .collect();
        let weights: Vec<f64> = if domains.iter().all(|d| d.weight.is_some()) {
            domains.iter().map(|d| d.weight.unwrap_or(0.0)).collect()
        } else {
            in_domain.iter().map(|q| q.len() as f64).collect()
        };
        let quotas = largest_remainder(count, &weights, &in_domain.iter().map(Vec::len).collect::<Vec<_>>());
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0xD7A3_11B5_2C4E_9F60);
        let mut keep = Vec::with_capacity(count);
        for (questions, quota) in in_domain.iter().zip(quotas) {
            let mut picks = questions.clone();
            // A partial Fisher-Yates: the first `quota` places are a uniform draw.
            for i in 0..quota.min(picks.len()) {
                let j = i + (rng.next_u64() % (picks.len() - i) as u64) as usize;
                picks.swap(i, j);
            }
            keep.extend_from_slice(&picks[..quota.min(picks.len())]);
        }
        keep.sort_unstable();
        let minutes = request.questions.is_none().then_some(self.duration_minutes);
        Ok(self.subset(&keep, minutes))
    }
}

/// `total` seats shared by `weights` with the largest-remainder method, no share above its `room`; seats a full
/// share cannot take go to the others, largest remainder first.
fn largest_remainder(total: usize, weights: &[f64], room: &[usize]) -> Vec<usize> {
    let n = weights.len();
    let mut seats = vec![0usize; n];
    let mut open: Vec<bool> = room.iter().map(|&r| r > 0).collect();
    let mut left = total;
    while left > 0 && open.iter().any(|&o| o) {
        let sum: f64 = (0..n).filter(|&i| open[i]).map(|i| weights[i].max(0.0)).sum();
        let share = |i: usize| {
            if sum > 0.0 { left as f64 * weights[i].max(0.0) / sum } else { left as f64 / n as f64 }
        };
        let mut given = 0;
        let mut remainders: Vec<(f64, usize)> = Vec::new();
        for i in (0..n).filter(|&i| open[i]) {
            let exact = share(i);
            let whole = (exact.floor() as usize).min(room[i] - seats[i]);
            seats[i] += whole;
            given += whole;
            remainders.push((exact - exact.floor(), i));
        }
        left -= given;
        remainders.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        for (_, i) in remainders {
            if left == 0 {
                break;
            }
            if seats[i] < room[i] {
                seats[i] += 1;
                left -= 1;
            }
        }
        for i in 0..n {
            open[i] = seats[i] < room[i];
        }
        if given == 0 && left > 0 && !open.iter().any(|&o| o) {
            break;
        }
    }
    seats
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seats_follow_the_weights_with_the_largest_remainder() {
        assert_eq!(
            largest_remainder(10, &[13.0, 14.0, 18.0, 20.0, 22.0, 13.0], &[50; 6]),
            [1, 2, 2, 2, 2, 1]
        );
        assert_eq!(
            largest_remainder(60, &[13.0, 14.0, 18.0, 20.0, 22.0, 13.0], &[50; 6]),
            [8, 8, 11, 12, 13, 8]
        );
        // A domain with too few questions gives its seats to the others.
        assert_eq!(largest_remainder(10, &[1.0, 1.0], &[2, 50]), [2, 8]);
        assert_eq!(largest_remainder(3, &[0.0, 0.0], &[5, 5]).iter().sum::<usize>(), 3);
    }
}
