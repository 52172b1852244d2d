//! Markdown question banks, read the way cert-prep repositories write them.
//!
//! Candidates keep their practice questions in Markdown far more often than in any exam format, in one of three
//! styles: (a) numbered stems with `- A.` options and a `<details>` answer block, (b) a heading or bold stem
//! over a GitHub checklist (`- [x]`), (c) one question per file, its stem in YAML front matter over a checklist.
//! This module detects the style of each file and reads it into the neutral [`Imported`] form every importer
//! fills: each question with the line it came from, and a [`Problem`] for each one it cannot take, so that
//! nothing is dropped silently.
//!
//! It uses no Markdown or YAML crate. The subset these files use (front-matter scalars and lists, list items,
//! headings, bold, code spans and fences, links, images, `<details>`) is read by hand, and malformed input
//! never panics: at worst a question becomes a [`Problem`].

use std::cmp::Ordering;

use super::text::html_to_text;
use super::types::{ImageRef, Imported, ImportedOption, ImportedQuestion, Problem};

/// Reads one Markdown file of questions, in whichever of the three styles it is written. `text` is UTF-8
/// without a BOM, with LF or CRLF line ends. Each problem's message starts with "`file`:line: " (nothing when
/// `file` is empty) so that it reads on its own, compiler style.
pub fn parse(file: &str, text: &str) -> Imported {
    let mut imported = parse_text(text);
    prefix_messages(&mut imported, file);
    imported
}

/// Reads a folder of one-question files (style c, though a file in another style is read too): each entry is
/// (path relative to the folder, text). A file's subfolder becomes its questions' `domain`; a file that gives a
/// single question without a `title:` names it by its path. Files are taken in natural path order (q2 before
/// q10) whatever order they come in. Problem messages start with "path:line: "; `line` is the line in that file.
pub fn parse_folder(files: &[(String, String)]) -> Imported {
    let mut entries: Vec<(String, &str)> =
        files.iter().map(|(path, text)| (normalize_path(path), text.as_str())).collect();
    entries.sort_by(|a, b| natural_cmp(&a.0, &b.0));
    let mut out = Imported::default();
    for (path, text) in entries {
        let mut one = parse_text(text);
        let domain = path.rsplit_once('/').map(|(dir, _)| dir.to_string()).filter(|dir| !dir.is_empty());
        let alone = one.questions.len() == 1;
        for q in &mut one.questions {
            if q.domain.is_none() {
                q.domain.clone_from(&domain);
            }
            if alone && q.name.is_none() {
                q.name = Some(path.clone());
            }
        }
        prefix_messages(&mut one, &path);
        out.questions.append(&mut one.questions);
        out.skipped.append(&mut one.skipped);
        out.problems.append(&mut one.problems);
    }
    out
}

fn prefix_messages(imported: &mut Imported, file: &str) {
    if file.is_empty() {
        return;
    }
    for p in &mut imported.problems {
        p.message = format!("{file}:{}: {}", p.line, p.message);
    }
}

/// "networking\q12.md", "./networking/q12.md" → "networking/q12.md".
fn normalize_path(path: &str) -> String {
    let path = path.replace('\\', "/");
    path.split('/').filter(|part| !part.is_empty() && *part != ".").collect::<Vec<_>>().join("/")
}

/// Path order a person expects: runs of digits compare as numbers.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (x.peek().copied(), y.peek().copied()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let mut m = String::new();
                while let Some(c) = x.next_if(char::is_ascii_digit) {
                    m.push(c);
                }
                let mut n = String::new();
                while let Some(d) = y.next_if(char::is_ascii_digit) {
                    n.push(d);
                }
                let (m, n) = (m.trim_start_matches('0'), n.trim_start_matches('0'));
                let order = m.len().cmp(&n.len()).then_with(|| m.cmp(n));
                if order != Ordering::Equal {
                    return order;
                }
            }
            (Some(c), Some(d)) => {
                if c != d {
                    return c.cmp(&d);
                }
                x.next();
                y.next();
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// One file
// ---------------------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Style {
    /// (a) `1. stem`, `- A. option`, `<details>` with `Correct answer: D`.
    Numbered,
    /// (b) heading or bold stem over `- [ ]` / `- [x]`.
    Checklist,
    /// (c) front matter `question:` over a checklist.
    OnePerFile,
}

/// What a body line is before any question is looked for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Role {
    Text,
    /// Opens a code fence closed at the given line index.
    Fence(usize),
    /// Inside a code fence, or its closing line.
    InFence,
    /// A whole-line HTML comment (`<!-- ... -->`, perhaps over several lines): not content.
    Comment,
}

fn parse_text(text: &str) -> Imported {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = normalized.split('\n').collect();
    let mut out = Imported::default();

    let (front, body_start) = match find_front_matter(&lines) {
        Front::Closed(end) => (parse_yaml(lines.get(1..end).unwrap_or(&[]), 2), end + 1),
        Front::Unclosed => {
            let declares_question = lines
                .iter()
                .skip(1)
                .any(|l| yaml_key(l).is_some_and(|(key, _)| key.eq_ignore_ascii_case("question")));
            if declares_question {
                out.problems.push(Problem {
                    line: 1,
                    message: "the front matter opened at line 1 is never closed (no closing `---`)".into(),
                });
                return out;
            }
            // A `---` rule at the top, not front matter.
            (Vec::new(), 0)
        }
        Front::None => (Vec::new(), 0),
    };
    let roles = line_roles(&lines, body_start);

    let entry = |key: &str| front.iter().find(|e| e.key.eq_ignore_ascii_case(key));
    let file_tags = entry("tags").map(|e| e.value.as_list()).unwrap_or_default();
    let front_title = entry("title").map(|e| e.value.as_text()).filter(|t| !t.is_empty());

    let style = if entry("question").is_some() {
        Style::OnePerFile
    } else {
        detect_style(&lines, &roles, body_start)
    };
    let mut scanner = Scanner::new(&lines, &roles, style);
    if let Some(q) = entry("question") {
        let stem = q.value.as_text();
        let mut draft = Draft::new(q.line, Kind::Front);
        draft.name = front_title.clone();
        draft.yaml_stem = Some(stem);
        draft.tags = file_tags.clone();
        if let Some(e) = entry("explanation") {
            draft.explanation = e.value.as_text().split('\n').map(str::to_string).collect();
        }
        draft.documentation = entry("documentation")
            .map(|e| e.value.as_text())
            .map(|url| url.trim().trim_start_matches('<').trim_end_matches('>').trim().to_string())
            .filter(|url| !url.is_empty());
        scanner.cur = Some(draft);
    }
    scanner.run(body_start);

    out.title = scanner.title.take();
    for draft in scanner.done {
        match finalize(draft) {
            Outcome::Question(mut q) => {
                if q.tags.is_empty() {
                    q.tags.clone_from(&file_tags);
                }
                out.questions.push(q);
            }
            Outcome::Problem(p) => out.problems.push(p),
            Outcome::Title(t) => {
                if out.title.is_none() && !t.is_empty() {
                    out.title = Some(t);
                }
            }
            Outcome::Drop => {}
        }
    }
    if out.title.is_none() && style != Style::OnePerFile {
        out.title = front_title;
    }
    out
}

/// The style with the most evidence: checklist items against lettered options and answer lines.
fn detect_style(lines: &[&str], roles: &[Role], start: usize) -> Style {
    let (mut checklist, mut lettered) = (0usize, 0usize);
    for (i, line) in lines.iter().enumerate().skip(start) {
        if roles.get(i) != Some(&Role::Text) {
            continue;
        }
        if checklist_item(line).is_some() {
            checklist += 1;
        } else if letter_item(line, None).is_some() || answer_line(line).is_some() {
            lettered += 1;
        }
    }
    if checklist > 0 && checklist >= lettered { Style::Checklist } else { Style::Numbered }
}

/// Marks code fences (only those that close) and whole-line HTML comments, so that nothing inside them is
/// taken for a question, an option or a `<details>`.
fn line_roles(lines: &[&str], start: usize) -> Vec<Role> {
    let mut roles = vec![Role::Text; lines.len()];
    // Past the last "-->", no comment can close: do not search for one again and again.
    let last_close = lines.iter().rposition(|l| l.contains("-->"));
    let mut i = start;
    while i < lines.len() {
        let line = lines.get(i).copied().unwrap_or("");
        if let Some((c, n)) = fence_marker(line) {
            let close = (i + 1..lines.len()).find(|&j| lines.get(j).is_some_and(|l| is_fence_close(l, c, n)));
            if let Some(close) = close {
                if let Some(r) = roles.get_mut(i) {
                    *r = Role::Fence(close);
                }
                for r in roles.iter_mut().take(close + 1).skip(i + 1) {
                    *r = Role::InFence;
                }
                i = close + 1;
                continue;
            }
        } else if line.trim_start().starts_with("<!--")
            && last_close.is_some_and(|c| c >= i)
            && let Some(end) = comment_end(lines, i)
        {
            for r in roles.iter_mut().take(end + 1).skip(i) {
                *r = Role::Comment;
            }
            i = end + 1;
            continue;
        }
        i += 1;
    }
    roles
}

/// The line that closes an HTML comment opened at the start of line `i`, if nothing follows the `-->`.
fn comment_end(lines: &[&str], i: usize) -> Option<usize> {
    let first = lines.get(i)?;
    let open = first.find("<!--")?;
    let mut rest = first.get(open + 4..)?;
    let mut j = i;
    loop {
        if let Some(close) = rest.find("-->") {
            let after = rest.get(close + 3..).unwrap_or("");
            return after.trim().is_empty().then_some(j);
        }
        j += 1;
        rest = lines.get(j)?;
    }
}

fn fence_marker(line: &str) -> Option<(char, usize)> {
    let t = line.trim_start();
    let c = t.chars().next().filter(|&c| c == '`' || c == '~')?;
    let n = t.chars().take_while(|&x| x == c).count();
    if n < 3 || (c == '`' && t.get(n..).is_some_and(|info| info.contains('`'))) {
        return None;
    }
    Some((c, n))
}

fn is_fence_close(line: &str, c: char, n: usize) -> bool {
    let t = line.trim();
    let m = t.chars().take_while(|&x| x == c).count();
    m >= n && m == t.chars().count()
}

// ---------------------------------------------------------------------------------------------------------
// The scan: lines into drafts
// ---------------------------------------------------------------------------------------------------------

/// How a question's stem was introduced.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// `12. stem` (a list item).
    Numbered,
    /// `## stem`; level 1 when it may be the file's title instead.
    Heading { level1: bool },
    /// `**stem**`.
    Bold,
    /// The front matter's `question:`.
    Front,
    /// A plain paragraph just before a checklist that nothing else introduces.
    Paragraph,
    /// Options with no stem before them.
    Orphan,
}

