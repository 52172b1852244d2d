//! The debrief outputs: HTML with every section, PNGs that decode at their size, and the history of sittings.

use std::process::Command;

use examday::app::bundled;
use examday::journal::Journal;
use examday::review::Report;

use crate::candidate;
use crate::cli::examday;
use crate::support::fixture;

fn mock() -> std::sync::Arc<examday::exam::Paper> {
    bundled::open(bundled::find("pmle-mock-1").unwrap()).unwrap().paper
}

fn start(day: u32) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339(&format!("2026-11-{day:02}T09:00:00.000+01:00")).unwrap()
}

/// Writes `count` synthetic full sittings into `dir`, a day apart.
fn sittings(dir: &std::path::Path, count: u32) {
    let paper = mock();
    for i in 0..count {
        let text = candidate::journal(&candidate::sitting(paper.clone(), u64::from(i) + 1), start(1 + i));
        std::fs::write(dir.join(format!("202611{:02}-090000-pmle-mock-1.jsonl", 1 + i)), text).unwrap();
    }
}

#[test]
fn a_synthetic_sitting_looks_like_a_real_one() {
    let events = candidate::sitting(mock(), 3);
    let r = Report::from_journal(&Journal::read(candidate::journal(&events, start(1)).as_bytes())).unwrap();
    assert!(r.submitted_reason.is_some());
    assert_eq!(r.answered, 60);
    assert!(r.duration_ms > 60 * 60_000, "a long sitting: {} min", r.duration_ms / 60_000);
    assert!(r.focus_losses >= 1 && r.idle_incidents >= 1);
    assert!(r.stamina.is_some());
}

#[test]
fn the_html_debrief_has_every_section_and_is_well_formed() {
    let dir = tempfile::tempdir().unwrap();
    sittings(dir.path(), 1);
    let journal = dir.path().join("20261101-090000-pmle-mock-1.jsonl");
    let out_html = dir.path().join("debrief.html");
    let out = examday(&["review", journal.to_str().unwrap(), "--html", out_html.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let html = std::fs::read_to_string(&out_html).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    for id in [
        "summary",
        "timeline",
        "pace",
        "blocks",
        "domains",
        "tags",
        "questions",
        "changes",
        "incidents",
        "integrity",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "section {id}");
    }
    assert!(
        !html.contains("<script") && !html.contains("http://")
            || html.contains("xmlns=\"http://www.w3.org/2000/svg\"")
    );
    assert!(!html.contains("<script"), "no scripts");
    assert!(!html.replace("http://www.w3.org/2000/svg", "").contains("http"), "no network");
    well_formed(&html);
    if let Some(shots) = std::env::var_os("EXAMDAY_SHOTS") {
        let shots = std::path::PathBuf::from(shots);
        std::fs::write(shots.join("debrief.html"), &html).unwrap();
        std::fs::copy(&journal, shots.join("synthetic-sitting.jsonl")).unwrap();
        let png = shots.join("debrief.png");
        examday(&["review", journal.to_str().unwrap(), "--png", png.to_str().unwrap()]);
    }
}

/// Every element opened is closed, in order (void elements aside).
fn well_formed(html: &str) {
    const VOID: [&str; 4] = ["meta", "br", "img", "!DOCTYPE"];
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let end = rest.find('>').expect("an unclosed tag");
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack.pop().unwrap_or_default();
            assert_eq!(open, name.trim(), "</{name}> closes <{open}>");
        } else if !tag.ends_with('/') {
            let name = tag.split_whitespace().next().unwrap_or("").to_string();
            if !VOID.contains(&name.as_str()) && name != "style" {
                stack.push(name);
            } else if name == "style" {
                let close = rest.find("</style>").expect("style closes");
                rest = &rest[close + "</style>".len()..];
            }
        }
    }
    assert!(stack.is_empty(), "left open: {stack:?}");
}

#[test]
fn the_png_has_the_timeline_and_pace_at_its_size() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("charts.png");
    let out = examday(&[
        "review",
        fixture("journals/full-sitting.jsonl").to_str().unwrap(),
        "--png",
        png.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let img = image::open(&png).unwrap();
    assert_eq!((img.width(), img.height()), (1600, 1000));
}

#[test]
fn history_lists_sittings_in_date_order_and_the_bad_journals_with_their_reason() {
    let dir = tempfile::tempdir().unwrap();
    sittings(dir.path(), 3);
    // One tampered (a line dropped), one unreadable.
    let text = std::fs::read_to_string(dir.path().join("20261102-090000-pmle-mock-1.jsonl")).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.remove(30);
    std::fs::write(dir.path().join("20261102-090000-pmle-mock-1.jsonl"), lines.join("\n") + "\n").unwrap();
    std::fs::write(dir.path().join("junk.jsonl"), "{not json\n").unwrap();
    let out = examday(&["history", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<&str> = text.lines().filter(|l| l.starts_with("2026-")).collect();
    assert_eq!(rows.len(), 2, "{text}");
    assert!(rows[0].starts_with("2026-11-01") && rows[1].starts_with("2026-11-03"), "{text}");
    assert!(text.contains("Journals left out (2):"), "{text}");
    assert!(text.contains("20261102-090000-pmle-mock-1.jsonl: tampered: record 31 (line 31)"), "{text}");
    assert!(text.contains("junk.jsonl: record 1 (line 1): not a journal record"), "{text}");

    let out = examday(&["history", "--json", "--exam", "quick-rehearsal", dir.path().to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["sittings"].as_array().unwrap().len(), 0, "the filter keeps one exam");
    assert_eq!(v["problems"].as_array().unwrap().len(), 2, "problems are never filtered away");

    let png = dir.path().join("history.png");
    let html = dir.path().join("history.html");
    let out = examday(&[
        "history",
        dir.path().to_str().unwrap(),
        "--png",
        png.to_str().unwrap(),
        "--html",
        html.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let img = image::open(&png).unwrap();
    assert_eq!((img.width(), img.height()), (1600, 820));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("id=\"trend\"") && page.contains("id=\"sittings\""));
    well_formed(&page);
    if let Some(shots) = std::env::var_os("EXAMDAY_SHOTS") {
        let shots = std::path::PathBuf::from(shots);
        std::fs::copy(&png, shots.join("history.png")).unwrap();
        std::fs::copy(&html, shots.join("history.html")).unwrap();
    }
}

#[test]
fn history_says_when_there_is_nothing_to_read() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_examday"))
        .arg("history")
        .env("EXAMDAY_HOME", dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no journals yet"));
}
