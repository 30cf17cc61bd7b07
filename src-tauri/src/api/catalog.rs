//! Every command the webview may call, declared once (see
//! [`super::declare`] for the form). Adding a command is one line here plus
//! its body in `src/commands/`; everything else is generated from this list.

use std::path::PathBuf;

use kintsugi_core::actions::{ActionItemEntry, ActionItemFilter};
use kintsugi_core::anonymise::{AnonymisedStory, Glossary, GlossaryKind};
use kintsugi_core::brief::BriefedChange;
use kintsugi_core::export::{ExportFormat, ExportReport};
use kintsugi_core::import::{ImportProgress, ImportReport};
use kintsugi_core::insights::{Insights, SeenBefore};
use kintsugi_core::lint::Finding;
use kintsugi_core::reading::{
    AnonymisedLink, ReadingEntry, ReadingList, ReadingListImport, ReplacementRef,
};
use kintsugi_core::retro::{PhaseGuide, Retro, RetroDurations, RetroSummary};
use kintsugi_core::team::{Conflict, Resolution, SyncProgress, SyncReport, TeamStatus};
use kintsugi_core::{
    ActionStatus, RenderedStory, RevisionInfo, SearchHit, SearchRequest, SearchResults, Stats,
    Story, StoryContent, StorySummary, TagCount,
};
use uuid::Uuid;

use crate::commands::settings::{AppInfo, RestoreOutcome};
use crate::settings::Theme;