/// A question as the scan collects it: raw Markdown lines, judged and rendered by [`finalize`].
#[derive(Debug)]
struct Draft {
    line: usize,
    kind: Kind,
    name: Option<String>,
    stem: Vec<String>,
    /// The column the stem's own lines start at: a numbered item's content column, else 0. Four more is code.
    stem_col: usize,
    /// The front matter's `question:`, YAML already folded: the line breaks left in it stand.
    yaml_stem: Option<String>,
    options: Vec<DraftOption>,
    /// What follows "Correct answer:", first one found.
    answer: Option<String>,
    /// A `<details>` block or an answer line was seen.
    answer_block: bool,
    explanation: Vec<String>,
    documentation: Option<String>,
    tags: Vec<String>,
    /// Line of a `<details>` that never closes.
    unclosed_details: Option<usize>,
}

#[derive(Debug)]
struct DraftOption {
    letter: Option<char>,
    checked: bool,
    lines: Vec<String>,
    /// A blockquote under the option (`> why it is right`): its feedback.
    why: Vec<String>,
    /// Indentation a line needs to continue this option after a blank line.
    content_col: usize,
}

impl Draft {
    fn new(line: usize, kind: Kind) -> Self {
        Draft {
            line,
            kind,
            name: None,
            stem: Vec::new(),
            stem_col: 0,
            yaml_stem: None,
            options: Vec::new(),
            answer: None,
            answer_block: false,
            explanation: Vec::new(),
            documentation: None,
            tags: Vec::new(),
            unclosed_details: None,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Phase {
    Stem,
    Options,
    After,
}

/// Where a plain text line goes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Sink {
    None,
    Stem,
    Option,
    /// `block`: opened by a heading or a bare label, so blank lines do not end it.
    Explanation {
        block: bool,
        started: bool,
    },
}

struct StemStart {
    kind: Kind,
    name: Option<String>,
    text: String,
    /// Where the stem's text starts on its line when it is a list item's: see [`Draft::stem_col`].
    col: usize,
}

struct Scanner<'a> {
    lines: &'a [&'a str],
    roles: &'a [Role],
    style: Style,
    cur: Option<Draft>,
    done: Vec<Draft>,
    phase: Phase,
    sink: Sink,
    /// A blank line since the last option line.
    pending_blank: bool,
    /// A numbered list was taken into the current stem: its next items are stem too.
    list_in_stem: bool,
    title: Option<String>,
    /// The line being read.
    at: usize,
    /// Lines before this index belong to a question already (or to the front matter).
    used_until: usize,
}

impl<'a> Scanner<'a> {
    fn new(lines: &'a [&'a str], roles: &'a [Role], style: Style) -> Self {
        Scanner {
            lines,
            roles,
            style,
            cur: None,
            done: Vec::new(),
            phase: Phase::Stem,
            sink: Sink::Stem,
            pending_blank: false,
            list_in_stem: false,
            title: None,
            at: 0,
            used_until: 0,
        }
    }

    fn line(&self, i: usize) -> &'a str {
        self.lines.get(i).copied().unwrap_or("")
    }

    fn run(&mut self, start: usize) {
        self.used_until = start;
        let mut i = start;
        while i < self.lines.len() {
            self.at = i;
            i = self.step(i).max(i + 1);
        }
        self.close();
    }

    fn mark_used(&mut self, through: usize) {
        self.used_until = self.used_until.max(through + 1);
    }

    fn close(&mut self) {
        if let Some(d) = self.cur.take() {
            self.done.push(d);
        }
    }

    fn begin(&mut self, draft: Draft) {
        self.close();
        self.mark_used(self.at);
        self.cur = Some(draft);
        self.phase = Phase::Stem;
        self.sink = Sink::Stem;
        self.pending_blank = false;
        self.list_in_stem = false;
    }

    /// Handles line `i`; returns the next line to look at.
    fn step(&mut self, i: usize) -> usize {
        let raw = self.line(i);
        match self.roles.get(i).copied().unwrap_or(Role::Text) {
            Role::Comment | Role::InFence => return i + 1,
            Role::Fence(end) => {
                self.text_line(raw);
                for j in i + 1..=end {
                    self.at = j;
                    self.push_raw(self.line(j));
                }
                return end + 1;
            }
            Role::Text => {}
        }
        let t = raw.trim();
        if t.is_empty() {
            self.blank();
            return i + 1;
        }
        if is_details_open(t) {
            return self.details(i);
        }
        if let Some(d) = self.cur.as_mut() {
            if let Some(answer) = answer_line(raw) {
                if d.answer.is_none() {
                    d.answer = Some(answer);
                }
                d.answer_block = true;
                self.phase = Phase::After;
                self.sink = Sink::None;
                self.mark_used(i);
                return i + 1;
            }
            if let Some((rest, block)) = explanation_label(raw) {
                let started = !rest.is_empty();
                if started {
                    if !d.explanation.is_empty() {
                        d.explanation.push(String::new());
                    }
                    d.explanation.push(rest);
                }
                self.phase = Phase::After;
                self.sink = Sink::Explanation { block: block || !started, started };
                self.mark_used(i);
                return i + 1;
            }
        }
        if let Some(opt) = self.option_line(raw) {
            self.add_option(i, opt);
            return i + 1;
        }
        if let Some(start) = self.stem_start(i, raw) {
            let mut draft = Draft::new(i + 1, start.kind);
            draft.name = start.name;
            draft.stem_col = start.col;
            if !start.text.is_empty() {
                draft.stem.push(start.text);
            }
            self.begin(draft);
            return i + 1;
        }
        if let Some((level, text)) = heading(raw) {
            // A heading that starts no question: the title, a line of a one-question file's stem, or a
            // section heading that ends whatever text was being collected.
            let is_title = level == 1 && self.title.is_none();
            if is_title {
                self.title = Some(render_inline_plain(&text)).filter(|t| !t.is_empty());
            }
            if self.style == Style::OnePerFile && self.sink == Sink::Stem {
                if !is_title {
                    self.push_raw(&text);
                }
            } else {
                self.sink = Sink::None;
            }
            return i + 1;
        }
        self.text_line(raw);
        i + 1
    }

    fn blank(&mut self) {
        match self.sink {
            Sink::Stem => self.push_raw(""),
            Sink::Option => self.pending_blank = true,
            Sink::Explanation { block, started } => {
                if started && !block {
                    self.sink = Sink::None;
                } else if started {
                    self.push_raw("");
                }
            }
            Sink::None => {}
        }
    }

    /// A non-blank line that is not structure: stem, option continuation or explanation, by the sink.
    fn text_line(&mut self, raw: &str) {
        if self.sink == Sink::Option && self.pending_blank {
            let col = self.cur.as_ref().and_then(|d| d.options.last()).map_or(0, |o| o.content_col);
            if indent(raw) >= col && col > 0 {
                self.push_raw("");
                self.pending_blank = false;
            } else {
                self.sink = Sink::None;
                self.phase = Phase::After;
                return;
            }
        }
        if let Sink::Explanation { block, .. } = self.sink {
            self.sink = Sink::Explanation { block, started: true };
        }
        self.push_raw(raw);
    }

    fn push_raw(&mut self, raw: &str) {
        let Some(d) = self.cur.as_mut() else { return };
        let target = match self.sink {
            Sink::Stem => &mut d.stem,
            Sink::Explanation { .. } => &mut d.explanation,
            Sink::Option => match d.options.last_mut() {
                Some(o)
                    if raw.trim_start().starts_with('>') || (raw.trim().is_empty() && !o.why.is_empty()) =>
                {
                    &mut o.why
                }
                Some(o) => &mut o.lines,
                None => return,
            },
            Sink::None => return,
        };
        target.push(raw.to_string());
        let at = self.at;
        self.mark_used(at);
    }

    fn option_line(&self, raw: &str) -> Option<OptionLine> {
        match self.style {
            Style::Numbered => {
                let expect = match self.cur.as_ref() {
                    Some(d) if self.phase == Phase::Options => {
                        d.options.last().and_then(|o| o.letter).and_then(next_letter)
                    }
                    _ => Some('A'),
                };
                letter_item(raw, expect)
            }
            Style::Checklist | Style::OnePerFile => checklist_item(raw),
        }
    }

    fn add_option(&mut self, i: usize, opt: OptionLine) {
        let orphan = match &self.cur {
            None => true,
            Some(d) => self.phase == Phase::After && !d.options.is_empty(),
        };
        if orphan {
            // A plain paragraph right before the options, that no question has taken, is their stem;
            // without one they are a problem.
            let draft = match self.paragraph_before(i) {
                Some(start) => {
                    let mut d = Draft::new(start + 1, Kind::Paragraph);
                    d.stem = self.lines.get(start..i).unwrap_or(&[]).iter().map(|l| l.to_string()).collect();
                    d
                }
                None => Draft::new(i + 1, Kind::Orphan),
            };
            self.begin(draft);
        }
        if let Some(d) = self.cur.as_mut() {
            let mut lines = Vec::new();
            if !opt.text.is_empty() {
                lines.push(opt.text);
            }
            d.options.push(DraftOption {
                letter: opt.letter,
                checked: opt.checked,
                lines,
                why: Vec::new(),
                content_col: opt.content_col,
            });
        }
        self.mark_used(i);
        self.phase = Phase::Options;
        self.sink = Sink::Option;
        self.pending_blank = false;
    }

    /// Whether line `i` starts a new question here, given the style and where the scan stands.
    fn stem_start(&mut self, i: usize, raw: &str) -> Option<StemStart> {
        let in_stem = self.cur.is_some() && self.phase == Phase::Stem;
        match self.style {
            Style::OnePerFile => None,
            Style::Numbered => {
                if let Some((num, rest)) = numbered_item(raw) {
                    let col = item_content_col(raw);
                    return Some(StemStart { kind: Kind::Numbered, name: Some(num), text: rest, col });
                }
                let (kind, text) = match (heading(raw), bold_line(raw)) {
                    (Some((level, text)), _) => (Kind::Heading { level1: level == 1 }, text),
                    (None, Some(text)) => (Kind::Bold, text),
                    (None, None) => return None,
                };
                let (num, rest) = number_prefix(&text)?;
                Some(StemStart { kind, name: Some(num), text: rest, col: 0 })
            }
            Style::Checklist => {
                if let Some((level, text)) = heading(raw) {
                    let (name, text) = split_number(text);
                    return Some(StemStart {
                        kind: Kind::Heading { level1: level == 1 },
                        name,
                        text,
                        col: 0,
                    });
                }
                let cur_kind = self.cur.as_ref().map(|d| d.kind);
                if let Some(text) = bold_line(raw) {
                    if in_stem && cur_kind != Some(Kind::Bold) {
                        return None;
                    }
                    let (name, text) = split_number(text);
                    return Some(StemStart { kind: Kind::Bold, name, text, col: 0 });
                }
                let (num, rest) = numbered_item(raw)?;
                if in_stem && (self.list_in_stem || !self.checklist_follows(i)) {
                    // A numbered list inside the stem ("Consider: 1. ... 2. ..."), not a new question.
                    self.list_in_stem = true;
                    return None;
                }
                let col = item_content_col(raw);
                Some(StemStart { kind: Kind::Numbered, name: Some(num), text: rest, col })
            }
        }
    }

    /// Start of the plain paragraph that ends just before line `i` (blank lines between allowed), if no
    /// question has taken its lines.
    fn paragraph_before(&self, i: usize) -> Option<usize> {
        let free = |k: usize| k >= self.used_until && self.roles.get(k) == Some(&Role::Text);
        let mut j = i;
        while j > 0 && free(j - 1) && self.line(j - 1).trim().is_empty() {
            j -= 1;
        }
        let end = j;
        while j > 0 && free(j - 1) && is_paragraph_line(self.line(j - 1)) {
            j -= 1;
        }
        (j < end).then_some(j)
    }

    /// Whether a checklist comes after line `i` before another numbered item, heading or answer.
    fn checklist_follows(&self, i: usize) -> bool {
        for j in i + 1..self.lines.len() {
            if self.roles.get(j) != Some(&Role::Text) {
                continue;
            }
            let l = self.line(j);
            if checklist_item(l).is_some() {
                return true;
            }
            if numbered_item(l).is_some()
                || heading(l).is_some()
                || is_details_open(l.trim())
                || answer_line(l).is_some()
            {
                return false;
            }
        }
        false
    }

    /// A `<details>` block at line `i`: the answer and explanation of the current question.
    fn details(&mut self, i: usize) -> usize {
        let (end, closed) = details_end(self.lines, self.roles, i);
        self.mark_used(if closed { end } else { i });
        let Some(d) = self.cur.as_mut() else {
            return if closed { end + 1 } else { i + 1 };
        };
        self.phase = Phase::After;
        self.sink = Sink::None;
        if !closed {
            d.unclosed_details.get_or_insert(i + 1);
            return i + 1;
        }
        let block = self.lines.get(i..=end).map(|ls| ls.join("\n")).unwrap_or_default();
        let (summary, inner) = details_parts(&block);
        if let Some(answer) = summary.as_deref().and_then(answer_line)
            && d.answer.is_none()
        {
            d.answer = Some(answer);
        }
        let mut explanation = Vec::new();
        for l in inner.split('\n') {
            if let Some(answer) = answer_line(l) {
                if d.answer.is_none() {
                    d.answer = Some(answer);
                }
            } else if let Some((rest, _)) = explanation_label(l) {
                explanation.push(rest);
            } else {
                explanation.push(l.to_string());
            }
        }
        if explanation.iter().any(|l| !l.trim().is_empty()) {
            if !d.explanation.is_empty() {
                d.explanation.push(String::new());
            }
            d.explanation.extend(explanation);
        }
        d.answer_block = true;
        end + 1
    }
}

