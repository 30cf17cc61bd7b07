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
//!
//! A note keeps its terms as 64-bit hashes, not strings: comparing notes is
//! the hot loop of the insights (a 100,000-story library holds about a
//! million notes), and merging two short sorted lists of integers costs a
//! fraction of comparing string sets. The hash is fixed (FNV-1a), so the
//! same library gives the same themes on every run and machine; two words
//! sharing a hash is about a one-in-2^64 chance per pair.

/// The terms of one note: their hashes, sorted and unique.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Terms(Box<[u64]>);

impl Terms {
    /// How many terms.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when the note has no content word.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The terms' hashes, ascending.
    pub fn iter(&self) -> impl Iterator<Item = u64> + '_ {
        self.0.iter().copied()
    }

    /// How many terms `self` and `other` share (one merge of sorted lists).
    pub fn shared(&self, other: &Terms) -> usize {
        let (mut a, mut b) = (self.0.iter().peekable(), other.0.iter().peekable());
        let mut n = 0;
        while let (Some(x), Some(y)) = (a.peek(), b.peek()) {
            match x.cmp(y) {
                std::cmp::Ordering::Less => {
                    a.next();
                }
                std::cmp::Ordering::Greater => {
                    b.next();
                }
                std::cmp::Ordering::Equal => {
                    n += 1;
                    a.next();
                    b.next();
                }
            }
        }
        n
    }
}

/// FNV-1a: small, fixed and good enough to tell short words apart.
fn hash(word: &str) -> u64 {
    word.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

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

/// [`STOP`] as a set: every word of every note is looked up in it.
fn stop_words() -> &'static std::collections::HashSet<&'static str> {
    static SET: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| STOP.iter().copied().collect())
}

/// The terms of `text`.
pub fn terms(text: &str) -> Terms {
    let stop = stop_words();
    let mut lower = String::new();
    let mut out: Vec<u64> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .filter_map(|w| {
            lower.clear();
            if w.is_ascii() {
                lower.push_str(w);
                lower.make_ascii_lowercase();
            } else {
                lower.extend(w.chars().flat_map(char::to_lowercase));
            }
            let w = lower.as_str();
            let content = w.chars().nth(1).is_some()
                && !w.chars().all(|c| c.is_ascii_digit())
                && !stop.contains(w);
            if !content {
                return None;
            }
            let stemmed = stem(w);
            (!stop.contains(stemmed.as_str())).then(|| hash(&stemmed))
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    Terms(out.into_boxed_slice())
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
    let shared = a.shared(b);
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
