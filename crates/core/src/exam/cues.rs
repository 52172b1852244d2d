//! Answer cues: what a test-wise candidate, who does not know the subject, would score on a paper by picking the
//! longest option, the option that echoes the stem, or the usual position, and how unevenly the categorical words
//! (always, never, only...) fall between right and wrong options. A fair mock leaves every trick near chance.

use std::collections::BTreeSet;

use serde::Serialize;

use super::paper::{Paper, Question};
use super::words::{content_words, has_absolute_word, normalized};

/// How one question reads to a test-wise candidate.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuestionCues {
    /// Options in file order: characters of the text as read (whitespace runs count once).
    pub lengths: Vec<usize>,
    /// A right option is the longest, alone or tied.
    pub key_longest: bool,
    /// A right option is the shortest, alone or tied.
    pub key_shortest: bool,
    /// Mean right-option length over mean wrong-option length.
    pub length_ratio: f64,
    /// The longest right option over the mean wrong-option length.
    pub longest_key_ratio: f64,
    /// Content words each option shares with the stem, in file order.
    pub stem_overlap: Vec<usize>,
    /// The chance that "pick the option sharing most words with the stem" picks a right option (ties at random).
    pub overlap_pick: f64,
    /// The same for the option sharing the fewest words: writers who avoid echoing the stem can overshoot.
    pub underlap_pick: f64,
    /// The chance that a blind pick is right: right options over options.
    pub chance: f64,
}

