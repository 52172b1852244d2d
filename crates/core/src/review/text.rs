//! The review as plain text for a terminal: the result first, then where the time and the attention went.

use std::fmt::Write;

use super::report::{IncidentKind, Report};
use crate::elapsed::{Elapsed, human};
use crate::journal::{Bank, Breach, SensorKind, SubmitReason};
use crate::proctor::ordinal;
use crate::session::Tally;

const BAR: usize = 20;

/// Where a sitting of part of a paper came from, in a few words: "12 of 300 questions drawn", "12 of 300
/// questions drawn from Security, Networking", "a retake of 5 questions missed in 2 sittings".
pub fn bank_note(bank: &Bank, asked: u32) -> String {
    if !bank.missed_in.is_empty() {
        let n = bank.missed_in.len();
        return format!(
            "a retake of {asked} questions missed in {n} sitting{}",
            if n == 1 { "" } else { "s" }
        );
    }
    if bank.domains.is_empty() {
        format!("{asked} of {} questions drawn", bank.questions)
    } else {
        format!("{asked} of {} questions drawn from {}", bank.questions, bank.domains.join(", "))
    }
}

pub fn render(r: &Report) -> String {
    let mut o = String::new();
    let w = &mut o;
    let _ = writeln!(w, "{} ({})", r.title, r.exam_id);
    let mut facts =
        vec![r.started_at.format("%a %d %b %Y %H:%M (%:z)").to_string(), format!("rules: {}", r.rules)];
    if r.quick_start {
        facts.push("quick start".to_string());
    }
    if let Some(bank) = &r.bank {
        facts.push(bank_note(bank, r.total));
    }
    if r.allowed_ms < u64::from(r.paper_minutes) * 60_000 {
        facts.push(format!("shortened from {} min", r.paper_minutes));
    }
    let _ = writeln!(w, "{}", facts.join(" · "));
    let _ = writeln!(w);

    if !r.started {
        let _ = writeln!(w, "The exam never started: the journal ends during the check-in.");
        integrity(w, r);
        return o;
    }
    let verdict = if r.passed { "PASS" } else { "FAIL" };
    let provisional = if r.submitted_reason.is_none() { " (provisional: never submitted)" } else { "" };
    let _ = writeln!(
        w,
        "Result     {verdict}  {:.1}%  {} of {} correct, pass mark {}%{provisional}",
        r.score_percent, r.correct, r.total, r.pass_percent
    );
    let _ = writeln!(w, "Time       {} used of {} allowed", human(r.duration_ms), human(r.allowed_ms));
    let ended = match r.submitted_reason {
        Some(reason) => format!("{} at {}", reason.describe(), Elapsed::from_ms(r.duration_ms).clock()),
        None => {
            "not submitted: the journal ends mid-exam (a crash, or the sitting is still open)".to_string()
        }
    };
    let _ = writeln!(w, "Ended      {ended}");
    let _ = writeln!(
        w,
        "Answered   {} of {}, {} marked for review",
        r.answered,
        r.total,
        r.questions.iter().filter(|q| q.marked).count()
    );
    if r.submitted_reason == Some(SubmitReason::Terminated) {
        let _ = writeln!(w, "           {}", terminated(r));
    }

    tallies(w, "By domain", &r.domains);
    if !r.tags.is_empty() {
        tallies(w, "By tag", &r.tags);
    }

    let _ = writeln!(w, "\nIncidents");
    let _ = writeln!(
        w,
        "  Focus lost      {} {}, {} away in total",
        r.focus_losses,
        plural(r.focus_losses, "time", "times"),
        human(r.time_away_ms)
    );
    incident_lines(w, r, IncidentKind::FocusLost, "away");
    let _ = writeln!(
        w,
        "  Idle            {} {}, {} in total",
        r.idle_incidents,
        plural(r.idle_incidents, "period", "periods"),
        human(r.idle_ms)
    );
    incident_lines(w, r, IncidentKind::Idle, "idle");
    if r.watched.camera.is_some() || r.watched.microphone.is_some() {
        let on: Vec<String> = [("camera", &r.watched.camera), ("microphone", &r.watched.microphone)]
            .iter()
            .filter_map(|(what, name)| name.as_ref().map(|n| format!("{what} {n}")))
            .collect();
        let _ = writeln!(w, "  Watched by      {}", on.join(", "));
    }
    if r.watched.camera.is_some() {
        let _ = writeln!(w, "  Eyes away       {}", eyes_away(r));
        for kind in [SensorKind::FaceAbsent, SensorKind::LookingAway, SensorKind::FacesMultiple] {
            sensor_lines(w, r, kind);
        }
    }
    if r.watched.microphone.is_some() {
        sensor_lines(w, r, SensorKind::SpeechDetected);
        if r.noise_spikes > 0 {
            let _ = writeln!(w, "  Noise spikes    {}", r.noise_spikes);
        }
    }
    if r.sensor_losses > 0 {
        let _ = writeln!(w, "  Sensor stopped  {} (the sitting went on without it)", r.sensor_losses);
        incident_lines(w, r, IncidentKind::CameraLost, "camera stopped for");
        incident_lines(w, r, IncidentKind::MicrophoneLost, "microphone stopped for");
    }
    let _ = writeln!(w, "  Flickers        {} (focus back within the flicker limit; no alert)", r.flickers);
    let _ = writeln!(w, "  Close attempts  {}", r.close_attempts);
    if r.interruptions + r.resumes > 0 {
        let _ = writeln!(w, "  Interruptions   {} stopped, {} resumed", r.interruptions, r.resumes);
    }
    if r.pointer_left + r.occluded > 0 {
        let _ = writeln!(w, "  Pointer left    {} · window hidden {}", r.pointer_left, r.occluded);
    }
    let alerts: Vec<String> =
        r.alerts_by_kind.iter().map(|(k, n)| format!("{} x{n}", k.describe())).collect();
    let _ = writeln!(
        w,
        "  Alerts          {}",
        if alerts.is_empty() { "none".to_string() } else { alerts.join(", ") }
    );
    if !r.time_warnings.is_empty() {
        let warnings: Vec<String> =
            r.time_warnings.iter().map(|w| format!("{} min", w.remaining_min)).collect();
        let _ = writeln!(w, "  Time warnings   at {} left", warnings.join(", "));
    }

    let _ = writeln!(w, "\nPace");
    let _ = writeln!(
        w,
        "  {:>3}  {:<24} {:>8} {:>6} {:>7}  {:<6} result",
        "#", "question", "time", "visits", "changes", "marked"
    );
    for q in &r.questions {
        let result = match (q.answered, q.correct) {
            (false, _) => "unanswered",
            (true, true) => "right",
            (true, false) => "wrong",
        };
        let mut id = q.id.clone();
        if id.chars().count() > 24 {
            id = id.chars().take(23).collect::<String>() + "…";
        }
        let focus =
            if q.focus_losses > 0 { format!("  (focus lost {}x)", q.focus_losses) } else { String::new() };
        let _ = writeln!(
            w,
            "  {:>3}  {:<24} {:>8} {:>6} {:>7}  {:<6} {result}{focus}",
            q.number,
            id,
            minutes_seconds(q.time_ms),
            q.visits,
            q.changes,
            if q.marked { "yes" } else { "" },
        );
    }
    let _ = writeln!(w, "\n  Answered per {}-minute block:", super::report::BLOCK_MINUTES);
    for b in &r.blocks {
        let accuracy = if b.answered > 0 {
            format!("{:>3.0}% right", f64::from(b.correct) * 100.0 / f64::from(b.answered))
        } else {
            "   -".to_string()
        };
        let _ = writeln!(
            w,
            "    {:>3}-{:<3} min  {:>3} answered  {accuracy}",
            b.start_min,
            b.start_min + super::report::BLOCK_MINUTES,
            b.answered
        );
    }
    let half = |i: usize| match Report::half_accuracy(&r.halves[i]) {
        Some(a) => format!("{a:.0}% ({}/{})", r.halves[i].correct, r.halves[i].answered),
        None => "-".to_string(),
    };
    let _ = writeln!(w, "  Accuracy: first half {}, second half {}", half(0), half(1));
    let c = &r.changes;
    let _ = writeln!(
        w,
        "  Answer changes: {} wrong to right, {} right to wrong, {} wrong to wrong",
        c.wrong_to_right, c.right_to_wrong, c.wrong_to_wrong
    );
    integrity(w, r);
    o
}