/// A line of running text: not blank and no structure (heading, list item, `<details>`, fence, label, table,
/// rule).
fn is_paragraph_line(l: &str) -> bool {
    let t = l.trim();
    let rule = t.len() >= 3 && t.chars().all(|c| matches!(c, '-' | '*' | '_' | ' '));
    !t.is_empty()
        && !rule
        && !t.starts_with(['|', '<', '>'])
        && heading(l).is_none()
        && strip_bullet(t).is_none()
        && letter_item(l, Some('A')).is_none()
        && fence_marker(l).is_none()
        && answer_line(l).is_none()
        && explanation_label(l).is_none()
}

fn is_details_open(t: &str) -> bool {
    let lower = t.get(..8).map(str::to_ascii_lowercase);
    lower.as_deref() == Some("<details")
        && t.get(8..).is_some_and(|r| r.is_empty() || r.starts_with(|c: char| c == '>' || c.is_whitespace()))
}

/// The line that closes the `<details>` opened at line `start`, and whether it closes at all: another
/// `<details>` (the next question's) or the end of the file before a `</details>` means it does not.
fn details_end(lines: &[&str], roles: &[Role], start: usize) -> (usize, bool) {
    let first = lines.get(start).copied().unwrap_or("").to_ascii_lowercase();
    let open = first.find("<details").unwrap_or(0);
    if first.get(open..).is_some_and(|r| r.contains("</details")) {
        return (start, true);
    }
    for j in start + 1..lines.len() {
        if matches!(roles.get(j), Some(Role::InFence | Role::Comment)) {
            continue;
        }
        let l = lines.get(j).copied().unwrap_or("").to_ascii_lowercase();
        if l.contains("</details") {
            return (j, true);
        }
        if is_details_open(l.trim()) {
            return (j, false);
        }
    }
    (lines.len().saturating_sub(1), false)
}

/// The `<summary>` text and the content of a `<details>` block, tags removed.
fn details_parts(block: &str) -> (Option<String>, String) {
    let lower = block.to_ascii_lowercase();
    let Some(open) = lower.find("<details") else { return (None, String::new()) };
    let Some(mut pos) = lower.get(open..).and_then(|r| r.find('>')).map(|g| open + g + 1) else {
        return (None, String::new());
    };
    let mut summary = None;
    let rest = lower.get(pos..).unwrap_or("");
    if rest.trim_start().starts_with("<summary")
        && let Some(s) = rest.find("<summary").map(|s| pos + s)
        && let Some(tag_end) = lower.get(s..).and_then(|r| r.find('>')).map(|g| s + g + 1)
    {
        pos = tag_end;
        if let Some(close) = lower.get(tag_end..).and_then(|r| r.find("</summary")).map(|c| tag_end + c) {
            summary = block.get(tag_end..close).map(str::to_string);
            pos = lower.get(close..).and_then(|r| r.find('>')).map_or(lower.len(), |g| close + g + 1);
        }
    }
    let end = lower.get(pos..).and_then(|r| r.find("</details")).map_or(lower.len(), |e| pos + e);
    (summary, block.get(pos..end).unwrap_or("").to_string())
}

// ---------------------------------------------------------------------------------------------------------
// Line shapes
// ---------------------------------------------------------------------------------------------------------

fn indent(s: &str) -> usize {
    let mut n = 0;
    for c in s.chars() {
        match c {
            ' ' => n += 1,
            '\t' => n += 4 - n % 4,
            _ => break,
        }
    }
    n
}

/// `12. rest` or `12) rest` as a top-level list item (indented at most 3).
fn numbered_item(raw: &str) -> Option<(String, String)> {
    if indent(raw) > 3 {
        return None;
    }
    let t = raw.trim_start();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 9 {
        return None;
    }
    let rest = t.get(digits.len()..)?.strip_prefix(['.', ')'])?;
    if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
        return None;
    }
    Some((digits, rest.trim().to_string()))
}

/// The column where a list item's text starts: after its marker and the spaces that follow it (one when there
/// are more than four, as the rest would be code).
fn item_content_col(raw: &str) -> usize {
    let t = raw.trim_start();
    let marker = t.chars().take_while(char::is_ascii_digit).count() + 1;
    let after = t.get(marker..).map_or(0, indent);
    let gap = if (1..=4).contains(&after) && t.get(marker..).is_some_and(|r| !r.trim().is_empty()) {
        after
    } else {
        1
    };
    indent(raw) + marker + gap
}

/// `## text` (ATX heading, closing `#`s removed): level and text.
fn heading(raw: &str) -> Option<(usize, String)> {
    if indent(raw) > 3 {
        return None;
    }
    let t = raw.trim_start();
    let level = t.chars().take_while(|&c| c == '#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let rest = t.get(level..)?;
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    let text = rest.trim();
    let unclosed = text.trim_end_matches('#');
    let text = if unclosed.is_empty() {
        ""
    } else if unclosed.ends_with([' ', '\t']) {
        unclosed.trim_end()
    } else {
        text
    };
    Some((level, text.to_string()))
}

/// A line that starts with a bold span (`**...**` or `__...__`): its text with that span's markers removed.
fn bold_line(raw: &str) -> Option<String> {
    let t = raw.trim();
    for marker in ["**", "__"] {
        let Some(inner) = t.strip_prefix(marker) else { continue };
        let close = inner.find(marker)?;
        if close == 0 || inner.starts_with(char::is_whitespace) {
            return None;
        }
        let bold = inner.get(..close)?;
        let after = inner.get(close + 2..)?;
        return Some(format!("{bold}{after}").trim().to_string());
    }
    None
}

/// "12. rest", "Question 12: rest", "Q12 - rest": the number and the rest.
fn number_prefix(text: &str) -> Option<(String, String)> {
    let t = text.trim_start();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() {
        let rest = t.get(digits.len()..)?.strip_prefix(['.', ')', ':'])?;
        if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
            return None;
        }
        return (digits.len() <= 9).then(|| (digits, rest.trim().to_string()));
    }
    let lower = t.to_ascii_lowercase();
    let after = if lower.starts_with("question") {
        t.get(8..)?
    } else if lower.starts_with('q') {
        t.get(1..)?
    } else {
        return None;
    };
    let after = after.trim_start_matches([' ', '#', '.']);
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 9 {
        return None;
    }
    let rest = after.get(digits.len()..)?;
    if rest.starts_with(|c: char| c.is_alphanumeric()) {
        return None;
    }
    let rest = rest.trim_start().trim_start_matches([':', '.', ')', '-', '–', '—']);
    Some((digits, rest.trim().to_string()))
}

fn split_number(text: String) -> (Option<String>, String) {
    match number_prefix(&text) {
        Some((num, rest)) => (Some(num), rest),
        None => (None, text),
    }
}

struct OptionLine {
    letter: Option<char>,
    checked: bool,
    text: String,
    content_col: usize,
}

/// The bullet of a list item (`-`, `*`, `+`, `1.`, `1)`), and what follows it.
fn strip_bullet(t: &str) -> Option<(usize, &str)> {
    let first = t.chars().next()?;
    let len = if matches!(first, '-' | '*' | '+') {
        1
    } else {
        let digits = t.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 || digits > 9 || !t.get(digits..)?.starts_with(['.', ')']) {
            return None;
        }
        digits + 1
    };
    let rest = t.get(len..)?;
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    Some((len, rest.trim_start()))
}

/// `- [ ] option` / `- [x] option`.
fn checklist_item(raw: &str) -> Option<OptionLine> {
    let t = raw.trim_start();
    let (bullet, rest) = strip_bullet(t)?;
    let rest = rest.strip_prefix('[')?;
    let mark = rest.chars().next()?;
    let checked = match mark {
        ' ' => false,
        'x' | 'X' => true,
        _ => return None,
    };
    let rest = rest.get(1..)?.strip_prefix(']')?;
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    Some(OptionLine {
        letter: None,
        checked,
        text: rest.trim().to_string(),
        content_col: indent(raw) + bullet + 1,
    })
}