/// The cues of a whole paper.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cues {
    pub questions: usize,
    /// The mean chance that a blind pick is right.
    pub chance: f64,
    /// Questions in which a right option is the longest (alone or tied).
    pub key_longest: usize,
    /// Questions in which a right option is the shortest (alone or tied).
    pub key_shortest: usize,
    /// The median over questions of mean right-option length / mean wrong-option length.
    pub length_ratio_median: f64,
    /// The share of questions "pick the option sharing most words with the stem" gets right (expected, ties at
    /// random).
    pub overlap_score: f64,
    /// The same for "pick the option sharing the fewest words with the stem".
    pub underlap_score: f64,
    /// Whether options are shuffled for each sitting (when not, the file's positions are what candidates see).
    pub shuffle_options: bool,
    /// Right options at each position in the file (A, B, ...), and how many a fair spread would put there.
    pub positions: Vec<PositionCount>,
    /// The chi-squared test of the positions against a fair spread: the probability of a spread at least this
    /// uneven by chance (1 when there is nothing to test).
    pub positions_p: f64,
    /// Options using always / never / only / all / none.
    pub absolute: AbsoluteWords,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct PositionCount {
    pub observed: usize,
    pub expected: f64,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct AbsoluteWords {
    pub keys: usize,
    pub keys_using: usize,
    pub distractors: usize,
    pub distractors_using: usize,
}

impl QuestionCues {
    pub fn of(q: &Question) -> QuestionCues {
        let options = q.options();
        let lengths: Vec<usize> = options.iter().map(|o| normalized(o.text()).chars().count()).collect();
        let (mut keys, mut distractors) = (Vec::new(), Vec::new());
        for (o, &len) in options.iter().zip(&lengths) {
            if o.correct() { keys.push(len) } else { distractors.push(len) }
        }
        let longest = lengths.iter().copied().max().unwrap_or(0);
        let shortest = lengths.iter().copied().min().unwrap_or(0);
        let mean_distractor = mean(&distractors).max(1.0);
        let stem = content_words(q.stem());
        let stem_overlap: Vec<usize> =
            options.iter().map(|o| content_words(o.text()).intersection(&stem).count()).collect::<Vec<_>>();
        let pick = |target: usize| {
            let tied: Vec<usize> = (0..options.len()).filter(|&i| stem_overlap[i] == target).collect();
            tied.iter().filter(|&&i| options[i].correct()).count() as f64 / tied.len().max(1) as f64
        };
        let most = stem_overlap.iter().copied().max().unwrap_or(0);
        let fewest = stem_overlap.iter().copied().min().unwrap_or(0);
        QuestionCues {
            key_longest: keys.contains(&longest),
            key_shortest: keys.contains(&shortest),
            length_ratio: mean(&keys) / mean_distractor,
            longest_key_ratio: keys.iter().copied().max().unwrap_or(0) as f64 / mean_distractor,
            overlap_pick: pick(most),
            underlap_pick: pick(fewest),
            chance: keys.len() as f64 / options.len().max(1) as f64,
            lengths,
            stem_overlap,
        }
    }

    /// The most stem words a right option shares, and the most a wrong one shares.
    pub fn overlap_of_key_and_best_distractor(&self, q: &Question) -> (usize, usize) {
        let mut key = 0;
        let mut distractor = 0;
        for (o, &n) in q.options().iter().zip(&self.stem_overlap) {
            if o.correct() { key = key.max(n) } else { distractor = distractor.max(n) }
        }
        (key, distractor)
    }
}

impl Cues {
    pub fn of(paper: &Paper) -> Cues {
        Cues::from_questions(paper.questions(), paper.shuffle_options())
    }

    fn from_questions(questions: &[Question], shuffle_options: bool) -> Cues {
        let each: Vec<QuestionCues> = questions.iter().map(QuestionCues::of).collect();
        let n = questions.len().max(1) as f64;
        let mut ratios: Vec<f64> = each.iter().map(|c| c.length_ratio).collect();
        ratios.sort_by(f64::total_cmp);
        let widest = questions.iter().map(|q| q.options().len()).max().unwrap_or(0);
        let mut positions = vec![PositionCount { observed: 0, expected: 0.0 }; widest];
        let mut absolute = AbsoluteWords::default();
        for (q, c) in questions.iter().zip(&each) {
            for (i, o) in q.options().iter().enumerate() {
                positions[i].expected += c.chance;
                let using = has_absolute_word(o.text()) as usize;
                if o.correct() {
                    positions[i].observed += 1;
                    absolute.keys += 1;
                    absolute.keys_using += using;
                } else {
                    absolute.distractors += 1;
                    absolute.distractors_using += using;
                }
            }
        }
        Cues {
            questions: questions.len(),
            chance: each.iter().map(|c| c.chance).sum::<f64>() / n,
            key_longest: each.iter().filter(|c| c.key_longest).count(),
            key_shortest: each.iter().filter(|c| c.key_shortest).count(),
            length_ratio_median: median(&ratios),
            overlap_score: each.iter().map(|c| c.overlap_pick).sum::<f64>() / n,
            underlap_score: each.iter().map(|c| c.underlap_pick).sum::<f64>() / n,
            shuffle_options,
            positions_p: chi_squared_p(&positions),
            positions,
            absolute,
        }
    }

    pub fn key_longest_share(&self) -> f64 {
        self.key_longest as f64 / self.questions.max(1) as f64
    }

    pub fn key_shortest_share(&self) -> f64 {
        self.key_shortest as f64 / self.questions.max(1) as f64
    }
}

impl AbsoluteWords {
    pub fn key_rate(&self) -> f64 {
        self.keys_using as f64 / self.keys.max(1) as f64
    }
    pub fn distractor_rate(&self) -> f64 {
        self.distractors_using as f64 / self.distractors.max(1) as f64
    }
}

fn mean(values: &[usize]) -> f64 {
    if values.is_empty() { 0.0 } else { values.iter().sum::<usize>() as f64 / values.len() as f64 }
}

fn median(sorted: &[f64]) -> f64 {
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// The p-value of Pearson's chi-squared test of observed counts against expected ones.
fn chi_squared_p(positions: &[PositionCount]) -> f64 {
    let tested: Vec<&PositionCount> = positions.iter().filter(|p| p.expected > 0.0).collect();
    if tested.len() < 2 {
        return 1.0;
    }
    let statistic: f64 = tested.iter().map(|p| (p.observed as f64 - p.expected).powi(2) / p.expected).sum();
    let freedom = (tested.len() - 1) as f64;
    upper_gamma_regularized(freedom / 2.0, statistic / 2.0)
}

/// Q(a, x) = Γ(a, x) / Γ(a): a series below a + 1, a continued fraction above (as in Numerical Recipes).
fn upper_gamma_regularized(a: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 1.0;
    }
    let log_prefix = a * x.ln() - x - ln_gamma(a);
    if x < a + 1.0 {
        let (mut term, mut sum, mut ap) = (1.0 / a, 1.0 / a, a);
        for _ in 0..500 {
            ap += 1.0;
            term *= x / ap;
            sum += term;
            if term.abs() < sum.abs() * 1e-15 {
                break;
            }
        }
        (1.0 - sum * log_prefix.exp()).clamp(0.0, 1.0)
    } else {
        let tiny = 1e-300;
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / tiny;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..500 {
            let an = -(i as f64) * (i as f64 - a);
            b += 2.0;
            d = an * d + b;
            if d.abs() < tiny {
                d = tiny;
            }
            c = b + an / c;
            if c.abs() < tiny {
                c = tiny;
            }
            d = 1.0 / d;
            let step = d * c;
            h *= step;
            if (step - 1.0).abs() < 1e-15 {
                break;
            }
        }
        (log_prefix.exp() * h).clamp(0.0, 1.0)
    }
}

/// ln Γ(x) for x > 0 (Lanczos, g = 7, nine terms: ~15 significant digits).
fn ln_gamma(x: f64) -> f64 {
    const G: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        return (std::f64::consts::PI / (std::f64::consts::PI * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut sum = G[0];
    for (i, g) in G.iter().enumerate().skip(1) {
        sum += g / (x + i as f64);
    }
    let t = x + 7.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

/// The distinct content words of every stem, for the near-duplicate search.
pub fn stem_words(paper: &Paper) -> Vec<BTreeSet<String>> {
    paper.questions().iter().map(|q| content_words(q.stem())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    #[test]
    fn chi_squared_p_values_match_the_tables() {
        // Critical values at p = 0.05 for 1, 3 and 7 degrees of freedom.
        assert!(close(upper_gamma_regularized(0.5, 3.841_459 / 2.0), 0.05));
        assert!(close(upper_gamma_regularized(1.5, 7.814_728 / 2.0), 0.05));
        assert!(close(upper_gamma_regularized(3.5, 14.067_140 / 2.0), 0.05));
        // p = 0.01 with 3 degrees of freedom.
        assert!(close(upper_gamma_regularized(1.5, 11.344_867 / 2.0), 0.01));
        assert!(close(ln_gamma(5.0), 24f64.ln()));
    }

    #[test]
    fn an_even_spread_is_not_suspicious_and_one_position_is() {
        let even = vec![PositionCount { observed: 10, expected: 10.0 }; 4];
        assert_eq!(chi_squared_p(&even), 1.0);
        let mut lopsided = even.clone();
        lopsided[0].observed = 40;
        for p in &mut lopsided[1..] {
            p.observed = 0;
        }
        assert!(chi_squared_p(&lopsided) < 1e-10);
    }
}
