//! Turning a short note into the set of terms that say what it is about,
//! and comparing two such sets.
//!
//! Two notes are about the same thing when they share most of their
//! content words, not when their strings match: "No lock_timeout on the
//! migration runner" and "the migration runner had no lock timeout" are one
//! theme. So a note becomes lower-case words, split on anything that is not
//! a letter or digit (`lock_timeout` is `lock` + `timeout`), without common
//! English words and without the words every postmortem uses ("incident",
//! "team"), each cut to a crude stem (plural `s`, `ing`, `ed`) so "retries",
//! "retrying" and "retried" meet. The stemmer is deliberately small: it only
//! has to make the same word agree with itself, not produce dictionary forms.

use std::collections::BTreeSet;

/// The terms of one note, sorted and unique.
pub type Terms = BTreeSet<String>;

/// Words that carry no theme: English function words and the vocabulary of
/// postmortems themselves.
const STOP: &[&str] = &[
    "a",
    "about",
    "after",
    "again",
    "all",
    "also",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "even",
    "every",
    "few",
    "for",
    "from",
    "had",
    "has",
    "have",
    "having",
    "here",
    "how",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "just",
    "more",
    "most",
    "much",
    "must",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "out",
    "over",
    "own",
    "same",
    "should",
    "so",
    "some",
    "still",
    "such",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "us",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "you",
    "your",
    "instead",
    "already",
    "yet",
    "never",
    "nobody",
    "nothing",
    "anyone",
    "someone",
    "something",
    "way",
    "make",
    "made",
    "get",
    "got",
    "lucky",
    "luckily",
    "incident",
    "outage",
    "team",
    "teams",
    "issue",
    "problem",
    "time",
    "use",
    "used",
    "using",
    "new",
    "add",
    "added",
    "owner",
    "due",
    "x",
];

/// The terms of `text`.
pub fn terms(text: &str) -> Terms {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() > 1 && !w.chars().all(|c| c.is_ascii_digit()))
        .filter(|w| !STOP.contains(&w.as_str()))
        .map(|w| stem(&w))
        .filter(|w| !STOP.contains(&w.as_str()))
        .collect()
}

/// A crude stem: enough for a word's common forms to agree.
pub fn stem(word: &str) -> String {
    let w = word;
    if w.chars().count() <= 3 {
        return w.to_string();
    }
    let cut = |suffix: &str, keep: usize| -> Option<String> {
        w.strip_suffix(suffix)
            .filter(|rest| rest.chars().count() >= keep)
            .map(str::to_string)
    };
    let base = cut("ies", 3)
        .map(|r| r + "y")
        .or_else(|| cut("ied", 3).map(|r| r + "y"))
        .or_else(|| cut("ing", 3))
        .or_else(|| cut("ed", 3))
        .or_else(|| cut("es", 4).filter(|r| r.ends_with(['s', 'x', 'h'])))
        .or_else(|| cut("s", 3).filter(|r| !r.ends_with('s')))
        .unwrap_or_else(|| w.to_string());
    // "retrying" → "retry", "stopped" → "stop": undo a doubled last letter.
    let mut chars: Vec<char> = base.chars().collect();
    let n = chars.len();
    if n > 3
        && chars[n - 1] == chars[n - 2]
        && !matches!(chars[n - 1], 'l' | 's' | 'z')
        && base != w
    {
        chars.pop();
    }
    // "cache" and "caches", "rewrite" and "rewrites": drop a final `e`.
    if chars.len() > 4 && chars.last() == Some(&'e') {
        chars.pop();
    }
    chars.into_iter().collect()
}

/// How alike two notes are, 0 to 1: shared terms over the smaller note's
/// terms (the overlap coefficient), so a short note that a longer one
/// contains counts as the same theme; zero when they share fewer than
/// `min_shared` terms, so two one-word notes do not match by accident.
pub fn similarity(a: &Terms, b: &Terms, min_shared: usize) -> f64 {
    let smaller = a.len().min(b.len());
    if smaller == 0 {
        return 0.0;
    }
    let shared = a.intersection(b).count();
    if shared < min_shared.min(smaller).max(1) {
        return 0.0;
    }
    shared as f64 / smaller as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_forms_meet() {
        assert_eq!(stem("retries"), "retry");
        assert_eq!(stem("retried"), "retry");
        assert_eq!(stem("locks"), "lock");
        assert_eq!(stem("locking"), "lock");
        assert_eq!(stem("stopped"), "stop");
        assert_eq!(stem("caches"), stem("cache"));
        assert_eq!(stem("rewrites"), stem("rewrite"));
        assert_eq!(stem("class"), "class");
    }

    #[test]
    fn notes_about_the_same_thing_are_alike() {
        let a = terms("No lock_timeout on the migration runner");
        let b = terms("The migration runner had no lock timeout.");
        assert_eq!(similarity(&a, &b, 2), 1.0);
        let c = terms("Staging data was far smaller than production");
        assert_eq!(similarity(&a, &c, 2), 0.0);
    }

    #[test]
    fn stop_words_and_numbers_carry_no_theme() {
        assert!(terms("The incident was at 12 in the team").is_empty());
    }
}
