//! What the library teaches ([`crate::insights`]): the insights, cached by
//! the state they were computed from, and "seen before" while writing.

use std::sync::Arc;

use chrono::NaiveDate;
use uuid::Uuid;

use super::{lock, Library};
use crate::error::Result;
use crate::insights::{self, Insights, RetroPulse, SeenBefore};

/// What a cached [`Insights`] was computed from: the change sequence
/// number (every story write bumps it), the retros' state and the day
/// (overdue moves with it). Equal keys give equal insights.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InsightsKey {
    change_seq: i64,
    retros: String,
    today: NaiveDate,
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
        };
        if let Some((cached_key, cached)) = lock(&self.insights_cache).as_ref() {
            if *cached_key == key {
                return Ok(Arc::clone(cached));
            }
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
        let computed = Arc::new(insights::compute(&rows, &retros, key.today));
        *lock(&self.insights_cache) = Some((key, Arc::clone(&computed)));
        Ok(computed)
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
