//! What the library teaches ([`crate::insights`]): the insights, cached by
//! the state they were computed from, and "seen before" while writing.
//!
//! Invariants:
//! - The cache lives in memory and in [`INSIGHTS_CACHE_FILE`](super::INSIGHTS_CACHE_FILE) in the
//!   library folder,
//!   so a fresh process (each `kintsugi insights`) pays for the analysis
//!   only when the library changed since the last one. The file is derived:
//!   unreadable, stale or from another format, it is ignored and replaced;
//!   failing to write it never fails the call.
//! - A restored backup drops both, since its change sequence number may
//!   repeat one the cache has seen.

use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{lock, Library, INSIGHTS_CACHE_FILE as CACHE_FILE};
use crate::error::Result;
use crate::insights::{self, Insights, RetroPulse, SeenBefore};

/// What a cached [`Insights`] was computed from: the change sequence
/// number (every story write bumps it), the retros' state, the day
/// (overdue moves with it) and the format of the analysis. Equal keys give
/// equal insights.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct InsightsKey {
    change_seq: i64,
    retros: String,
    today: NaiveDate,
    format: u32,
}

/// The cache file's content.
#[derive(Serialize, Deserialize)]
struct Cached {
    key: InsightsKey,
    insights: Insights,
}

/// The last insights computed and what from.
pub(crate) type InsightsCache = std::sync::Mutex<Option<(InsightsKey, Arc<Insights>)>>;

impl Library {
    /// The insights of the whole library (see `docs/insights.md`). Computed
    /// from the compact story columns and cached until a story or retro
    /// changes or the day turns, so asking again is free.
    pub fn insights(&self) -> Result<Arc<Insights>> {
        let store = self.read()?;
        let key = InsightsKey {
            change_seq: store.change_seq()?,
            retros: store.retros_version()?,
            today: self.clock().today(),
            format: insights::FORMAT,
        };
        if let Some((cached_key, cached)) = lock(&self.insights_cache).as_ref() {
            if *cached_key == key {
                return Ok(Arc::clone(cached));
            }
        }
        let file = self.root.join(CACHE_FILE);
        if let Some(stored) = read_cache(&file).filter(|c| c.key == key) {
            let stored = Arc::new(stored.insights);
            *lock(&self.insights_cache) = Some((key, Arc::clone(&stored)));
            return Ok(stored);
        }
        let rows = store.insight_rows()?;
        let retros: Vec<RetroPulse> = store
            .retros()?
            .into_iter()
            .filter_map(|r| {
                r.check.map(|check| RetroPulse {
                    at: r.created_at,
                    check,
                })
            })
            .collect();
        let computed = insights::compute(&rows, &retros, key.today);
        let cached = Cached {
            key,
            insights: computed,
        };
        // A read-only folder or a full disk only costs the next process time.
        if !self.is_read_only() {
            if let Ok(bytes) = serde_json::to_vec(&cached) {
                let _ = crate::export::write_atomically(&file, &bytes);
            }
        }
        let computed = Arc::new(cached.insights);
        *lock(&self.insights_cache) = Some((cached.key, Arc::clone(&computed)));
        Ok(computed)
    }

    /// Forgets the cached insights, in memory and on disk.
    pub(crate) fn forget_insights(&self) {
        *lock(&self.insights_cache) = None;
        let _ = std::fs::remove_file(self.root.join(CACHE_FILE));
    }

    /// The insights as one self-contained HTML page (no script, nothing remote).
    pub fn insights_report(&self) -> Result<String> {
        Ok(insights::report::html(
            "What the library teaches",
            &*self.insights()?,
        ))
    }

    /// Writes [`Library::insights_report`] to `path` (whole or not at all).
    pub fn export_insights(&self, path: &std::path::Path) -> Result<()> {
        let page = self.insights_report()?;
        crate::export::write_atomically(path, page.as_bytes())
    }

    /// Earlier stories whose contributing factors or lucky notes are like
    /// `text` (the note being written), most alike first; `except` is the
    /// story being edited, left out.
    pub fn seen_before(
        &self,
        text: &str,
        except: Option<Uuid>,
        limit: usize,
    ) -> Result<Vec<SeenBefore>> {
        let rows = self.read()?.insight_rows()?;
        Ok(insights::seen::seen_before(text, &rows, except, limit))
    }
}

/// The cache file's content, if it reads as one.
fn read_cache(file: &Path) -> Option<Cached> {
    let bytes = std::fs::read(file).ok()?;
    serde_json::from_slice(&bytes).ok()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // tests: a panic is the failure report

    use super::*;

    fn sample() -> (tempfile::TempDir, Library) {
        let dir = tempfile::tempdir().unwrap();
        let library = Library::open(dir.path()).unwrap();
        library.load_sample().unwrap();
        (dir, library)
    }

    fn as_json(insights: &Insights) -> serde_json::Value {
        serde_json::to_value(insights).unwrap()
    }

    #[test]
    fn a_fresh_process_reads_the_insights_the_last_one_computed() {
        let (dir, library) = sample();
        let first = as_json(&library.insights().unwrap());
        drop(library);
        let file = dir.path().join(CACHE_FILE);
        let mut cached: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
        // Mark the stored copy: a reopened library that answers with the
        // mark read the file rather than computing again.
        cached["insights"]["totals"]["stories"] = 999.into();
        std::fs::write(&file, serde_json::to_vec(&cached).unwrap()).unwrap();
        let reopened = Library::open(dir.path()).unwrap();
        let again = as_json(&reopened.insights().unwrap());
        assert_eq!(again["totals"]["stories"], 999);
        assert_eq!(again["recurring"], first["recurring"]);
    }

    #[test]
    fn a_change_or_a_damaged_file_computes_afresh() {
        let (dir, library) = sample();
        let before = library.insights().unwrap().totals.stories;
        let id = library.list_stories().unwrap()[0].id;
        library.delete_story(id).unwrap();
        assert_eq!(library.insights().unwrap().totals.stories, before - 1);
        drop(library);
        std::fs::write(dir.path().join(CACHE_FILE), b"{ not json").unwrap();
        let reopened = Library::open(dir.path()).unwrap();
        assert_eq!(reopened.insights().unwrap().totals.stories, before - 1);
    }
}