commands! {
    // ---- stories
    /// A story by id (live or in the trash).
    stories::get_story(id: Uuid) -> Story;
    /// A story with body and lessons rendered to sanitized HTML.
    stories::render_story(id: Uuid) -> RenderedStory;
    /// Stores a new story.
    stories::create_story(content: StoryContent) -> Story [stories];
    /// Replaces a story's content; `conflict` when `baseRevision` is not the stored revision any more.
    stories::update_story(id: Uuid, content: StoryContent, base_revision: Option<u32>) -> Story [stories];
    /// Moves a story to the trash.
    stories::delete_story(id: Uuid) -> () [stories];
    /// Brings a story back from the trash (also the Undo of a delete).
    stories::restore_story(id: Uuid) -> () [stories];
    /// Deletes a trashed story for good.
    stories::purge_story(id: Uuid) -> () [stories];
    /// Stories in the trash, most recently deleted first.
    stories::list_trash() -> Vec<StorySummary>;
    /// A story's revisions, newest first.
    stories::story_history(id: Uuid) -> Vec<RevisionInfo>;
    /// The content of one revision.
    stories::story_revision(id: Uuid, revision: u32) -> StoryContent;
    /// Makes an old revision current again (as a new revision).
    stories::restore_revision(id: Uuid, revision: u32) -> Story [stories];
    /// Keeps unsaved editor content.
    stories::save_draft(id: Uuid, content: StoryContent) -> () [drafts];
    /// Unsaved editor content for a story, if any.
    stories::get_draft(id: Uuid) -> Option<StoryContent>;
    /// Forgets unsaved editor content.
    stories::discard_draft(id: Uuid) -> () [drafts];
    /// Markdown to HTML through the core's sanitizer (for previews).
    stories::render_markdown(text: String) -> String;

    // ---- finding
    /// Runs a search in the query language.
    search::search(request: SearchRequest) -> SearchResults;
    /// Stories like `id`, best first.
    search::related_stories(id: Uuid, limit: usize) -> Vec<SearchHit>;
    /// All tags of live stories with counts (for autocomplete).
    search::list_tags() -> Vec<TagCount>;
    /// Counts of stories, trash and tags.
    search::library_stats() -> Stats;

    // ---- import and export
    /// Imports files and folders, reporting progress after each file.
    transfer::import_paths(paths: Vec<PathBuf>; progress on_progress: ImportProgress) -> ImportReport [stories];
    /// Loads the built-in sample stories (idempotent).
    transfer::load_sample() -> ImportReport [stories];
    /// Exports all live stories into folder `dir`.
    transfer::export_library(dir: PathBuf, format: ExportFormat) -> ExportReport;

    // ---- settings and backups
    /// Library location, theme and version.
    settings::app_info() -> AppInfo;
    /// Opens (creating if needed) the library in `path` and remembers it.
    settings::switch_library(path: PathBuf) -> AppInfo [library];
    /// Changes and saves the colour scheme.
    settings::set_theme(theme: Theme) -> AppInfo [settings];
    /// Turns automatic team sync (after a change and every few minutes) on or off.
    settings::set_team_auto_sync(on: bool) -> AppInfo [settings];
    /// Writes a consistent copy of the database to `dest`.
    settings::backup_library(dest: PathBuf) -> ();
    /// Replaces the library's content with the backup at `source`.
    settings::restore_backup(source: PathBuf) -> RestoreOutcome [library];

    // ---- retrospectives
    /// Starts a retro, blank or seeded from the story `fromStory`.
    retro::create_retro(title: String, from_story: Option<Uuid>) -> Retro [retros];
    /// Saves the whole retro document (after every change).
    retro::save_retro(retro: Retro) -> Retro [retros];
    /// A retro by id.
    retro::get_retro(id: Uuid) -> Retro;
    /// All retros, most recently saved first, each with its two-question check.
    retro::list_retros() -> Vec<RetroSummary>;
    /// Hides a retro; a story it was published as stays.
    retro::delete_retro(id: Uuid) -> () [retros];
    /// Publishes the saved retro as a postmortem story (new, or a new revision).
    retro::publish_retro(id: Uuid) -> Story [stories, retros];
    /// What the app shows for each phase, in order.
    retro::retro_guides() -> Vec<PhaseGuide>;
    /// Time to detect / mitigate / resolve of a retro as edited (it need not be saved).
    retro::retro_durations(retro: Retro) -> RetroDurations;
    /// Blame and hindsight wording in `text` (language nudges).
    retro::lint_text(text: String, participants: Vec<String>) -> Vec<Finding>;

    // ---- action items
    /// The action items of all live stories that pass `filter`.
    actions::list_action_items(filter: ActionItemFilter) -> Vec<ActionItemEntry>;
    /// Marks one action item open or done: a new revision of its story.
    actions::set_action_status(id: Uuid, index: usize, status: ActionStatus) -> Story [stories];

    // ---- insights
    /// What the library teaches: lucky notes and surprises, recurring themes, follow-through, trends.
    insights::insights() -> Insights;
    /// Earlier stories whose contributing factors, lucky notes or surprises are like `text` (`except`: the story being edited).
    insights::seen_before(text: String, limit: usize, except: Option<Uuid>) -> Vec<SeenBefore>;
    /// Writes the insights as one self-contained HTML report (no script, nothing remote) to `path`.
    insights::export_insights(path: PathBuf) -> ();
    // ---- anonymised stories and reading
    /// The library's anonymisation glossary.
    sharing::get_glossary() -> Glossary;
    /// Replaces the glossary; returns it as stored.
    sharing::set_glossary(glossary: Glossary) -> Glossary [glossary];
    /// Adds a term the anonymiser missed (or a word it must keep) to the library glossary.
    sharing::add_glossary_term(kind: GlossaryKind, term: String) -> Glossary [glossary];
    /// The anonymised preview of a story with every replacement located.
    sharing::anonymise_preview(id: Uuid) -> AnonymisedStory;
    /// Publishes the anonymised copy: every replacement of the current preview except `rejected`.
    sharing::publish_anonymised(id: Uuid, rejected: Vec<ReplacementRef>) -> Story [stories];
    /// The copy published from story `id`, if any.
    sharing::anonymised_copy_of(id: Uuid) -> Option<AnonymisedLink>;
    /// Anonymised stories only (reading mode); all of them when `query` is blank.
    sharing::list_anonymised(query: String) -> Vec<ReadingEntry>;
    /// An anonymised story rendered for reading (`not_found` for any other story).
    sharing::read_anonymised(id: Uuid) -> RenderedStory;
    /// Marks a story read or unread.
    sharing::mark_read(id: Uuid, read: bool) -> () [reading];
    /// All reading lists, by title.
    sharing::list_reading_lists() -> Vec<ReadingList>;
    /// Starts an empty reading list.
    sharing::create_reading_list(title: String, description: String) -> ReadingList [reading];
    /// Renames a reading list and sets its description.
    sharing::update_reading_list(id: Uuid, title: String, description: String) -> ReadingList [reading];
    /// Hides a reading list.
    sharing::delete_reading_list(id: Uuid) -> () [reading];
    /// Sets a list's stories in reading order (add, remove, reorder).
    sharing::set_reading_list_items(id: Uuid, items: Vec<Uuid>) -> ReadingList [reading];
    /// Writes a list and its anonymised stories to one shareable file.
    sharing::export_reading_list(id: Uuid, path: PathBuf) -> ();
    /// Reads a shared reading-list file into this library.
    sharing::import_reading_list(path: PathBuf) -> ReadingListImport [stories, reading];

    // ---- before a change
    /// Briefs a pasted `diff`, or with `repo` its `range` (its staged changes when blank), plus free `text`.
    brief::brief_change(diff: String, repo: Option<PathBuf>, range: Option<String>, text: String) -> BriefedChange;

    // ---- team library
    /// Where the library stands with its team repository.
    team::team_status() -> TeamStatus;
    /// Connects to a team repository (path or URL) and syncs once.
    team::team_connect(remote: String; progress on_progress: SyncProgress) -> SyncReport [stories, reading, glossary, team];
    /// Stops syncing; stories, history and conflicts stay.
    team::team_disconnect() -> () [team];
    /// Syncs with the team repository now.
    team::sync_team(; progress on_progress: SyncProgress) -> SyncReport [stories, reading, glossary, team];
    /// The open conflicts, oldest first.
    team::list_conflicts() -> Vec<Conflict>;
    /// Keeps one side's value of a conflicting field; true when that changed the story.
    team::resolve_conflict(id: Uuid, field: String, side: Resolution) -> bool [stories, reading, team];
}