/// `- A. option`, `- A) option`, `- (A) option`; without a bullet only the expected capital letter
/// (`A. option`), so that a stem line such as "A. Smith said..." is not taken for one.
fn letter_item(raw: &str, expect: Option<char>) -> Option<OptionLine> {
    let t = raw.trim_start();
    let (bullet, rest) = match strip_bullet(t) {
        Some((len, rest)) if !rest.starts_with('[') => (Some(len), rest),
        Some(_) => return None,
        None => (None, t),
    };
    let (paren, rest) = match rest.strip_prefix('(') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let letter = rest.chars().next()?;
    let upper = letter.to_ascii_uppercase();
    if !('A'..='H').contains(&upper) {
        return None;
    }
    if bullet.is_none() && (letter != upper || expect != Some(upper)) {
        return None;
    }
    let rest = rest.get(1..)?;
    let rest = if paren { rest.strip_prefix(')')? } else { rest.strip_prefix(['.', ')', ':'])? };
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    let text = rest.trim().to_string();
    if bullet.is_none() && text.is_empty() {
        return None;
    }
    Some(OptionLine {
        letter: Some(upper),
        checked: false,
        text,
        content_col: indent(raw) + bullet.map_or(0, |b| b + 1),
    })
}

fn next_letter(c: char) -> Option<char> {
    char::from_u32(c as u32 + 1).filter(char::is_ascii_uppercase)
}

fn letter_for(index: usize) -> Option<char> {
    u8::try_from(index).ok().filter(|&i| i < 26).map(|i| char::from(b'A' + i))
}

/// Text of a line with leading quote markers and emphasis removed, for label tests.
fn label_text(raw: &str) -> &str {
    raw.trim().trim_start_matches(['>', ' ', '\t']).trim_start_matches(['*', '_'])
}

/// "Correct answer: B, E", "**Correct Answer:** AC", "Answer: D": what follows the label.
fn answer_line(raw: &str) -> Option<String> {
    let s = label_text(raw);
    for label in [
        "correct answers",
        "correct answer",
        "correct options",
        "correct option",
        "right answer",
        "answers",
        "answer",
    ] {
        let Some(head) = s.get(..label.len()) else { continue };
        if !head.eq_ignore_ascii_case(label) {
            continue;
        }
        let after = s.get(label.len()..)?.trim_start_matches(['*', '_']).trim_start();
        let rest = after.strip_prefix(':')?;
        return Some(rest.trim().trim_start_matches(['*', '_']).trim().to_string());
    }
    None
}

/// "Explanation: text", "**Explanation:** text", "## Explanation" (or "Solution", "Rationale"): the text after
/// the label, and whether the
/// label stands alone (a heading or a bare label), so that the explanation is everything up to the next question.
fn explanation_label(raw: &str) -> Option<(String, bool)> {
    let (s, heading_form) = match heading(raw) {
        Some((_, text)) => (text, true),
        None => (raw.to_string(), false),
    };
    let s = label_text(&s);
    let label = ["explanation", "solution", "rationale"]
        .into_iter()
        .find(|label| s.get(..label.len()).is_some_and(|head| head.eq_ignore_ascii_case(label)))?;
    let after = s.get(label.len()..)?.trim_start_matches(['*', '_']).trim_start();
    if let Some(rest) = after.strip_prefix(':') {
        let rest = rest.trim_start_matches(['*', '_']).trim();
        return Some((rest.to_string(), heading_form || rest.is_empty()));
    }
    after.trim_matches(['*', '_', ' ']).is_empty().then(|| (String::new(), true))
}

/// What an answer line says is right, read against the question's options.
#[derive(Debug, PartialEq, Eq)]
enum AnswerKey {
    /// The letters it names, in its order, each once.
    Letters(Vec<char>),
    /// No option letter in it ("all of them", "AWS Config").
    None,
    /// Letters, but which ones it marks cannot be told for sure ("A or D", "A. Route 53 and D" when the text is
    /// no option's): a problem rather than a guess.
    Unclear,
    /// A label given with the text of another option ("A. Amazon CloudFront" when that is option D): the
    /// label's letter and the option whose text it gives.
    Mismatch(char, char),
}

/// Emphasis and code markers around letters and labels.
const MARKUP: [char; 3] = ['*', '_', '`'];

fn is_separator(c: char) -> bool {
    matches!(c, ',' | ';' | '&' | '/' | '+')
}

/// The options an answer names: a list of letters ("D", "AC", "B, E", "B and E", "Options A & C", "(b)"), or
/// labels with text ("D. AWS Config", "B (AWS CloudTrail)", "A. Route 53 and D. CloudFront", "A) x; D) y",
/// "A - x, D - y"). `options` are the question's (letter, plain text): where a label's text is an option's
/// (or part of it), it decides which capitals are labels and which are text ("A. Plan A, B and C").
fn answer_letters(answer: &str, options: &[(char, String)]) -> AnswerKey {
    if let Some(letters) = letter_list(answer) {
        return AnswerKey::Letters(letters);
    }
    let chars: Vec<char> = answer.chars().collect();
    let labels = answer_labels(&chars);
    if labels.is_empty() {
        // A capital standing alone ("A or D", "Plan B"): letters are named, but not readably.
        let alone = chars.iter().enumerate().any(|(k, c)| {
            ('A'..='H').contains(c)
                && (k == 0 || chars.get(k - 1).is_some_and(|p| !p.is_alphanumeric()))
                && chars.get(k + 1).is_none_or(|n| !n.is_alphanumeric())
        });
        return if alone { AnswerKey::Unclear } else { AnswerKey::None };
    }
    let words: Vec<(char, Vec<String>)> = options.iter().map(|(c, t)| (*c, plain_words(t))).collect();
    let option_words = |letter: char| words.iter().find(|(c, _)| *c == letter).map(|(_, w)| w);
    // The text of the item whose label is `labels[i]`, up to the label `next` (or the end).
    let item = |i: usize, next: Option<usize>| -> (char, &[char]) {
        let label = labels.get(i).copied().unwrap_or_default();
        let end = next.and_then(|j| labels.get(j)).map_or(chars.len(), |l| l.sep);
        (label.letter, chars.get(label.end..end).unwrap_or(&[]))
    };
    // First the readings where every label's text is its option's, word for word; then those where it is part
    // of it: one reading is the answer, several are a problem.
    for exact in [true, false] {
        let fits = |i: usize, next: Option<usize>| -> bool {
            let (letter, text) = item(i, next);
            if starts_with_separator(text) {
                return false;
            }
            let said = plain_words(&text.iter().collect::<String>());
            said.is_empty()
                || option_words(letter)
                    .is_some_and(|own| if exact { *own == said } else { contains(own, &said) })
        };
        match unique_reading(labels.len(), fits) {
            Reading::One(chosen) => {
                let letters = chosen.iter().filter_map(|&i| labels.get(i)).map(|l| l.letter);
                return AnswerKey::Letters(dedup(letters));
            }
            Reading::Several => return AnswerKey::Unclear,
            Reading::NoneFits => {}
        }
    }
    // The texts are not the options' (shortened, reworded, a remark after them): every label counts, as long
    // as none could be part of the text before it, that is each after the first is written as a label
    // ("D.", "D)", "(D)", "D -", "D (...)").
    if labels.iter().skip(1).any(|l| !l.strong) {
        return AnswerKey::Unclear;
    }
    for i in 0..labels.len() {
        let next = (i + 1 < labels.len()).then_some(i + 1);
        let (letter, text) = item(i, next);
        if i > 0 && starts_with_separator(text) {
            return AnswerKey::Unclear;
        }
        let said = plain_words(&text.iter().collect::<String>());
        if said.is_empty() || option_words(letter).is_some_and(|own| contains(own, &said)) {
            continue;
        }
        let mut others = words.iter().filter(|(c, w)| *c != letter && contains(w, &said));
        if let (Some((other, _)), None) = (others.next(), others.next()) {
            return AnswerKey::Mismatch(letter, *other);
        }
    }
    AnswerKey::Letters(dedup(labels.iter().map(|l| l.letter)))
}

/// An answer that is only letters: "D", "AC", "B, E", "B and E", "Options A & C", "**C**", "(b)", "A, D.".
fn letter_list(answer: &str) -> Option<Vec<char>> {
    let mut letters = Vec::new();
    let words = answer.split(|c: char| c.is_whitespace() || is_separator(c)).filter(|w| !w.is_empty());
    for (k, word) in words.enumerate() {
        let w = word.trim_matches(MARKUP);
        let w = w.strip_prefix('(').unwrap_or(w);
        let w = w.strip_suffix(['.', ')', ':']).unwrap_or(w).trim_matches(MARKUP);
        let lower = w.to_lowercase();
        if w.is_empty()
            || lower == "and"
            || (k == 0 && matches!(lower.as_str(), "option" | "options" | "choice" | "choices" | "both"))
        {
            continue;
        }
        let mut it = w.chars();
        match (it.next(), it.next()) {
            // Any capital (an answer "F" for options A-D is reported as such), a lower-case option letter.
            (Some(c), None) if c.is_ascii_uppercase() || ('a'..='h').contains(&c) => {
                letters.push(c.to_ascii_uppercase());
            }
            _ if w.len() <= 8
                && w.chars().all(|c| ('A'..='H').contains(&c))
                && w.chars().enumerate().all(|(i, c)| !w.chars().take(i).any(|d| d == c)) =>
            {
                letters.extend(w.chars());
            }
            _ => return None,
        }
    }
    (!letters.is_empty()).then(|| dedup(letters))
}

/// An option label found in an answer.
#[derive(Clone, Copy, Debug, Default)]
struct AnswerLabel {
    /// Upper case.
    letter: char,
    /// Index just past the label ("D." or "(D)" or "D -"), where its text starts.
    end: usize,
    /// Where the separator before it starts (",", ";", "&", "and"...): the text before it ends there.
    sep: usize,
    /// Written as a label ("D.", "D)", "D:", "(D)", "D -", "D (...)"), not a bare capital.
    strong: bool,
}