fn tallies(w: &mut String, heading: &str, tallies: &[Tally]) {
    let _ = writeln!(w, "\n{heading}");
    let width = tallies.iter().map(|t| t.name.chars().count()).max().unwrap_or(0).min(60);
    for t in tallies {
        let ratio = if t.total == 0 { 0.0 } else { f64::from(t.correct) / f64::from(t.total) };
        let filled = (ratio * BAR as f64).round() as usize;
        // A name longer than the column is cut, so that every row's figures line up.
        let name = if t.name.chars().count() > width {
            format!("{}…", t.name.chars().take(width - 1).collect::<String>())
        } else {
            t.name.clone()
        };
        let _ = writeln!(
            w,
            "  {:<width$}  {:>3}/{:<3} {:>4.0}%  {}{}",
            name,
            t.correct,
            t.total,
            ratio * 100.0,
            "#".repeat(filled),
            ".".repeat(BAR - filled)
        );
    }
}

/// "No face 2 times (13 s), looking away once (4 s)": what the camera saw of the candidate's eyes.
pub fn eyes_away(r: &Report) -> String {
    let absent = r.sensor(SensorKind::FaceAbsent);
    let away = r.sensor(SensorKind::LookingAway);
    format!(
        "{} in all: no face {} {}, looking away {} {}",
        human(r.eyes_away_ms),
        absent.count,
        plural(absent.count, "time", "times"),
        away.count,
        plural(away.count, "time", "times")
    )
}

