//! `examday`: parse the command line, run the command, and decide the exit code here and only here:
//! 0 ok, 1 a finding (a tampered journal, an exam with errors), 2 bad usage or bad input, and for a sitting
//! stopped from outside before its end 128 + the signal's number (143 for SIGTERM), or 3 (its window destroyed).

use std::process::ExitCode;

use clap::Parser;
use examday::cli::{self, Cli, Outcome};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli::run(cli) {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::Finding) => ExitCode::from(1),
        Ok(Outcome::BadInput) => ExitCode::from(2),
        Ok(Outcome::Stopped(code)) => ExitCode::from(code),
        Err(e) => {
            eprintln!("examday: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