/// The capitals (and `a.`/`a)`/`(a)` letters) of an answer that may be option labels: the first at its start
/// (after "Option"), each other after a separator ("," ";" "&" "/" "+" "and"). A capital inside a label's text
/// ("A. Amazon EC2 and S3", "B. Plan A") is none. Empty when nothing at the start is a label.
fn answer_labels(chars: &[char]) -> Vec<AnswerLabel> {
    let skip_markup = |mut k: usize| {
        while chars.get(k).is_some_and(|&c| c.is_whitespace() || MARKUP.contains(&c)) {
            k += 1;
        }
        k
    };
    let mut lead = skip_markup(0);
    let word: String = chars.get(lead..).unwrap_or(&[]).iter().take_while(|c| c.is_alphabetic()).collect();
    if matches!(word.to_lowercase().as_str(), "option" | "options" | "choice" | "choices")
        && chars.get(lead + word.chars().count()).is_some_and(|c| c.is_whitespace())
    {
        lead = skip_markup(lead + word.chars().count());
    }
    let mut labels: Vec<AnswerLabel> = Vec::new();
    for (p, &c) in chars.iter().enumerate() {
        let upper = c.is_ascii_uppercase();
        if !('A'..='H').contains(&c.to_ascii_uppercase()) || !c.is_ascii_alphabetic() {
            continue;
        }
        let prev = p.checked_sub(1).and_then(|k| chars.get(k)).copied();
        if prev.is_some_and(|b| !(b.is_whitespace() || b == '(' || MARKUP.contains(&b) || is_separator(b))) {
            continue;
        }
        let next = chars.get(p + 1).copied();
        let after_ws = (p + 1..=chars.len()).find(|&k| chars.get(k).is_none_or(|c| !c.is_whitespace()));
        let at = |k: Option<usize>| k.and_then(|k| chars.get(k)).copied();
        let (start, end, strong) = if prev == Some('(') && next == Some(')') {
            (p - 1, p + 2, true)
        } else if let Some(q) =
            (p + 1..chars.len()).find(|&k| chars.get(k).is_some_and(|c| !MARKUP.contains(c)))
            && matches!(chars.get(q), Some('.' | ')' | ':'))
            && chars.get(q + 1).is_none_or(|&a| a.is_whitespace() || MARKUP.contains(&a))
        {
            // "D.", "D)", "D:", "**D**." and the like.
            (p, q + 1, true)
        } else if !upper {
            continue;
        } else if matches!(at(after_ws), Some('-' | '–' | '—'))
            && after_ws.and_then(|k| chars.get(k + 1)).is_some_and(|c| c.is_whitespace())
        {
            (p, after_ws.map_or(p + 1, |k| k + 1), true)
        } else if next.is_some_and(char::is_whitespace) && at(after_ws) == Some('(') {
            (p, p + 1, true)
        } else {
            // A bare capital: only where the text may end (the end, a separator, "and").
            let k = skip_markup(p + 1);
            let bare = next.is_none_or(|n| n.is_whitespace() || MARKUP.contains(&n) || is_separator(n))
                && (k == chars.len() || chars.get(k).is_some_and(|&c| is_separator(c)) || is_and(chars, k));
            if !bare {
                continue;
            }
            (p, p + 1, false)
        };
        // What comes before it: the start, or a separator.
        let mut b = start;
        while b > 0 && chars.get(b - 1).is_some_and(|&c| c.is_whitespace() || MARKUP.contains(&c)) {
            b -= 1;
        }
        let sep = if b <= lead {
            if !labels.is_empty() {
                continue;
            }
            b
        } else if labels.is_empty() {
            // Something else comes first: not an answer written with labels.
            break;
        } else if chars.get(b - 1).is_some_and(|&c| is_separator(c)) {
            b - 1
        } else if b >= 3 && is_and(chars, b - 3) {
            b - 3
        } else {
            continue;
        };
        labels.push(AnswerLabel { letter: c.to_ascii_uppercase(), end, sep, strong });
        if labels.len() > 16 {
            // Not an answer line anyone writes (options go up to H): do not search its readings.
            return Vec::new();
        }
    }
    labels
}

/// The word "and" at `k`, standing alone.
fn is_and(chars: &[char], k: usize) -> bool {
    let word: String = chars.get(k..k + 3).unwrap_or(&[]).iter().collect();
    word.eq_ignore_ascii_case("and")
        && (k == 0 || chars.get(k - 1).is_some_and(|c| !c.is_alphanumeric()))
        && chars.get(k + 3).is_none_or(|c| !c.is_alphanumeric())
}

/// A label's text that starts with a separator belongs to no label ("A, D": A's text is empty, not ", D").
fn starts_with_separator(text: &[char]) -> bool {
    let k = text.iter().position(|&c| !(c.is_whitespace() || MARKUP.contains(&c))).unwrap_or(text.len());
    text.get(k).is_some_and(|&c| is_separator(c)) || is_and(text, k)
}

/// Lower-case words (letters and digits) of a text, for comparing an answer's text with an option's.
fn plain_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// Whether `part` is a run of `whole`'s words (all of it included).
fn contains(whole: &[String], part: &[String]) -> bool {
    !part.is_empty() && whole.windows(part.len()).any(|w| w == part)
}

fn dedup(letters: impl IntoIterator<Item = char>) -> Vec<char> {
    let mut seen = Vec::new();
    for c in letters {
        if !seen.contains(&c) {
            seen.push(c);
        }
    }
    seen
}

enum Reading {
    /// The labels (indices) of the one reading that fits.
    One(Vec<usize>),
    Several,
    NoneFits,
}

/// The ways to take some of `n` labels as labels (the first always; the others are then part of the text
/// before them) such that `fits(i, next)` for each label `i` taken and the next one taken (`None`: the end).
fn unique_reading(n: usize, fits: impl Fn(usize, Option<usize>) -> bool) -> Reading {
    // ways[i]: readings of the answer from label i on, counted up to 2; then: the next label of the one reading.
    let mut ways = vec![0u8; n];
    let mut then: Vec<Option<usize>> = vec![None; n];
    for i in (0..n).rev() {
        let mut count = 0u8;
        if fits(i, None) {
            count = 1;
        }
        for j in i + 1..n {
            let w = ways.get(j).copied().unwrap_or(0);
            if w > 0 && fits(i, Some(j)) {
                count = count.saturating_add(w);
                if let Some(t) = then.get_mut(i) {
                    *t = Some(j);
                }
            }
            if count > 1 {
                break;
            }
        }
        if let Some(slot) = ways.get_mut(i) {
            *slot = count.min(2);
        }
    }
    match ways.first() {
        Some(1) => {
            let mut chosen = vec![0];
            let mut i = 0;
            while let Some(j) = then.get(i).copied().flatten() {
                chosen.push(j);
                i = j;
            }
            Reading::One(chosen)
        }
        Some(0) | None => Reading::NoneFits,
        Some(_) => Reading::Several,
    }
}

// ---------------------------------------------------------------------------------------------------------
// Drafts into questions
// ---------------------------------------------------------------------------------------------------------

enum Outcome {
    Question(ImportedQuestion),
    Problem(Problem),
    /// A level-1 heading that turned out not to be a question: the file's title.
    Title(String),
    /// A heading or numbered note with neither options nor answer: not a question.
    Drop,
}

fn finalize(mut d: Draft) -> Outcome {
    let mut image = ImageSlot { capture: true, found: None };
    let mut stem_parts = Vec::new();
    if let Some(text) = &d.yaml_stem {
        let lines: Vec<&str> = text.split('\n').collect();
        stem_parts.push(render_block(&lines, Layout { keep_breaks: true, ..Layout::stem(0) }, &mut image));
    }
    stem_parts.push(render_block(&d.stem, Layout::stem(d.stem_col), &mut image));
    let stem = stem_parts.into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join("\n\n");

    let label = match (&d.name, stem.is_empty()) {
        (Some(n), _) if n.chars().all(|c| c.is_ascii_digit()) => format!("question {n}"),
        (Some(n), _) => format!("question \"{n}\""),
        (None, false) => format!("question \"{}\"", excerpt(&stem, 40)),
        (None, true) => "question".to_string(),
    };
    let line = d.line;
    let problem = |message: String| Outcome::Problem(Problem { line, message });

    if d.kind == Kind::Orphan {
        return problem(
            "options with no question before them (a numbered line, a heading or a bold line)".into(),
        );
    }
    if let Some(at) = d.unclosed_details {
        return problem(format!("{label}: the <details> opened at line {at} is never closed"));
    }
    if d.options.is_empty() {
        let has_more =
            d.answer_block || d.answer.is_some() || d.explanation.iter().any(|l| !l.trim().is_empty());
        return if d.kind == Kind::Front {
            problem(format!("{label} has no options (no `- [ ]` checklist)"))
        } else if d.answer.is_some() {
            problem(format!("{label} has an answer but no options"))
        } else if has_more {
            problem(format!("{label} has an answer block or explanation but no options"))
        } else if d.kind == (Kind::Heading { level1: true }) {
            Outcome::Title(stem.split("\n\n").next().unwrap_or("").to_string())
        } else {
            Outcome::Drop
        };
    }
    if d.options.len() == 1 {
        return problem(format!("{label} has only one option"));
    }

    // Checklist options lettered "A. ..." themselves: the letter is a label, not text.
    let self_lettered = d.options.iter().enumerate().all(|(k, o)| {
        o.letter.is_none()
            && o.lines.first().and_then(|l| letter_item(l, letter_for(k))).and_then(|x| x.letter)
                == letter_for(k)
    });
    if self_lettered {
        for (k, o) in d.options.iter_mut().enumerate() {
            if let Some(first) = o.lines.first_mut()
                && let Some(x) = letter_item(first, letter_for(k))
            {
                *first = x.text;
                o.letter = x.letter;
            }
        }
    }
    let letters: Vec<char> = d
        .options
        .iter()
        .enumerate()
        .map(|(k, o)| o.letter.or_else(|| letter_for(k)).unwrap_or('?'))
        .collect();
    for (k, c) in letters.iter().enumerate() {
        if d.options.get(k).is_some_and(|o| o.letter.is_some())
            && letters.get(..k).is_some_and(|l| l.contains(c))
        {
            return problem(format!("{label} has two options lettered {c}"));
        }
    }

    let mut no_image = ImageSlot { capture: false, found: None };
    let texts: Vec<String> =
        d.options.iter().map(|o| render_block(&o.lines, Layout::OPTION, &mut no_image)).collect();
    let whys: Vec<Option<String>> = d
        .options
        .iter()
        .map(|o| Some(render_block(&o.why, Layout::TEXT, &mut no_image)).filter(|w| !w.is_empty()))
        .collect();
    if let Some(k) = texts.iter().position(String::is_empty) {
        let c = letters.get(k).copied().unwrap_or('?');
        return problem(format!("{label}: option {c} is empty"));
    }

    let correct: Vec<bool> = if d.options.iter().any(|o| o.checked) {
        d.options.iter().map(|o| o.checked).collect()
    } else if let Some(answer) = d.answer.as_deref().filter(|a| !a.is_empty()) {
        let options: Vec<(char, String)> = letters.iter().copied().zip(texts.iter().cloned()).collect();
        let quoted = excerpt(answer.trim_end_matches(MARKUP), 60);
        let named = match answer_letters(answer, &options) {
            AnswerKey::Letters(named) => named,
            AnswerKey::None => {
                return problem(format!("{label}: the answer \"{quoted}\" names no option letter"));
            }
            AnswerKey::Unclear => {
                return problem(format!(
                    "{label}: cannot tell which options the answer \"{quoted}\" marks right"
                ));
            }
            AnswerKey::Mismatch(said, other) => {
                return problem(format!(
                    "{label}: the answer \"{quoted}\" gives {said} the text of option {other}"
                ));
            }
        };
        let missing: Vec<String> =
            named.iter().filter(|c| !letters.contains(c)).map(char::to_string).collect();
        if !missing.is_empty() {
            let s = if missing.len() > 1 { "s" } else { "" };
            return problem(format!(
                "{label} marks answer{s} {} but its options are {}",
                missing.join(", "),
                letter_range(&letters)
            ));
        }
        letters.iter().map(|c| named.contains(c)).collect()
    } else {
        return problem(format!("{label} has no marked answer"));
    };

    if stem.is_empty() {
        return problem(format!("{label} has no question text"));
    }
    let marked = correct.iter().filter(|&&c| c).count();
    if let Some((verb, word, n)) = choose_count(&stem)
        && n != marked
    {
        let s = if marked == 1 { "" } else { "s" };
        return problem(format!("{label} says {verb} {word} but marks {marked} answer{s}"));
    }

    let mut explanation = render_block(&d.explanation, Layout::TEXT, &mut no_image);
    if let Some(url) = &d.documentation {
        if !explanation.is_empty() {
            explanation.push_str("\n\n");
        }
        explanation.push_str("Documentation: ");
        explanation.push_str(url);
    }
    Outcome::Question(ImportedQuestion {
        line: d.line,
        name: d.name,
        domain: None,
        tags: d.tags,
        stem,
        options: texts
            .into_iter()
            .zip(correct)
            .zip(whys)
            .map(|((text, correct), why)| ImportedOption { text, correct, why })
            .collect(),
        explanation: Some(explanation).filter(|e| !e.is_empty()),
        image: image.found.map(ImageRef::Path),
    })
}

