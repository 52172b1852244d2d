//! The record of a sitting: the event schema, one JSON line per event sealed into a SHA-256 chain, and a
//! reader that checks the chain and tolerates a crash's cut-short last line. Pure: writing to disk is the
//! shell's job (`app::journal_writer`).

mod event;
mod finished;
mod reader;
mod record;

pub use event::{
    AlertKind, Bank, Breach, CheckStatus, Event, Host, Sensor, SensorKind, SessionStarted, SubmitReason,
};
pub use finished::{Completion, Finished, FinishedIndex};
pub use reader::{Break, Integrity, Journal};
pub use record::{Chain, GENESIS, Record, hex, sha256_hex};
