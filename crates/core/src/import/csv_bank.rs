//! CSV and TSV are how question banks travel between spreadsheets, exam-prep sites and Anki, so examday reads
//! them: one question a row, columns found by their header's name (question, A…H or option1…8, answer, …), and
//! Anki's text exports, whose `#separator:`, `#html:`, `#columns:`, `#deck:` and `#… column:` lines say how to
//! read them.
//!
//! A row that cannot be a question (a cell missing, no answer, an answer naming an empty option) is reported with
//! its line and left out; the other rows are still imported. A header without a question or an answer column
//! makes the whole file a single problem. Rows without options (Anki's front/back flashcards) are listed as
//! skipped, not as problems.

use csv::ReaderBuilder;

use super::moodle_xml::{has_html_tags, html_text, img_sources, percent_decode};
use super::text::{html_to_text, tidy};
use super::types::{ImageRef, Imported, ImportedOption, ImportedQuestion, Problem, Skipped};

/// Options examday can show for one question.
const MAX_OPTIONS: usize = 8;

const FLASHCARD: &str = "flashcard (no options)";

/// Questions of a CSV, TSV or Anki text file.
pub fn parse(text: &str) -> Imported {
    let anki = AnkiHeader::read(text);
    let mut out = Imported { title: anki.deck.clone(), ..Imported::default() };
    let body = text.get(anki.body_start..).unwrap_or_default();
    let delimiter = anki.separator.unwrap_or_else(|| {
        let sample = anki.columns.as_ref().map(|(_, c)| c.as_str()).unwrap_or_else(|| first_line(body));
        guess_delimiter(sample)
    });

    let mut rows: Vec<(usize, Vec<String>)> = Vec::new();
    let mut reader = ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());
    let mut lines = LineCounter::new(body, anki.lines);
    for record in reader.records() {
        match record {
            Ok(record) => {
                let line = lines.line_at(record.position().map_or(0, |p| p.byte()));
                rows.push((line, record.iter().map(str::to_string).collect()));
            }
            Err(error) => {
                let line = lines.line_at(error.position().map_or(0, |p| p.byte()));
                out.problems.push(Problem {
                    line,
                    message: format!("unreadable row ({error}); rows after it are not imported"),
                });
                break;
            }
        }
    }

    // The header: Anki's `#columns:`, else the first row, else (an Anki export without column names) made up
    // from the `#… column:` lines, the first field standing for the question.
    let (header_line, header, data) = if let Some((line, columns)) = &anki.columns {
        let names = columns.split(char::from(delimiter)).map(|c| c.trim().to_string()).collect();
        (*line, names, &rows[..])
    } else if let Some((first, rest)) = rows.split_first() {
        // Under Anki's header lines the first row is data, unless it names a question and an answer column.
        let as_header = Columns::map(&first.1, &AnkiHeader::default());
        if !anki.present || (as_header.question.is_some() && as_header.answer.is_some()) {
            (first.0, first.1.clone(), rest)
        } else {
            let width = first.1.len();
            (anki.lines.max(1), anki.made_up_header(width), &rows[..])
        }
    } else {
        return out;
    };

    let columns = Columns::map(&header, &anki);
    let Some(question_column) = columns.question else {
        out.problems.push(Problem {
            line: header_line,
            message: "the header has no question column (question, stem or prompt); nothing imported"
                .to_string(),
        });
        return out;
    };
    // Anki's own notes (front/back) need no answer column: without options they are flashcards.
    if columns.answer.is_none() && (columns.has_options() || !anki.present) {
        out.problems.push(Problem {
            line: header_line,
            message: "the header has no answer column (answer, correct or key); nothing imported".to_string(),
        });
        return out;
    }

    let html = anki.html;
    let clean = |cell: &str| match html {
        Some(true) => html_text(cell),
        Some(false) => tidy(cell),
        None if has_html_tags(cell) => html_to_text(cell),
        None => tidy(cell),
    };
    for (line, cells) in data {
        let line = *line;
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if cells.len() < header.len() {
            let mut message = format!("row has {} cells, the header {}", cells.len(), header.len());
            if cells.last().is_some_and(|c| c.contains('\n')) {
                message.push_str(" (a quoted cell may never be closed)");
            }
            out.problems.push(Problem { line, message });
            continue;
        }
        let cell =
            |column: Option<usize>| column.and_then(|c| cells.get(c)).map(|c| clean(c)).unwrap_or_default();
        let raw_question = cells.get(question_column).map(String::as_str).unwrap_or_default();
        let stem = clean(raw_question);
        if stem.is_empty() {
            out.problems.push(Problem { line, message: "row has no question text".into() });
            continue;
        }
        let slots: Vec<Option<String>> = columns.options.iter().map(|c| c.map(|c| cell(Some(c)))).collect();
        if slots.iter().flatten().all(String::is_empty) {
            out.skipped.push(Skipped { line, kind: FLASHCARD.into(), excerpt: excerpt(&stem) });
            continue;
        }
        let answer = cell(columns.answer);
        if answer.is_empty() {
            out.problems
                .push(Problem { line, message: format!("row “{}” has no answer", excerpt(&stem)) });
            continue;
        }
        let right = match answer_slots(&answer, columns.option_count()) {
            Ok(right) => right,
            Err(message) => {
                out.problems.push(Problem { line, message });
                continue;
            }
        };
        if let Some(message) = right.iter().find_map(|&slot| match slots.get(slot) {
            Some(Some(text)) if !text.is_empty() => None,
            Some(Some(_)) => Some(format!("answer {} names an empty option", label(slot))),
            _ => Some(format!(
                "answer {} names an option the header does not have (it has {})",
                label(slot),
                columns.option_labels()
            )),
        }) {
            out.problems.push(Problem { line, message });
            continue;
        }
        let options: Vec<ImportedOption> = slots
            .iter()
            .enumerate()
            .filter_map(|(slot, text)| {
                let text = text.as_ref().filter(|t| !t.is_empty())?;
                let why = Some(cell(columns.whys[slot])).filter(|w| !w.is_empty());
                Some(ImportedOption { text: text.clone(), correct: right.contains(&slot), why })
            })
            .collect();
        if options.len() < 2 {
            out.problems
                .push(Problem { line, message: format!("row “{}” has only one option", excerpt(&stem)) });
            continue;
        }

        let mut tags: Vec<String> = anki.tags.clone();
        for tag in cell(columns.tags).split(|c: char| c == ',' || c == ';' || c.is_whitespace()) {
            if !tag.is_empty() && !tags.iter().any(|t| t == tag) {
                tags.push(tag.to_string());
            }
        }
        let domain = Some(cell(columns.domain)).filter(|d| !d.is_empty()).or_else(|| {
            cell(columns.deck).rsplit("::").next().map(str::trim).filter(|d| !d.is_empty()).map(String::from)
        });
        let image_cell = columns.image.and_then(|c| cells.get(c)).map(|c| c.trim()).unwrap_or_default();
        let image = if !image_cell.is_empty() {
            Some(ImageRef::Path(image_cell.to_string()))
        } else if html != Some(false) {
            img_sources(raw_question)
                .into_iter()
                .find(|src| {
                    let lower = src.to_ascii_lowercase();
                    !src.is_empty()
                        && !lower.starts_with("data:")
                        && !src.starts_with("//")
                        && !lower.contains("://")
                })
                .map(|src| ImageRef::Path(percent_decode(&src)))
        } else {
            None
        };
        out.questions.push(ImportedQuestion {
            line,
            name: Some(cell(columns.name)).filter(|n| !n.is_empty()),
            domain,
            tags,
            stem,
            options,
            explanation: Some(cell(columns.explanation)).filter(|e| !e.is_empty()),
            image,
        });
    }
    out
}

