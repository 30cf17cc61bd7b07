//! Grouping short notes into themes by term overlap.
//!
//! One pass, oldest note first: a note joins the theme whose first note
//! (its seed) it overlaps most, if the overlap reaches the threshold;
//! otherwise it seeds a new theme. Comparing with the seed rather than the
//! growing theme keeps a theme from drifting one near match at a time, and
//! makes the result depend only on the notes and their order (oldest
//! first), never on a hash order.
//!
//! Candidate themes come from an inverted list of seed terms, so a note is
//! compared only with themes it shares a term with: the pass is about
//! linear in the number of notes, not quadratic. A term carried by more
//! than [`MAX_POSTING`] seeds is too common to find a theme by and is not
//! used to look candidates up (it still counts when two notes are compared).
//! A note whose terms are exactly those of an earlier note joins that
//! note's theme without a lookup: libraries repeat their phrasings (and
//! templates), so this is the common case on a large library.

use std::collections::HashMap;

use super::terms::{similarity, Terms};

/// Most seeds a term may list before it is too common to look themes up by.
pub const MAX_POSTING: usize = 500;

/// A note to group: its terms and which story it came from. It borrows
/// its text from the rows: a large library holds about a million notes.
#[derive(Debug, Clone)]
pub struct Note<'a> {
    /// Index of the story (into the caller's rows).
    pub story: usize,
    /// The note as written.
    pub text: &'a str,
    /// Its terms.
    pub terms: Terms,
}

/// A theme: indices of its notes, the first being the seed.
#[derive(Debug, Clone)]
pub struct Group {
    /// Indices into the notes given, in the order they joined.
    pub notes: Vec<usize>,
}

/// How alike two notes must be to share a theme.
#[derive(Debug, Clone, Copy)]
pub struct Threshold {
    /// Least overlap coefficient (shared terms over the smaller note's).
    pub overlap: f64,
    /// Least number of shared terms (fewer when a note has fewer terms).
    pub min_shared: usize,
}

/// The threshold the insights use, chosen on the labelled check in
/// `tests/insights_quality.rs`.
pub const THEME: Threshold = Threshold {
    overlap: 0.5,
    min_shared: 2,
};

/// Groups `notes` (already oldest first) into themes.
pub fn group(notes: &[Note], threshold: Threshold) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut postings: HashMap<u64, Vec<usize>> = HashMap::new();
    let mut same_terms: HashMap<&Terms, usize> = HashMap::new();
    for (i, note) in notes.iter().enumerate() {
        if note.terms.is_empty() {
            continue;
        }
        if let Some(&g) = same_terms.get(&note.terms) {
            groups[g].notes.push(i);
            continue;
        }
        let mut shared: HashMap<usize, usize> = HashMap::new();
        for term in note.terms.iter() {
            if let Some(list) = postings.get(&term) {
                if list.len() <= MAX_POSTING {
                    for &g in list {
                        *shared.entry(g).or_default() += 1;
                    }
                }
            }
        }
        let best = shared
            .into_iter()
            .filter(|&(_, n)| n >= threshold.min_shared.min(note.terms.len()).max(1))
            .map(|(g, _)| {
                let seed = &notes[groups[g].notes[0]].terms;
                (g, similarity(&note.terms, seed, threshold.min_shared))
            })
            .filter(|&(_, s)| s >= threshold.overlap)
            .max_by(|a, b| a.1.total_cmp(&b.1).then_with(|| b.0.cmp(&a.0)));
        match best {
            Some((g, _)) => {
                groups[g].notes.push(i);
                same_terms.insert(&note.terms, g);
            }
            None => {
                let g = groups.len();
                groups.push(Group { notes: vec![i] });
                same_terms.insert(&note.terms, g);
                for term in note.terms.iter() {
                    postings.entry(term).or_default().push(g);
                }
            }
        }
    }
    groups
}

/// The note that best stands for a group: the one sharing the most terms
/// with the others (the first 50 looked at), shorter on a tie. Its text is
/// the theme's name, so a theme reads as something a person wrote.
pub fn central(notes: &[Note], group: &Group) -> usize {
    let sample: Vec<usize> = group.notes.iter().copied().take(50).collect();
    let mut best = (sample[0], 0usize, usize::MAX);
    for &i in &sample {
        let score: usize = sample
            .iter()
            .filter(|&&j| j != i)
            .map(|&j| notes[i].terms.shared(&notes[j].terms))
            .sum();
        let len = notes[i].text.len();
        if score > best.1 || (score == best.1 && len < best.2) {
            best = (i, score, len);
        }
    }
    best.0
}

/// The theme's name from its central note: the first sentence, at most
/// about 90 characters, cut at a word.
pub fn label(text: &str) -> String {
    let first = text
        .split_inclusive(['.', ';'])
        .next()
        .unwrap_or(text)
        .trim()
        .trim_end_matches(['.', ';']);
    if first.chars().count() <= 90 {
        return first.to_string();
    }
    let mut out = String::new();
    for word in first.split_whitespace() {
        if out.chars().count() + word.chars().count() > 88 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::super::terms::terms;
    use super::*;

    fn notes<'a>(texts: &[&'a str]) -> Vec<Note<'a>> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Note {
                story: i,
                text: t,
                terms: terms(t),
            })
            .collect()
    }

    #[test]
    fn similar_notes_share_a_theme_and_others_do_not() {
        let n = notes(&[
            "The migration runner had no lock_timeout",
            "Staging data was far smaller than production",
            "No lock timeout was set for the migration runner role",
            "Staging is much smaller than production data",
            "Certificates expired unnoticed",
        ]);
        let groups = group(&n, THEME);
        let sets: Vec<Vec<usize>> = groups.iter().map(|g| g.notes.clone()).collect();
        assert_eq!(sets, vec![vec![0, 2], vec![1, 3], vec![4]]);
        assert_eq!(central(&n, &groups[0]), 0);
    }

    #[test]
    fn labels_are_a_first_sentence() {
        assert_eq!(
            label("Retries had no jitter. They synchronised."),
            "Retries had no jitter"
        );
        let long = "word ".repeat(40);
        assert!(label(&long).ends_with('…'));
        assert!(label(&long).chars().count() <= 90);
    }
}
