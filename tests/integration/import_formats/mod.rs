//! Each importer on its own: the bank fixtures (`tests/fixtures/banks/`, written for these tests) and the real
//! samples in `tests/fixtures/corpora/` (each with its licence), parsed to exactly what the source says, with
//! the lines of what was skipped or broken, and no panic on any cut or mutated input.

mod aiken;
mod common;
mod csv_bank;
mod gift_golden;
mod moodle_xml;
