//! The index of finished sittings: one line per scored sitting, kept outside the journals, so that a journal
//! whose last records (`submitted`, `scored`) were cut off cannot pass for one that never finished, be offered
//! for resuming, and let the candidate answer again after seeing the results.
//!
//! A line is tab-separated: the hash of the journal's first record (the sitting's identity), the `scored`
//! record's number and hash (the digest the results screen shows), the exam id, and the journal's file name.

use std::collections::HashMap;

use super::reader::Journal;

/// A finished sitting, as the index records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finished {
    /// The hash of the journal's first record.
    pub first_hash: String,
    pub exam_id: String,
    /// The `scored` record's number and hash.
    pub scored_seq: u64,
    pub scored_hash: String,
}

/// The index as read: finished sittings by the hash of their first record.
#[derive(Clone, Debug, Default)]
pub struct FinishedIndex {
    by_first: HashMap<String, Finished>,
}

/// How a journal ends, checked against the index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Completion {
    /// It ends with `scored`.
    Finished,
    /// It has no `scored` record and the index does not know it as finished: it may be resumed.
    Unfinished,
    /// The index says it was scored, but the journal stops before that record: its end was removed.
    CutShort { scored_seq: u64, scored_hash: String, last_seq: u64 },
}

impl FinishedIndex {
    /// Reads the index's text; lines that are not well formed are skipped (a torn last line after a crash).
    pub fn parse(text: &str) -> FinishedIndex {
        let mut by_first = HashMap::new();
        for line in text.lines() {
            let fields: Vec<&str> = line.split('\t').collect();
            let [first_hash, seq, scored_hash, exam_id, ..] = fields.as_slice() else { continue };
            let hex = |s: &str| s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit());
            let Ok(scored_seq) = seq.parse::<u64>() else { continue };
            if !hex(first_hash) || !hex(scored_hash) {
                continue;
            }
            let entry = Finished {
                first_hash: first_hash.to_string(),
                exam_id: exam_id.to_string(),
                scored_seq,
                scored_hash: scored_hash.to_string(),
            };
            by_first.insert(entry.first_hash.clone(), entry);
        }
        FinishedIndex { by_first }
    }

    /// The line that records a finished sitting (with its newline). Tabs and newlines in the file name are
    /// replaced so the line stays one line of five fields.
    pub fn line(finished: &Finished, journal_name: &str) -> String {
        let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
        format!(
            "{}\t{}\t{}\t{}\t{}\n",
            finished.first_hash,
            finished.scored_seq,
            finished.scored_hash,
            clean(&finished.exam_id),
            clean(journal_name)
        )
    }

    pub fn get(&self, first_hash: &str) -> Option<&Finished> {
        self.by_first.get(first_hash)
    }

    pub fn len(&self) -> usize {
        self.by_first.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_first.is_empty()
    }

    /// How `journal` (read intact) ends, by its own records and by this index.
    pub fn completion(&self, journal: &Journal) -> Completion {
        let last = journal.records.last();
        if last.is_some_and(|r| matches!(r.event, super::Event::Scored { .. })) {
            return Completion::Finished;
        }
        let Some(first) = journal.records.first() else { return Completion::Unfinished };
        match self.get(&first.hash) {
            Some(f) => Completion::CutShort {
                scored_seq: f.scored_seq,
                scored_hash: f.scored_hash.clone(),
                last_seq: last.map_or(0, |r| r.seq),
            },
            None => Completion::Unfinished,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_lines_read_back_and_torn_lines_are_skipped() {
        let f = Finished {
            first_hash: "a".repeat(64),
            exam_id: "pmle-mock-1".into(),
            scored_seq: 212,
            scored_hash: "b".repeat(64),
        };
        let text = FinishedIndex::line(&f, "20261126-090000-pmle\tmock.jsonl") + "cccc\t12\t";
        assert_eq!(text.lines().next().unwrap().split('\t').count(), 5);
        let index = FinishedIndex::parse(&text);
        assert_eq!(index.len(), 1);
        assert_eq!(index.get(&"a".repeat(64)), Some(&f));
    }
}