/// "A-D" for a run of letters, else "A, B, D".
fn letter_range(letters: &[char]) -> String {
    let run = letters.windows(2).all(|w| matches!(w, [a, b] if next_letter(*a) == Some(*b)));
    match (letters.first(), letters.last()) {
        (Some(a), Some(b)) if run && letters.len() > 2 => format!("{a}-{b}"),
        _ => letters.iter().map(char::to_string).collect::<Vec<_>>().join(", "),
    }
}

fn excerpt(text: &str, max: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max).collect();
    format!("{}…", cut.trim_end())
}

/// "(Choose two)", "(Select THREE)", "Choose 2": the words as written (lower case) and the number.
fn choose_count(stem: &str) -> Option<(String, String, usize)> {
    let lower = stem.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    for (k, w) in words.iter().enumerate() {
        if !matches!(*w, "choose" | "select" | "pick") {
            continue;
        }
        let Some(next) = words.get(k + 1) else { continue };
        let n = match *next {
            "one" => 1,
            "two" => 2,
            "three" => 3,
            "four" => 4,
            "five" => 5,
            "six" => 6,
            "seven" => 7,
            "eight" => 8,
            "nine" => 9,
            "ten" => 10,
            digits => match digits.parse::<usize>() {
                Ok(n) if (1..=20).contains(&n) => n,
                _ => continue,
            },
        };
        // "Choose one or more": no count.
        if words.get(k + 2) == Some(&"or") {
            continue;
        }
        return Some((w.to_string(), next.to_string(), n));
    }
    None
}

// ---------------------------------------------------------------------------------------------------------
// Markdown text into plain text
// ---------------------------------------------------------------------------------------------------------

/// Where the first image of a stem goes (`capture`), taken out of the text.
struct ImageSlot {
    capture: bool,
    found: Option<String>,
}

fn render_inline_plain(text: &str) -> String {
    let mut none = ImageSlot { capture: false, found: None };
    html_to_text(&inline(text, &mut none, true, 0))
}

/// How [`render_block`] reads one part of a question.
#[derive(Clone, Copy, Debug)]
struct Layout {
    /// Each line break stands (a YAML `|` block).
    keep_breaks: bool,
    /// The indentation from which a line after a blank one starts an indented code block: the text's own
    /// indentation (a numbered item's content column) plus four. `None`: no indented code, where lines are
    /// indented for the list or the `<details>` they sit in (options, explanations).
    code_indent: Option<usize>,
    /// Links keep their address after their text, "text (url)". Not in an option: there only the text stays,
    /// so that a link does not make its option the longest (a cue to the right answer).
    urls: bool,
}

impl Layout {
    /// Explanations and feedback.
    const TEXT: Layout = Layout { keep_breaks: false, code_indent: None, urls: true };
    const OPTION: Layout = Layout { keep_breaks: false, code_indent: None, urls: false };

    /// A stem whose lines start at column `col`.
    fn stem(col: usize) -> Layout {
        Layout { keep_breaks: false, code_indent: Some(col + 4), urls: true }
    }
}

/// Plain text of Markdown lines: paragraphs separated by a blank line, list items and table rows one a line
/// ("• item"), headings and quotes as paragraphs; inline Markdown and HTML resolved by [`inline`] and
/// [`html_to_text`]. Code (a fence's lines, or an indented code block) is kept verbatim, its indentation and
/// blank lines included, as a paragraph of its own: it is never tidied.
fn render_block<S: AsRef<str>>(lines: &[S], layout: Layout, image: &mut ImageSlot) -> String {
    struct Block {
        html: String,
        /// List items and table rows follow each other on the next line, not after a blank one.
        tight: bool,
        /// Verbatim text (code), not HTML.
        code: bool,
    }
    let keep_breaks = layout.keep_breaks;
    let urls = layout.urls;
    let mut blocks: Vec<Block> = Vec::new();
    let mut para: Vec<String> = Vec::new();
    let mut para_tight = false;
    let flush = |para: &mut Vec<String>, tight: bool, blocks: &mut Vec<Block>, image: &mut ImageSlot| {
        if para.is_empty() {
            return;
        }
        let mut joined = String::new();
        for (k, l) in para.iter().enumerate() {
            let hard = l.ends_with("  ") || l.trim_end().ends_with('\\');
            let text = l.trim();
            let text = if hard && !keep_breaks { text.strip_suffix('\\').unwrap_or(text) } else { text };
            joined.push_str(text);
            if k + 1 < para.len() {
                joined.push_str(if keep_breaks || hard { "\n" } else { " " });
            }
        }
        blocks.push(Block { html: inline(&joined, image, urls, 0), tight, code: false });
        para.clear();
    };

    let mut i = 0;
    // At the start or after a blank line: where an indented code block may start.
    let mut after_blank = true;
    while i < lines.len() {
        let raw = lines.get(i).map_or("", AsRef::as_ref);
        i += 1;
        let t = raw.trim();
        if t.is_empty() {
            flush(&mut para, para_tight, &mut blocks, image);
            para_tight = false;
            after_blank = true;
            continue;
        }
        let was_after_blank = std::mem::replace(&mut after_blank, false);
        if let Some((c, n)) = fence_marker(raw) {
            flush(&mut para, para_tight, &mut blocks, image);
            // The fence's own indentation is the list's: taken off the code's lines, as far as they have it.
            let col = indent(raw);
            let mut code = Vec::new();
            while let Some(l) = lines.get(i).map(AsRef::as_ref) {
                i += 1;
                if is_fence_close(l, c, n) {
                    break;
                }
                code.push(strip_columns(l, col));
            }
            if let Some(html) = code_block(&code) {
                blocks.push(Block { html, tight: false, code: true });
            }
            after_blank = true;
            continue;
        }
        if let Some(col) = layout.code_indent.filter(|&col| was_after_blank && indent(raw) >= col) {
            let mut code = vec![strip_columns(raw, col)];
            while let Some(l) = lines.get(i).map(AsRef::as_ref) {
                if !l.trim().is_empty() && indent(l) < col {
                    break;
                }
                code.push(strip_columns(l, col));
                i += 1;
            }
            if let Some(html) = code_block(&code) {
                blocks.push(Block { html, tight: false, code: true });
            }
            after_blank = true;
            continue;
        }
        if let Some((_, text)) = heading(raw) {
            flush(&mut para, para_tight, &mut blocks, image);
            blocks.push(Block { html: inline(&text, image, urls, 0), tight: false, code: false });
            continue;
        }
        let t = t.trim_start_matches('>').trim();
        if t.is_empty() {
            flush(&mut para, para_tight, &mut blocks, image);
            continue;
        }
        if t.len() >= 3
            && (t.chars().all(|c| c == '-' || c == ' ') || t.chars().all(|c| c == '*' || c == ' '))
        {
            // A thematic break.
            flush(&mut para, para_tight, &mut blocks, image);
            continue;
        }
        if t.starts_with('|') {
            flush(&mut para, para_tight, &mut blocks, image);
            let cells: Vec<&str> = t.trim_matches('|').split('|').map(str::trim).collect();
            let separator =
                cells.iter().all(|c| !c.is_empty() && c.chars().all(|x| matches!(x, '-' | ':' | ' ')));
            if !separator {
                let html = inline(&cells.join(" | "), image, urls, 0);
                blocks.push(Block { html, tight: true, code: false });
            }
            continue;
        }
        if let Some((len, rest)) = strip_bullet(t) {
            flush(&mut para, para_tight, &mut blocks, image);
            let marker = t.get(..len).unwrap_or("-");
            let prefix = if marker.ends_with(['.', ')']) { format!("{marker} ") } else { "• ".to_string() };
            para.push(format!("{prefix}{rest}"));
            para_tight = true;
            continue;
        }
        let hard = if raw.ends_with("  ") { "  " } else { "" };
        para.push(format!("{t}{hard}"));
    }
    flush(&mut para, para_tight, &mut blocks, image);

    // Runs of text blocks are turned into plain text (and tidied) together, as one piece of HTML; code between
    // them stands as it is.
    fn plain(html: &str) -> String {
        if is_plain_and_tidy(html) { html.to_string() } else { html_to_text(html) }
    }
    let mut parts: Vec<String> = Vec::new();
    let mut html = String::new();
    let mut prev: Option<&Block> = None;
    for b in &blocks {
        if b.code {
            parts.push(plain(&html));
            html.clear();
            parts.push(b.html.clone());
            prev = None;
            continue;
        }
        if let Some(p) = prev {
            html.push_str(if b.tight && p.tight { "\n" } else { "\n\n" });
        }
        html.push_str(&b.html);
        prev = Some(b);
    }
    parts.push(plain(&html));
    parts.retain(|p| !p.is_empty());
    parts.join("\n\n")
}

/// Code lines as they stand (trailing spaces already off), the blank lines around them taken off; nothing if
/// all are blank.
fn code_block(lines: &[String]) -> Option<String> {
    let first = lines.iter().position(|l| !l.trim().is_empty())?;
    let last = lines.iter().rposition(|l| !l.trim().is_empty())?;
    lines.get(first..=last).map(|code| code.iter().map(|l| l.trim_end()).collect::<Vec<_>>().join("\n"))
}

/// `line` with up to `n` columns of indentation taken off (a tab counts to the next multiple of four; one that
/// reaches past `n` leaves the rest as spaces), and no trailing whitespace.
fn strip_columns(line: &str, n: usize) -> String {
    let mut col = 0;
    let mut rest = line;
    while col < n {
        let Some(c) = rest.chars().next().filter(|&c| c == ' ' || c == '\t') else { break };
        col = if c == '\t' { col + 4 - col % 4 } else { col + 1 };
        rest = rest.get(1..).unwrap_or("");
    }
    let mut out = " ".repeat(col.saturating_sub(n));
    out.push_str(rest.trim_end());
    out
}

