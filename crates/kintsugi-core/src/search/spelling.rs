//! "Did you mean": a misspelt query word replaced by the closest term the
//! library itself holds.
//!
//! A plain word of the query (not in a phrase, not excluded, not a filter)
//! is misspelt when no text field the search reads holds its stem. Its
//! correction comes from the index's term dictionary, streamed through a
//! Levenshtein automaton (Tantivy's `FuzzyTermQuery` automaton, an adjacent
//! transposition costing one edit): within 1 edit for words of 4–7
//! letters, 2 for longer ones, none for shorter words, which have too many
//! neighbours to guess between. The nearest candidate wins; on a tie, the
//! one in the most stories the rest of the query selects (so `thundering
//! hred` becomes `herd`, not the commoner `red`), then the one in the most
//! stories, then the alphabetically first.
//!
//! The index holds English stems (`kubernet`, `escal`, `memori`), and a
//! slip near the end of a word can change how it stems (`escalaton` stems
//! to itself, four edits from `escal`). So a candidate is a dictionary stem
//! within the allowed edits of the typed word's stem, or the stem of a
//! word one edit from the typed word (`escalation`, `memory`), which counts
//! as one edit. The word shown is a form the library's own text writes for
//! the chosen stem, the one nearest to what was typed (`kubernetes`,
//! `rollbacks`).
//!
//! Invariants: only the few-results path calls this (a query that found
//! nothing or was relaxed); it never changes the results, it only offers a
//! query; that query keeps everything but the corrected words as typed and
//! finds at least one story; the work is bounded by [`WORDS_EXAMINED`],
//! [`WORDS_CORRECTED`], [`CANDIDATES_WEIGHED`] and [`STORIES_READ`].

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{Searcher, TantivyDocument, TantivyError, Term};

use super::query::{self, ParsedQuery, TextTerm};
use super::schema::TEXT_TOKENIZER;
use super::SearchIndex;
use crate::error::Result;

/// Plain words of one query looked up at all: a pasted page keeps the
/// rest as typed rather than costing a lookup per word.
const WORDS_EXAMINED: usize = 32;
/// Misspelt words of one query looked for in the term dictionary.
const WORDS_CORRECTED: usize = 8;
/// Candidates at the nearest distance weighed against the rest of the
/// query, the ones in most stories first.
const CANDIDATES_WEIGHED: usize = 32;
/// Stories read for the written forms of a chosen stem.
const STORIES_READ: usize = 8;

