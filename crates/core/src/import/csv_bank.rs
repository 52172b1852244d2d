//! CSV and TSV are how question banks travel between spreadsheets, exam-prep sites and Anki, so examday reads
//! them: one question a row, columns found by their header's name (question, A…H or option1…8, answer, …), and
//! Anki's text exports, whose `#separator:`, `#html:`, `#columns:`, `#deck:` and `#… column:` lines say how to
//! read them.
//!
//! A row that cannot be a question (a cell missing or one too many, no answer, an answer naming an empty option) is
//! reported with its line and left out; the other rows are still imported. A header without a question or an answer column
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
    // How the rows that can be read only one way name their answers, and the rows whose single letter or number
    // is also another option's text, which follow the file's way once every row has been read.
    let mut evidence = Evidence::default();
    let mut undecided: Vec<Undecided> = Vec::new();
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
        // Text past the header's last column: a cell cut at a separator it holds, the cells after it moved along.
        // Empty cells there are only a spreadsheet's padding.
        if cells.iter().skip(header.len()).any(|c| !c.trim().is_empty()) {
            out.problems.push(Problem {
                line,
                message: format!(
                    "row has {} cells, the header {}: {} inside a cell needs the cell in double quotes",
                    cells.len(),
                    header.len(),
                    separator_name(delimiter)
                ),
            });
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
        let (right, key) = match read_answer(&answer, &slots, &columns) {
            Ok(Answer::Text(right)) => {
                evidence.texts += 1;
                (right, None)
            }
            Ok(Answer::Key(right)) => {
                evidence.keys += 1;
                (right, None)
            }
            Ok(Answer::Settled(right)) => (right, None),
            Ok(Answer::Either { text, key }) => (text, Some(key)),
            Err(message) => {
                out.problems.push(Problem { line, message });
                continue;
            }
        };
        let (option_slots, options): (Vec<usize>, Vec<ImportedOption>) = slots
            .iter()
            .enumerate()
            .filter_map(|(slot, text)| {
                let text = text.as_ref().filter(|t| !t.is_empty())?;
                let why = Some(cell(columns.whys[slot])).filter(|w| !w.is_empty());
                Some((slot, ImportedOption { text: text.clone(), correct: right.contains(&slot), why }))
            })
            .unzip();
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
        if let Some(key) = key {
            undecided.push(Undecided { question: out.questions.len(), option_slots, key });
        }
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
    if evidence.keys > evidence.texts {
        for row in undecided {
            if let Some(question) = out.questions.get_mut(row.question) {
                for (option, slot) in question.options.iter_mut().zip(&row.option_slots) {
                    option.correct = row.key.contains(slot);
                }
            }
        }
    }
    out
}

/// How many rows name their answer only by an option's text, and how many only by letters or numbers.
#[derive(Default)]
struct Evidence {
    texts: usize,
    keys: usize,
}

/// A question whose answer is a single letter or number that is also another option's whole text ("2" among
/// options 4, 2, 8, 16): imported with the option of that text right, and given the one the letter or number names
/// when the file's other rows name their answers by letter or number.
struct Undecided {
    /// Its index in `Imported::questions`.
    question: usize,
    /// The slot of each of its options.
    option_slots: Vec<usize>,
    /// The slots the letter or number names.
    key: Vec<usize>,
}

/// The right options (0-based slots) an answer cell names, and which way it names them.
#[derive(Debug, PartialEq, Eq)]
enum Answer {
    /// Only as options' texts.
    Text(Vec<usize>),
    /// Only as letters, numbers or flags.
    Key(Vec<usize>),
    /// Both ways to the same options, or both ways to different ones where the cell settles it (an option's whole
    /// text in several characters, "DAC", is that option; letters in another case than the option's text are
    /// letters).
    Settled(Vec<usize>),
    /// A single letter or number that is also the whole text of an option other than the one it names: the file's
    /// other rows decide.
    Either { text: Vec<usize>, key: Vec<usize> },
}

/// Reads an answer cell against the row's options (`slots`: each option column's cleaned text): as the text of
/// one option (any case), as the texts of several separated by `;` or `|`, or as letters, numbers or flags
/// (`answer_slots`), each naming a non-empty option the header has.
fn read_answer(answer: &str, slots: &[Option<String>], columns: &Columns) -> Result<Answer, String> {
    let by_text = text_slots(answer, slots);
    let by_key = key_slots(answer, slots, columns);
    match (by_text, by_key) {
        (TextMatch::Found { slots, .. }, Err(_)) => Ok(Answer::Text(slots)),
        (TextMatch::None, Ok(key)) => Ok(Answer::Key(key)),
        (TextMatch::Several, Ok(key)) => Ok(Answer::Settled(key)),
        (TextMatch::Several, Err(_)) => {
            Err(format!("answer “{}” is the text of more than one option", excerpt(answer)))
        }
        (TextMatch::None, Err(message)) => Err(message),
        (TextMatch::Found { slots: text, exact }, Ok(key)) => {
            let same = text.len() == key.len() && text.iter().all(|s| key.contains(s));
            if same || !exact {
                Ok(Answer::Settled(key))
            } else if answer.trim().chars().count() == 1 {
                Ok(Answer::Either { text, key })
            } else {
                Ok(Answer::Settled(text))
            }
        }
    }
}