/// Whether [`html_to_text`] would give `s` back unchanged: no tag or entity, and whitespace already tidy (single
/// spaces, no space at a line's ends, at most one blank line between paragraphs, none at the ends). A shortcut:
/// most option texts are like this.
fn is_plain_and_tidy(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut prev = b'\n';
    let mut newlines = 0;
    for &b in bytes {
        match b {
            b'<' | b'&' | b'\r' | b'\t' | 0x0b | 0x0c => return false,
            b' ' if prev == b' ' || prev == b'\n' => return false,
            b'\n' if prev == b' ' => return false,
            b'\n' => {
                newlines += 1;
                if newlines > 2 {
                    return false;
                }
            }
            _ if b >= 0x80 => return false,
            _ => newlines = 0,
        }
        prev = b;
    }
    !s.is_empty() && prev != b' ' && prev != b'\n'
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;")
}

#[derive(Clone)]
enum Piece {
    /// Ready for [`html_to_text`]: HTML, or text already escaped.
    Html(String),
    Char(char),
    /// A run of `*`, `_` or `~~` that may open or close emphasis.
    Delim {
        ch: char,
        len: usize,
        open: bool,
        close: bool,
        matched: bool,
    },
}

/// Inline Markdown into HTML for [`html_to_text`]: emphasis markers removed (words kept), code spans and
/// backslash escapes made literal, `[text](url)` → "text (url)", `<https://...>` → the URL, the first image
/// taken into `image` when it captures (others → "alt (path)"), HTML tags passed through.
fn inline(src: &str, image: &mut ImageSlot, urls: bool, depth: usize) -> String {
    if !src.contains(['\\', '`', '*', '_', '~', '[', '!', '<']) {
        // Nothing inline to resolve (most option texts).
        return src.to_string();
    }
    let chars: Vec<char> = src.chars().collect();
    let mut pieces: Vec<Piece> = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        match c {
            '\\' if chars.get(i + 1).is_some_and(char::is_ascii_punctuation) => {
                let escaped = chars.get(i + 1).map_or(String::new(), |c| escape_html(&c.to_string()));
                pieces.push(Piece::Html(escaped));
                i += 2;
                continue;
            }
            '`' => {
                let n = run_length(&chars, i, '`');
                if let Some(close) = backtick_close(&chars, i + n, n) {
                    let code: String = chars.get(i + n..close).unwrap_or(&[]).iter().collect();
                    let code = match code.strip_prefix(' ').and_then(|c| c.strip_suffix(' ')) {
                        Some(inner) if !inner.trim().is_empty() => inner.to_string(),
                        _ => code,
                    };
                    pieces.push(Piece::Html(escape_html(&code)));
                    i = close + n;
                } else {
                    pieces.extend(std::iter::repeat_n(Piece::Char('`'), n));
                    i += n;
                }
                continue;
            }
            '!' if chars.get(i + 1) == Some(&'[') => {
                if let Some(link) = parse_link(&chars, i + 1, depth) {
                    let mut none = ImageSlot { capture: false, found: None };
                    let alt = html_to_text(&inline(&link.text, &mut none, urls, depth + 1));
                    if image.capture && image.found.is_none() && !link.dest.is_empty() {
                        image.found = Some(link.dest);
                    } else if link.dest.is_empty() {
                        pieces.push(Piece::Html(escape_html(&alt)));
                    } else if alt.is_empty() {
                        pieces.push(Piece::Html(escape_html(&link.dest)));
                    } else {
                        pieces.push(Piece::Html(escape_html(&format!("{alt} ({})", link.dest))));
                    }
                    i = link.end;
                    continue;
                }
            }
            '[' => {
                if let Some(link) = parse_link(&chars, i, depth) {
                    let before = image.found.is_some();
                    let text_html = inline(&link.text, image, urls, depth + 1);
                    let text = html_to_text(&text_html);
                    let took_image = !before && image.found.is_some();
                    let html = if link.dest.is_empty()
                        || link.dest.starts_with('#')
                        || (took_image && text.is_empty())
                    {
                        text_html
                    } else if text.is_empty() || text == link.dest {
                        escape_html(&link.dest)
                    } else if !urls {
                        text_html
                    } else {
                        format!("{text_html} ({})", escape_html(&link.dest))
                    };
                    pieces.push(Piece::Html(html));
                    i = link.end;
                    continue;
                }
            }
            '<' => {
                let (html, end) = angle(&chars, i, image).unwrap_or_else(|| ("&lt;".to_string(), i + 1));
                pieces.push(Piece::Html(html));
                i = end;
                continue;
            }
            '*' | '_' | '~' => {
                let n = run_length(&chars, i, c);
                if c == '~' && n != 2 {
                    pieces.extend(std::iter::repeat_n(Piece::Char('~'), n));
                    i += n;
                    continue;
                }
                let prev = if i == 0 { ' ' } else { chars.get(i - 1).copied().unwrap_or(' ') };
                let next = chars.get(i + n).copied().unwrap_or(' ');
                let punct =
                    |x: char| x.is_ascii_punctuation() || (!x.is_alphanumeric() && !x.is_whitespace());
                let left = !next.is_whitespace() && (!punct(next) || prev.is_whitespace() || punct(prev));
                let right = !prev.is_whitespace() && (!punct(prev) || next.is_whitespace() || punct(next));
                let (open, close) = if c == '_' {
                    (left && (!right || punct(prev)), right && (!left || punct(next)))
                } else {
                    (left, right)
                };
                pieces.push(Piece::Delim { ch: c, len: n, open, close, matched: false });
                i += n;
                continue;
            }
            _ => {}
        }
        pieces.push(Piece::Char(c));
        i += 1;
    }

    // Pair closers with the nearest opener of the same character; both disappear.
    let mut openers: Vec<usize> = Vec::new();
    for k in 0..pieces.len() {
        let Some(Piece::Delim { ch, open, close, .. }) = pieces.get(k) else { continue };
        let (ch, open, close) = (*ch, *open, *close);
        let mut matched = false;
        if close
            && let Some(pos) = openers
                .iter()
                .rposition(|&o| matches!(pieces.get(o), Some(Piece::Delim { ch: oc, .. }) if *oc == ch))
        {
            let opener = openers.get(pos).copied().unwrap_or(k);
            openers.truncate(pos);
            for idx in [opener, k] {
                if let Some(Piece::Delim { matched, .. }) = pieces.get_mut(idx) {
                    *matched = true;
                }
            }
            matched = true;
        }
        if open && !matched {
            openers.push(k);
        }
    }

    let mut out = String::new();
    for p in pieces {
        match p {
            Piece::Html(h) => out.push_str(&h),
            Piece::Char(c) => out.push(c),
            Piece::Delim { matched: true, .. } => {}
            Piece::Delim { ch, len, .. } => out.extend(std::iter::repeat_n(ch, len)),
        }
    }
    out
}

fn run_length(chars: &[char], start: usize, c: char) -> usize {
    chars.get(start..).map_or(0, |r| r.iter().take_while(|&&x| x == c).count())
}

/// Start of the run of exactly `n` backticks that closes a code span, searching from `from`.
fn backtick_close(chars: &[char], from: usize, n: usize) -> Option<usize> {
    let mut j = from;
    while let Some(&c) = chars.get(j) {
        if c == '`' {
            let m = run_length(chars, j, '`');
            if m == n {
                return Some(j);
            }
            j += m;
        } else {
            j += 1;
        }
    }
    None
}

struct Link {
    text: String,
    dest: String,
    /// Index just past the closing `)`.
    end: usize,
}

/// `[text](dest "title")` starting at the `[` at `open`.
fn parse_link(chars: &[char], open: usize, depth: usize) -> Option<Link> {
    if depth >= 4 {
        return None;
    }
    let mut j = open + 1;
    let mut level = 0usize;
    loop {
        match chars.get(j)? {
            '\\' => j += 1,
            '[' => level += 1,
            ']' if level == 0 => break,
            ']' => level -= 1,
            _ => {}
        }
        j += 1;
    }
    let close = j;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let mut k = close + 2;
    while chars.get(k).is_some_and(|c| c.is_whitespace()) {
        k += 1;
    }
    let mut dest = String::new();
    if chars.get(k) == Some(&'<') {
        k += 1;
        loop {
            match chars.get(k)? {
                '>' => break,
                '\n' | '<' => return None,
                &c => dest.push(c),
            }
            k += 1;
        }
        k += 1;
    } else {
        let mut parens = 0usize;
        while let Some(&c) = chars.get(k) {
            match c {
                '\\' if chars.get(k + 1).is_some_and(char::is_ascii_punctuation) => {
                    dest.extend(chars.get(k + 1));
                    k += 2;
                    continue;
                }
                '(' => parens += 1,
                ')' if parens == 0 => break,
                ')' => parens -= 1,
                c if c.is_whitespace() => break,
                _ => {}
            }
            dest.push(c);
            k += 1;
        }
    }
    while chars.get(k).is_some_and(|c| c.is_whitespace()) {
        k += 1;
    }
    if let Some(&q) = chars.get(k).filter(|&&q| matches!(q, '"' | '\'' | '(')) {
        let end_q = if q == '(' { ')' } else { q };
        k += 1;
        while chars.get(k)? != &end_q {
            k += 1;
        }
        k += 1;
        while chars.get(k).is_some_and(|c| c.is_whitespace()) {
            k += 1;
        }
    }
    if chars.get(k) != Some(&')') {
        return None;
    }
    let text = chars.get(open + 1..close)?.iter().collect();
    Some(Link { text, dest, end: k + 1 })
}

/// At a `<`: an autolink (`<https://...>`, `<a@b.c>`) becomes its address; a tag of a known HTML element
/// passes through (an `<img src>` in a stem is taken as its image). Anything else is text, so that the
/// placeholders of command lines (`kubectl apply -f <file>`, `--config <deployment-config-path>`) stay.
fn angle(chars: &[char], open: usize, image: &mut ImageSlot) -> Option<(String, usize)> {
    let rel = chars.get(open + 1..)?.iter().position(|&c| c == '>' || c == '<')?;
    let close = open + 1 + rel;
    if chars.get(close) != Some(&'>') {
        return None;
    }
    let inner: String = chars.get(open + 1..close)?.iter().collect();
    let first = inner.chars().next()?;
    let no_space = !inner.chars().any(char::is_whitespace);
    let scheme_len =
        inner.chars().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-')).count();
    let is_url = first.is_ascii_alphabetic()
        && (2..=32).contains(&scheme_len)
        && inner.get(scheme_len..).is_some_and(|r| r.starts_with(':'));
    let is_email = inner.contains('@') && !inner.contains(':') && inner.split('@').all(|p| !p.is_empty());
    if no_space && (is_url || is_email) {
        return Some((escape_html(&inner), close + 1));
    }
    if first == '!' {
        // A comment or a declaration: html_to_text drops it.
        return Some((format!("<{inner}>"), close + 1));
    }
    let name: String = inner
        .trim_start_matches('/')
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    let after_name = inner.trim_start_matches('/').get(name.len()..).unwrap_or("");
    let tag_like = after_name.is_empty() || after_name.starts_with(|c: char| c.is_whitespace() || c == '/');
    if !tag_like || !super::text::HTML_ELEMENTS.contains(&name.as_str()) {
        return None;
    }
    if name == "img" && image.capture && image.found.is_none() {
        image.found = attribute(&inner, "src");
        if image.found.is_some() {
            return Some((String::new(), close + 1));
        }
    }
    Some((format!("<{inner}>"), close + 1))
}

