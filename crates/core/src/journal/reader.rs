//! Reads a journal back and checks its chain, tolerating the one damage a crash can do (a last line cut
//! short mid-write) and reporting anything else precisely: which record, which line, what is wrong.

use std::fmt;

use super::event::Event;
use super::record::{GENESIS, HASH_SUFFIX_LEN, Record, hash_hex};

/// A journal as read: the records that could be trusted in order, and what the check found.
#[derive(Clone, Debug)]
pub struct Journal {
    /// Records up to (not including) the first broken one.
    pub records: Vec<Record>,
    pub integrity: Integrity,
    /// A last line cut short by a crash mid-write, ignored: its line number and length in bytes.
    pub truncated: Option<(usize, usize)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Integrity {
    /// Every record chains to the one before; `digest` is the last record's hash.
    Intact { digest: String },
    /// The first place the chain breaks.
    Tampered(Break),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Break {
    /// The record number expected at that place (1-based, = `seq`).
    pub record: u64,
    /// The line in the file (1-based).
    pub line: usize,
    pub what: String,
}

impl fmt::Display for Break {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "record {} (line {}): {}", self.record, self.line, self.what)
    }
}

impl Integrity {
    pub fn is_intact(&self) -> bool {
        matches!(self, Integrity::Intact { .. })
    }
}

impl Journal {
    /// Reads and checks a journal's bytes. Never fails: an unreadable journal is a tampered one at line 1.
    pub fn read(bytes: &[u8]) -> Journal {
        let mut records: Vec<Record> = Vec::new();
        let mut truncated = None;
        let mut ended_at: Option<u64> = None;
        let mut lines = split_lines(bytes);
        // Blank lines at the very end (an editor's extra newline) are neither records nor tampering.
        let content = lines.iter().rposition(|(raw, _)| !is_blank(raw)).map_or(0, |i| i + 1);
        lines.truncate(content);
        let count = lines.len();
        for (i, (raw, has_newline)) in lines.into_iter().enumerate() {
            let line_no = i + 1;
            let expected = records.len() as u64 + 1;
            let prev = records.last().map_or(GENESIS, |r| r.hash.as_str());
            match check_line(raw, expected, prev) {
                Ok(record) => {
                    let broke = |what: String| Break { record: expected, line: line_no, what };
                    let last_t = records.last().map_or(0, |r| r.t_ms);
                    if record.t_ms < last_t {
                        return Journal::broken(
                            records,
                            broke(format!("t_ms {} goes back from {last_t}", record.t_ms)),
                        );
                    }
                    if expected == 1 && !matches!(record.event, Event::SessionStarted(_)) {
                        return Journal::broken(
                            records,
                            broke(format!(
                                "the first record is '{}', not 'session_started'",
                                record.event.name()
                            )),
                        );
                    }
                    if let Some(scored) = ended_at {
                        return Journal::broken(
                            records,
                            broke(format!(
                                "'{}' after the end of the sitting (record {scored} scored it): records were appended",
                                record.event.name()
                            )),
                        );
                    }
                    if matches!(record.event, Event::Scored { .. }) {
                        ended_at = Some(record.seq);
                    }
                    records.push(record);
                }
                Err(_) if i + 1 == count && !has_newline && ended_at.is_none() => {
                    // A crash mid-write leaves a partial last line without its newline: tolerated. (Not after
                    // `scored`: nothing is written after the end, so bytes there were added.)
                    truncated = Some((line_no, raw.len()));
                }
                Err(_) if i + 1 == count && !has_newline => {
                    let scored = ended_at.unwrap_or_default();
                    return Journal::broken(
                        records,
                        Break {
                            record: expected,
                            line: line_no,
                            what: format!(
                                "{} bytes after the end of the sitting (record {scored} scored it): they were added",
                                raw.len()
                            ),
                        },
                    );
                }
                Err(what) => {
                    return Journal::broken(records, Break { record: expected, line: line_no, what });
                }
            }
        }
        if records.is_empty() {
            let what = if truncated.is_some() {
                "the only line is cut short: the sitting crashed before its first record was complete"
            } else {
                "the journal is empty"
            };
            return Journal::broken(records, Break { record: 1, line: 1, what: what.to_string() });
        }
        let digest = records.last().map(|r| r.hash.clone()).unwrap_or_default();
        Journal { records, integrity: Integrity::Intact { digest }, truncated }
    }

    fn broken(records: Vec<Record>, b: Break) -> Journal {
        Journal { records, integrity: Integrity::Tampered(b), truncated: None }
    }
}

fn is_blank(raw: &[u8]) -> bool {
    raw.iter().all(u8::is_ascii_whitespace)
}

/// Lines with whether each ended in a newline. A final newline does not make an empty last line.
fn split_lines(bytes: &[u8]) -> Vec<(&[u8], bool)> {
    let mut lines = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        match rest.iter().position(|&b| b == b'\n') {
            Some(i) => {
                lines.push((&rest[..i], true));
                rest = &rest[i + 1..];
            }
            None => {
                lines.push((rest, false));
                rest = &[];
            }
        }
    }
    lines
}

fn check_line(raw: &[u8], expected: u64, prev: &str) -> Result<Record, String> {
    let text = std::str::from_utf8(raw)
        .map_err(|e| format!("not UTF-8 text (bad byte at column {})", e.valid_up_to() + 1))?;
    let text = text.strip_suffix('\r').unwrap_or(text);
    if text.trim().is_empty() {
        return Err("a blank line where a record should be".to_string());
    }
    let record: Record = serde_json::from_str(text).map_err(|e| format!("not a journal record: {e}"))?;
    if record.seq != expected {
        return Err(if record.seq > expected {
            format!(
                "found record {} where record {expected} should be: records are missing or out of order",
                record.seq
            )
        } else {
            format!(
                "found record {} again where record {expected} should be: records are repeated or out of order",
                record.seq
            )
        });
    }
    if record.prev != prev {
        return Err(format!(
            "its prev does not match the hash of record {}: that record was changed and re-hashed, or records were inserted, removed or reordered",
            expected - 1
        ));
    }
    let suffix = format!(",\"hash\":\"{}\"}}", record.hash);
    let body_open = match text.strip_suffix(&suffix) {
        Some(body) if suffix.len() == HASH_SUFFIX_LEN => body,
        _ => return Err("the record does not end with its hash field".to_string()),
    };
    if hash_hex(prev, body_open, "}") != record.hash {
        return Err("its hash does not match its content: the record was edited".to_string());
    }
    Ok(record)
}
