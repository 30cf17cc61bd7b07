//! "At least `minimum` of these clauses", scored as the sum of those that
//! match: the relaxed query of forgiving matching (see `forgiving.rs`).
//!
//! Tantivy's own form (`BooleanQuery::with_minimum_required_clauses`) keeps
//! its clauses in a binary heap and pops every one at every story: for a
//! sentence of common words at 100,000 stories, the heap was a third of
//! the search. Here each clause instead walks a window of [`WINDOW`] story
//! ids at a time, counting and scoring into two arrays, and the window is
//! then read in order; the same idea as Tantivy's buffered union.
//!
//! Invariant: matches exactly the stories in which at least `minimum`
//! clauses match, each scored by the sum of their scores (the test below
//! compares it with Tantivy's form on every story).

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

/// Story ids a window spans.
const WINDOW: usize = 4096;

/// Stories matching at least `minimum` of `clauses`.
#[derive(Debug)]
pub struct AtLeast {
    clauses: Vec<Box<dyn Query>>,
    minimum: usize,
}

impl AtLeast {
    pub fn new(clauses: Vec<Box<dyn Query>>, minimum: usize) -> AtLeast {
        AtLeast {
            clauses,
            minimum: minimum.max(1),
        }
    }
}

impl Clone for AtLeast {
    fn clone(&self) -> Self {
        AtLeast {
            clauses: self.clauses.iter().map(|c| c.box_clone()).collect(),
            minimum: self.minimum,
        }
    }
}

impl Query for AtLeast {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = self
            .clauses
            .iter()
            .map(|c| c.weight(scoring))
            .collect::<tantivy::Result<_>>()?;
        Ok(Box::new(AtLeastWeight {
            weights,
            minimum: self.minimum,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for clause in &self.clauses {
            clause.query_terms(visitor);
        }
    }
}

struct AtLeastWeight {
    weights: Vec<Box<dyn Weight>>,
    minimum: usize,
}

impl Weight for AtLeastWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut clauses = Vec::with_capacity(self.weights.len());
        for weight in &self.weights {
            let scorer = weight.scorer(reader, boost)?;
            if scorer.doc() != TERMINATED {
                clauses.push(scorer);
            }
        }
        let mut scorer = AtLeastScorer {
            clauses,
            minimum: self.minimum,
            counts: vec![0; WINDOW],
            scores: vec![0.0; WINDOW],
            start: 0,
            at: WINDOW,
            doc: 0,
        };
        scorer.advance();
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "story {doc} does not match"
            )));
        }
        Ok(Explanation::new_with_string(
            format!("at least {} clauses", self.minimum),
            scorer.score(),
        ))
    }
}

struct AtLeastScorer {
    clauses: Vec<Box<dyn Scorer>>,
    minimum: usize,
    /// Matching clauses of story `start + i`.
    counts: Vec<u32>,
    /// Their summed score.
    scores: Vec<Score>,
    /// First story id of the window.
    start: DocId,
    /// Where in the window the scan is; `WINDOW` when it is read out.
    at: usize,
    doc: DocId,
}

impl AtLeastScorer {
    /// Fills the next window that holds a story with any clause; false
    /// when every clause is done.
    fn refill(&mut self) -> bool {
        self.clauses.retain(|c| c.doc() != TERMINATED);
        if self.clauses.len() < self.minimum {
            return false;
        }
        let Some(start) = self.clauses.iter().map(|c| c.doc()).min() else {
            return false;
        };
        let end = start.saturating_add(WINDOW as DocId);
        self.counts.fill(0);
        self.scores.fill(0.0);
        for clause in &mut self.clauses {
            let mut doc = clause.doc();
            while doc < end {
                let i = (doc - start) as usize;
                self.counts[i] += 1;
                self.scores[i] += clause.score();
                doc = clause.advance();
            }
        }
        self.start = start;
        self.at = 0;
        true
    }
}

impl DocSet for AtLeastScorer {
    fn advance(&mut self) -> DocId {
        loop {
            while self.at < WINDOW {
                let i = self.at;
                self.at += 1;
                if self.counts[i] as usize >= self.minimum {
                    self.doc = self.start + i as DocId;
                    return self.doc;
                }
            }
            if !self.refill() {
                self.doc = TERMINATED;
                return TERMINATED;
            }
        }
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.clauses
            .iter()
            .map(|c| c.size_hint())
            .max()
            .unwrap_or(0)
    }
}

impl Scorer for AtLeastScorer {
    fn score(&mut self) -> Score {
        self.scores[(self.doc - self.start) as usize]
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::DocSetCollector;
    use tantivy::query::{BooleanQuery, Occur, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{doc, DocAddress, Index};

    use super::*;

    #[test]
    fn the_same_stories_and_scores_as_tantivys_minimum_should_match() {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer: tantivy::IndexWriter =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        let words = ["lock", "table", "migration", "invoice", "retry"];
        // More stories than a window, each with a different mix of words.
        for n in 0u32..10_000 {
            let text: Vec<&str> = words
                .iter()
                .enumerate()
                .filter(|(i, _)| (n * 7 + n / 3) % (*i as u32 + 2) == 0)
                .map(|(_, w)| *w)
                .collect();
            writer.add_document(doc!(body => text.join(" "))).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let clauses = || -> Vec<Box<dyn Query>> {
            words
                .iter()
                .map(|w| {
                    Box::new(TermQuery::new(
                        Term::from_field_text(body, w),
                        IndexRecordOption::WithFreqs,
                    )) as Box<dyn Query>
                })
                .collect()
        };
        for minimum in 1..=words.len() {
            let ours = AtLeast::new(clauses(), minimum);
            let theirs = BooleanQuery::with_minimum_required_clauses(
                clauses().into_iter().map(|c| (Occur::Should, c)).collect(),
                minimum,
            );
            let found = |q: &dyn Query| searcher.search(q, &DocSetCollector).unwrap();
            assert_eq!(found(&ours), found(&theirs), "minimum {minimum}");
            let scored = |q: &dyn Query| -> Vec<(DocAddress, f32)> {
                let top = tantivy::collector::TopDocs::with_limit(10_000).order_by_score();
                let mut hits: Vec<(DocAddress, f32)> = searcher
                    .search(q, &top)
                    .unwrap()
                    .into_iter()
                    .map(|(s, a)| (a, s))
                    .collect();
                hits.sort_by_key(|(a, _)| *a);
                hits
            };
            for ((a, x), (b, y)) in scored(&ours).into_iter().zip(scored(&theirs)) {
                assert_eq!(a, b);
                assert!((x - y).abs() < 1e-4, "minimum {minimum}: {x} vs {y}");
            }
        }
    }
}
