//! The debrief as one self-contained HTML page: inline CSS and SVG charts, no scripts, no network; it opens in
//! any browser and prints well. The same `Report` and the same chart code as every other output.

use std::fmt::Write;

use super::chart::{self, Area, Attempt};
use super::report::Report;
use super::svg::{Svg, escape};
use crate::elapsed::{Elapsed, human};
use crate::journal::SensorKind;

const STYLE: &str = r#"
:root { --ink:#1d2433; --muted:#5b6576; --line:#e3e8ef; --blue:#2563eb; --green:#1e8e3e; --red:#c62828; --amber:#b45309; }
* { box-sizing: border-box; }
body { margin:0; background:#eef1f5; color:var(--ink);
  font: 15px/1.5 Inter, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header { background:#1b2a41; color:#fff; padding:28px 40px; }
header h1 { margin:0 0 4px; font-size:26px; }
header p { margin:0; color:#aeb9ca; }
main { max-width:1180px; margin:0 auto; padding:24px 24px 48px; }
section { background:#fff; border-radius:14px; padding:24px 28px; margin:0 0 20px; box-shadow:0 1px 2px rgba(16,24,40,.08); }
h2 { margin:0 0 4px; font-size:19px; }
.lead { margin:0 0 16px; color:var(--muted); }
.figures { display:grid; grid-template-columns:repeat(auto-fit, minmax(170px, 1fr)); gap:16px; }
.figure .label { font-size:12px; font-weight:600; letter-spacing:.04em; text-transform:uppercase; color:#8a93a3; }
.figure .value { font-size:20px; font-weight:600; }
.score { font-size:56px; font-weight:700; line-height:1; }
.badge { display:inline-block; padding:4px 14px; border-radius:999px; color:#fff; font-weight:700; vertical-align:middle; margin-left:12px; }
.pass { background:var(--green); } .fail { background:var(--red); }
table { width:100%; border-collapse:collapse; font-size:14px; }
th, td { text-align:left; padding:6px 10px; border-bottom:1px solid var(--line); }
th { font-size:12px; text-transform:uppercase; letter-spacing:.04em; color:#8a93a3; }
td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; }
.right { color:var(--green); font-weight:600; } .wrong { color:var(--red); font-weight:600; } .none { color:var(--amber); font-weight:600; }
.two { display:grid; grid-template-columns:1fr 1fr; gap:20px; }
.intact { color:var(--green); font-weight:600; } .tampered { color:var(--red); font-weight:700; }
code { font-size:13px; word-break:break-all; }
@media (max-width: 800px) { .two { grid-template-columns:1fr; } }
@media print {
  body { background:#fff; } header { background:#fff; color:#000; padding:0 0 12px; } header p { color:#444; }
  section { box-shadow:none; border:1px solid #ddd; break-inside:avoid; }
}
"#;

fn page(title: &str, subtitle: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{t}</title>\n\
         <style>{STYLE}</style>\n</head>\n<body>\n<header><h1>{t}</h1><p>{s}</p></header>\n<main>\n{body}</main>\n\
         </body>\n</html>\n",
        t = escape(title),
        s = escape(subtitle),
    )
}

fn svg(width: f32, height: f32, title: &str, draw: impl FnOnce(&mut Svg, Area)) -> String {
    let mut svg = Svg::new(width, height);
    draw(&mut svg, Area { x: 8.0, y: 4.0, w: width - 16.0, h: height - 8.0, scale: 1.0 });
    svg.finish(title)
}

fn figure(out: &mut String, label: &str, value: &str) {
    let _ = write!(
        out,
        "<div class=\"figure\"><div class=\"label\">{}</div><div class=\"value\">{}</div></div>",
        escape(label),
        escape(value)
    );
}

fn percent(correct: u32, answered: u32) -> String {
    if answered == 0 {
        "-".to_string()
    } else {
        format!("{:.0}% ({correct}/{answered})", f64::from(correct) * 100.0 / f64::from(answered))
    }
}

/// The debrief page of one sitting.
pub fn render(r: &Report) -> String {
    let mut b = String::new();
    let date = r.started_at.format("%A %d %B %Y, %H:%M (%:z)").to_string();

    // Summary.
    let verdict = if r.passed {
        "<span class=\"badge pass\">PASS</span>"
    } else {
        "<span class=\"badge fail\">FAIL</span>"
    };
    let provisional = if r.submitted_reason.is_none() { " (provisional: never submitted)" } else { "" };
    let _ = write!(
        b,
        "<section id=\"summary\"><h2>Summary</h2><p class=\"lead\">{}</p>\
         <p><span class=\"score\">{:.1}%</span>{verdict} <span class=\"lead\">{} of {} correct · pass mark {}%{provisional}</span></p>\
         <div class=\"figures\">",
        escape(&format!(
            "{} ({}), {date}, rules: {}{}{}",
            r.title,
            r.exam_id,
            r.rules,
            if r.quick_start { ", quick start" } else { "" },
            r.bank.as_ref().map(|b| format!(", {}", super::text::bank_note(b, r.total))).unwrap_or_default()
        )),
        r.score_percent,
        r.correct,
        r.total,
        r.pass_percent
    );
    figure(&mut b, "Time used", &format!("{} of {}", human(r.duration_ms), human(r.allowed_ms)));
    let ended = match r.submitted_reason {
        Some(reason) => reason.describe().to_string(),
        None => "not submitted (the journal ends mid-exam)".to_string(),
    };
    figure(&mut b, "How it ended", &ended);
    figure(&mut b, "Answered", &format!("{} of {}", r.answered, r.total));
    figure(&mut b, "Focus lost", &format!("{} × · {} away", r.focus_losses, human(r.time_away_ms)));
    figure(&mut b, "Idle", &format!("{} × · {}", r.idle_incidents, human(r.idle_ms)));
    if r.watched.camera.is_some() {
        figure(&mut b, "Eyes away", &super::text::eyes_away(r));
    }
    if r.watched.microphone.is_some() {
        let talk = r.sensor(SensorKind::SpeechDetected);
        figure(&mut b, "Talking", &format!("{} × · {}", talk.count, human(talk.total_ms)));
    }
    figure(
        &mut b,
        "Stamina",
        &r.stamina.map_or("-".to_string(), |s| format!("{s:+.0} points (last quarter vs first)")),
    );
    b.push_str("</div>");
    integrity(&mut b, r);
    b.push_str("</section>\n");

    // Timeline and pace.
    let _ = writeln!(
        b,
        "<section id=\"timeline\"><h2>Timeline</h2><p class=\"lead\">The whole sitting, minute by minute: the question on \
         screen, each answer, focus losses in red, idle spells in amber, what the camera and microphone flagged \
         when they watched, alerts, and the time warnings.</p>{}</section>",
        svg(1120.0, 300.0, "Timeline of the sitting", |s, a| chart::timeline(s, r, a, None))
    );
    let _ = writeln!(
        b,
        "<section id=\"pace\"><h2>Pace</h2><p class=\"lead\">Questions answered against the even pace that finishes at the \
         time limit: below the dashed line is behind.</p>{}</section>",
        svg(1120.0, 320.0, "Questions answered over time against an even pace", |s, a| chart::pace(s, r, a))
    );

    // Blocks, halves, quarters.
    let _ = write!(
        b,
        "<section id=\"blocks\"><h2>Accuracy and speed by {}-minute block</h2><p class=\"lead\">Where fatigue shows: accuracy \
         of the answers given in each block, and the time on question screens per answer.</p>{}",
        super::report::BLOCK_MINUTES,
        svg(1120.0, 280.0, "Accuracy by block", |s, a| chart::blocks(s, r, a))
    );
    b.push_str("<table><tr><th>part of the time</th><th class=\"num\">accuracy</th></tr>");
    for (name, h) in [("first half", &r.halves[0]), ("second half", &r.halves[1])] {
        let _ =
            write!(b, "<tr><td>{name}</td><td class=\"num\">{}</td></tr>", percent(h.correct, h.answered));
    }
    for (i, q) in r.quarters.iter().enumerate() {
        let _ = write!(
            b,
            "<tr><td>quarter {}</td><td class=\"num\">{}</td></tr>",
            i + 1,
            percent(q.correct, q.answered)
        );
    }
    b.push_str("</table></section>\n");

    // Domains and tags.
    let rows = |n: usize| 34.0 * n.max(1) as f32 + 8.0;
    let _ = write!(
        b,
        "<section id=\"domains\"><h2>By domain</h2>{}</section>\n<section id=\"tags\"><h2>By selection criterion</h2>\
         <p class=\"lead\">The criteria each question turns on: cost, data size, latency, speed, scalability, customisation, \
         maintenance.</p>{}</section>\n",
        svg(1120.0, rows(r.domains.len()), "Score by domain", |s, a| chart::bars(
            s,
            &r.domains,
            r.pass_percent,
            a
        )),
        svg(1120.0, rows(r.tags.len()), "Score by tag", |s, a| chart::bars(s, &r.tags, r.pass_percent, a)),
    );

    // Questions.
    b.push_str(
        "<section id=\"questions\"><h2>Question by question</h2><table><tr><th class=\"num\">#</th><th>question</th>\
         <th>domain</th><th class=\"num\">time</th><th class=\"num\">visits</th><th class=\"num\">changes</th><th>result</th>\
         <th>marked</th><th class=\"num\">focus lost</th></tr>",
    );
    for q in &r.questions {
        let result = match (q.answered, q.correct) {
            (false, _) => "<span class=\"none\">unanswered</span>",
            (true, true) => "<span class=\"right\">right</span>",
            (true, false) => "<span class=\"wrong\">wrong</span>",
        };
        let _ = write!(
            b,
            "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td>{result}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            q.number,
            escape(&q.id),
            escape(&q.domain),
            Elapsed::from_ms(q.time_ms).clock(),
            q.visits,
            q.changes,
            if q.marked { "yes" } else { "" },
            if q.focus_losses > 0 { q.focus_losses.to_string() } else { String::new() },
        );
    }
    b.push_str("</table></section>\n");

    // Answer changes and incidents.
    let c = &r.changes;
    let _ = write!(
        b,
        "<section id=\"changes\"><h2>Answer changes</h2><p class=\"lead\">Changes from one complete answer to another.</p>\
         <div class=\"figures\">"
    );
    figure(&mut b, "Wrong to right", &c.wrong_to_right.to_string());
    figure(&mut b, "Right to wrong", &c.right_to_wrong.to_string());
    figure(&mut b, "Wrong to wrong", &c.wrong_to_wrong.to_string());
    b.push_str("</div></section>\n");

    b.push_str(
        "<section id=\"incidents\"><h2>Incidents</h2><table><tr><th class=\"num\">time into the exam</th><th>what</th>\
         <th class=\"num\">how long</th><th>on screen</th></tr>",
    );
    if r.incidents.is_empty() {
        b.push_str(
            "<tr><td colspan=\"4\">None: the window kept focus and the candidate kept working.</td></tr>",
        );
    }
    for i in &r.incidents {
        let what = i.kind.describe();
        let on = match (i.question_number, &i.question) {
            (Some(n), Some(id)) => format!("question {n} ({id})"),
            _ => "review screen".to_string(),
        };
        let open = if i.open { " (open when the journal ended)" } else { "" };
        let _ = write!(
            b,
            "<tr><td class=\"num\">{}</td><td>{what}</td><td class=\"num\">{}{open}</td><td>{}</td></tr>",
            Elapsed::from_ms(i.at_ms).clock(),
            if i.duration_ms > 0 { human(i.duration_ms) } else { String::new() },
            escape(&on)
        );
    }
    b.push_str("</table></section>\n");

    page(&format!("Debrief: {}", r.title), &format!("examday review · {date}"), &b)
}

fn integrity(b: &mut String, r: &Report) {
    match &r.tampered {
        None => {
            let _ = write!(
                b,
                "<p id=\"integrity\">Journal <span class=\"intact\">intact</span>: {} records, digest <code>{}</code></p>",
                r.records,
                escape(r.digest.as_deref().unwrap_or("-"))
            );
        }
        Some(at) => {
            let _ = write!(
                b,
                "<p id=\"integrity\">Journal <span class=\"tampered\">TAMPERED</span> at {}; this debrief covers the {} records \
                 before the break.</p>",
                escape(at),
                r.records
            );
        }
    }
    if let Some(t) = &r.truncated {
        let _ =
            write!(b, "<p class=\"lead\">A last line cut short by a crash was ignored ({}).</p>", escape(t));
    }
}

/// One row of the history page.
pub struct HistoryRow<'a> {
    pub cells: Vec<String>,
    pub problem: Option<&'a str>,
}

/// The history page: the charts of score and stamina over attempts, and the table of sittings.
pub fn history(header: &[&str], rows: &[HistoryRow<'_>], attempts: &[Attempt]) -> String {
    let mut b = String::new();
    let height = 520.0;
    let _ = writeln!(
        b,
        "<section id=\"trend\"><h2>Score and stamina over attempts</h2>{}</section>",
        svg(1120.0, height, "Score and stamina over attempts", |s, a| chart::history(s, attempts, a))
    );
    b.push_str("<section id=\"sittings\"><h2>Sittings</h2><table><tr>");
    for h in header {
        let _ = write!(b, "<th>{}</th>", escape(h));
    }
    b.push_str("</tr>");
    for row in rows {
        b.push_str("<tr>");
        match row.problem {
            Some(problem) => {
                let _ = write!(
                    b,
                    "<td>{}</td><td colspan=\"{}\" class=\"tampered\">{}</td>",
                    escape(&row.cells[0]),
                    header.len() - 1,
                    escape(problem)
                );
            }
            None => {
                for c in &row.cells {
                    let _ = write!(b, "<td>{}</td>", escape(c));
                }
            }
        }
        b.push_str("</tr>");
    }
    b.push_str("</table></section>\n");
    page("examday: history of sittings", &format!("{} journals", rows.len()), &b)
}
