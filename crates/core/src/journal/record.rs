//! One journal line: an event with its sequence number, wall-clock and sitting times, sealed into a SHA-256
//! chain. `hash` = SHA-256 hex of `prev` followed by the line's JSON without its `hash` field.

use chrono::{DateTime, FixedOffset, SecondsFormat};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::event::Event;
use crate::Elapsed;

/// The `prev` of the first record.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Every sealed line ends with exactly this many bytes: `,"hash":"` + 64 hex digits + `"}`.
pub(super) const HASH_SUFFIX_LEN: usize = 9 + 64 + 2;

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Record {
    pub seq: u64,
    pub at: DateTime<FixedOffset>,
    pub t_ms: u64,
    #[serde(flatten)]
    pub event: Event,
    pub prev: String,
    pub hash: String,
}

#[derive(Serialize)]
struct Body<'a> {
    seq: u64,
    at: String,
    t_ms: u64,
    #[serde(flatten)]
    event: &'a Event,
    prev: &'a str,
}

impl Record {
    pub fn t(&self) -> Elapsed {
        Elapsed::from_ms(self.t_ms)
    }
}

/// Seals events into chained journal lines, one after another (pure: the time and wall clock come in).
#[derive(Clone, Debug)]
pub struct Chain {
    next_seq: u64,
    prev: String,
}

impl Chain {
    /// A chain for a new journal.
    pub fn new() -> Chain {
        Chain { next_seq: 1, prev: GENESIS.to_string() }
    }

    /// A chain that goes on after `last`, the last record of an existing journal (resuming a sitting).
    pub fn after(last: &Record) -> Chain {
        Chain { next_seq: last.seq + 1, prev: last.hash.clone() }
    }

    /// The line for `event` (with its newline), and the chain moves on.
    pub fn seal(&mut self, at: DateTime<FixedOffset>, t: Elapsed, event: &Event) -> String {
        let body = Body {
            seq: self.next_seq,
            at: at.to_rfc3339_opts(SecondsFormat::Millis, false),
            t_ms: t.as_ms(),
            event,
            prev: &self.prev,
        };
        // Serializing plain data into a String cannot fail; the fallback keeps this total anyway.
        let mut line =
            serde_json::to_string(&body).unwrap_or_else(|e| format!("{{\"error\":{:?}}}", e.to_string()));
        line.pop(); // the closing brace; the hash goes before it
        let hash = hash_hex(&self.prev, &line, "}");
        line.push_str(",\"hash\":\"");
        line.push_str(&hash);
        line.push_str("\"}\n");
        self.next_seq += 1;
        self.prev = hash;
        line
    }
}

impl Default for Chain {
    fn default() -> Self {
        Chain::new()
    }
}

/// SHA-256 hex of `prev`, then `body_open` (a record's JSON up to, not including, its hash) and `close`.
pub(super) fn hash_hex(prev: &str, body_open: &str, close: &str) -> String {
    let mut h = Sha256::new();
    h.update(prev.as_bytes());
    h.update(body_open.as_bytes());
    h.update(close.as_bytes());
    hex(&h.finalize())
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

/// SHA-256 hex of some bytes (an exam file's fingerprint).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}
