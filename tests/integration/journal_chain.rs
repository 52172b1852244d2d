//! The journal's hash chain: what `verify` accepts, and every kind of tampering it must catch.

use chrono::Duration;
use examday::journal::{Chain, Event, Integrity, Journal};

use crate::cli::examday;
use crate::support::{full_sitting, wall_start};

fn lines(journal: &str) -> Vec<String> {
    journal.lines().map(|l| format!("{l}\n")).collect()
}

fn broken(journal: &str) -> String {
    match Journal::read(journal.as_bytes()).integrity {
        Integrity::Tampered(b) => b.to_string(),
        Integrity::Intact { .. } => panic!("the change went unnoticed"),
    }
}

#[test]
fn a_sealed_journal_is_intact_and_its_digest_is_the_last_hash() {
    let text = full_sitting().journal();
    let journal = Journal::read(text.as_bytes());
    let n = text.lines().count();
    assert_eq!(journal.records.len(), n);
    assert_eq!(journal.integrity, Integrity::Intact { digest: journal.records[n - 1].hash.clone() });
    assert!(journal.records.iter().enumerate().all(|(i, r)| r.seq == i as u64 + 1));
    assert!(journal.truncated.is_none());
    let first = text.lines().next().unwrap();
    assert!(
        first.starts_with(
            r#"{"seq":1,"at":"2026-11-26T09:00:00.000+01:00","t_ms":0,"event":"session_started","#
        ),
        "{first}"
    );
    assert!(first.ends_with(&format!(r#","hash":"{}"}}"#, journal.records[0].hash)));
}

#[test]
fn one_changed_byte_is_caught() {
    let text = full_sitting().journal();
    let mut l = lines(&text);
    l[6] = l[6].replacen("\"t_ms\":", "\"t_ms\":1", 1);
    assert_eq!(
        broken(&l.concat()),
        "record 7 (line 7): its hash does not match its content: the record was edited"
    );
    // A byte inside the paper copy in the first record.
    let mut l = lines(&text);
    l[0] = l[0].replacen("Dataflow", "Dataflew", 1);
    assert_eq!(
        broken(&l.concat()),
        "record 1 (line 1): its hash does not match its content: the record was edited"
    );
}

#[test]
fn a_deleted_line_is_caught() {
    let mut l = lines(&full_sitting().journal());
    l.remove(9);
    assert_eq!(
        broken(&l.concat()),
        "record 10 (line 10): found record 11 where record 10 should be: records are missing or out of order"
    );
}

#[test]
fn two_swapped_lines_are_caught() {
    let mut l = lines(&full_sitting().journal());
    l.swap(11, 12);
    assert_eq!(
        broken(&l.concat()),
        "record 12 (line 12): found record 13 where record 12 should be: records are missing or out of order"
    );
}

#[test]
fn an_appended_forged_line_is_caught() {
    let text = full_sitting().journal();
    let journal = Journal::read(text.as_bytes());
    let last = journal.records.last().unwrap();
    // Forged with a made-up hash.
    let fake = format!(
        "{{\"seq\":{},\"at\":\"2026-11-26T09:20:00.000+01:00\",\"t_ms\":1200000,\"event\":\"scored\",\"score_percent\":100.0,\"passed\":true,\"correct\":4,\"total\":4,\"prev\":\"{}\",\"hash\":\"{}\"}}\n",
        last.seq + 1,
        last.hash,
        "ab".repeat(32)
    );
    let n = journal.records.len() + 1;
    assert_eq!(
        broken(&format!("{text}{fake}")),
        format!("record {n} (line {n}): its hash does not match its content: the record was edited")
    );
    // Forged with a correctly computed hash: the chain holds, but nothing may follow the end of a sitting.
    let mut chain = Chain::after(last);
    let forged = chain.seal(
        wall_start() + Duration::minutes(20),
        last.t(),
        &Event::Scored { score_percent: 100.0, passed: true, correct: 4, total: 4 },
    );
    assert_eq!(
        broken(&format!("{text}{forged}")),
        format!(
            "record {n} (line {n}): 'scored' after the end of the sitting (record {} scored it): records were appended",
            n - 1
        )
    );
}

#[test]
fn a_re_hashed_record_breaks_the_next_link() {
    let text = full_sitting().journal();
    let journal = Journal::read(text.as_bytes());
    let mut l = lines(&text);
    // Rewrite record 8 with a different time and a correct hash of its own.
    let r = &journal.records[7];
    let mut chain = Chain::after(&journal.records[6]);
    l[7] = chain.seal(r.at, r.t() + examday::Elapsed::from_secs(1), &r.event);
    assert_ne!(l[7], lines(&text)[7]);
    assert_eq!(
        broken(&l.concat()),
        "record 9 (line 9): its prev does not match the hash of record 8: that record was changed and re-hashed, or records were inserted, removed or reordered"
    );
}

#[test]
fn an_inserted_line_is_caught() {
    let mut l = lines(&full_sitting().journal());
    let copy = l[4].clone();
    l.insert(5, copy);
    assert_eq!(
        broken(&l.concat()),
        "record 6 (line 6): found record 5 again where record 6 should be: records are repeated or out of order"
    );
}

#[test]
fn a_last_line_cut_short_by_a_crash_is_tolerated_and_said() {
    let text = full_sitting().journal();
    let cut = &text[..text.len() - 40];
    let journal = Journal::read(cut.as_bytes());
    let n = text.lines().count();
    assert!(journal.integrity.is_intact());
    assert_eq!(journal.records.len(), n - 1);
    let last_len = text.lines().last().unwrap().len() - 39;
    assert_eq!(journal.truncated, Some((n, last_len)));
}

#[test]
fn a_cut_line_in_the_middle_is_not_a_crash() {
    let mut l = lines(&full_sitting().journal());
    l[3] = format!("{}\n", &l[3][..30]);
    assert!(broken(&l.concat()).starts_with("record 4 (line 4): not a journal record: "));
}

#[test]
fn empty_and_foreign_files_are_reported() {
    assert_eq!(broken(""), "record 1 (line 1): the journal is empty");
    assert!(broken("hello\n").starts_with("record 1 (line 1): not a journal record: "));
    let bytes = [0xffu8, 0xfe, b'\n'];
    match Journal::read(&bytes).integrity {
        Integrity::Tampered(b) => {
            assert_eq!(b.to_string(), "record 1 (line 1): not UTF-8 text (bad byte at column 1)")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn verify_prints_intact_or_tampered_with_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.jsonl");
    let text = full_sitting().journal();
    std::fs::write(&good, &text).unwrap();
    let out = examday(&["verify", good.to_str().unwrap()]);
    let digest = Journal::read(text.as_bytes()).records.last().unwrap().hash.clone();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("intact, finished: {} records, digest {digest}\n", text.lines().count())
    );

    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, text.replacen("\"marked\"", "\"unmarked\"", 1)).unwrap();
    let out = examday(&["verify", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("tampered: record "), "{:?}", out);

    let cut = dir.path().join("cut.jsonl");
    std::fs::write(&cut, &text[..text.len() - 10]).unwrap();
    let out = examday(&["verify", cut.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("was cut short by a crash mid-write and is ignored")
    );

    let out = examday(&["verify", dir.path().join("missing.jsonl").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
}
