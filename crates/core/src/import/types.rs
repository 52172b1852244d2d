//! What an importer gives back: questions in a neutral form, with the line each came from, and everything it
//! could not take (skipped questions, problems), so that nothing is dropped silently. Every importer (GIFT,
//! Aiken, Moodle XML, Markdown, CSV) fills these; `convert` turns them into an exam file.

/// One question as found in the source.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ImportedQuestion {
    /// 1-based line where the question starts in its file.
    pub line: usize,
    /// The source's own name or number for it (GIFT `::title::`, Moodle `<name>`, a Markdown number, a CSV id
    /// column), when it has one. The integration turns it into a stable id; do not make ids up here.
    pub name: Option<String>,
    /// Category / folder / column the question belongs to, if the source says.
    pub domain: Option<String>,
    pub tags: Vec<String>,
    /// Plain text (HTML already turned into text with `text::html_to_text` where the source is HTML). Paragraphs
    /// are separated by a blank line ("\n\n"); no trailing whitespace.
    pub stem: String,
    pub options: Vec<ImportedOption>,
    /// General feedback / explanation, plain text.
    pub explanation: Option<String>,
    /// An image the question shows: a file the source embeds (written next to the output) or a path it names.
    pub image: Option<ImageRef>,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ImportedOption {
    pub text: String,
    pub correct: bool,
    /// Per-option feedback, plain text.
    pub why: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImageRef {
    /// The source embeds the image (Moodle's base64 `<file>`): its file name and bytes.
    Embedded { name: String, bytes: Vec<u8> },
    /// The source names a file (Markdown `![](img/x.png)`), relative to the source file.
    Path(String),
}

/// A question examday cannot sit (essay, matching, numeric, short answer, cloze with several gaps...), kept in
/// the report with its line so nothing disappears silently.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub line: usize,
    /// The kind, in a few words: "essay", "matching", "numerical", "short answer", "description"...
    pub kind: String,
    /// The start of the question's text (at most ~60 characters), so the user can find it.
    pub excerpt: String,
}

/// Something wrong in the source: a question without a marked answer, an answer letter with no option, an
/// option list that ends early, a brace never closed, a row with a missing column... The question concerned is
/// not imported; everything sound around it still is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub message: String,
}

/// Everything one source file gave.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Imported {
    /// A title the source gives itself (a Markdown `# Heading`, an Anki deck name), if any.
    pub title: Option<String>,
    pub questions: Vec<ImportedQuestion>,
    pub skipped: Vec<Skipped>,
    pub problems: Vec<Problem>,
}