/// 1-based line numbers of records from their byte offsets. The csv crate's own line count lags by one after a
/// CRLF ("\r" ends the record, the "\n" is counted with the next one), so lines are counted here, forward only.
struct LineCounter<'a> {
    bytes: &'a [u8],
    at: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    /// `before`: lines that precede `text` in the file (Anki's header lines).
    fn new(text: &'a str, before: usize) -> Self {
        LineCounter { bytes: text.as_bytes(), at: 0, line: before + 1 }
    }

    /// The line of the record starting at byte `start` (or at the first character after the line ends there).
    fn line_at(&mut self, start: u64) -> usize {
        let mut start = usize::try_from(start).unwrap_or(usize::MAX).min(self.bytes.len());
        while self.bytes.get(start).is_some_and(|b| *b == b'\r' || *b == b'\n') {
            start += 1;
        }
        if start > self.at {
            self.line += self.bytes[self.at..start].iter().filter(|b| **b == b'\n').count();
            self.at = start;
        }
        self.line
    }
}

/// Which column holds what (0-based indexes into the header).
#[derive(Default)]
struct Columns {
    question: Option<usize>,
    options: [Option<usize>; MAX_OPTIONS],
    whys: [Option<usize>; MAX_OPTIONS],
    answer: Option<usize>,
    explanation: Option<usize>,
    domain: Option<usize>,
    /// Anki's deck column: its last `::` level is the domain when there is no domain column.
    deck: Option<usize>,
    tags: Option<usize>,
    name: Option<usize>,
    image: Option<usize>,
}

