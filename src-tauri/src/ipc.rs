//! The `#[tauri::command]` wrappers: each takes the shared state, runs one
//! body from [`crate::commands`] on a blocking thread (so neither the main
//! thread nor an async worker ever waits on SQLite, Tantivy or the library
//! lock) and returns its result or an [`IpcError`].

use std::path::PathBuf;

use kintsugi_core::actions::{ActionItemEntry, ActionItemFilter};
use kintsugi_core::anonymise::{AnonymisedStory, Glossary};
use kintsugi_core::export::{ExportFormat, ExportReport};
use kintsugi_core::import::{ImportProgress, ImportReport};
use kintsugi_core::lint::Finding;
use kintsugi_core::reading::{AnonymisedLink, ReadingEntry, ReadingList, ReadingListImport};
use kintsugi_core::retro::{PhaseGuide, Retro, RetroDurations, RetroSummary};
use kintsugi_core::store::{RevisionInfo, TagCount};
use kintsugi_core::{
    ActionStatus, ErrorCode, IpcError, RenderedStory, SearchHit, SearchRequest, SearchResults,
    Stats, Story, StoryContent, StorySummary,
};
use tauri::ipc::Channel;
use tauri::State;

use crate::commands::settings::{AppInfo, RestoreOutcome};
use crate::commands::{actions, anonymise, retro, search as find, settings, stories, transfer};
use crate::settings::Theme;
use crate::state::{app_error, AppState};

