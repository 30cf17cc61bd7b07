//! The index side of a briefing: one weighted "should" query over tag keys
//! and words, returning candidate stories with their scores, plus the
//! analyzer and document frequencies that matching uses to weigh and
//! explain terms: the same ones a search uses, so a briefing and a search
//! read a word alike.

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};
use uuid::Uuid;

use super::SearchIndex;
use crate::error::Result;

/// What a briefing asks the index.
#[derive(Debug, Clone, Default)]
pub struct BriefQuery {
    /// Tag keys (see [`crate::tag::tag_key`]) with their weights.
    pub tags: Vec<(String, f32)>,
    /// Analyzed tokens (from [`SearchIndex::brief_tokens`]) with their weights.
    pub tokens: Vec<(String, f32)>,
}

/// A candidate story.
#[derive(Debug, Clone, PartialEq)]
pub struct BriefHit {
    /// Story id.
    pub id: Uuid,
    /// Index score (BM25 of the weighted query).
    pub score: f32,
}

impl SearchIndex {
    /// `text` as the index analyzes it (lowercased English stems).
    pub fn brief_tokens(&self, text: &str) -> Vec<String> {
        self.analyze(text)
    }

    /// (stories whose text holds `token`, live stories in all).
    pub fn brief_doc_freq(&self, token: &str) -> Result<(u64, u64)> {
        let searcher = self.reader.searcher();
        Ok((self.stories_with(&searcher, token)?, searcher.num_docs()))
    }

    /// The best `limit` stories for `query`.
    pub fn brief_search(&self, query: &BriefQuery, limit: usize) -> Result<Vec<BriefHit>> {
        let f = &self.fields;
        let weighted = |field, value: &str, record, weight: f32| -> (Occur, Box<dyn Query>) {
            let term = TermQuery::new(Term::from_field_text(field, value), record);
            (
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(term), weight)),
            )
        };
        // Tag keys are indexed without frequencies; `text` weighs the title,
        // summary and tags above the body already (see `super::schema::WEIGHTS`).
        let clauses: Vec<(Occur, Box<dyn Query>)> = query
            .tags
            .iter()
            .map(|(key, weight)| weighted(f.tag_key, key, IndexRecordOption::Basic, *weight))
            .chain(query.tokens.iter().map(|(token, weight)| {
                weighted(f.text, token, IndexRecordOption::WithFreqs, *weight)
            }))
            .collect();
        if clauses.is_empty() {
            return Ok(Vec::new());
        }
        let searcher = self.reader.searcher();
        let top = searcher.search(
            &BooleanQuery::new(clauses),
            &TopDocs::with_limit(limit.max(1)).order_by_score(),
        )?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let id = doc
                .get_first(f.id)
                .and_then(|v| v.as_str())
                .and_then(|s| Uuid::parse_str(s).ok());
            if let Some(id) = id {
                hits.push(BriefHit { id, score });
            }
        }
        Ok(hits)
    }
}
