//! Text from exam files and journals reaches the terminal only as text: control characters (escape sequences
//! that could clear the screen, move the cursor or retitle the terminal) are shown as `\u{1b}`, not obeyed.

use std::borrow::Cow;

/// The text with every control character but newline and tab written out as a visible escape.
pub fn clean(text: &str) -> Cow<'_, str> {
    let is_bad = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.contains(is_bad) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_bad(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn escape_sequences_are_shown_not_obeyed() {
        assert_eq!(clean("plain\ttext\n"), "plain\ttext\n");
        assert_eq!(clean("\u{1b}[2Jtitle\u{7}\u{9b}"), "\\u{1b}[2Jtitle\\u{7}\\u{9b}");
    }
}
