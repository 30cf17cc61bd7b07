//! The team library: connecting to a git remote, syncing, and resolving
//! the conflicts a sync recorded.

use kintsugi_core::team::{Conflict, Resolution, SyncProgress, SyncReport, TeamStatus};
use kintsugi_core::IpcError;
use uuid::Uuid;

use crate::state::AppState;

/// Where the library stands with its team repository.
pub fn team_status(state: &AppState) -> Result<TeamStatus, IpcError> {
    state.with(|lib| lib.team_status())
}

/// Connects to a team repository (a path or URL) and syncs once: an empty
/// remote receives this library, a non-empty one is merged into it. The
/// author is taken from git's configuration or the account name.
pub fn team_connect(
    state: &AppState,
    remote: String,
    progress: &mut dyn FnMut(&SyncProgress),
) -> Result<SyncReport, IpcError> {
    state.with(|lib| lib.team_connect(remote.trim(), None, progress))
}

/// Stops syncing; stories, history and conflicts stay.
pub fn team_disconnect(state: &AppState) -> Result<(), IpcError> {
    state.with(|lib| lib.team_disconnect())
}

/// Syncs with the team repository now.
pub fn sync_team(
    state: &AppState,
    progress: &mut dyn FnMut(&SyncProgress),
) -> Result<SyncReport, IpcError> {
    state.with(|lib| lib.sync_team(progress))
}

/// The open conflicts, oldest first.
pub fn list_conflicts(state: &AppState) -> Result<Vec<Conflict>, IpcError> {
    state.with(|lib| lib.list_conflicts())
}

/// Keeps one side's value of a conflicting field; true when that changed
/// the story (a new revision). A conflict already resolved, by a sync or
/// another window, is `conflict_not_found`.
pub fn resolve_conflict(
    state: &AppState,
    id: Uuid,
    field: String,
    side: Resolution,
) -> Result<bool, IpcError> {
    state.with(|lib| lib.resolve_conflict(id, &field, side))
}