/// The value of `name="..."` (or `'...'`, or bare) in a tag's inside.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = lower.get(from..).and_then(|r| r.find(name)).map(|p| from + p) {
        from = pos + name.len();
        let boundary = pos == 0 || lower.get(..pos).is_some_and(|b| b.ends_with(char::is_whitespace));
        let rest = tag.get(pos + name.len()..)?.trim_start();
        let Some(rest) = rest.strip_prefix('=').filter(|_| boundary) else { continue };
        let rest = rest.trim_start();
        let value = match rest.chars().next()? {
            q @ ('"' | '\'') => rest.get(1..)?.split(q).next()?.to_string(),
            _ => rest.split(|c: char| c.is_whitespace() || c == '/').next()?.to_string(),
        };
        return Some(value).filter(|v| !v.is_empty());
    }
    None
}

// ---------------------------------------------------------------------------------------------------------
// Front matter: the YAML subset question files use
// ---------------------------------------------------------------------------------------------------------

enum Front {
    None,
    /// Closed by the line at this index.
    Closed(usize),
    Unclosed,
}

fn find_front_matter(lines: &[&str]) -> Front {
    if lines.first().map(|l| l.trim_end()) != Some("---") {
        return Front::None;
    }
    match lines.iter().skip(1).position(|l| matches!(l.trim_end(), "---" | "...")) {
        Some(k) => Front::Closed(k + 1),
        None => Front::Unclosed,
    }
}

#[derive(Debug)]
struct Entry {
    key: String,
    /// 1-based line of the key in the file.
    line: usize,
    value: Value,
}

#[derive(Debug)]
enum Value {
    Scalar(String),
    List(Vec<String>),
    /// A nested mapping or something else this reader does not take.
    Other,
}

impl Value {
    fn as_text(&self) -> String {
        match self {
            Value::Scalar(text) => text.clone(),
            Value::List(items) => items.join(", "),
            Value::Other => String::new(),
        }
    }

    fn as_list(&self) -> Vec<String> {
        let items = match self {
            Value::Scalar(text) => text.split(',').map(str::to_string).collect(),
            Value::List(items) => items.clone(),
            Value::Other => Vec::new(),
        };
        items.into_iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
    }
}

/// `key: rest` at the start of a line.
fn yaml_key(line: &str) -> Option<(String, &str)> {
    if line.starts_with([' ', '\t', '#', '-']) {
        return None;
    }
    let (key, rest) = match line.find(": ") {
        Some(p) => (line.get(..p)?, line.get(p + 2..)?),
        None => (line.trim_end().strip_suffix(':')?, ""),
    };
    let key = key.trim().trim_matches(['"', '\'']);
    (!key.is_empty()).then(|| (key.to_string(), rest))
}

/// Top-level keys of the front matter (`lines`, the first being line `first_line` of the file): plain, quoted
/// (over several lines too) and block (`|`, `>`) scalars, flow (`[a, b]`) and block (`- a`) sequences.
fn parse_yaml(lines: &[&str], first_line: usize) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&line) = lines.get(i) {
        let Some((key, rest)) = yaml_key(line) else {
            i += 1;
            continue;
        };
        let entry_line = first_line + i;
        i += 1;
        let rest = rest.trim();
        let following = lines.get(i..).unwrap_or(&[]);
        let (value, used) = if rest.starts_with('|') || rest.starts_with('>') {
            let (text, used) = block_scalar(rest.starts_with('|'), rest, following);
            (Value::Scalar(text), used)
        } else if rest.starts_with('"') || rest.starts_with('\'') {
            match quoted_scalar(rest, following) {
                Some((text, used)) => (Value::Scalar(text), used),
                None => plain_scalar(rest, following),
            }
        } else if rest.starts_with('[') {
            flow_sequence(rest, following)
        } else if rest.is_empty() || rest.starts_with('#') {
            block_sequence(following)
        } else {
            plain_scalar(rest, following)
        };
        i += used;
        out.push(Entry { key, line: entry_line, value });
    }
    out
}

fn strip_indent(line: &str, n: usize) -> &str {
    let mut rest = line;
    for _ in 0..n {
        match rest.strip_prefix([' ', '\t']) {
            Some(r) => rest = r,
            None => break,
        }
    }
    rest
}

/// A `|` or `>` block: the indented lines that follow.
fn block_scalar(literal: bool, header: &str, following: &[&str]) -> (String, usize) {
    let explicit =
        header.chars().find(|c| c.is_ascii_digit()).and_then(|c| c.to_digit(10)).map(|d| d as usize);
    let mut used = 0;
    let mut body: Vec<&str> = Vec::new();
    for l in following {
        if !l.trim().is_empty() && indent(l) == 0 {
            break;
        }
        body.push(l);
        used += 1;
    }
    while body.last().is_some_and(|l| l.trim().is_empty()) {
        body.pop();
        used -= 1;
    }
    let n = explicit.unwrap_or_else(|| body.iter().find(|l| !l.trim().is_empty()).map_or(0, |l| indent(l)));
    let stripped: Vec<&str> = body.iter().map(|l| strip_indent(l, n).trim_end()).collect();
    let text = if literal {
        stripped.join("\n")
    } else {
        // Folded: lines of a paragraph join with a space, more-indented lines keep their break, and a blank
        // line stays a paragraph break (it is meant as one in a question).
        let mut paragraphs: Vec<String> = Vec::new();
        let mut current = String::new();
        for l in &stripped {
            if l.is_empty() {
                if !current.is_empty() {
                    paragraphs.push(std::mem::take(&mut current));
                }
                continue;
            }
            if !current.is_empty() {
                current.push(if l.starts_with([' ', '\t']) { '\n' } else { ' ' });
            }
            current.push_str(l);
        }
        if !current.is_empty() {
            paragraphs.push(current);
        }
        paragraphs.join("\n\n")
    };
    (text, used)
}

/// A `"..."` or `'...'` scalar, perhaps over several lines; `None` when it never closes.
fn quoted_scalar(first: &str, following: &[&str]) -> Option<(String, usize)> {
    let mut chars = first.chars();
    let q = chars.next()?;
    let mut out = String::new();
    let mut line: Vec<char> = chars.collect();
    let mut used = 0;
    loop {
        let mut k = 0;
        while let Some(&c) = line.get(k) {
            k += 1;
            if c == q {
                if q == '\'' && line.get(k) == Some(&'\'') {
                    out.push('\'');
                    k += 1;
                    continue;
                }
                return Some((out, used));
            }
            if c == '\\' && q == '"' {
                let Some(&e) = line.get(k) else {
                    // An escaped line break: the lines join without a space.
                    break;
                };
                k += 1;
                let hex = |len: usize, k: &mut usize| {
                    let digits: String =
                        line.get(*k..*k + len).map(|d| d.iter().collect()).unwrap_or_default();
                    *k += len;
                    u32::from_str_radix(&digits, 16).ok().and_then(char::from_u32)
                };
                match e {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'r' | '0' => {}
                    'x' => out.extend(hex(2, &mut k)),
                    'u' => out.extend(hex(4, &mut k)),
                    'U' => out.extend(hex(8, &mut k)),
                    other => out.push(other),
                }
                continue;
            }
            out.push(c);
        }
        // The line ended inside the quotes: fold into the next one.
        let escaped_break = line.last() == Some(&'\\') && q == '"';
        let next = following.get(used)?;
        if !next.trim().is_empty() && indent(next) == 0 {
            // A new key: this quote never closed.
            return None;
        }
        used += 1;
        if next.trim().is_empty() {
            if !out.ends_with("\n\n") {
                out.push_str("\n\n");
            }
            line = Vec::new();
            continue;
        }
        let trimmed = out.trim_end_matches([' ', '\t']).len();
        out.truncate(trimmed);
        if !escaped_break && !out.ends_with('\n') {
            out.push(' ');
        }
        line = next.trim_start().chars().collect();
    }
}

/// A plain scalar: the rest of the line (a ` #` comment dropped), folded with more-indented lines after it.
fn plain_scalar(first: &str, following: &[&str]) -> (Value, usize) {
    let cut = |s: &str| -> String {
        let s = s.find(" #").and_then(|p| s.get(..p)).unwrap_or(s);
        s.trim().to_string()
    };
    let mut text = cut(first);
    let mut used = 0;
    let mut blanks = 0;
    for l in following {
        if l.trim().is_empty() {
            blanks += 1;
            continue;
        }
        if indent(l) == 0 {
            break;
        }
        used += 1 + blanks;
        if blanks > 0 {
            text.push_str(&"\n".repeat(blanks));
        } else {
            text.push(' ');
        }
        blanks = 0;
        text.push_str(&cut(l));
    }
    (Value::Scalar(text), used)
}

fn unquote(item: &str) -> String {
    let t = item.trim();
    for q in ['"', '\''] {
        if let Some(inner) = t.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner.to_string();
        }
    }
    t.to_string()
}

/// `[a, "b", c]`, perhaps over several lines.
fn flow_sequence(first: &str, following: &[&str]) -> (Value, usize) {
    let mut text = first.to_string();
    let mut used = 0;
    while !text.contains(']') {
        let Some(next) = following.get(used) else { break };
        if indent(next) == 0 && !next.trim().is_empty() && !next.trim_start().starts_with(']') {
            break;
        }
        used += 1;
        text.push(' ');
        text.push_str(next.trim());
    }
    let inner = text.trim_start_matches('[');
    let mut items = Vec::new();
    let mut current = String::new();
    let mut quote: Option<char> = None;
    for c in inner.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => {
                quote = None;
                current.push(c);
            }
            (Some(_), c) => current.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                current.push(c);
            }
            (None, ',') => items.push(std::mem::take(&mut current)),
            (None, ']') => break,
            (None, c) => current.push(c),
        }
    }
    items.push(current);
    let items = items.iter().map(|s| unquote(s)).filter(|s| !s.is_empty()).collect();
    (Value::List(items), used)
}

/// The `- item` lines after a key with nothing after its colon (or a nested mapping, not taken).
fn block_sequence(following: &[&str]) -> (Value, usize) {
    let mut items = Vec::new();
    let mut used = 0;
    let mut nested = false;
    for l in following {
        let t = l.trim();
        if t.is_empty() || t.starts_with('#') {
            used += 1;
            continue;
        }
        if let Some(item) = t.strip_prefix("- ").or_else(|| (t == "-").then_some("")) {
            items.push(unquote(item));
        } else if indent(l) > 0 {
            nested = true;
        } else {
            break;
        }
        used += 1;
    }
    if items.is_empty() && nested {
        return (Value::Other, used);
    }
    if items.is_empty() {
        return (Value::Scalar(String::new()), used);
    }
    (Value::List(items.into_iter().filter(|s| !s.is_empty()).collect()), used)
}

#[cfg(test)]
mod tests;