impl Columns {
    /// Maps header names (any case, spaces, underscores and punctuation ignored), then Anki's `#… column:` lines.
    fn map(header: &[String], anki: &AnkiHeader) -> Columns {
        let names: Vec<String> = header.iter().map(|h| normalize(h)).collect();
        let find = |aliases: &[&str]| aliases.iter().find_map(|a| names.iter().position(|n| n == a));
        let mut columns = Columns {
            question: find(&["question", "stem", "prompt", "questiontext", "q", "front", "text"]),
            answer: find(&[
                "answer",
                "answers",
                "correct",
                "key",
                "correctanswer",
                "correctanswers",
                "answerkey",
                "correctoption",
                "correctoptions",
                "rightanswer",
            ]),
            explanation: find(&[
                "explanation",
                "feedback",
                "rationale",
                "generalfeedback",
                "explanations",
                "extra",
                "extra1",
                "backextra",
            ]),
            domain: find(&["domain", "category", "topic", "section"]),
            deck: find(&["deck"]),
            tags: find(&["tags", "tag"]),
            name: find(&["id", "name", "number", "no", "qid", "questionid", "questionnumber", "questionno"]),
            image: find(&["image", "picture", "figure", "img"]),
            ..Columns::default()
        };
        for (index, name) in names.iter().enumerate() {
            if let Some(slot) = option_slot(name) {
                columns.options[slot].get_or_insert(index);
            } else if let Some(slot) = why_slot(name) {
                columns.whys[slot].get_or_insert(index);
            }
        }
        let anki_column = |n: Option<usize>| n.and_then(|n| n.checked_sub(1)).filter(|&i| i < header.len());
        if let Some(tags) = anki_column(anki.tags_column) {
            columns.tags = Some(tags);
        }
        if let Some(deck) = anki_column(anki.deck_column) {
            columns.deck = Some(deck);
        }
        if columns.name.is_none() {
            columns.name = anki_column(anki.guid_column);
        }
        if columns.question.is_none() && anki.present {
            // An Anki note type of its own ("Term", "Definition"…): its first field is what is asked.
            let special = [
                columns.tags,
                columns.deck,
                anki_column(anki.notetype_column),
                anki_column(anki.guid_column),
            ];
            columns.question = (0..header.len()).find(|i| !special.contains(&Some(*i)));
        }
        columns
    }

    fn has_options(&self) -> bool {
        self.options.iter().any(Option::is_some)
    }

    fn option_count(&self) -> usize {
        self.options.iter().flatten().count()
    }

    /// "A–D" (or "A, C, D" when there are gaps).
    fn option_labels(&self) -> String {
        let slots: Vec<usize> = (0..MAX_OPTIONS).filter(|&s| self.options[s].is_some()).collect();
        match (slots.first(), slots.last()) {
            (Some(&first), Some(&last)) if last - first + 1 == slots.len() && slots.len() > 2 => {
                format!("options {}–{}", label(first), label(last))
            }
            _ => format!("options {}", slots.iter().map(|&s| label(s)).collect::<Vec<_>>().join(", ")),
        }
    }
}

/// `A`, `Option A`, `option_1`, `Choice 3`, `Answer 2`, `Q_1` (Anki's multiple-choice add-ons) → 0-based slot.
fn option_slot(name: &str) -> Option<usize> {
    if let Some(slot) = slot_suffix(name) {
        return Some(slot);
    }
    ["option", "choice", "opt", "answer", "alternative"]
        .iter()
        .find_map(|prefix| name.strip_prefix(prefix).and_then(slot_suffix))
        .or_else(|| {
            name.strip_prefix('q').filter(|n| n.chars().all(|c| c.is_ascii_digit())).and_then(slot_suffix)
        })
}