/// How many edits a typed word of `letters` letters may be from its
/// correction.
fn edits_allowed(letters: usize) -> u8 {
    match letters {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// Edit distance with an adjacent transposition as one edit (optimal
/// string alignment), the measure of the automaton.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // rows[i][j]: the distance between a[..i] and b[..j].
    let mut rows: Vec<Vec<usize>> = (0..=a.len())
        .map(|i| (0..=b.len()).map(|j| if i == 0 { j } else { i }).collect())
        .collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let substitution = rows[i - 1][j - 1] + usize::from(a[i - 1] != b[j - 1]);
            let mut best = substitution.min(rows[i - 1][j] + 1).min(rows[i][j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

/// Every word one edit (a letter dropped, added, changed, or two swapped)
/// from `word`; added and changed letters are a–z or the word's own.
fn one_edit_away(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let mut letters: Vec<char> = ('a'..='z').chain(chars.iter().copied()).collect();
    letters.sort_unstable();
    letters.dedup();
    let joined = |parts: &[&[char]]| parts.concat().into_iter().collect::<String>();
    let mut words = Vec::new();
    for at in 0..=chars.len() {
        let (head, tail) = chars.split_at(at);
        for &letter in &letters {
            words.push(joined(&[head, &[letter], tail]));
        }
        let Some((&first, rest)) = tail.split_first() else {
            continue;
        };
        words.push(joined(&[head, rest]));
        for &letter in letters.iter().filter(|&&l| l != first) {
            words.push(joined(&[head, &[letter], rest]));
        }
        if let Some((&second, rest)) = rest.split_first() {
            words.push(joined(&[head, &[second, first], rest]));
        }
    }
    words
}

/// A dictionary term that could stand for a misspelt word.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Candidate {
    /// The term as indexed (a stem).
    term: String,
    /// Edits from the typed word's stem, or 1 when a word one edit from
    /// the typed word stems to it.
    edits: usize,
    /// Stories holding it among those the rest of the query selects.
    in_context: u64,
    /// Stories holding it (deleted ones count until their segment is
    /// merged: the dictionary's count).
    stories: u64,
}

/// The nearest candidate, then the one most in context, then in most
/// stories, then the alphabetically first.
fn best(candidates: impl IntoIterator<Item = Candidate>) -> Option<Candidate> {
    candidates.into_iter().min_by(|a, b| {
        a.edits
            .cmp(&b.edits)
            .then(b.in_context.cmp(&a.in_context))
            .then(b.stories.cmp(&a.stories))
            .then_with(|| a.term.cmp(&b.term))
    })
}

/// The written form to show: the one nearest to what was typed, then the
/// most used, then the alphabetically first.
fn written_form(typed: &str, forms: &HashMap<String, usize>) -> Option<String> {
    forms
        .iter()
        .map(|(form, uses)| (distance(typed, form), *uses, form))
        .min_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then_with(|| a.2.cmp(b.2)))
        .map(|(_, _, form)| form.clone())
}

/// `word` with a capital first letter when the typed word had one.
fn cased_like(typed: &str, word: &str) -> String {
    if !typed.chars().next().is_some_and(char::is_uppercase) {
        return word.to_string();
    }
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// `typed` with each span (in order, not overlapping) replaced, the rest
/// byte for byte as typed.
fn rewrite(typed: &str, corrections: &[(Range<usize>, String)]) -> String {
    let mut out = String::with_capacity(typed.len());
    let mut at = 0;
    for (span, word) in corrections {
        out.push_str(&typed[at..span.start]);
        out.push_str(word);
        at = span.end;
    }
    out.push_str(&typed[at..]);
    out
}

impl SearchIndex {
    /// `typed` with its misspelt words corrected, if any was and the
    /// corrected query finds a story.
    pub(super) fn did_you_mean(
        &self,
        searcher: &Searcher,
        typed: &str,
        parsed: &ParsedQuery,
    ) -> Result<Option<String>> {
        let mut misspelt = Vec::new();
        for word in query::plain_words(typed).into_iter().take(WORDS_EXAMINED) {
            let edits = edits_allowed(word.text.chars().count());
            if edits == 0 || !word.text.chars().all(char::is_alphabetic) {
                continue;
            }
            let Ok([stem]) = <[String; 1]>::try_from(self.analyze(&word.text)) else {
                continue;
            };
            if self.stories_with(searcher, &stem)? == 0 {
                misspelt.push((word, stem, edits));
                if misspelt.len() == WORDS_CORRECTED {
                    break;
                }
            }
        }
        if misspelt.is_empty() {
            return Ok(None);
        }
        let context = self.context(searcher, parsed, misspelt.iter().map(|(w, ..)| &w.text))?;
        let mut corrections = Vec::new();
        for (word, stem, edits) in &misspelt {
            let typed = word.text.to_lowercase();
            let Some(chosen) = self.correction(searcher, &typed, stem, *edits, context.as_ref())?
            else {
                continue;
            };
            let form = self
                .written_form_of(searcher, &chosen.term, &typed)?
                .unwrap_or(chosen.term);
            corrections.push((word.span.clone(), cased_like(&word.text, &form)));
        }
        if corrections.is_empty() {
            return Ok(None);
        }
        let corrected = rewrite(typed, &corrections);
        let Ok(reparsed) = query::parse(&corrected) else {
            return Ok(None);
        };
        Ok(self.finds_any(searcher, &reparsed)?.then_some(corrected))
    }

    /// `token` (already analysed) in any text field.
    fn anywhere(&self, token: &str) -> Box<dyn Query> {
        let term = Term::from_field_text(self.fields.text, token);
        Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
    }

    /// What the rest of the query selects, to weigh candidates by: the
    /// query without its misspelt words, strict, else forgiving, else every
    /// story.
    fn context<'a>(
        &self,
        searcher: &Searcher,
        parsed: &ParsedQuery,
        misspelt: impl Iterator<Item = &'a String>,
    ) -> Result<Box<dyn Query>> {
        let mut rest = parsed.clone();
        for word in misspelt {
            let typed = TextTerm::Word(word.clone());
            if let Some(at) = rest.must.iter().position(|t| *t == typed) {
                rest.must.remove(at);
            }
        }
        let strict = self.build_query(&rest, None);
        for query in [Some(strict), self.loose_query(searcher, &rest, 0)?]
            .into_iter()
            .flatten()
        {
            if searcher.search(query.as_ref(), &Count)? > 0 {
                return Ok(query);
            }
        }
        Ok(Box::new(AllQuery))
    }

    /// The dictionary term nearest to `typed` (whose stem is `stem`) within
    /// `edits`, by [`best`].
    fn correction(
        &self,
        searcher: &Searcher,
        typed: &str,
        stem: &str,
        edits: u8,
        context: &dyn Query,
    ) -> Result<Option<Candidate>> {
        let mut nearest: HashMap<String, Candidate> = HashMap::new();
        let by_stem = self
            .dictionary_near(searcher, stem, edits)?
            .into_iter()
            .map(|(term, stories)| (distance(stem, &term), term, stories));
        let by_word = self
            .stems_one_edit_away(searcher, typed, stem)?
            .into_iter()
            .map(|(term, stories)| (1, term, stories));
        for (apart, term, stories) in by_stem.chain(by_word) {
            // A stem reached both ways is as near as the nearer way.
            if nearest.get(&term).is_some_and(|known| known.edits <= apart) {
                continue;
            }
            let candidate = Candidate {
                term: term.clone(),
                edits: apart,
                in_context: 0,
                stories,
            };
            nearest.insert(term, candidate);
        }
        let mut nearest: Vec<Candidate> = nearest
            .into_values()
            .filter(|c| c.edits <= usize::from(edits))
            .collect();
        let Some(fewest) = nearest.iter().map(|c| c.edits).min() else {
            return Ok(None);
        };
        nearest.retain(|c| c.edits == fewest);
        nearest.sort_by(|a, b| b.stories.cmp(&a.stories).then_with(|| a.term.cmp(&b.term)));
        nearest.truncate(CANDIDATES_WEIGHED);
        for candidate in &mut nearest {
            let both = BooleanQuery::new(vec![
                (Occur::Must, context.box_clone()),
                (Occur::Must, self.anywhere(&candidate.term)),
            ]);
            candidate.in_context = searcher.search(&both, &Count)? as u64;
        }
        Ok(best(nearest))
    }

    /// Dictionary terms within `edits` of `stem` in any text field, each
    /// with the stories holding it.
    fn dictionary_near(
        &self,
        searcher: &Searcher,
        stem: &str,
        edits: u8,
    ) -> Result<HashMap<String, u64>> {
        let mut stories: HashMap<String, u64> = HashMap::new();
        let automaton =
            FuzzyTermQuery::new(Term::from_field_text(self.fields.text, stem), edits, true)
                .automaton()?;
        for segment in searcher.segment_readers() {
            let index = segment.inverted_index(self.fields.text)?;
            let mut terms = index
                .terms()
                .search(&automaton)
                .into_stream()
                .map_err(TantivyError::from)?;
            while terms.advance() {
                if let Ok(term) = std::str::from_utf8(terms.key()) {
                    *stories.entry(term.to_string()).or_default() +=
                        u64::from(terms.value().doc_freq);
                }
            }
        }
        Ok(stories)
    }

    /// The stems the library holds of the words one edit from `typed`
    /// (other than `stem`), each with the stories holding it.
    fn stems_one_edit_away(
        &self,
        searcher: &Searcher,
        typed: &str,
        stem: &str,
    ) -> Result<HashMap<String, u64>> {
        let mut found = HashMap::new();
        let Some(mut analyzer) = self.index.tokenizers().get(TEXT_TOKENIZER) else {
            return Ok(found);
        };
        let mut looked_up = HashSet::from([stem.to_string()]);
        for word in one_edit_away(typed) {
            let mut stems = Vec::new();
            analyzer
                .token_stream(&word)
                .process(&mut |token| stems.push(token.text.clone()));
            let Ok([term]) = <[String; 1]>::try_from(stems) else {
                continue;
            };
            if !looked_up.insert(term.clone()) {
                continue;
            }
            let stories = self.stories_with(searcher, &term)?;
            if stories > 0 {
                found.insert(term, stories);
            }
        }
        Ok(found)
    }

    /// A form the library writes for `stem`, read from a few stories that
    /// hold it, by [`written_form`]; `None` when only unstored text (a
    /// product name) holds it.
    fn written_form_of(
        &self,
        searcher: &Searcher,
        stem: &str,
        typed: &str,
    ) -> Result<Option<String>> {
        let Some(mut analyzer) = self.index.tokenizers().get(TEXT_TOKENIZER) else {
            return Ok(None);
        };
        let top = searcher.search(
            self.anywhere(stem).as_ref(),
            &TopDocs::with_limit(STORIES_READ).order_by_score(),
        )?;
        let f = &self.fields;
        let mut forms: HashMap<String, usize> = HashMap::new();
        for (_, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            for field in [f.title, f.summary, f.body, f.parts, f.tag, f.company] {
                for text in doc.get_all(field).filter_map(|v| v.as_str()) {
                    let mut stream = analyzer.token_stream(text);
                    stream.process(&mut |token| {
                        if token.text == stem {
                            if let Some(written) = text.get(token.offset_from..token.offset_to) {
                                *forms.entry(written.to_lowercase()).or_default() += 1;
                            }
                        }
                    });
                }
            }
        }
        Ok(written_form(typed, &forms))
    }

    /// Whether `parsed` finds a story, strictly or forgivingly, as a
    /// search would.
    fn finds_any(&self, searcher: &Searcher, parsed: &ParsedQuery) -> Result<bool> {
        if searcher.search(self.build_query(parsed, None).as_ref(), &Count)? > 0 {
            return Ok(true);
        }
        Ok(match self.loose_query(searcher, parsed, usize::MAX)? {
            Some(loose) => searcher.search(loose.as_ref(), &Count)? > 0,
            None => false,
        })
    }
}

#[cfg(test)]
mod tests;
