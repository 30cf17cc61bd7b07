//! Full-text search over the library: query language, ranking, snippets,
//! tag facets and related stories. See `docs/search.md` for the user's view.
//!
//! Every word is matched and scored in one field, `text`, that holds the
//! words of all the full-text parts of a story, the title's three times and
//! the summary's and tags' twice (see [`schema::WEIGHTS`]): BM25 over it
//! ranks, and a word costs one posting list however many parts it is in.
//! Every word must match; phrases need their words adjacent and in order,
//! within one part. When no story has every word, [`forgiving`] ranks those
//! that share most of them and the results say so (`relaxed`); then, too,
//! [`spelling`] may offer the query with a misspelt word corrected
//! (`did_you_mean`).

mod at_least;
pub mod brief;
mod facets;
mod forgiving;
mod index;
pub mod query;
mod schema;
mod snippets;
mod spelling;
mod stems;

use std::collections::{HashMap, HashSet};
use std::ops::Bound;

use chrono::{DateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, Order, Searcher, TantivyDocument, Term};
use ts_rs::TS;
use uuid::Uuid;

pub use index::{IndexState, SearchIndex};
pub use query::{parse, ParsedQuery, TextTerm};

use crate::error::{Error, Result};
use crate::story::{Severity, Story, StoryKind};
use at_least::AtLeast;
use facets::{SpellingCounts, TagCounts};
use snippets::Snippets;

/// Distinctive terms of a story used to find related ones.
const RELATED_TERMS: usize = 30;

/// How hits are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum SortOrder {
    /// Best match first (newest first when the query has no text).
    #[default]
    Relevance,
    /// Most recent incident first.
    Newest,
    /// Oldest incident first.
    Oldest,
}

/// A search to run.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct SearchRequest {
    /// Query in the query language (see [`query`]).
    pub query: String,
    /// Hits to return.
    pub limit: usize,
    /// Hits to skip (paging).
    pub offset: usize,
    /// Order of hits.
    pub sort: SortOrder,
}

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest {
            query: String::new(),
            limit: 20,
            offset: 0,
            sort: SortOrder::Relevance,
        }
    }
}

/// One matching story.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SearchHit {
    /// Story id.
    #[ts(type = "string")]
    pub id: Uuid,
    /// Title.
    pub title: String,
    /// BM25 score (0 when sorted by date without text).
    pub score: f32,
    /// Tags, display forms.
    pub tags: Vec<String>,
    /// Best matching passage as HTML: text escaped, matches in `<mark>`.
    /// Empty when nothing in the body or parts matched.
    pub snippet: String,
    /// Summary.
    pub summary: String,
    /// Company.
    pub company: Option<String>,
    /// Severity.
    pub severity: Option<Severity>,
    /// Kind.
    pub kind: StoryKind,
    /// Incident date.
    #[ts(type = "string | null")]
    pub date: Option<DateTime<Utc>>,
}

/// A tag and how many hits carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TagFacet {
    /// Display form.
    pub tag: String,
    /// Number of hits with this tag.
    #[ts(type = "number")]
    pub count: u64,
}

/// Result of a search.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SearchResults {
    /// All matching stories (not just this page).
    pub total: usize,
    /// This page of hits.
    pub hits: Vec<SearchHit>,
    /// Tag counts over all matching stories, most common first.
    pub tags: Vec<TagFacet>,
    /// No story has every word: these share most of them (see
    /// `docs/search.md`, "Forgiving matching").
    pub relaxed: bool,
    /// The query with its misspelt words replaced by the library's closest
    /// terms, when the query found nothing or was relaxed and the corrected
    /// one finds a story. A suggestion only: the hits are the typed query's.
    pub did_you_mean: Option<String>,
}

/// What one search collects: the total, the matches' tags, the page.
type Page = (usize, SpellingCounts, Vec<(f32, DocAddress)>);

