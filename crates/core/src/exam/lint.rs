//! The item-writing lint: warnings about how a valid exam can be gamed (answer cues) or is carelessly built
//! (repeated options, near-duplicate questions), each placed at the question or option it is about.
//!
//! Warnings never stop an exam from being sat; `examday check` prints them after the errors. The thresholds are
//! explained, rule by rule, in the exam format's "Writing fair questions".

use std::collections::HashMap;
use std::fmt;

use serde::Serialize;

use super::cues::{Cues, QuestionCues, stem_words};
use super::paper::Paper;
use super::places::{Place, Places};
use super::words::{ABSOLUTE_WORDS, has_absolute_word, normalized, tokens};

/// Exam-wide figures need this many questions before a share means anything.
pub const MIN_QUESTIONS_FOR_SHARES: usize = 5;
/// A trick that beats chance by more than this share of questions is a cue.
pub const CHANCE_MARGIN: f64 = 0.10;
/// A right option longer than this times the mean wrong option stands out.
pub const KEY_LENGTH_LIMIT: f64 = 1.5;
/// A right option sharing this many more stem words than any wrong option echoes the stem.
pub const OVERLAP_LEAD: usize = 3;
/// Wrong options with absolute words: at least this many, and more than this times the right options' rate.
pub const ABSOLUTE_MIN: usize = 3;
pub const ABSOLUTE_RATE_FACTOR: f64 = 2.0;
/// With options in file order: a position holding more than this times its fair share (and at least
/// [`POSITION_MIN`] right options), or a spread this unlikely by chance.
pub const POSITION_SHARE: f64 = 2.0;
pub const POSITION_MIN: usize = 3;
pub const POSITION_P: f64 = 0.01;
/// Two stems sharing at least this share of their content words (Jaccard) are nearly the same question.
pub const NEAR_DUPLICATE: f64 = 0.6;

/// What a warning is about; its code is what `check` prints in brackets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    CueLongest,
    CueShortest,
    CuePosition,
    CueOverlap,
    AbsoluteWords,
    AllOfTheAbove,
    NoneOfTheAbove,
    DuplicateOption,
    NearDuplicateQuestion,
    MissingGlyphs,
}

impl Rule {
    pub const ALL: [Rule; 10] = [
        Rule::CueLongest,
        Rule::CueShortest,
        Rule::CuePosition,
        Rule::CueOverlap,
        Rule::AbsoluteWords,
        Rule::AllOfTheAbove,
        Rule::NoneOfTheAbove,
        Rule::DuplicateOption,
        Rule::NearDuplicateQuestion,
        Rule::MissingGlyphs,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Rule::CueLongest => "cue-longest",
            Rule::CueShortest => "cue-shortest",
            Rule::CuePosition => "cue-position",
            Rule::CueOverlap => "cue-overlap",
            Rule::AbsoluteWords => "absolute-words",
            Rule::AllOfTheAbove => "all-of-the-above",
            Rule::NoneOfTheAbove => "none-of-the-above",
            Rule::DuplicateOption => "duplicate-option",
            Rule::NearDuplicateQuestion => "near-duplicate-question",
            Rule::MissingGlyphs => "missing-glyphs",
        }
    }
}

/// The one outside fact the lint can use: whether some font on this computer can draw a character. Without it
/// (a paper checked away from any screen) the `missing-glyphs` rule is not applied.
pub trait FontCoverage {
    fn covers(&mut self, c: char) -> bool;
}

/// One exam as the lint sees it: the paper, its file's name and where its parts stood.
pub struct Sheet<'a> {
    pub file: &'a str,
    pub paper: &'a Paper,
    pub places: &'a Places,
}

/// One finding, compiler style: `file:line:col: warning[code]: message`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Warning {
    pub file: String,
    /// 1-based; 0 when the finding has no place in a file (a paper not read from one).
    pub line: usize,
    pub col: usize,
    pub rule: Rule,
    /// The question's id, for findings about one question.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: warning[{}]: {}", self.file, self.rule.code(), self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: warning[{}]: {}",
                self.file,
                self.line,
                self.col,
                self.rule.code(),
                self.message
            )
        }
    }
}