/// What the texts of the options make of an answer cell.
#[derive(Debug, PartialEq, Eq)]
enum TextMatch {
    None,
    /// The cell (or a part of it) is the text of more than one option.
    Several,
    /// `exact`: in the same case as the options' texts.
    Found {
        slots: Vec<usize>,
        exact: bool,
    },
}

/// The option whose text the whole cell is (trimmed, any case; in the same case when several options differ only
/// in case), else the options whose texts its parts between `;` or `|` are, every part naming one option.
fn text_slots(answer: &str, slots: &[Option<String>]) -> TextMatch {
    let whole = one_text(answer, slots);
    if !matches!(whole, TextMatch::None) {
        return whole;
    }
    let parts: Vec<&str> = answer.split([';', '|']).collect();
    if parts.len() < 2 {
        return TextMatch::None;
    }
    let mut found: Vec<usize> = Vec::new();
    let mut all_exact = true;
    for part in parts {
        match one_text(part, slots) {
            TextMatch::Found { slots: part_slots, exact } => {
                all_exact &= exact;
                for slot in part_slots {
                    if !found.contains(&slot) {
                        found.push(slot);
                    }
                }
            }
            TextMatch::None | TextMatch::Several => return TextMatch::None,
        }
    }
    TextMatch::Found { slots: found, exact: all_exact }
}

/// The one non-empty option whose text `wanted` is.
fn one_text(wanted: &str, slots: &[Option<String>]) -> TextMatch {
    let wanted = wanted.trim();
    if wanted.is_empty() {
        return TextMatch::None;
    }
    let lower = wanted.to_lowercase();
    let texts = || {
        slots.iter().enumerate().filter_map(|(slot, text)| {
            let text = text.as_deref().map(str::trim).filter(|t| !t.is_empty())?;
            Some((slot, text))
        })
    };
    let any_case: Vec<(usize, &str)> = texts().filter(|(_, t)| t.to_lowercase() == lower).collect();
    let same_case: Vec<usize> = any_case.iter().filter(|(_, t)| *t == wanted).map(|(s, _)| *s).collect();
    match (any_case.as_slice(), same_case.as_slice()) {
        ([], _) => TextMatch::None,
        ([(slot, _)], _) => TextMatch::Found { slots: vec![*slot], exact: same_case.len() == 1 },
        (_, [slot]) => TextMatch::Found { slots: vec![*slot], exact: true },
        _ => TextMatch::Several,
    }
}

