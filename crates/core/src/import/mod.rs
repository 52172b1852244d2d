//! Question banks candidates already have, as exams: Moodle GIFT, Aiken, Moodle XML, Markdown as cert-prep
//! repositories write it, and CSV/TSV (with Anki's text export).
//!
//! Each parser reads one file's text into the neutral [`Imported`] form: the questions with the line each starts
//! on, what examday cannot sit (essays, matching, numeric...) in `skipped`, and what is broken in `problems`;
//! nothing is dropped silently and no input makes a parser panic. [`convert`] turns the questions of one or more
//! files into an exam file (TOML) and a [`Summary`]. The shell reads the files, walks folders, fetches the images
//! sources name and writes the result; `examday run` and `check` do the same in memory.

pub mod aiken;
mod convert;
pub mod csv_bank;
pub mod gift;
pub mod markdown;
pub mod moodle_xml;
mod source;
pub mod text;
mod types;

pub use convert::{
    Conversion, ConvertError, DEFAULT_DOMAIN, DEFAULT_DRAW, Located, MINUTES_PER_QUESTION, Settings, Source,
    Summary, asked_count, convert, slug,
};
pub use source::{DecodeError, Format, decode, detect};
pub use types::{ImageRef, Imported, ImportedOption, ImportedQuestion, Problem, Skipped};

/// The questions of one file of `format` (its messages carry lines; the summary puts the file in front).
pub fn parse(format: Format, text: &str) -> Imported {
    match format {
        Format::Gift => gift::parse(text),
        Format::Aiken => aiken::parse(text),
        Format::MoodleXml => moodle_xml::parse(text),
        // The Markdown reader puts a file name in front of its messages when given one; the summary does that.
        Format::Markdown => markdown::parse("", text),
        Format::Csv => csv_bank::parse(text),
    }
}
