//! A synthetic candidate for long, realistic journals (the debrief's screenshots, the history benchmark):
//! thinks 40-120 s per question and slows down as the sitting goes on, answers right less often late, marks
//! some questions and revisits them, looks away now and then, idles once, and submits near the end.
//! Shared by the tests and `benches/history.rs`.

use std::sync::Arc;

use chrono::{DateTime, Duration, FixedOffset};
use examday::Elapsed;
use examday::exam::Paper;
use examday::journal::{Chain, CheckStatus, Event, Host};
use examday::proctor::{Preset, Rules, Signal};
use examday::session::{Action, Phase, Setup, Sitting};

use crate::support::Sim;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo).max(1)
    }
}

/// The candidate at the desk: a [`Sim`] on the shared virtual clock, with a mouse that moves while they work.
struct Run(Sim);

impl Run {
    /// Time passes; the candidate moves the mouse every 20 s unless `still`.
    fn think(&mut self, ms: u64, still: bool) {
        let end = self.0.now + Elapsed::from_ms(ms);
        while self.0.now < end {
            let step = Elapsed::from_ms(20_000).min(end - self.0.now);
            self.0.to(self.0.now + step);
            if !still {
                self.0.signal(Signal::Input);
            }
        }
    }

    fn act(&mut self, action: Action) {
        let _ = self.0.act(action);
    }

    fn signal(&mut self, signal: Signal) {
        self.0.signal(signal);
    }

    fn over(&self) -> bool {
        matches!(self.0.sitting.phase(), Phase::Submitted { .. })
    }
}

/// The shown positions of the right (and some wrong) options for question position `pos`.
fn choose(sitting: &Sitting, pos: usize, right: bool, rng: &mut Rng) -> Vec<usize> {
    let q = &sitting.paper().questions()[sitting.question_at(pos)];
    let shown = &sitting.order().options[pos];
    let mut good: Vec<usize> =
        (0..shown.len()).filter(|&i| q.options()[usize::from(shown[i])].correct()).collect();
    if !right {
        let bad: Vec<usize> = (0..shown.len()).filter(|i| !good.contains(i)).collect();
        let pick = bad[rng.range(0, bad.len() as u64) as usize];
        let i = rng.range(0, good.len() as u64) as usize;
        good[i] = pick;
        good.sort();
        good.dedup();
    }
    good
}

/// A whole sitting of `paper` by a candidate whose habits come from `seed`; returns the events.
pub fn sitting(paper: Arc<Paper>, seed: u64) -> Vec<(Elapsed, Event)> {
    let mut rng = Rng(seed.wrapping_mul(0x9E3779B97F4A7C15) | 1);
    let setup = Setup {
        seed,
        rules: Rules::preset(Preset::Standard),
        minutes: None,
        quick_start: false,
        exam_sha256: "0".repeat(64),
        exam_source: format!("bundled:{}", paper.id()),
        host: Host { os: "linux".into(), arch: "x86_64".into(), hostname: None },
        app_version: "test".into(),
        bank: None,
    };
    let mut run = Run(Sim::new(paper, setup));
    for item in ["monitors", "screen", "applications", "sound", "desk", "phone", "notifications", "no_breaks"]
    {
        run.think(rng.range(800, 4_000), false);
        let status = if item == "applications" { CheckStatus::Warn } else { CheckStatus::Pass };
        run.act(Action::CheckIn { item: item.into(), status, detail: String::new() });
    }
    run.think(5_000, false);
    run.act(Action::Start);
    let n = run.0.sitting.question_count();
    let allowed = run.0.sitting.duration().as_ms() as f64;
    let skill = 0.72 + rng.unit() * 0.2;
    let away_at: Vec<usize> = (0..rng.range(1, 4)).map(|_| rng.range(3, n as u64) as usize).collect();
    let idle_at = rng.range(5, n as u64) as usize;
    let mut marked = Vec::new();
    for pos in 0..n {
        if run.over() {
            break;
        }
        let progress = run.0.now.as_ms() as f64 / allowed;
        let fatigue = 1.0 + progress * 0.5;
        run.think((rng.range(40_000, 110_000) as f64 * fatigue * 0.8) as u64, pos == idle_at);
        if pos == idle_at {
            run.think(100_000, true);
            run.signal(Signal::Input);
        }
        let right = rng.unit() < skill - progress * 0.2;
        for o in choose(&run.0.sitting, pos, right, &mut rng) {
            run.act(Action::Toggle(o));
        }
        if rng.unit() < 0.15 {
            run.act(Action::ToggleMark);
            marked.push(pos);
        }
        if away_at.contains(&pos) {
            run.signal(Signal::FocusLost);
            run.think(rng.range(4_000, 40_000), true);
            run.signal(Signal::FocusGained);
            run.think(1_500, false);
            run.act(Action::Acknowledge);
        }
        if rng.unit() < 0.05 {
            run.signal(Signal::FocusLost);
            let back = run.0.now + Elapsed::from_ms(rng.range(50, 250));
            run.0.to(back);
            run.signal(Signal::FocusGained);
        }
        run.act(Action::Next);
    }
    // Back over the marked questions, sometimes changing the answer, then submit (unless time ran out).
    for pos in marked {
        if run.over() {
            break;
        }
        run.act(Action::Show(pos));
        run.think(rng.range(20_000, 60_000), false);
        if rng.unit() < 0.4 {
            let now_right = rng.unit() < 0.6;
            let current: Vec<usize> = (0..8).filter(|&i| run.0.sitting.is_selected(pos, i)).collect();
            for o in current {
                run.act(Action::Toggle(o));
            }
            for o in choose(&run.0.sitting, pos, now_right, &mut rng) {
                run.act(Action::Toggle(o));
            }
        }
    }
    if !run.over() {
        run.act(Action::Review);
        run.think(30_000, false);
        run.act(Action::Submit);
    }
    run.0.events
}

/// The journal text of `events`, as if the sitting began at `start`.
pub fn journal(events: &[(Elapsed, Event)], start: DateTime<FixedOffset>) -> String {
    let mut chain = Chain::new();
    events.iter().map(|(t, e)| chain.seal(start + Duration::milliseconds(t.as_ms() as i64), *t, e)).collect()
}
