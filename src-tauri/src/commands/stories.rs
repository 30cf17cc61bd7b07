//! Reading and writing single stories: get, render, create, update, trash,
//! history and drafts.

use kintsugi_core::markdown::render;
use kintsugi_core::store::RevisionInfo;
use kintsugi_core::{IpcError, RenderedStory, Story, StoryContent, StorySummary};

use super::{from_json, parse_id};
use crate::state::AppState;

/// A story by id (live or in the trash).
pub fn get_story(state: &AppState, id: &str) -> Result<Story, IpcError> {
    let id = parse_id(id)?;
    state.with(|lib| lib.get(id))
}

/// A story with body and lessons rendered to sanitized HTML.
pub fn render_story(state: &AppState, id: &str) -> Result<RenderedStory, IpcError> {
    let id = parse_id(id)?;
    state.with(|lib| lib.render(id))
}

/// Stores a new story.
pub fn create_story(state: &AppState, content: serde_json::Value) -> Result<Story, IpcError> {
    let content: StoryContent = from_json("content", content)?;
    state.with(|lib| lib.create(content))
}

/// Replaces a story's content; fails with `conflict` when `base_revision`
/// is not the stored revision any more.
pub fn update_story(
    state: &AppState,
    id: &str,
    content: serde_json::Value,
    base_revision: Option<u32>,
) -> Result<Story, IpcError> {
    let id = parse_id(id)?;
    let content: StoryContent = from_json("content", content)?;
    state.with(|lib| lib.update(id, content, base_revision))
}

/// Moves a story to the trash.
pub fn delete_story(state: &AppState, id: &str) -> Result<(), IpcError> {
    let id = parse_id(id)?;
    state.with(|lib| lib.delete(id))
}

/// Brings a story back from the trash (also the Undo of a delete).
pub fn restore_story(state: &AppState, id: &str) -> Result<(), IpcError> {
    let id = parse_id(id)?;
    state.with(|lib| lib.restore(id))
}

/// Deletes a trashed story for good.
pub fn purge_story(state: &AppState, id: &str) -> Result<(), IpcError> {
    let id = parse_id(id)?;
    state.with(|lib| lib.purge(id))
}

/// Stories in the trash.
pub fn list_trash(state: &AppState) -> Result<Vec<StorySummary>, IpcError> {
    state.with(|lib| lib.trash())
}

/// A story's revisions, newest first.
pub fn story_history(state: &AppState, id: &str) -> Result<Vec<RevisionInfo>, IpcError> {
    let id = parse_id(id)?;
    state.with(|lib| lib.history(id))
}

/// The content of one revision.
pub fn story_revision(state: &AppState, id: &str, revision: u32) -> Result<StoryContent, IpcError> {
    let id = parse_id(id)?;
    state.with(|lib| lib.revision(id, revision))
}

/// Makes an old revision current again (as a new revision).
pub fn restore_revision(state: &AppState, id: &str, revision: u32) -> Result<Story, IpcError> {
    let id = parse_id(id)?;
    state.with(|lib| lib.restore_revision(id, revision))
}

/// Keeps unsaved editor content.
pub fn save_draft(state: &AppState, id: &str, content: serde_json::Value) -> Result<(), IpcError> {
    let id = parse_id(id)?;
    let content: StoryContent = from_json("content", content)?;
    state.with(|lib| lib.save_draft(id, &content))
}

/// Unsaved editor content for a story, if any.
pub fn get_draft(state: &AppState, id: &str) -> Result<Option<StoryContent>, IpcError> {
    let id = parse_id(id)?;
    state.with(|lib| lib.draft(id))
}

/// Forgets unsaved editor content.
pub fn discard_draft(state: &AppState, id: &str) -> Result<(), IpcError> {
    let id = parse_id(id)?;
    state.with(|lib| lib.discard_draft(id))
}

/// Markdown to sanitized HTML, for the editor's live preview. Goes through
/// the same sanitizer as stored stories; needs no library.
pub fn render_markdown(text: &str) -> String {
    render::to_html(text)
}