impl SearchIndex {
    /// Runs a search.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        let parsed = forgiving::without_stop_words(query::parse(&request.query)?);
        let searcher = self.reader.searcher();
        let sort = match (request.sort, parsed.has_text()) {
            (SortOrder::Relevance, false) => SortOrder::Newest,
            (sort, _) => sort,
        };
        let mut query = self.build_query(&parsed, None);
        let mut relaxed = false;
        let (mut total, mut spellings, mut addresses) =
            self.collect(&searcher, &query, request, sort)?;
        // `total` counts every match, not the page: a later page of a
        // relaxed search relaxes too, and pages on from the first.
        if total == 0 {
            if let Some((required, words)) = self.loose(&searcher, &parsed)? {
                // Each step asks fewer words of a story, so finds more.
                for step in 0..forgiving::steps(words.len()) {
                    let loose = self.build_query(&required, Some((&words, step)));
                    let found = self.collect(&searcher, &loose, request, sort)?;
                    if found.0 > 0 {
                        (total, spellings, addresses) = found;
                        query = loose;
                        relaxed = true;
                    }
                    if total >= forgiving::FEW {
                        break;
                    }
                }
            }
        }
        // Only the few-results path pays for looking words up.
        let did_you_mean = if request.offset == 0 && (total == 0 || relaxed) {
            self.did_you_mean(&searcher, &request.query, &parsed)?
        } else {
            None
        };
        let snippets = Snippets::new(&searcher, query.as_ref(), &self.fields, parsed.has_text());
        let mut hits = Vec::with_capacity(addresses.len());
        for (score, address) in addresses {
            let doc: TantivyDocument = searcher.doc(address)?;
            hits.push(self.hit(&doc, score, &snippets)?);
        }
        let tags = facets::facets(spellings);
        Ok(SearchResults {
            total,
            hits,
            tags,
            relaxed,
            did_you_mean,
        })
    }

    /// Stories most like `story` (by its title, summary, body, lessons and
    /// tags), best first, `story` itself excluded.
    ///
    /// "More like this" done by hand: the story's most distinctive terms
    /// (term frequency × inverse document frequency) become a query. Tantivy's
    /// own `MoreLikeThisQuery` mixes live and deleted document counts and
    /// panics once a segment holds deleted documents (after a delete and undo).
    pub fn related(&self, story: &Story, limit: usize) -> Result<Vec<SearchHit>> {
        let f = &self.fields;
        let c = &story.content;
        let lessons = c.parts.lessons.join("\n");
        let tags = c.tags.join(" ").replace('-', " ");
        let mut frequencies: HashMap<String, u32> = HashMap::new();
        for text in [&c.title, &c.summary, &c.body, &lessons, &tags] {
            for token in self.analyze(text) {
                if token.chars().count() >= 3 {
                    *frequencies.entry(token).or_default() += 1;
                }
            }
        }
        let searcher = self.reader.searcher();
        let total: u64 = searcher
            .segment_readers()
            .iter()
            .map(|s| u64::from(s.max_doc()))
            .sum();
        let mut weighted = Vec::new();
        for (token, tf) in frequencies {
            let term = Term::from_field_text(f.text, &token);
            let df = searcher.doc_freq(&term)?;
            // A term only this story has cannot relate it to another.
            if df < 2 || df >= total {
                continue;
            }
            let idf = ((total as f32 + 1.0) / df as f32).ln();
            weighted.push((tf as f32 * idf, term));
        }
        weighted.sort_by(|a, b| b.0.total_cmp(&a.0));
        let terms: Vec<(Occur, Box<dyn Query>)> = weighted
            .into_iter()
            .take(RELATED_TERMS)
            .map(|(weight, term)| {
                let query = TermQuery::new(term, IndexRecordOption::WithFreqs);
                (
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(query), weight)) as Box<dyn Query>,
                )
            })
            .collect();
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let not_self = TermQuery::new(
            Term::from_field_text(f.id, &story.id.to_string()),
            IndexRecordOption::Basic,
        );
        let query = BooleanQuery::new(vec![
            (
                Occur::Must,
                Box::new(BooleanQuery::new(terms)) as Box<dyn Query>,
            ),
            (Occur::MustNot, Box::new(not_self)),
        ]);
        let top = searcher.search(&query, &TopDocs::with_limit(limit.max(1)).order_by_score())?;
        let no_snippets = Snippets::none();
        top.into_iter()
            .map(|(score, address)| {
                let doc: TantivyDocument = searcher.doc(address)?;
                self.hit(&doc, score, &no_snippets)
            })
            .collect()
    }

    /// The forgiving form of `parsed` (see [`forgiving`]), if it has one:
    /// what stays required, and the words of which enough must match.
    fn loose(
        &self,
        searcher: &Searcher,
        parsed: &ParsedQuery,
    ) -> Result<Option<(ParsedQuery, Vec<TextTerm>)>> {
        let Some((required, words)) = forgiving::relax(parsed) else {
            return Ok(None);
        };
        Ok(Some((required, self.distinctive(searcher, words)?)))
    }

    /// The query of the forgiving form of `parsed` at relaxing `step`, if
    /// it has one (`usize::MAX`: the loosest).
    fn loose_query(
        &self,
        searcher: &Searcher,
        parsed: &ParsedQuery,
        step: usize,
    ) -> Result<Option<Box<dyn Query>>> {
        Ok(self
            .loose(searcher, parsed)?
            .map(|(required, words)| self.build_query(&required, Some((&words, step)))))
    }

    /// The words of a relaxed query that can tell stories apart: a word in
    /// more than [`forgiving::COMMON_SHARE`] of the stories is
    /// dropped, since its many small scores would outweigh the one rare
    /// word that names the incident; the two rarest always stay.
    fn distinctive(&self, searcher: &Searcher, words: Vec<TextTerm>) -> Result<Vec<TextTerm>> {
        let stories = searcher.num_docs().max(1) as f64;
        let mut rated = Vec::with_capacity(words.len());
        for word in words {
            let text = match &word {
                TextTerm::Word(w) | TextTerm::Phrase(w) => w,
            };
            let mut share: f64 = 0.0;
            for token in self.analyze(text) {
                share = share.max(self.stories_with(searcher, &token)? as f64 / stories);
            }
            rated.push((share, word));
        }
        let mut by_rarity: Vec<usize> = (0..rated.len()).collect();
        by_rarity.sort_by(|&a, &b| rated[a].0.total_cmp(&rated[b].0));
        let keep: HashSet<usize> = by_rarity
            .iter()
            .enumerate()
            .filter(|&(rank, &i)| rank < 2 || rated[i].0 <= forgiving::COMMON_SHARE)
            .map(|(_, &i)| i)
            .collect();
        Ok(rated
            .into_iter()
            .enumerate()
            .filter(|(i, _)| keep.contains(i))
            .map(|(_, (_, w))| w)
            .collect())
    }

    /// Runs `query` for one page in `sort` order: the total, the matches'
    /// tag counts and the page's addresses with their scores.
    fn collect(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        request: &SearchRequest,
        sort: SortOrder,
    ) -> Result<Page> {
        let page = TopDocs::with_limit(request.limit.max(1)).and_offset(request.offset);
        Ok(match sort {
            SortOrder::Relevance if prunable(query) => {
                let (total, tags) = searcher.search(query, &(Count, self.tag_counts()))?;
                (total, tags, searcher.search(query, &page.order_by_score())?)
            }
            SortOrder::Relevance => {
                searcher.search(query, &(Count, self.tag_counts(), page.order_by_score()))?
            }
            SortOrder::Newest | SortOrder::Oldest => {
                let order = if sort == SortOrder::Newest {
                    Order::Desc
                } else {
                    Order::Asc
                };
                let by_date = page.order_by_fast_field::<i64>("date", order);
                let (total, tags, top) =
                    searcher.search(query, &(Count, self.tag_counts(), by_date))?;
                (
                    total,
                    tags,
                    top.into_iter().map(|(_, a)| (0.0, a)).collect(),
                )
            }
        })
    }

    /// The tag facet collector, with this index's whole-segment counts.
    fn tag_counts(&self) -> TagCounts {
        TagCounts {
            whole: std::sync::Arc::clone(&self.whole_counts),
        }
    }

    /// The query for `parsed`; with `loose` words and a relaxing step, at
    /// least [`forgiving::minimum`] of them must match (besides everything
    /// `parsed` requires).
    fn build_query(
        &self,
        parsed: &ParsedQuery,
        loose: Option<(&[TextTerm], usize)>,
    ) -> Box<dyn Query> {
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if let Some((words, step)) = loose {
            let should: Vec<Box<dyn Query>> =
                words.iter().filter_map(|w| self.text_query(w)).collect();
            let minimum = forgiving::minimum(should.len(), step);
            clauses.push((Occur::Must, Box::new(AtLeast::new(should, minimum))));
        }
        for term in &parsed.must {
            if let Some(q) = self.text_query(term) {
                clauses.push((Occur::Must, q));
            }
        }
        for term in &parsed.must_not {
            if let Some(q) = self.text_query(term) {
                clauses.push((Occur::MustNot, q));
            }
        }
        let exact = |field: Field, value: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, value),
                IndexRecordOption::Basic,
            ))
        };
        for key in &parsed.tags {
            clauses.push((Occur::Must, exact(f.tag_key, key)));
        }
        for key in &parsed.not_tags {
            clauses.push((Occur::MustNot, exact(f.tag_key, key)));
        }
        let any_of = |field: Field, values: Vec<&str>| -> Box<dyn Query> {
            Box::new(BooleanQuery::new(
                values
                    .into_iter()
                    .map(|v| (Occur::Should, exact(field, v)))
                    .collect(),
            ))
        };
        if !parsed.companies.is_empty() {
            clauses.push((
                Occur::Must,
                any_of(
                    f.company_key,
                    parsed.companies.iter().map(String::as_str).collect(),
                ),
            ));
        }
        if !parsed.severities.is_empty() {
            clauses.push((
                Occur::Must,
                any_of(
                    f.severity,
                    parsed.severities.iter().map(|s| s.as_str()).collect(),
                ),
            ));
        }
        if let Some(kind) = parsed.kind {
            clauses.push((Occur::Must, exact(f.kind, kind.as_str())));
        }
        if parsed.after.is_some() || parsed.before.is_some() {
            let term = |t: DateTime<Utc>| Term::from_field_i64(f.date, t.timestamp());
            let lower = parsed
                .after
                .map_or(Bound::Unbounded, |t| Bound::Included(term(t)));
            let upper = parsed
                .before
                .map_or(Bound::Unbounded, |t| Bound::Excluded(term(t)));
            clauses.push((Occur::Must, Box::new(RangeQuery::new(lower, upper))));
        }
        if !clauses.iter().any(|(occur, _)| *occur == Occur::Must) {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        // A lone word as itself: Tantivy skips blocks of a term query, not
        // of a boolean query around one (see [`prunable`]).
        if let [(Occur::Must, _)] = clauses.as_slice() {
            return clauses.pop().expect("one clause").1;
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// A word or phrase in `text`.
    fn text_query(&self, term: &TextTerm) -> Option<Box<dyn Query>> {
        let field = self.fields.text;
        let text = match term {
            TextTerm::Word(w) | TextTerm::Phrase(w) => w,
        };
        let tokens = self.analyze(text);
        Some(match tokens.as_slice() {
            [] => return None,
            [token] => Box::new(TermQuery::new(
                Term::from_field_text(field, token),
                IndexRecordOption::WithFreqs,
            )),
            _ => Box::new(PhraseQuery::new(
                tokens
                    .iter()
                    .map(|t| Term::from_field_text(field, t))
                    .collect(),
            )),
        })
    }

    /// Stories holding `token` (already analysed) in any text field.
    fn stories_with(&self, searcher: &Searcher, token: &str) -> Result<u64> {
        Ok(searcher.doc_freq(&Term::from_field_text(self.fields.text, token))?)
    }

    /// Runs the full-text analyzer over `text`.
    fn analyze(&self, text: &str) -> Vec<String> {
        let Some(mut analyzer) = self.index.tokenizers().get(schema::TEXT_TOKENIZER) else {
            return Vec::new();
        };
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        stream.process(&mut |token| out.push(token.text.clone()));
        out
    }

    fn hit(&self, doc: &TantivyDocument, score: f32, snippets: &Snippets) -> Result<SearchHit> {
        let f = &self.fields;
        let text = |field: Field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let id = text(f.id);
        Ok(SearchHit {
            id: Uuid::parse_str(&id)
                .map_err(|_| Error::InvalidQuery(format!("index holds a bad id `{id}`")))?,
            title: text(f.title),
            score,
            tags: doc
                .get_all(f.tag)
                .filter_map(|v| v.as_str())
                .map(str::to_string)
                .collect(),
            snippet: snippets.for_doc(doc),
            summary: text(f.summary),
            company: Some(text(f.company)).filter(|s| !s.is_empty()),
            severity: text(f.severity).parse().ok(),
            kind: text(f.kind).parse().unwrap_or_default(),
            date: doc
                .get_first(f.date)
                .and_then(|v| v.as_i64())
                .and_then(|secs| Utc.timestamp_opt(secs, 0).single()),
        })
    }
}

/// Whether Tantivy can find the best page of `query` without scoring every
/// match (block-max WAND: one word, or words only). Counting and tag facets
/// need every match but no score, so such a query runs twice, once for
/// each: for a broad word, much less work than scoring every match. Any
/// other query is scored once, with its counting.
fn prunable(query: &dyn Query) -> bool {
    let word = |q: &dyn Query| q.downcast_ref::<TermQuery>().is_some();
    word(query)
        || query.downcast_ref::<BooleanQuery>().is_some_and(|b| {
            b.clauses().len() >= 2
                && b.clauses()
                    .iter()
                    .all(|(occur, q)| *occur == Occur::Must && word(q.as_ref()))
        })
}
