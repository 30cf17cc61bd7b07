//! Tag facets counted from the `tag` fast field, never from stored
//! documents.
//!
//! A broad word matches most of a large library (87,000 of 100,000
//! stories); reading each match's stored document to learn its tags made
//! such a search slower than grepping every file. Here each segment counts
//! its matches' tags as ordinals of the segment's tag column, and only the
//! tags that occurred are turned into text, once each.
//!
//! Reading a story's ordinals is the costly step, so a segment reads as
//! few stories as it can: once it knows its tag counts over all its live
//! stories ([`WholeCounts`]), a query that matches more than half of them
//! subtracts the stories that did *not* match instead of adding those that
//! did. The empty query then reads none.
//!
//! Invariant: the counts equal those from reading every matching document
//! (the test in `tests/search.rs` compares facets with the stories' tags,
//! after deletes too, for queries matching few and most stories).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::fastfield::AliveBitSet;
use tantivy::index::SegmentId;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::TagFacet;
use crate::tag::tag_key;

/// Matching stories per tag spelling, as stored on the stories.
pub(crate) type SpellingCounts = BTreeMap<String, u64>;

/// Segments whose whole counts are kept at most: more than a library has
/// at once (Tantivy merges small ones), so the map is only cleared when
/// many segments have come and gone.
const MAX_SEGMENTS: usize = 256;

/// Each segment's tag counts over all its live stories, by term ordinal.
/// A segment's stories never change, and deletes only grow, so the pair
/// (segment, number of deletes) names one set of live stories. Counts are
/// learnt by the first query that matches most of a segment, at no more
/// cost than counting its matches, so a process that searches once (the
/// command line) pays nothing for them.
#[derive(Default)]
pub(crate) struct WholeCounts {
    segments: Mutex<HashMap<SegmentKey, Arc<Vec<u64>>>>,
}

type SegmentKey = (SegmentId, u32);

impl WholeCounts {
    fn get(&self, key: &SegmentKey) -> Option<Arc<Vec<u64>>> {
        self.lock().get(key).cloned()
    }

    fn learn(&self, key: SegmentKey, counts: Vec<u64>) {
        let mut segments = self.lock();
        if segments.len() >= MAX_SEGMENTS {
            segments.clear();
        }
        segments.insert(key, Arc::new(counts));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<SegmentKey, Arc<Vec<u64>>>> {
        self.segments.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Counts the tags of every matching story.
pub(crate) struct TagCounts {
    pub(crate) whole: Arc<WholeCounts>,
}

/// One segment's matches, counted when the segment is done.
pub(crate) struct SegmentTagCounts {
    column: Option<StrColumn>,
    whole: Arc<WholeCounts>,
    key: SegmentKey,
    alive: Option<AliveBitSet>,
    max_doc: DocId,
    live: u32,
    /// Matching documents, in the order collected (increasing).
    docs: Vec<DocId>,
}

impl Collector for TagCounts {
    type Fruit = SpellingCounts;
    type Child = SegmentTagCounts;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentTagCounts> {
        Ok(SegmentTagCounts {
            column: reader.fast_fields().str("tag")?,
            whole: Arc::clone(&self.whole),
            key: (reader.segment_id(), reader.num_deleted_docs()),
            alive: reader.alive_bitset().cloned(),
            max_doc: reader.max_doc(),
            live: reader.num_docs(),
            docs: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<SpellingCounts>) -> tantivy::Result<SpellingCounts> {
        let mut all = SpellingCounts::new();
        for segment in segments {
            for (tag, n) in segment {
                *all.entry(tag).or_default() += n;
            }
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentTagCounts {
    type Fruit = SpellingCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.docs.push(doc);
    }

    fn harvest(self) -> SpellingCounts {
        let mut out = SpellingCounts::new();
        let Some(column) = &self.column else {
            return out;
        };
        let counts = self.counts(column);
        let mut tag = String::new();
        for (ord, &n) in counts.iter().enumerate() {
            if n > 0 && column.ord_to_str(ord as u64, &mut tag).unwrap_or(false) {
                out.insert(tag.clone(), n);
            }
        }
        out
    }
}

impl SegmentTagCounts {
    /// The matches' counts by ordinal, reading as few stories as it can.
    fn counts(&self, column: &StrColumn) -> Vec<u64> {
        let terms = column.num_terms();
        let in_order = self.docs.windows(2).all(|w| w[0] < w[1]);
        let most = in_order && self.docs.len() as u64 * 2 > u64::from(self.live);
        let mut matched = vec![0; terms];
        if most {
            if let Some(whole) = self.whole.get(&self.key) {
                // All stories, less those that did not match.
                let mut counts = whole.to_vec();
                self.for_each_unmatched(|doc| subtract(column, doc, &mut counts));
                return counts;
            }
        }
        for &doc in &self.docs {
            add(column, doc, &mut matched);
        }
        if most {
            // The rest costs fewer reads than the matches did; with them it
            // makes the whole segment's counts for the next broad query.
            let mut whole = matched.clone();
            self.for_each_unmatched(|doc| add(column, doc, &mut whole));
            self.whole.learn(self.key, whole);
        }
        matched
    }

    /// Calls `f` with every live story of the segment that did not match
    /// (`docs` must be increasing).
    fn for_each_unmatched(&self, mut f: impl FnMut(DocId)) {
        let mut matched = self.docs.iter().copied().peekable();
        for doc in 0..self.max_doc {
            if matched.next_if_eq(&doc).is_some() {
                continue;
            }
            if self.alive.as_ref().is_none_or(|a| a.is_alive(doc)) {
                f(doc);
            }
        }
    }
}

/// Counts `doc`'s tags.
fn add(column: &StrColumn, doc: DocId, counts: &mut [u64]) {
    for ord in column.term_ords(doc) {
        if let Some(count) = counts.get_mut(ord as usize) {
            *count += 1;
        }
    }
}

/// Takes `doc`'s tags off the counts.
fn subtract(column: &StrColumn, doc: DocId, counts: &mut [u64]) {
    for ord in column.term_ords(doc) {
        if let Some(count) = counts.get_mut(ord as usize) {
            *count = count.saturating_sub(1);
        }
    }
}

/// Facets from spelling counts: spellings of one tag (by [`tag_key`]) are
/// counted together under the most used one; most stories first.
pub(crate) fn facets(spellings: SpellingCounts) -> Vec<TagFacet> {
    let mut by_key: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    for (tag, n) in spellings {
        by_key.entry(tag_key(&tag)).or_default().insert(tag, n);
    }
    let mut facets: Vec<TagFacet> = by_key
        .into_values()
        .map(|spellings| {
            let count = spellings.values().sum();
            let tag = spellings
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(tag, _)| tag.clone())
                .unwrap_or_default();
            TagFacet { tag, count }
        })
        .collect();
    facets.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.tag.cmp(&b.tag)));
    facets
}
