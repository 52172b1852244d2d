//! The words of a question as the item-writing lint compares them: lower-cased, function words dropped, plurals
//! and common endings folded, so "models" in a stem and "model" in an option count as one shared word.

use std::collections::BTreeSet;

/// English function words, and the few words every question uses ("which", "should"). Dropping them keeps the
/// comparison on what a question is about.
const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "again", "all", "also", "always", "am", "an", "and", "any", "are", "as", "at",
    "be", "been", "before", "being", "both", "but", "by", "can", "could", "did", "do", "does", "done",
    "down", "each", "else", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her",
    "here", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "may", "me", "might", "mine",
    "more", "most", "must", "my", "never", "no", "none", "nor", "not", "of", "off", "on", "once", "only",
    "onto", "or", "other", "our", "out", "over", "own", "per", "same", "shall", "she", "should", "so",
    "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
    "those", "to", "too", "under", "up", "very", "via", "was", "we", "were", "what", "when", "where",
    "which", "while", "who", "whom", "whose", "why", "will", "with", "would", "you", "your",
];

/// Words that make an option sound categorical; test-wise candidates learn that options using them are wrong.
pub const ABSOLUTE_WORDS: &[&str] = &["always", "never", "only", "all", "none"];

/// The lower-cased runs of letters and digits in a text.
pub fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase)
}

/// The distinct content words of a text, each folded to a common form.
pub fn content_words(text: &str) -> BTreeSet<String> {
    tokens(text)
        .filter(|w| w.chars().count() > 1 && STOP_WORDS.binary_search(&w.as_str()).is_err())
        .map(|w| fold(&w))
        .collect()
}

/// Whether a text uses one of [`ABSOLUTE_WORDS`] as a word.
pub fn has_absolute_word(text: &str) -> bool {
    tokens(text).any(|w| ABSOLUTE_WORDS.contains(&w.as_str()))
}

/// A light stemmer: enough to match "tables"/"table", "scaling"/"scale"-ish, "trained"/"train".
fn fold(word: &str) -> String {
    let n = word.chars().count();
    let cut = |suffix: &str, keep: usize| -> Option<String> {
        (n > keep && word.ends_with(suffix)).then(|| word[..word.len() - suffix.len()].to_string())
    };
    if let Some(base) = cut("ies", 4) {
        return base + "y";
    }
    cut("ing", 5)
        .or_else(|| cut("ed", 4))
        .or_else(|| if word.ends_with("ss") { None } else { cut("s", 3) })
        .unwrap_or_else(|| word.to_string())
}

/// A text with its runs of whitespace made single spaces and its ends trimmed: what a candidate reads.
pub fn normalized(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn content_words_fold_endings_and_drop_function_words() {
        let words = content_words("The models were trained on 3 tables, using Vertex AI's pipelines.");
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        assert_eq!(words, ["ai", "model", "pipeline", "table", "train", "using", "vertex"]);
    }

    #[test]
    fn absolute_words_are_whole_words_only() {
        assert!(has_absolute_word("It ALWAYS works."));
        assert!(!has_absolute_word("Install the allowlist and the nonexistent onlyfans of the world."));
    }
}
