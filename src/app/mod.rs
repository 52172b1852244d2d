//! The shell: everything that touches the OS (files, the async runtime, later the window and the sound card),
//! turning it into core inputs and core outputs into effects.

pub mod exam_file;
pub mod journal_writer;
pub mod paths;
