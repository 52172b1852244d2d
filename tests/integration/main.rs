//! examday's integration tests: one binary, one module per part of the app.

mod banks;
mod bundled_exams;
mod camera;
mod candidate;
mod cli;
mod debrief;
mod desktop;
mod driver_rules;
mod exam_files;
mod exam_lint;
mod holes;
mod import_banks;
mod import_formats;
mod journal_chain;
mod journal_writer;
mod layering;
mod microphone;
mod proctor_rules;
mod review_report;
mod screens;
mod sensor_driver;
mod sensor_rules;
mod sitting_flow;
mod support;
mod voice;
mod wav;