/// The options an answer cell names by letters, numbers or flags, each one a non-empty option the header has;
/// messages quote the answer as written.
fn key_slots(answer: &str, slots: &[Option<String>], columns: &Columns) -> Result<Vec<usize>, String> {
    let (key, named) = answer_slots(answer, columns.option_count())?;
    for (slot, written) in &named {
        match slots.get(*slot) {
            Some(Some(text)) if !text.is_empty() => {}
            Some(Some(_)) => return Err(format!("answer {written} names an empty option")),
            _ => {
                return Err(format!(
                    "answer {written} names an option the header does not have (it has {})",
                    columns.option_labels(key)
                ));
            }
        }
    }
    Ok(named.into_iter().map(|(slot, _)| slot).collect())
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

    /// "options A–D" (or "options A, C, D" when there are gaps); "options 1–4" for answers by number or flag.
    fn option_labels(&self, key: Key) -> String {
        let name = |slot: usize| match key {
            Key::Letters => label(slot),
            Key::Numbers | Key::Flags => (slot + 1).to_string(),
        };
        let slots: Vec<usize> = (0..MAX_OPTIONS).filter(|&s| self.options[s].is_some()).collect();
        match (slots.first(), slots.last()) {
            (Some(&first), Some(&last)) if last - first + 1 == slots.len() && slots.len() > 2 => {
                format!("options {}–{}", name(first), name(last))
            }
            _ => format!("options {}", slots.iter().map(|&s| name(s)).collect::<Vec<_>>().join(", ")),
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

/// How an answer cell names options.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Key {
    Letters,
    Numbers,
    Flags,
}

/// The right options (0-based slots) named by an answer cell, each with how the cell writes it (for messages):
/// letters (`B`, `AC`, `A,C`, `A;C`), 1-based numbers (`2`, `1,3`), or one 0/1 flag per option (`0 1 0 1`, as
/// Anki's multiple-choice add-ons write; "0" is never an option number, and "1 1" naming option 1 twice would make
/// no sense).
fn answer_slots(answer: &str, option_columns: usize) -> Result<(Key, Vec<(usize, String)>), String> {
    let tokens: Vec<&str> = answer
        .split(|c: char| matches!(c, ',' | ';' | '/' | '&' | '+' | '|') || c.is_whitespace())
        .map(|t| t.trim_matches(|c| matches!(c, '.' | '(' | ')' | '[' | ']')))
        .filter(|t| !t.is_empty())
        .collect();
    let unreadable = || {
        format!(
            "answer “{}” is neither option letters (B, AC, A,C), option numbers (2, 1,3) nor the text of an option",
            excerpt(answer)
        )
    };
    let mut slots: Vec<(usize, String)> = Vec::new();
    if tokens.len() >= 2 && tokens.len() <= option_columns && tokens.iter().all(|t| *t == "0" || *t == "1") {
        let written = |slot: usize| format!("“{}” (option {})", excerpt(answer), slot + 1);
        slots.extend(tokens.iter().enumerate().filter(|(_, t)| **t == "1").map(|(i, _)| (i, written(i))));
        if slots.is_empty() {
            return Err(format!("answer “{}” marks no option as right", excerpt(answer)));
        }
        return Ok((Key::Flags, slots));
    }
    let mut push = |slot: usize, written: String| {
        if !slots.iter().any(|(s, _)| *s == slot) {
            slots.push((slot, written));
        }
    };
    let key = if tokens.iter().all(|t| t.chars().all(|c| c.is_ascii_digit())) {
        for token in &tokens {
            match token.parse::<usize>() {
                Ok(n) if n >= 1 => push(n - 1, (*token).to_string()),
                _ => return Err(format!("answer “{}”: options are numbered from 1", excerpt(answer))),
            }
        }
        Key::Numbers
    } else if tokens.iter().all(|t| t.chars().all(|c| c.is_ascii_alphabetic())) {
        for token in &tokens {
            // "B" or "b" alone; several letters run together only in capitals ("AC"), so that words are not read
            // as letters.
            if token.len() > 1 && !token.chars().all(|c| c.is_ascii_uppercase()) {
                return Err(unreadable());
            }
            for c in token.chars() {
                push(usize::from(c.to_ascii_lowercase() as u8 - b'a'), c.to_string());
            }
        }
        Key::Letters
    } else {
        return Err(unreadable());
    };
    if slots.is_empty() { Err(unreadable()) } else { Ok((key, slots)) }
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

/// The separator, for a message: "a comma", "a tab"…
fn separator_name(delimiter: u8) -> String {
    match delimiter {
        b',' => "a comma".to_string(),
        b'\t' => "a tab".to_string(),
        b';' => "a semicolon".to_string(),
        b'|' => "a pipe".to_string(),
        b' ' => "a space".to_string(),
        b':' => "a colon".to_string(),
        other => format!("a “{}”", char::from(other)),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// (line, texts of the right options) of each imported question.
    fn right(got: &Imported) -> Vec<(usize, Vec<&str>)> {
        got.questions
            .iter()
            .map(|q| (q.line, q.options.iter().filter(|o| o.correct).map(|o| o.text.as_str()).collect()))
            .collect()
    }

    fn problems(got: &Imported) -> Vec<(usize, &str)> {
        got.problems.iter().map(|p| (p.line, p.message.as_str())).collect()
    }

    #[test]
    fn an_answer_that_is_an_options_text_in_capitals_is_that_option() {
        let got = parse(
            "question,option1,option2,option3,option4,answer\n\
             Which access control model lets the data owner decide who gets access?,MAC,DAC,RBAC,ABAC,DAC\n\
             Which protocol routes between autonomous systems?,OSPF,RIP,BGP,EIGRP,BGP\n\
             Which one?,MAC,DAC,RBAC,ABAC, dac \n",
        );
        assert_eq!(problems(&got), vec![]);
        assert_eq!(right(&got), vec![(2, vec!["DAC"]), (3, vec!["BGP"]), (4, vec!["DAC"])]);
    }

    #[test]
    fn several_answer_texts_need_every_part_to_be_one_options_text() {
        let header = "Question,A,B,C,D,Answer\n";
        let got = parse(&format!("{header}Which two?,Lambda,EC2,DynamoDB,EMR,Lambda;DynamoDB\n"));
        assert_eq!(right(&got), vec![(2, vec!["Lambda", "DynamoDB"])]);
        let got = parse(&format!("{header}Which two?,Lambda,EC2,DynamoDB,EMR, EC2 | emr \n"));
        assert_eq!(right(&got), vec![(2, vec!["EC2", "EMR"])]);
        // A part that is no option's text: no reading by text, and the cell is not letters either.
        let got = parse(&format!("{header}Which two?,Lambda,EC2,DynamoDB,EMR,Lambda;S3\n"));
        assert!(got.questions.is_empty());
        assert_eq!(got.problems.len(), 1);
        // A part naming two options (their texts are the same) is not read.
        let got = parse(&format!("{header}Which two?,Yes,No,Yes,EMR,Yes|No\n"));
        assert!(got.questions.is_empty());
        // Separators alone, empty parts: problems, never a panic.
        for answer in [";", "|", " ; | ", "Lambda;", ";Lambda", "Lambda||EC2"] {
            let got = parse(&format!("{header}Which?,Lambda,EC2,DynamoDB,EMR,\"{answer}\"\n"));
            assert_eq!(got.questions.len() + got.problems.len(), 1, "{answer}");
        }
    }

    #[test]
    fn a_letter_that_is_another_options_text_is_that_text_unless_the_file_uses_letters() {
        let header = "Question,A,B,C,D,Answer\n";
        let row = "Which record maps a name to an IPv4 address?,AAAA,CNAME,A,MX,A\n";
        assert_eq!(right(&parse(&format!("{header}{row}"))), vec![(2, vec!["A"])]);
        // Where the other rows name their answers by letter, "A" is the letter.
        let row = "Which record maps a name to an IPv6 address?,AAAA,CNAME,A,MX,A\n";
        let letters = "Which is a port?,HTTP,22,DNS,TLS,B\nWhich is a protocol?,80,22,DNS,8080,C\n";
        assert_eq!(
            right(&parse(&format!("{header}{row}{letters}"))),
            vec![(2, vec!["AAAA"]), (3, vec!["22"]), (4, vec!["DNS"])]
        );
        // A multi-letter text is the option whatever the other rows do.
        let dac = "Which is discretionary?,MAC,DAC,RBAC,ABAC,DAC\n";
        assert_eq!(
            right(&parse(&format!("{header}{dac}{letters}"))),
            vec![(2, vec!["DAC"]), (3, vec!["22"]), (4, vec!["DNS"])]
        );
    }

    #[test]
    fn more_cells_than_the_header_is_a_problem_and_trailing_empty_cells_are_not() {
        let got = parse(
            "question,A,B,C,D,answer,explanation\n\
             Which is cheapest?,S3 Standard,Glacier Deep Archive,EFS,EBS,B,Deep Archive is cheapest, but \
             retrieval takes 12 hours, so plan ahead.\n\
             Which is durable?,S3,EBS,EFS,FSx,A,,,\n\
             Which is a block store?,S3,EBS,EFS,FSx,B,,\t,  \n",
        );
        assert_eq!(
            problems(&got),
            vec![(2, "row has 9 cells, the header 7: a comma inside a cell needs the cell in double quotes")]
        );
        assert_eq!(right(&got), vec![(3, vec!["S3"]), (4, vec!["EBS"])]);
        let got = parse("question,answer,A,B,C,D\nWhich is durable?,B,S3,EBS, with snapshots,EFS,FSx\n");
        assert!(got.questions.is_empty());
        assert_eq!(
            problems(&got),
            vec![(2, "row has 7 cells, the header 6: a comma inside a cell needs the cell in double quotes")]
        );
        let got = parse("Question;A;B;Answer\nWhich?;x;y;A;z\n");
        assert_eq!(
            problems(&got),
            vec![(
                2,
                "row has 5 cells, the header 4: a semicolon inside a cell needs the cell in double quotes"
            )]
        );
    }

    #[test]
    fn messages_name_answers_as_the_file_writes_them() {
        let got = parse(
            "Question,Option 1,Option 2,Option 3,Option 4,Correct Answer\n\
             Which?,a,b,c,,4\n\
             Which two?,a,b,c,d,\"2,9\"\n\
             Which flags?,a,b,c,,0 0 0 1\n",
        );
        assert_eq!(
            problems(&got),
            vec![
                (2, "answer 4 names an empty option"),
                (3, "answer 9 names an option the header does not have (it has options 1–4)"),
                (4, "answer “0 0 0 1” (option 4) names an empty option"),
            ]
        );
        let got = parse("Question,A,C,Answer\nWhich?,x,y,B\n");
        assert_eq!(
            problems(&got),
            vec![(2, "answer B names an option the header does not have (it has options A, C)")]
        );
    }
}
