//! Resolving overlapping findings: every detector runs over one text and
//! where two findings overlap one is kept.
//!
//! Invariant: [`resolve`] returns findings sorted by start that never
//! overlap; the leftmost wins, then the longest, then the most specific
//! kind ([`ReplacementKind::priority`]).

use super::finding::Found;
use super::lexicon::Lexicon;
use super::names::{companies, names};
use super::patterns::patterns;
use super::terms::Terms;
#[cfg(test)]
use super::ReplacementKind;

/// Finds everything detectable in `text`: pattern-shaped data, known terms
/// and heuristic names, resolved so that no two spans overlap.
pub(crate) fn find_all(text: &str, terms: &mut Terms, lexicon: &Lexicon) -> Vec<Found> {
    let mut found = patterns(text, terms);
    found.extend(terms.find(text));
    found.extend(names(text, lexicon, terms));
    found.extend(companies(text, lexicon));
    resolve(found)
}

/// Keeps the leftmost, then longest, then most specific span where spans
/// overlap. The result is sorted by start and overlap-free.
pub(crate) fn resolve(mut found: Vec<Found>) -> Vec<Found> {
    found.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then(a.kind.priority().cmp(&b.kind.priority()))
    });
    let mut kept: Vec<Found> = Vec::new();
    for f in found {
        if f.start >= f.end {
            continue;
        }
        if kept.last().is_some_and(|last| f.start < last.end) {
            continue;
        }
        kept.push(f);
    }
    kept
}

/// What [`find_all`] finds in `text` with no known terms: (text, kind).
#[cfg(test)]
pub(crate) fn kinds(text: &str) -> Vec<(String, ReplacementKind)> {
    let lexicon = Lexicon::new(&super::Glossary::default());
    let mut terms = Terms::default();
    find_all(text, &mut terms, &lexicon)
        .into_iter()
        .map(|f| (text[f.start..f.end].to_string(), f.kind))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_name_before_its_email() {
        let found = kinds("Escalated to Marcus Oyelaran (marcus@initech.com) at noon.");
        assert!(
            found
                .iter()
                .any(|(t, k)| t == "Marcus Oyelaran" && *k == ReplacementKind::Person),
            "{found:?}"
        );
    }
}