/// How the proctor ended the exam.
pub fn terminated(r: &Report) -> String {
    match r.revoked {
        Some(rv) if rv.rule == Breach::All => {
            format!("The proctor ended the exam at the {} breach of its rules.", ordinal(rv.count))
        }
        Some(rv) => {
            format!("The proctor ended the exam: {}, for the {} time.", rv.rule.describe(), ordinal(rv.count))
        }
        None => format!("The proctor ended the exam after {} focus losses.", r.focus_losses),
    }
}

fn sensor_lines(w: &mut String, r: &Report, kind: SensorKind) {
    let total = r.sensor(kind);
    let label = match kind {
        SensorKind::FaceAbsent => "No face",
        SensorKind::LookingAway => "Looking away",
        SensorKind::FacesMultiple => "Second face",
        SensorKind::SpeechDetected => "Talking",
    };
    let _ = writeln!(
        w,
        "  {label:<15} {} {}, {} in total",
        total.count,
        plural(total.count, "time", "times"),
        human(total.total_ms)
    );
    incident_lines(w, r, IncidentKind::from(kind), "for");
}

fn incident_lines(w: &mut String, r: &Report, kind: IncidentKind, word: &str) {
    for i in r.incidents.iter().filter(|i| i.kind == kind) {
        let on = match (&i.question_number, &i.question) {
            (Some(n), Some(id)) => format!("on question {n} ({id})"),
            _ => "on the review screen".to_string(),
        };
        let open = if i.open { " (still open when the journal ended)" } else { "" };
        let _ = writeln!(
            w,
            "    {}  {word} {:<10} {on}{open}",
            Elapsed::from_ms(i.at_ms).clock(),
            human(i.duration_ms)
        );
    }
}

fn integrity(w: &mut String, r: &Report) {
    let _ = writeln!(w);
    match &r.tampered {
        None => {
            let _ = writeln!(
                w,
                "Journal    intact: {} records, digest {}",
                r.records,
                r.digest.as_deref().unwrap_or("-")
            );
        }
        Some(b) => {
            let _ = writeln!(w, "Journal    TAMPERED at {b}");
            let _ =
                writeln!(w, "           this review covers only the {} records before the break", r.records);
        }
    }
    if let Some(t) = &r.truncated {
        let _ = writeln!(w, "           a last line cut short by a crash was ignored ({t})");
    }
    if r.recorded_score_agrees == Some(false) {
        let _ = writeln!(w, "           the journal's own 'scored' line disagrees with this marking");
    }
}

/// `6:25`, or `1:02:03` past an hour: short enough for a table column.
fn minutes_seconds(ms: u64) -> String {
    let s = ms / 1000;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

fn plural<'a>(n: u32, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

#[cfg(test)]
mod tests {
    use super::tallies;
    use crate::session::Tally;

    #[test]
    fn a_long_name_is_cut_so_the_figures_line_up() {
        let long = "Collaborating within and across teams to manage data and models, and much more besides";
        let rows = [
            Tally { name: long.to_string(), correct: 0, total: 2 },
            Tally { name: "Short".to_string(), correct: 1, total: 2 },
        ];
        let mut w = String::new();
        tallies(&mut w, "By domain", &rows);
        let lines: Vec<&str> = w.lines().skip(2).collect();
        let column = |l: &str| l.chars().position(|c| c == '/').unwrap();
        assert_eq!(column(lines[0]), column(lines[1]), "{w}");
        assert!(lines[0].contains("Collaborating within and across teams to manage data and mo…"), "{w}");
    }
}
