//! `examday listen`: try the microphone before a sitting. Prints what the proctor's ears make of the room as
//! JSON lines, one per 200 ms block with speech or a spike in it (every block with `--levels`). Nothing is
//! recorded. The capture test drives it too, as the app's real capture path.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::Result;
use clap::Args;
use serde_json::json;

use super::Outcome;
use crate::app::microphone::{self, MicrophoneChoice, MicrophoneReport};

#[derive(Debug, Clone, Args)]
pub struct ListenArgs {
    /// `auto` (the default input) or part of an input's name.
    #[arg(long, value_name = "auto|NAME", default_value = "auto")]
    pub microphone: MicrophoneChoice,
    /// Stop after this many seconds.
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=86_400))]
    pub seconds: u32,
    /// Print every block, not only those with speech or a spike: a level meter.
    #[arg(long)]
    pub levels: bool,
}

/// Lines: `{"opened":NAME}` first, then `{"speech_ms":N,"spike":B,"level_db":X}` blocks, and `{"lost":WHY}` if
/// the stream fails (exit 1, as when no microphone opens).
pub fn run(args: ListenArgs) -> Result<Outcome> {
    let (tx, rx) = mpsc::channel();
    let sink = Box::new(move |report| {
        let _ = tx.send(report);
    });
    let Some(handle) = microphone::start(&args.microphone, sink)? else {
        match args.microphone {
            MicrophoneChoice::Off => eprintln!("examday: the microphone is off"),
            _ => eprintln!("examday: no microphone opened (none found, or the default input would not open)"),
        }
        return Ok(Outcome::Finding);
    };
    handle.want_levels(args.levels);
    let end = Instant::now() + Duration::from_secs(u64::from(args.seconds));
    loop {
        let left = end.saturating_duration_since(Instant::now());
        let report = match rx.recv_timeout(left) {
            Ok(report) => report,
            Err(_) => return Ok(Outcome::Ok),
        };
        let line = match report {
            MicrophoneReport::Opened { name } => json!({ "opened": name }),
            MicrophoneReport::Heard(h) => {
                let level_db = (f64::from(h.level_db) * 10.0).round() / 10.0;
                json!({ "speech_ms": h.speech_ms, "spike": h.spike, "level_db": level_db })
            }
            MicrophoneReport::Lost { why } => {
                println!("{}", json!({ "lost": why }));
                return Ok(Outcome::Finding);
            }
        };
        println!("{line}");
    }
}