/// Runs `body` with a clone of the state on Tauri's blocking pool.
async fn blocking<T, F>(state: State<'_, AppState>, body: F) -> Result<T, IpcError>
where
    T: Send + 'static,
    F: FnOnce(&AppState) -> Result<T, IpcError> + Send + 'static,
{
    let state = state.inner().clone();
    tauri::async_runtime::spawn_blocking(move || body(&state))
        .await
        .map_err(|e| app_error(ErrorCode::Internal, format!("background task failed: {e}")))?
}

// ---- stories ---------------------------------------------------------------

#[tauri::command]
pub(crate) async fn get_story(state: State<'_, AppState>, id: String) -> Result<Story, IpcError> {
    blocking(state, move |s| stories::get_story(s, &id)).await
}

#[tauri::command]
pub(crate) async fn render_story(
    state: State<'_, AppState>,
    id: String,
) -> Result<RenderedStory, IpcError> {
    blocking(state, move |s| stories::render_story(s, &id)).await
}

#[tauri::command]
pub(crate) async fn create_story(
    state: State<'_, AppState>,
    content: serde_json::Value,
) -> Result<Story, IpcError> {
    blocking(state, move |s| stories::create_story(s, content)).await
}

#[tauri::command]
pub(crate) async fn update_story(
    state: State<'_, AppState>,
    id: String,
    content: serde_json::Value,
    base_revision: Option<u32>,
) -> Result<Story, IpcError> {
    blocking(state, move |s| {
        stories::update_story(s, &id, content, base_revision)
    })
    .await
}

#[tauri::command]
pub(crate) async fn delete_story(state: State<'_, AppState>, id: String) -> Result<(), IpcError> {
    blocking(state, move |s| stories::delete_story(s, &id)).await
}

#[tauri::command]
pub(crate) async fn restore_story(state: State<'_, AppState>, id: String) -> Result<(), IpcError> {
    blocking(state, move |s| stories::restore_story(s, &id)).await
}

#[tauri::command]
pub(crate) async fn purge_story(state: State<'_, AppState>, id: String) -> Result<(), IpcError> {
    blocking(state, move |s| stories::purge_story(s, &id)).await
}

#[tauri::command]
pub(crate) async fn list_trash(state: State<'_, AppState>) -> Result<Vec<StorySummary>, IpcError> {
    blocking(state, stories::list_trash).await
}

#[tauri::command]
pub(crate) async fn story_history(
    state: State<'_, AppState>,
    id: String,
) -> Result<Vec<RevisionInfo>, IpcError> {
    blocking(state, move |s| stories::story_history(s, &id)).await
}

#[tauri::command]
pub(crate) async fn story_revision(
    state: State<'_, AppState>,
    id: String,
    revision: u32,
) -> Result<StoryContent, IpcError> {
    blocking(state, move |s| stories::story_revision(s, &id, revision)).await
}

#[tauri::command]
pub(crate) async fn restore_revision(
    state: State<'_, AppState>,
    id: String,
    revision: u32,
) -> Result<Story, IpcError> {
    blocking(state, move |s| stories::restore_revision(s, &id, revision)).await
}

#[tauri::command]
pub(crate) async fn save_draft(
    state: State<'_, AppState>,
    id: String,
    content: serde_json::Value,
) -> Result<(), IpcError> {
    blocking(state, move |s| stories::save_draft(s, &id, content)).await
}

#[tauri::command]
pub(crate) async fn get_draft(
    state: State<'_, AppState>,
    id: String,
) -> Result<Option<StoryContent>, IpcError> {
    blocking(state, move |s| stories::get_draft(s, &id)).await
}

#[tauri::command]
pub(crate) async fn discard_draft(state: State<'_, AppState>, id: String) -> Result<(), IpcError> {
    blocking(state, move |s| stories::discard_draft(s, &id)).await
}

#[tauri::command]
pub(crate) async fn render_markdown(
    state: State<'_, AppState>,
    text: String,
) -> Result<String, IpcError> {
    blocking(state, move |_| Ok(stories::render_markdown(&text))).await
}

// ---- search ----------------------------------------------------------------

#[tauri::command]
pub(crate) async fn search(
    state: State<'_, AppState>,
    request: SearchRequest,
) -> Result<SearchResults, IpcError> {
    blocking(state, move |s| find::search(s, request)).await
}

#[tauri::command]
pub(crate) async fn related_stories(
    state: State<'_, AppState>,
    id: String,
    limit: usize,
) -> Result<Vec<SearchHit>, IpcError> {
    blocking(state, move |s| find::related_stories(s, &id, limit)).await
}

#[tauri::command]
pub(crate) async fn list_tags(state: State<'_, AppState>) -> Result<Vec<TagCount>, IpcError> {
    blocking(state, find::list_tags).await
}

#[tauri::command]
pub(crate) async fn library_stats(state: State<'_, AppState>) -> Result<Stats, IpcError> {
    blocking(state, find::library_stats).await
}

// ---- import / export -------------------------------------------------------

#[tauri::command]
pub(crate) async fn import_paths(
    state: State<'_, AppState>,
    paths: Vec<PathBuf>,
    on_progress: Channel<ImportProgress>,
) -> Result<ImportReport, IpcError> {
    blocking(state, move |s| {
        transfer::import_paths(s, paths, &mut |p| {
            // A closed window just stops listening; the import goes on.
            let _ = on_progress.send(p.clone());
        })
    })
    .await
}

#[tauri::command]
pub(crate) async fn load_sample(state: State<'_, AppState>) -> Result<ImportReport, IpcError> {
    blocking(state, transfer::load_sample).await
}

#[tauri::command]
pub(crate) async fn export_library(
    state: State<'_, AppState>,
    dir: PathBuf,
    format: ExportFormat,
) -> Result<ExportReport, IpcError> {
    blocking(state, move |s| transfer::export_library(s, dir, format)).await
}

// ---- settings and backups --------------------------------------------------

#[tauri::command]
pub(crate) async fn app_info(state: State<'_, AppState>) -> Result<AppInfo, IpcError> {
    blocking(state, settings::app_info).await
}

#[tauri::command]
pub(crate) async fn switch_library(
    state: State<'_, AppState>,
    path: PathBuf,
) -> Result<AppInfo, IpcError> {
    blocking(state, move |s| settings::switch_library(s, &path)).await
}

#[tauri::command]
pub(crate) async fn set_theme(
    state: State<'_, AppState>,
    theme: Theme,
) -> Result<AppInfo, IpcError> {
    blocking(state, move |s| settings::set_theme(s, theme)).await
}

#[tauri::command]
pub(crate) async fn backup_library(
    state: State<'_, AppState>,
    dest: PathBuf,
) -> Result<(), IpcError> {
    blocking(state, move |s| settings::backup_library(s, dest)).await
}

#[tauri::command]
pub(crate) async fn restore_backup(
    state: State<'_, AppState>,
    source: PathBuf,
) -> Result<RestoreOutcome, IpcError> {
    blocking(state, move |s| settings::restore_backup(s, &source)).await
}

// ---- retrospectives --------------------------------------------------------

#[tauri::command]
pub(crate) async fn create_retro(
    state: State<'_, AppState>,
    title: String,
    from_story: Option<String>,
) -> Result<Retro, IpcError> {
    blocking(state, move |s| {
        retro::create_retro(s, &title, from_story.as_deref())
    })
    .await
}

#[tauri::command]
pub(crate) async fn save_retro(
    state: State<'_, AppState>,
    retro: serde_json::Value,
) -> Result<Retro, IpcError> {
    blocking(state, move |s| retro::save_retro(s, retro)).await
}

#[tauri::command]
pub(crate) async fn get_retro(state: State<'_, AppState>, id: String) -> Result<Retro, IpcError> {
    blocking(state, move |s| retro::get_retro(s, &id)).await
}

#[tauri::command]
pub(crate) async fn list_retros(state: State<'_, AppState>) -> Result<Vec<RetroSummary>, IpcError> {
    blocking(state, retro::list_retros).await
}

#[tauri::command]
pub(crate) async fn delete_retro(state: State<'_, AppState>, id: String) -> Result<(), IpcError> {
    blocking(state, move |s| retro::delete_retro(s, &id)).await
}

#[tauri::command]
pub(crate) async fn publish_retro(
    state: State<'_, AppState>,
    id: String,
) -> Result<Story, IpcError> {
    blocking(state, move |s| retro::publish_retro(s, &id)).await
}

#[tauri::command]
pub(crate) async fn retro_guides(state: State<'_, AppState>) -> Result<Vec<PhaseGuide>, IpcError> {
    blocking(state, |_| Ok(retro::retro_guides())).await
}

#[tauri::command]
pub(crate) async fn retro_durations(
    state: State<'_, AppState>,
    retro: serde_json::Value,
) -> Result<RetroDurations, IpcError> {
    blocking(state, move |_| retro::retro_durations(retro)).await
}

#[tauri::command]
pub(crate) async fn lint_text(
    state: State<'_, AppState>,
    text: String,
    participants: Vec<String>,
) -> Result<Vec<Finding>, IpcError> {
    blocking(state, move |_| Ok(retro::lint_text(&text, participants))).await
}

// ---- action items ----------------------------------------------------------

#[tauri::command]
pub(crate) async fn list_action_items(
    state: State<'_, AppState>,
    filter: ActionItemFilter,
) -> Result<Vec<ActionItemEntry>, IpcError> {
    blocking(state, move |s| actions::list_action_items(s, filter)).await
}

#[tauri::command]
pub(crate) async fn set_action_status(
    state: State<'_, AppState>,
    id: String,
    index: usize,
    status: ActionStatus,
) -> Result<Story, IpcError> {
    blocking(state, move |s| {
        actions::set_action_status(s, &id, index, status)
    })
    .await
}

// ---- anonymised stories and reading lists ------------------------------------

#[tauri::command]
pub(crate) async fn get_glossary(state: State<'_, AppState>) -> Result<Glossary, IpcError> {
    blocking(state, anonymise::get_glossary).await
}

#[tauri::command]
pub(crate) async fn set_glossary(
    state: State<'_, AppState>,
    glossary: serde_json::Value,
) -> Result<Glossary, IpcError> {
    blocking(state, move |s| anonymise::set_glossary(s, glossary)).await
}

#[tauri::command]
pub(crate) async fn add_glossary_term(
    state: State<'_, AppState>,
    kind: String,
    term: String,
) -> Result<Glossary, IpcError> {
    blocking(state, move |s| {
        anonymise::add_glossary_term(s, &kind, &term)
    })
    .await
}

#[tauri::command]
pub(crate) async fn anonymise_preview(
    state: State<'_, AppState>,
    id: String,
) -> Result<AnonymisedStory, IpcError> {
    blocking(state, move |s| anonymise::anonymise_preview(s, &id)).await
}

#[tauri::command]
pub(crate) async fn publish_anonymised(
    state: State<'_, AppState>,
    id: String,
    rejected: serde_json::Value,
) -> Result<Story, IpcError> {
    blocking(state, move |s| {
        anonymise::publish_anonymised(s, &id, rejected)
    })
    .await
}

#[tauri::command]
pub(crate) async fn anonymised_copy_of(
    state: State<'_, AppState>,
    id: String,
) -> Result<Option<AnonymisedLink>, IpcError> {
    blocking(state, move |s| anonymise::anonymised_copy_of(s, &id)).await
}

#[tauri::command]
pub(crate) async fn list_anonymised(
    state: State<'_, AppState>,
    query: String,
) -> Result<Vec<ReadingEntry>, IpcError> {
    blocking(state, move |s| anonymise::list_anonymised(s, &query)).await
}

#[tauri::command]
pub(crate) async fn read_anonymised(
    state: State<'_, AppState>,
    id: String,
) -> Result<RenderedStory, IpcError> {
    blocking(state, move |s| anonymise::read_anonymised(s, &id)).await
}

#[tauri::command]
pub(crate) async fn mark_read(
    state: State<'_, AppState>,
    id: String,
    read: bool,
) -> Result<(), IpcError> {
    blocking(state, move |s| anonymise::mark_read(s, &id, read)).await
}

#[tauri::command]
pub(crate) async fn list_reading_lists(
    state: State<'_, AppState>,
) -> Result<Vec<ReadingList>, IpcError> {
    blocking(state, anonymise::list_reading_lists).await
}

#[tauri::command]
pub(crate) async fn create_reading_list(
    state: State<'_, AppState>,
    title: String,
    description: String,
) -> Result<ReadingList, IpcError> {
    blocking(state, move |s| {
        anonymise::create_reading_list(s, &title, &description)
    })
    .await
}

#[tauri::command]
pub(crate) async fn update_reading_list(
    state: State<'_, AppState>,
    id: String,
    title: String,
    description: String,
) -> Result<ReadingList, IpcError> {
    blocking(state, move |s| {
        anonymise::update_reading_list(s, &id, &title, &description)
    })
    .await
}

#[tauri::command]
pub(crate) async fn delete_reading_list(
    state: State<'_, AppState>,
    id: String,
) -> Result<(), IpcError> {
    blocking(state, move |s| anonymise::delete_reading_list(s, &id)).await
}

#[tauri::command]
pub(crate) async fn set_reading_list_items(
    state: State<'_, AppState>,
    id: String,
    items: Vec<String>,
) -> Result<ReadingList, IpcError> {
    blocking(state, move |s| {
        anonymise::set_reading_list_items(s, &id, items)
    })
    .await
}

#[tauri::command]
pub(crate) async fn export_reading_list(
    state: State<'_, AppState>,
    id: String,
    path: PathBuf,
) -> Result<(), IpcError> {
    blocking(state, move |s| anonymise::export_reading_list(s, &id, path)).await
}

#[tauri::command]
pub(crate) async fn import_reading_list(
    state: State<'_, AppState>,
    path: PathBuf,
) -> Result<ReadingListImport, IpcError> {
    blocking(state, move |s| anonymise::import_reading_list(s, path)).await
}
