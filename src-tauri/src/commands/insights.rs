//! What the library teaches: the insights and "seen before" while writing.

use kintsugi_core::insights::{Insights, SeenBefore};
use kintsugi_core::IpcError;
use std::path::PathBuf;

use uuid::Uuid;

use crate::state::AppState;

/// Luck register, recurring themes, follow-through and trends (cached by the core).
pub fn insights(state: &AppState) -> Result<Insights, IpcError> {
    state.with(|lib| lib.insights().map(|i| (*i).clone()))
}

/// Earlier stories whose contributing factors, lucky notes or surprises
/// are like `text`; `except` (the story being edited) is left out.
pub fn seen_before(
    state: &AppState,
    text: String,
    limit: usize,
    except: Option<Uuid>,
) -> Result<Vec<SeenBefore>, IpcError> {
    state.with(|lib| lib.seen_before(&text, except, limit))
}

/// Writes the insights as one self-contained HTML report to `path`.
pub fn export_insights(state: &AppState, path: PathBuf) -> Result<(), IpcError> {
    state.with(|lib| lib.export_insights(&path))
}
