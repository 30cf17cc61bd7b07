//! Action items across the library: list with filters, mark open or done
//! (an edit of the story, so a new revision).

use kintsugi_core::actions::{ActionItemEntry, ActionItemFilter};
use kintsugi_core::{ActionStatus, IpcError, Story};
use uuid::Uuid;

use crate::state::AppState;

/// The action items of all live stories that pass `filter`.
pub fn list_action_items(
    state: &AppState,
    filter: ActionItemFilter,
) -> Result<Vec<ActionItemEntry>, IpcError> {
    state.with(|lib| lib.list_action_items(&filter))
}

/// Marks action item `index` of story `id` open or done.
pub fn set_action_status(
    state: &AppState,
    id: Uuid,
    index: usize,
    status: ActionStatus,
) -> Result<Story, IpcError> {
    state.with(|lib| lib.set_action_status(id, index, status))
}