/// What the lint found in a set of exams checked together, sheet by sheet in the order given.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Lint {
    pub sheets: Vec<Findings>,
}

/// What the lint found in one exam.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Findings {
    pub cues: Cues,
    /// In file order.
    pub warnings: Vec<Warning>,
}

impl Lint {
    pub fn warning_count(&self) -> usize {
        self.sheets.iter().map(|s| s.warnings.len()).sum()
    }
}

/// As [`lint`], and warns about text no available font can draw (it would show as blank boxes).
pub fn lint_with_fonts(sheets: &[Sheet<'_>], fonts: &mut dyn FontCoverage) -> Lint {
    let mut found = lint(sheets);
    for (sheet, findings) in sheets.iter().zip(&mut found.sheets) {
        missing_glyphs(sheet, fonts, &mut findings.warnings);
        findings.warnings.sort_by_key(|w| (w.line, w.col, w.rule));
    }
    found
}

fn missing_glyphs(sheet: &Sheet<'_>, fonts: &mut dyn FontCoverage, out: &mut Vec<Warning>) {
    let mut check = |texts: &[&str], place: Option<Place>, question: Option<&str>, what: String| {
        let mut missing: Vec<char> = Vec::new();
        for c in texts.iter().flat_map(|t| t.chars()) {
            if !missing.contains(&c) && !fonts.covers(c) {
                missing.push(c);
            }
        }
        if missing.is_empty() {
            return;
        }
        const SHOWN: usize = 8;
        let mut list: Vec<String> =
            missing.iter().take(SHOWN).map(|c| format!("'{c}' (U+{:04X})", u32::from(*c))).collect();
        if missing.len() > SHOWN {
            list.push(format!("and {} more", missing.len() - SHOWN));
        }
        out.push(warning(
            sheet,
            place,
            Rule::MissingGlyphs,
            question,
            format!(
                "{what} has characters no font on this computer can draw: {}; they would show as blank boxes. \
                 Install a font for that script (on Debian: fonts-noto-core; fonts-noto-cjk for Chinese, Japanese \
                 and Korean; fonts-symbola for emoji)",
                list.join(", ")
            ),
        ));
    };
    let paper = sheet.paper;
    let domains: Vec<&str> = paper.domains().iter().map(|d| d.name()).collect();
    let mut exam_texts = vec![paper.title()];
    exam_texts.extend(domains);
    check(&exam_texts, sheet.places.exam, None, "the exam's title or a domain".to_string());
    for (qi, q) in paper.questions().iter().enumerate() {
        let mut texts: Vec<&str> = vec![q.stem()];
        texts.extend(q.explanation());
        texts.extend(q.tags().iter().map(String::as_str));
        for o in q.options() {
            texts.push(o.text());
            texts.extend(o.why());
        }
        check(&texts, sheet.places.question(qi), Some(q.id()), format!("question '{}'", q.id()));
    }
}

/// Lints each sheet, and looks for near-duplicate questions within and across them.
pub fn lint(sheets: &[Sheet<'_>]) -> Lint {
    let mut warnings: Vec<Vec<Warning>> = Vec::with_capacity(sheets.len());
    let mut cues = Vec::with_capacity(sheets.len());
    for sheet in sheets {
        let figures = Cues::of(sheet.paper);
        let mut found = Vec::new();
        exam_cues(sheet, &figures, &mut found);
        questions(sheet, &mut found);
        warnings.push(found);
        cues.push(figures);
    }
    near_duplicates(sheets, &mut warnings);
    let sheets = cues
        .into_iter()
        .zip(warnings)
        .map(|(cues, mut warnings)| {
            warnings.sort_by_key(|w| (w.line, w.col, w.rule));
            Findings { cues, warnings }
        })
        .collect();
    Lint { sheets }
}

fn warning(
    sheet: &Sheet<'_>,
    place: Option<Place>,
    rule: Rule,
    question: Option<&str>,
    message: String,
) -> Warning {
    let place = place.unwrap_or_default();
    Warning {
        file: sheet.file.to_string(),
        line: place.line,
        col: place.col,
        rule,
        question: question.map(str::to_string),
        message,
    }
}

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// The findings about the exam as a whole: how far each trick beats chance.
fn exam_cues(sheet: &Sheet<'_>, c: &Cues, out: &mut Vec<Warning>) {
    let at = sheet.places.exam;
    if c.questions < MIN_QUESTIONS_FOR_SHARES {
        return;
    }
    let limit = c.chance + CHANCE_MARGIN;
    if c.key_longest_share() > limit {
        out.push(warning(
            sheet,
            at,
            Rule::CueLongest,
            None,
            format!(
                "a right option is the longest option in {} of {} questions ({}); a blind pick is right {} of the \
                 time, so \"pick the longest\" beats chance by more than {} points (limit {}): make wrong options \
                 as long and as specific as right ones",
                c.key_longest,
                c.questions,
                percent(c.key_longest_share()),
                percent(c.chance),
                percent(CHANCE_MARGIN).trim_end_matches('%'),
                percent(limit),
            ),
        ));
    }
    if c.key_shortest_share() > limit {
        out.push(warning(
            sheet,
            at,
            Rule::CueShortest,
            None,
            format!(
                "a right option is the shortest option in {} of {} questions ({}; a blind pick {}, limit {}): \
                 wrong options are padded, or right ones trimmed, until \"pick the shortest\" works",
                c.key_shortest,
                c.questions,
                percent(c.key_shortest_share()),
                percent(c.chance),
                percent(limit),
            ),
        ));
    }
    if c.overlap_score > limit {
        out.push(warning(
            sheet,
            at,
            Rule::CueOverlap,
            None,
            format!(
                "picking the option that shares the most words with the stem scores {} (a blind pick {}, limit \
                 {}): right options repeat the question's wording more than wrong ones do",
                percent(c.overlap_score),
                percent(c.chance),
                percent(limit),
            ),
        ));
    }
    if c.underlap_score > limit {
        out.push(warning(
            sheet,
            at,
            Rule::CueOverlap,
            None,
            format!(
                "picking the option that shares the fewest words with the stem scores {} (a blind pick {}, limit \
                 {}): right options avoid the question's wording more than wrong ones do",
                percent(c.underlap_score),
                percent(c.chance),
                percent(limit),
            ),
        ));
    }
    let a = c.absolute;
    if a.distractors_using >= ABSOLUTE_MIN && a.distractor_rate() > ABSOLUTE_RATE_FACTOR * a.key_rate() {
        let ids = absolute_word_questions(sheet.paper);
        out.push(warning(
            sheet,
            at,
            Rule::AbsoluteWords,
            None,
            format!(
                "{} of {} wrong options ({}) but {} of {} right options ({}) use {}: candidates learn to rule \
                 such options out; used in {}",
                a.distractors_using,
                a.distractors,
                percent(a.distractor_rate()),
                a.keys_using,
                a.keys,
                percent(a.key_rate()),
                ABSOLUTE_WORDS.join("/"),
                list_ids(&ids),
            ),
        ));
    }
    if !c.shuffle_options {
        let letters = |i: usize| char::from(b'A' + i as u8);
        let crowded = c
            .positions
            .iter()
            .enumerate()
            .find(|(_, p)| p.observed >= POSITION_MIN && p.observed as f64 > POSITION_SHARE * p.expected);
        if crowded.is_some() || c.positions_p < POSITION_P {
            let spread: Vec<String> = c
                .positions
                .iter()
                .enumerate()
                .map(|(i, p)| format!("{} {} (fair {:.1})", letters(i), p.observed, p.expected))
                .collect();
            let lead = match crowded {
                Some((i, p)) => format!(
                    "position {} holds {} right options, more than twice its fair share of {:.1}; ",
                    letters(i),
                    p.observed,
                    p.expected
                ),
                None => String::new(),
            };
            out.push(warning(
                sheet,
                at,
                Rule::CuePosition,
                None,
                format!(
                    "options are not shuffled and the right ones are unevenly placed: {lead}{} (chi-squared p = \
                     {:.4}); move them, or set shuffle_options = true",
                    spread.join(", "),
                    c.positions_p,
                ),
            ));
        }
    }
}

fn absolute_word_questions(paper: &Paper) -> Vec<&str> {
    paper
        .questions()
        .iter()
        .filter(|q| q.options().iter().any(|o| !o.correct() && has_absolute_word(o.text())))
        .map(|q| q.id())
        .collect()
}

fn list_ids(ids: &[&str]) -> String {
    const SHOWN: usize = 6;
    let mut list: Vec<String> = ids.iter().take(SHOWN).map(|id| format!("'{id}'")).collect();
    if ids.len() > SHOWN {
        list.push(format!("and {} more", ids.len() - SHOWN));
    }
    list.join(", ")
}

/// The findings about single questions and their options.
fn questions(sheet: &Sheet<'_>, out: &mut Vec<Warning>) {
    let shuffled = sheet.paper.shuffle_options();
    for (qi, q) in sheet.paper.questions().iter().enumerate() {
        let id = Some(q.id());
        let cues = QuestionCues::of(q);
        let key_at = |pick: &dyn Fn(usize) -> bool| {
            (0..q.options().len()).find(|&i| q.options()[i].correct() && pick(i)).unwrap_or(0)
        };
        if cues.longest_key_ratio > KEY_LENGTH_LIMIT {
            let longest = cues.lengths.iter().zip(q.options()).filter(|(_, o)| o.correct()).map(|(l, _)| *l);
            let longest = longest.max().unwrap_or(0);
            let distractors: Vec<usize> =
                cues.lengths.iter().zip(q.options()).filter(|(_, o)| !o.correct()).map(|(l, _)| *l).collect();
            let mean = distractors.iter().sum::<usize>() as f64 / distractors.len().max(1) as f64;
            let o = key_at(&|i| cues.lengths[i] == longest);
            out.push(warning(
                sheet,
                sheet.places.option(qi, o),
                Rule::CueLongest,
                id,
                format!(
                    "option {} of question '{}' is right and {:.1}x as long as the wrong options on average ({} \
                     against {:.0} characters): length gives it away",
                    o + 1,
                    q.id(),
                    cues.longest_key_ratio,
                    longest,
                    mean
                ),
            ));
        }
        let (key, distractor) = cues.overlap_of_key_and_best_distractor(q);
        if key >= distractor + OVERLAP_LEAD {
            let o = key_at(&|i| cues.stem_overlap[i] == key);
            out.push(warning(
                sheet,
                sheet.places.option(qi, o),
                Rule::CueOverlap,
                id,
                format!(
                    "option {} of question '{}' is right and shares {key} words with the stem, the closest wrong \
                     option {distractor}: a candidate can match words instead of knowing the answer",
                    o + 1,
                    q.id()
                ),
            ));
        }
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (oi, o) in q.options().iter().enumerate() {
            let place = sheet.places.option(qi, oi);
            if shuffled && let Some((rule, phrase)) = refers_to_other_options(o.text()) {
                out.push(warning(
                    sheet,
                    place,
                    rule,
                    id,
                    format!(
                        "option {} of question '{}' says \"{phrase}\", but options are shuffled for each sitting, \
                         so it no longer points where it was written to: name what it means, or set \
                         shuffle_options = false",
                        oi + 1,
                        q.id()
                    ),
                ));
            }
            let key = normalized(o.text()).to_lowercase().trim_end_matches(['.', '!', '?', ' ']).to_string();
            if let Some(first) = seen.get(&key) {
                out.push(warning(
                    sheet,
                    place,
                    Rule::DuplicateOption,
                    id,
                    format!(
                        "option {} of question '{}' has the same text as option {}",
                        oi + 1,
                        q.id(),
                        first + 1
                    ),
                ));
            } else {
                seen.insert(key, oi);
            }
        }
    }
}

/// An option that only makes sense in its written position: "all of the above", "none of these", "A and B".
fn refers_to_other_options(text: &str) -> Option<(Rule, String)> {
    let words: Vec<String> = tokens(text).collect();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    for (i, w) in words.iter().enumerate() {
        let rule = match *w {
            "all" | "both" => Rule::AllOfTheAbove,
            "none" | "neither" => Rule::NoneOfTheAbove,
            _ => continue,
        };
        let rest = &words[i + 1..];
        let target = |w: &&str| matches!(*w, "above" | "these" | "those" | "previous" | "preceding");
        let span = match rest {
            ["of", "the", t, ..] if target(t) => 4,
            ["the", t, ..] | ["of", t, ..] if target(t) => 3,
            [t, ..] if *t == "above" => 2,
            _ => continue,
        };
        return Some((rule, words[i..i + span].join(" ")));
    }
    // "A and B", "Both B and D": an answer made of other options' letters.
    let letter = |w: &str| w.len() == 1 && w.chars().all(|c| c.is_ascii_lowercase() && c <= 'h');
    match words.as_slice() {
        [a, "and", b] | ["both", a, "and", b] if letter(a) && letter(b) => {
            Some((Rule::AllOfTheAbove, normalized(text).trim_end_matches('.').to_string()))
        }
        _ => None,
    }
}

/// Pairs of stems with word-set Jaccard >= [`NEAR_DUPLICATE`], across every sheet, found with a prefix filter
/// (rare words first: two sets that similar must share one of their first few words) so that a bank of
/// thousands of questions is not compared pair by pair. The later question of a pair gets the warning.
fn near_duplicates(sheets: &[Sheet<'_>], out: &mut [Vec<Warning>]) {
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut origin = Vec::new();
    let mut sets = Vec::new();
    for (si, sheet) in sheets.iter().enumerate() {
        for (qi, set) in stem_words(sheet.paper).into_iter().enumerate() {
            let words = set
                .into_iter()
                .map(|w| {
                    let next = ids.len() as u32;
                    *ids.entry(w).or_insert(next)
                })
                .collect();
            origin.push((si, qi));
            sets.push(words);
        }
    }
    for (x, y, similarity) in similar_pairs(sets, ids.len()) {
        let (first, later) = if origin[x] < origin[y] { (x, y) } else { (y, x) };
        let (fs, fq) = origin[first];
        let (ls, lq) = origin[later];
        let sheet = &sheets[ls];
        let other_q = &sheets[fs].paper.questions()[fq];
        let here = &sheet.paper.questions()[lq];
        let where_other = match sheets[fs].places.question(fq) {
            Some(p) if fs != ls => format!(" ({}:{})", sheets[fs].file, p.line),
            Some(p) => format!(" (line {})", p.line),
            None if fs != ls => format!(" (in {})", sheets[fs].file),
            None => String::new(),
        };
        out[ls].push(warning(
            sheet,
            sheet.places.stem(lq),
            Rule::NearDuplicateQuestion,
            Some(here.id()),
            format!(
                "the stem of question '{}' is nearly the same as that of question '{}'{where_other}: {:.0}% of \
                 their content words are shared",
                here.id(),
                other_q.id(),
                similarity * 100.0
            ),
        ));
    }
}

/// Every pair of word sets (words numbered below `vocabulary`) with Jaccard >= [`NEAR_DUPLICATE`], as
/// `(i, j, similarity)`. AllPairs with a prefix filter: words are ordered rarest first, and two sets that similar
/// must share a word among the first `n - ceil(t * n) + 1` of each, so only those words are indexed and probed.
fn similar_pairs(mut sets: Vec<Vec<u32>>, vocabulary: usize) -> Vec<(usize, usize, f64)> {
    let mut frequency = vec![0u32; vocabulary];
    for set in &sets {
        for &w in set {
            frequency[w as usize] += 1;
        }
    }
    for set in &mut sets {
        set.sort_by_key(|&w| (frequency[w as usize], w));
        set.dedup();
    }
    // Smaller sets first: each set is compared with those already indexed, which are no larger.
    let mut order: Vec<usize> = (0..sets.len()).filter(|&i| !sets[i].is_empty()).collect();
    order.sort_by_key(|&i| (sets[i].len(), i));
    let prefix = |n: usize| n - ((NEAR_DUPLICATE * n as f64) - 1e-9).ceil() as usize + 1;
    let mut index: Vec<Vec<usize>> = vec![Vec::new(); vocabulary];
    // mark[w] == x + 1: word w is in set x (a reusable bitmap, cheaper than a hash set per set).
    let mut mark = vec![0usize; vocabulary];
    let mut pairs = Vec::new();
    for &x in &order {
        let words = &sets[x];
        let probe = &words[..prefix(words.len())];
        let mut candidates: Vec<usize> = probe
            .iter()
            .flat_map(|&w| &index[w as usize])
            .copied()
            .filter(|&y| sets[y].len() as f64 >= NEAR_DUPLICATE * words.len() as f64 - 1e-9)
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        if !candidates.is_empty() {
            for &w in words {
                mark[w as usize] = x + 1;
            }
            for y in candidates {
                let shared = sets[y].iter().filter(|&&w| mark[w as usize] == x + 1).count();
                let similarity = shared as f64 / (words.len() + sets[y].len() - shared) as f64;
                if similarity >= NEAR_DUPLICATE - 1e-12 {
                    pairs.push((x, y, similarity));
                }
            }
        }
        for &w in probe {
            index[w as usize].push(x);
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prefix_filter_finds_exactly_the_pairs_a_full_comparison_finds() {
        use rand_chacha::ChaCha8Rng;
        use rand_core::{RngCore, SeedableRng};
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        // Sets drawn from a small vocabulary, many of them variations of a few bases, so similar pairs abound.
        let bases: Vec<Vec<u32>> = (0..8).map(|_| (0..12).map(|_| rng.next_u32() % 40).collect()).collect();
        let sets: Vec<Vec<u32>> = (0..300)
            .map(|_| {
                let mut set = bases[(rng.next_u32() % 8) as usize].clone();
                for _ in 0..rng.next_u32() % 6 {
                    let at = (rng.next_u32() as usize) % set.len();
                    set[at] = rng.next_u32() % 40;
                }
                set.truncate(1 + (rng.next_u32() as usize) % set.len());
                set.sort_unstable();
                set.dedup();
                set
            })
            .collect();
        let mut fast: Vec<(usize, usize)> =
            similar_pairs(sets.clone(), 40).into_iter().map(|(a, b, _)| (a.min(b), a.max(b))).collect();
        fast.sort_unstable();
        let mut slow = Vec::new();
        for i in 0..sets.len() {
            for j in i + 1..sets.len() {
                let shared = sets[i].iter().filter(|w| sets[j].contains(w)).count();
                let all = sets[i].len() + sets[j].len() - shared;
                if all > 0 && shared as f64 / all as f64 >= NEAR_DUPLICATE {
                    slow.push((i, j));
                }
            }
        }
        assert!(slow.len() > 100, "the test needs many similar pairs, got {}", slow.len());
        assert_eq!(fast, slow);
    }

    #[test]
    fn options_that_point_at_other_options_are_recognised() {
        let cases = [
            ("All of the above.", Some(Rule::AllOfTheAbove)),
            ("None of these", Some(Rule::NoneOfTheAbove)),
            ("Both of the above", Some(Rule::AllOfTheAbove)),
            ("Neither of the above options", Some(Rule::NoneOfTheAbove)),
            ("all the above", Some(Rule::AllOfTheAbove)),
            ("Both B and D", Some(Rule::AllOfTheAbove)),
            ("A and C.", Some(Rule::AllOfTheAbove)),
            ("Use all of the features above a threshold", None),
            ("None of the models need retraining", None),
            ("Store all of the rows in BigQuery", None),
            ("Cloud Storage and BigQuery", None),
        ];
        for (text, rule) in cases {
            assert_eq!(refers_to_other_options(text).map(|(r, _)| r), rule, "{text}");
        }
    }
}
