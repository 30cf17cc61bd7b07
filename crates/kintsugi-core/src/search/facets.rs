//! Tag facets counted from the `tag` fast field, never from stored
//! documents.
//!
//! A broad word matches most of a large library (75,000 of 100,000
//! stories); reading each match's stored document to learn its tags made
//! such a search slower than grepping every file. Here each segment counts
//! its matches' tags as ordinals of the segment's tag column, and only the
//! tags that occurred are turned into text, once each.
//!
//! Invariant: the counts equal those from reading every matching document
//! (the test in `tests/search.rs` compares facets with the stories' tags).

use std::collections::BTreeMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::TagFacet;
use crate::tag::tag_key;

/// Matching stories per tag spelling, as stored on the stories.
pub(crate) type SpellingCounts = BTreeMap<String, u64>;

/// Counts the tags of every matching story.
pub(crate) struct TagCounts;

/// One segment's counts, by term ordinal of its tag column.
pub(crate) struct SegmentTagCounts {
    column: Option<StrColumn>,
    counts: Vec<u64>,
}

impl Collector for TagCounts {
    type Fruit = SpellingCounts;
    type Child = SegmentTagCounts;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentTagCounts> {
        let column = reader.fast_fields().str("tag")?;
        let terms = column.as_ref().map_or(0, |c| c.num_terms());
        Ok(SegmentTagCounts {
            column,
            counts: vec![0; terms],
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
        if let Some(column) = &self.column {
            for ord in column.term_ords(doc) {
                if let Some(n) = self.counts.get_mut(ord as usize) {
                    *n += 1;
                }
            }
        }
    }

    fn harvest(self) -> SpellingCounts {
        let mut out = SpellingCounts::new();
        let Some(column) = &self.column else {
            return out;
        };
        let mut tag = String::new();
        for (ord, &n) in self.counts.iter().enumerate() {
            if n > 0 && column.ord_to_str(ord as u64, &mut tag).unwrap_or(false) {
                out.insert(tag.clone(), n);
            }
        }
        out
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
