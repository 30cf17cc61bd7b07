//! Reading and writing single stories: get, render, create, update, trash,
//! history and drafts.

use kintsugi_core::markdown::render;
use kintsugi_core::{IpcError, RenderedStory, RevisionInfo, Story, StoryContent, StorySummary};
use uuid::Uuid;

use crate::state::AppState;

/// A story by id (live or in the trash).
pub fn get_story(state: &AppState, id: Uuid) -> Result<Story, IpcError> {
    state.with(|lib| lib.get_story(id))
}

/// A story with body and lessons rendered to sanitized HTML.
pub fn render_story(state: &AppState, id: Uuid) -> Result<RenderedStory, IpcError> {
    state.with(|lib| lib.render_story(id))
}

/// Stores a new story.
pub fn create_story(state: &AppState, content: StoryContent) -> Result<Story, IpcError> {
    state.with(|lib| lib.create_story(content))
}

/// Replaces a story's content; fails with `conflict` when `base_revision`
/// is not the stored revision any more.
pub fn update_story(
    state: &AppState,
    id: Uuid,
    content: StoryContent,
    base_revision: Option<u32>,
) -> Result<Story, IpcError> {
    state.with(|lib| lib.update_story(id, content, base_revision))
}

/// Moves a story to the trash.
pub fn delete_story(state: &AppState, id: Uuid) -> Result<(), IpcError> {
    state.with(|lib| lib.delete_story(id))
}

/// Brings a story back from the trash (also the Undo of a delete).
pub fn restore_story(state: &AppState, id: Uuid) -> Result<(), IpcError> {
    state.with(|lib| lib.restore_story(id))
}

/// Deletes a trashed story for good.
pub fn purge_story(state: &AppState, id: Uuid) -> Result<(), IpcError> {
    state.with(|lib| lib.purge_story(id))
}

/// Stories in the trash.
pub fn list_trash(state: &AppState) -> Result<Vec<StorySummary>, IpcError> {
    state.with(|lib| lib.list_trash())
}

/// A story's revisions, newest first.
pub fn story_history(state: &AppState, id: Uuid) -> Result<Vec<RevisionInfo>, IpcError> {
    state.with(|lib| lib.story_history(id))
}

/// The content of one revision.
pub fn story_revision(state: &AppState, id: Uuid, revision: u32) -> Result<StoryContent, IpcError> {
    state.with(|lib| lib.story_revision(id, revision))
}

/// Makes an old revision current again (as a new revision).
pub fn restore_revision(state: &AppState, id: Uuid, revision: u32) -> Result<Story, IpcError> {
    state.with(|lib| lib.restore_revision(id, revision))
}

/// Keeps unsaved editor content.
pub fn save_draft(state: &AppState, id: Uuid, content: StoryContent) -> Result<(), IpcError> {
    state.with(|lib| lib.save_draft(id, &content))
}

/// Unsaved editor content for a story, if any.
pub fn get_draft(state: &AppState, id: Uuid) -> Result<Option<StoryContent>, IpcError> {
    state.with(|lib| lib.get_draft(id))
}

/// Forgets unsaved editor content.
pub fn discard_draft(state: &AppState, id: Uuid) -> Result<(), IpcError> {
    state.with(|lib| lib.discard_draft(id))
}

/// Markdown to sanitized HTML, for the editor's live preview. Goes through
/// the same sanitizer as stored stories; needs no library.
pub fn render_markdown(_: &AppState, text: String) -> Result<String, IpcError> {
    Ok(render::to_html(&text))
}