/// `Feedback A`, `why_2`, `Rationale B`, `Option A feedback` → 0-based slot of the option it explains.
fn why_slot(name: &str) -> Option<usize> {
    const WORDS: [&str; 4] = ["feedback", "why", "rationale", "explanation"];
    WORDS
        .iter()
        .find_map(|w| name.strip_prefix(w).and_then(|rest| slot_suffix(rest).or_else(|| option_slot(rest))))
        .or_else(|| WORDS.iter().find_map(|w| name.strip_suffix(w).and_then(option_slot)))
}

/// "a".."h" or "1".."8" → 0..7.
fn slot_suffix(rest: &str) -> Option<usize> {
    let mut chars = rest.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    match c {
        'a'..='h' => Some(usize::from(c as u8 - b'a')),
        '1'..='8' => Some(usize::from(c as u8 - b'1')),
        _ => None,
    }
}

/// Lower case, letters and digits only: "Option_A" and "option a" are both "optiona".
fn normalize(name: &str) -> String {
    name.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The right options (0-based slots) named by an answer cell: letters (`B`, `AC`, `A,C`, `A;C`), 1-based numbers
/// (`2`, `1,3`), or one 0/1 flag per option (`0 1 0 1`, as Anki's multiple-choice add-ons write; "0" is never an
/// option number, and "1 1" naming option 1 twice would make no sense).
fn answer_slots(answer: &str, option_columns: usize) -> Result<Vec<usize>, String> {
    let tokens: Vec<&str> = answer
        .split(|c: char| matches!(c, ',' | ';' | '/' | '&' | '+' | '|') || c.is_whitespace())
        .map(|t| t.trim_matches(|c| matches!(c, '.' | '(' | ')' | '[' | ']')))
        .filter(|t| !t.is_empty())
        .collect();
    let unreadable = || {
        format!(
            "answer “{}” is neither option letters (B, AC, A,C) nor option numbers (2, 1,3)",
            excerpt(answer)
        )
    };
    let mut slots: Vec<usize> = Vec::new();
    if tokens.len() >= 2 && tokens.len() <= option_columns && tokens.iter().all(|t| *t == "0" || *t == "1") {
        slots.extend(tokens.iter().enumerate().filter(|(_, t)| **t == "1").map(|(i, _)| i));
        if slots.is_empty() {
            return Err(format!("answer “{}” marks no option as right", excerpt(answer)));
        }
        return Ok(slots);
    }
    let mut push = |slot: usize| {
        if !slots.contains(&slot) {
            slots.push(slot);
        }
    };
    if tokens.iter().all(|t| t.chars().all(|c| c.is_ascii_digit())) {
        for token in &tokens {
            match token.parse::<usize>() {
                Ok(n) if n >= 1 => push(n - 1),
                _ => return Err(format!("answer “{}”: options are numbered from 1", excerpt(answer))),
            }
        }
    } else if tokens.iter().all(|t| t.chars().all(|c| c.is_ascii_alphabetic())) {
        for token in &tokens {
            // "B" or "b" alone; several letters run together only in capitals ("AC"), so that words are not read
            // as letters.
            if token.len() > 1 && !token.chars().all(|c| c.is_ascii_uppercase()) {
                return Err(unreadable());
            }
            for c in token.chars() {
                push(usize::from(c.to_ascii_lowercase() as u8 - b'a'));
            }
        }
    } else {
        return Err(unreadable());
    }
    if slots.is_empty() { Err(unreadable()) } else { Ok(slots) }
}

/// An option's letter for messages: A, B… (its number past Z).
fn label(slot: usize) -> String {
    match u8::try_from(slot) {
        Ok(s) if s < 26 => char::from(b'A' + s).to_string(),
        _ => (slot + 1).to_string(),
    }
}

/// Anki's header lines (`#separator:tab`, `#html:true`, `#columns:…`, `#deck:…`, `#tags column:3`…), read from the
/// top of the file; they end at the first line that is not `#key:value`.
#[derive(Default)]
struct AnkiHeader {
    /// Whether any line Anki defines was found.
    present: bool,
    /// Lines the header takes, and the byte where the rows start.
    lines: usize,
    body_start: usize,
    separator: Option<u8>,
    html: Option<bool>,
    /// The `#columns:` line: its line number and its value.
    columns: Option<(usize, String)>,
    /// 1-based column numbers.
    tags_column: Option<usize>,
    deck_column: Option<usize>,
    notetype_column: Option<usize>,
    guid_column: Option<usize>,
    deck: Option<String>,
    /// `#tags:`: tags for every note.
    tags: Vec<String>,
}

impl AnkiHeader {
    fn read(text: &str) -> AnkiHeader {
        let mut header = AnkiHeader::default();
        for line in text.split_inclusive('\n') {
            let content = line.trim_end_matches(['\n', '\r']);
            let Some((key, value)) = content.strip_prefix('#').and_then(|rest| rest.split_once(':')) else {
                break;
            };
            let key = key.trim().to_ascii_lowercase();
            if key.is_empty() || !key.chars().all(|c| c.is_ascii_lowercase() || c == ' ') {
                break;
            }
            header.lines += 1;
            header.body_start += line.len();
            let number = || value.trim().parse::<usize>().ok().filter(|&n| n >= 1);
            let known = match key.as_str() {
                "separator" => {
                    header.separator = separator(value);
                    true
                }
                "html" => {
                    header.html = Some(value.trim().eq_ignore_ascii_case("true"));
                    true
                }
                "columns" => {
                    header.columns = Some((header.lines, value.to_string()));
                    true
                }
                "tags column" => {
                    header.tags_column = number();
                    true
                }
                "deck column" => {
                    header.deck_column = number();
                    true
                }
                "notetype column" => {
                    header.notetype_column = number();
                    true
                }
                "guid column" => {
                    header.guid_column = number();
                    true
                }
                "deck" => {
                    header.deck = Some(value.trim().to_string()).filter(|d| !d.is_empty());
                    true
                }
                "tags" => {
                    header.tags = value.split_whitespace().map(String::from).collect();
                    true
                }
                "notetype" | "if matches" | "match scope" => true,
                _ => false,
            };
            header.present |= known;
        }
        header
    }

    /// Column names for an Anki export that has no `#columns:` line.
    fn made_up_header(&self, width: usize) -> Vec<String> {
        let mut fields = 0;
        (1..=width)
            .map(|n| {
                if Some(n) == self.tags_column {
                    "Tags".to_string()
                } else if Some(n) == self.deck_column {
                    "Deck".to_string()
                } else if Some(n) == self.notetype_column {
                    "Notetype".to_string()
                } else if Some(n) == self.guid_column {
                    "GUID".to_string()
                } else {
                    fields += 1;
                    match fields {
                        1 => "Front".to_string(),
                        2 => "Back".to_string(),
                        f => format!("Field {f}"),
                    }
                }
            })
            .collect()
    }
}

/// `#separator:` value: Anki's names (Tab, Comma, Semicolon, Pipe, Space, Colon) or the character itself.
fn separator(value: &str) -> Option<u8> {
    if value == "\t" || value == " " {
        return value.bytes().next();
    }
    match value.trim().to_ascii_lowercase().as_str() {
        "tab" | "\\t" => Some(b'\t'),
        "comma" | "," => Some(b','),
        "semicolon" | ";" => Some(b';'),
        "pipe" | "|" => Some(b'|'),
        "space" => Some(b' '),
        "colon" | ":" => Some(b':'),
        _ => None,
    }
}

/// Tab when the header line has more tabs than commas, semicolon when it has more of those, else comma.
fn guess_delimiter(line: &str) -> u8 {
    let count = |c: char| line.matches(c).count();
    let (tabs, commas, semicolons) = (count('\t'), count(','), count(';'));
    if tabs > commas && tabs >= semicolons {
        b'\t'
    } else if semicolons > commas {
        b';'
    } else {
        b','
    }
}

fn first_line(text: &str) -> &str {
    text.lines().find(|l| !l.trim().is_empty()).unwrap_or_default()
}

/// The start of a text for a message or an excerpt: its first line, at most 60 characters.
fn excerpt(text: &str) -> String {
    let text = text.trim().lines().next().unwrap_or_default().trim();
    match text.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}
