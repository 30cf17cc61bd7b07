//! Forgiving matching: when no story holds every word of a query, the
//! closest ones instead of an empty page.
//!
//! A person types a sentence (`why did the migration lock the table`); the
//! strict query wants every word, so words like `why` and `did` leave
//! nothing. The relaxed query keeps what the person was precise about —
//! phrases, exclusions, tags and every filter stay required — and turns the
//! sentence's content words (stop words dropped) into clauses of which at
//! least half must match, then, while that finds fewer than [`FEW`]
//! stories, one fewer (never fewer than two). BM25 then ranks the stories
//! that share the most, and the rarest, of those words first.
//!
//! The strict query does not require stop words either, as long as the
//! query has another word or a phrase: `the` is in nearly every story, so
//! requiring it changes little, and its long posting list is the
//! costliest part of such a search (see `docs/search.md`).
//!
//! Invariants: the relaxed query runs only when the strict one found
//! nothing, so a story with every word always ranks as before; it never
//! drops a phrase, an exclusion or a filter; it needs at least two content
//! words (one word that matches nothing cannot be relaxed).

use super::query::{ParsedQuery, TextTerm};

/// Words that carry no subject in a search sentence: English function
/// words and the question and filler words people put around what they
/// mean. Compared in lowercase before stemming.
const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at",
    "be", "because", "been", "before", "being", "but", "by", "can", "could", "did", "do", "does",
    "doing", "during", "each", "even", "ever", "for", "from", "get", "got", "had", "has", "have",
    "having", "he", "her", "here", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its",
    "just", "me", "more", "most", "my", "no", "nor", "not", "of", "on", "once", "only", "or",
    "other", "our", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than",
    "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "through",
    "to", "too", "under", "until", "up", "us", "very", "was", "we", "were", "what", "when",
    "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your",
];

/// A word in more than this share of stories (anywhere in them) is too
/// common to rank by in a relaxed query (see `SearchIndex::distinctive`).
/// Chosen on the labelled sentences, `docs/search.md` says how.
pub const COMMON_SHARE: f64 = 0.5;

/// Whether `word` carries no subject on its own.
pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.contains(&word.to_lowercase().as_str())
}

/// `parsed` without the stop words among its required words, unless
/// nothing else is required (`the who` keeps both). Phrases keep every word,
/// and excluded words are kept as typed.
pub fn without_stop_words(mut parsed: ParsedQuery) -> ParsedQuery {
    if parsed.must.iter().any(|t| !is_stop_term(t)) {
        parsed.must.retain(|t| !is_stop_term(t));
    }
    parsed
}

/// Whether `term` is a plain word that is a stop word (a phrase never is).
fn is_stop_term(term: &TextTerm) -> bool {
    matches!(term, TextTerm::Word(w) if is_stop_word(w))
}

/// The relaxed form of `parsed`: its required words without stop words, of
/// which [`minimum`] must match; `None` when there is nothing to relax.
pub fn relax(parsed: &ParsedQuery) -> Option<(ParsedQuery, Vec<TextTerm>)> {
    let words: Vec<TextTerm> = parsed
        .must
        .iter()
        .filter(|t| matches!(t, TextTerm::Word(_)) && !is_stop_term(t))
        .cloned()
        .collect();
    if words.len() < 2 {
        return None;
    }
    let mut required = parsed.clone();
    required.must.retain(|t| matches!(t, TextTerm::Phrase(_)));
    Some((required, words))
}

/// Fewer stories than this from a relaxed query, and it is relaxed one
/// step further: a sentence names its subject in two words as often as in
/// half of them (`the leap second made servers hang`).
pub const FEW: usize = 3;

/// How many of `n` content words a story must share at relaxing `step`
/// (0 first): half, rounded up, one fewer a step, and never fewer than
/// two, so that one common word cannot bring up everything.
pub fn minimum(n: usize, step: usize) -> usize {
    n.div_ceil(2).saturating_sub(step).max(2).min(n)
}

/// The relaxing steps there are for `n` content words.
pub fn steps(n: usize) -> usize {
    minimum(n, 0) - minimum(n, usize::MAX) + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::parse;

    #[test]
    fn a_sentence_keeps_its_content_words() {
        let parsed = parse("why did the migration lock the table").unwrap();
        let (required, words) = relax(&parsed).unwrap();
        assert!(required.must.is_empty());
        let words: Vec<String> = words
            .into_iter()
            .map(|w| match w {
                TextTerm::Word(w) | TextTerm::Phrase(w) => w,
            })
            .collect();
        assert_eq!(words, ["migration", "lock", "table"]);
        assert_eq!(minimum(3, 0), 2);
    }

    #[test]
    fn phrases_exclusions_and_filters_stay_required() {
        let parsed = parse("\"connection pool\" retry storm -redis tag:database").unwrap();
        let (required, words) = relax(&parsed).unwrap();
        assert_eq!(
            required.must,
            vec![TextTerm::Phrase("connection pool".into())]
        );
        assert_eq!(required.must_not, parsed.must_not);
        assert_eq!(required.tags, parsed.tags);
        assert_eq!(words.len(), 2);
    }

    #[test]
    fn one_content_word_is_not_relaxed() {
        assert!(relax(&parse("why postgress").unwrap()).is_none());
        assert!(relax(&parse("the and of").unwrap()).is_none());
    }

    #[test]
    fn stop_words_are_not_required_beside_other_words() {
        let words = |q: &str| {
            without_stop_words(parse(q).unwrap())
                .must
                .into_iter()
                .map(|w| match w {
                    TextTerm::Word(w) | TextTerm::Phrase(w) => w,
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            words("why did the migration lock the table"),
            ["migration", "lock", "table"]
        );
        assert_eq!(words("the \"state of the art\""), ["state of the art"]);
        assert_eq!(words("the who"), ["the", "who"]);
        let excluded = without_stop_words(parse("outage -the").unwrap());
        assert_eq!(excluded.must_not, [TextTerm::Word("the".into())]);
    }

    #[test]
    fn at_least_half_then_one_fewer_a_step_and_at_least_two() {
        assert_eq!(
            [2, 3, 4, 5, 6, 9].map(|n| minimum(n, 0)),
            [2, 2, 2, 3, 3, 5]
        );
        assert_eq!([5, 6, 9].map(|n| minimum(n, 1)), [2, 2, 4]);
        assert_eq!(minimum(9, usize::MAX), 2);
        assert_eq!([2, 3, 5, 9].map(steps), [1, 1, 2, 4]);
    }
}
