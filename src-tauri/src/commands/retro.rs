//! Retrospectives: create, save (the whole document, after every change),
//! list, delete and publish as a story; the phase guides, the timeline
//! durations, and the blame-aware language nudges.

use kintsugi_core::lint::{self, Finding, LintOptions};
use kintsugi_core::retro::{self, PhaseGuide, Retro, RetroDurations, RetroSummary};
use kintsugi_core::{IpcError, Story};
use uuid::Uuid;

use crate::state::AppState;

/// Starts a retro, blank or seeded from the story `from_story`.
pub fn create_retro(
    state: &AppState,
    title: String,
    from_story: Option<Uuid>,
) -> Result<Retro, IpcError> {
    state.with(|lib| lib.create_retro(&title, from_story))
}

/// Saves the whole retro document; `not_found` if it was never created.
pub fn save_retro(state: &AppState, retro: Retro) -> Result<Retro, IpcError> {
    state.with(|lib| lib.save_retro(retro))
}

/// A retro by id.
pub fn get_retro(state: &AppState, id: Uuid) -> Result<Retro, IpcError> {
    state.with(|lib| lib.get_retro(id))
}

/// All retros, most recently saved first, each with its two-question check.
pub fn list_retros(state: &AppState) -> Result<Vec<RetroSummary>, IpcError> {
    state.with(|lib| lib.list_retros())
}

/// Hides a retro; a story it was published as stays.
pub fn delete_retro(state: &AppState, id: Uuid) -> Result<(), IpcError> {
    state.with(|lib| lib.delete_retro(id))
}

/// Publishes the saved retro as a postmortem story (new, or a new revision).
pub fn publish_retro(state: &AppState, id: Uuid) -> Result<Story, IpcError> {
    state.with(|lib| lib.publish_retro(id))
}

/// What the app shows for each phase, in order. Needs no library.
pub fn retro_guides(_: &AppState) -> Result<Vec<PhaseGuide>, IpcError> {
    Ok(retro::guides())
}

/// Time to detect, mitigate and resolve of a retro as it is being edited
/// (it need not be saved). Needs no library.
pub fn retro_durations(_: &AppState, retro: Retro) -> Result<RetroDurations, IpcError> {
    Ok(retro.durations())
}

/// Blame and hindsight wording in `text`; `participants` are the names of
/// the people involved. Needs no library.
pub fn lint_text(
    _: &AppState,
    text: String,
    participants: Vec<String>,
) -> Result<Vec<Finding>, IpcError> {
    Ok(lint::lint_text(&text, &LintOptions { participants }))
}
