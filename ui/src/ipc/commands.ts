// Generated from src-tauri/src/api/catalog.rs by `cargo test -p kintsugi-app`; do not edit.
// One typed function per app command. A command that changes something
// invalidates it, so screens showing it reload (see ./invalidation.svelte.ts).
import { call, channel } from "./client";
import { invalidate } from "./invalidation.svelte";
import type { ActionItemEntry } from "./bindings/ActionItemEntry";
import type { ActionItemFilter } from "./bindings/ActionItemFilter";
import type { ActionStatus } from "./bindings/ActionStatus";
import type { AnonymisedLink } from "./bindings/AnonymisedLink";
import type { AnonymisedStory } from "./bindings/AnonymisedStory";
import type { AppInfo } from "./bindings/AppInfo";
import type { BriefedChange } from "./bindings/BriefedChange";
import type { Conflict } from "./bindings/Conflict";
import type { ExportFormat } from "./bindings/ExportFormat";
import type { ExportReport } from "./bindings/ExportReport";
import type { Finding } from "./bindings/Finding";
import type { Glossary } from "./bindings/Glossary";
import type { GlossaryKind } from "./bindings/GlossaryKind";
import type { ImportProgress } from "./bindings/ImportProgress";
import type { ImportReport } from "./bindings/ImportReport";
import type { Insights } from "./bindings/Insights";
import type { PhaseGuide } from "./bindings/PhaseGuide";
import type { ReadingEntry } from "./bindings/ReadingEntry";
import type { ReadingList } from "./bindings/ReadingList";
import type { ReadingListImport } from "./bindings/ReadingListImport";
import type { RenderedStory } from "./bindings/RenderedStory";
import type { ReplacementRef } from "./bindings/ReplacementRef";
import type { Resolution } from "./bindings/Resolution";
import type { RestoreOutcome } from "./bindings/RestoreOutcome";
import type { Retro } from "./bindings/Retro";
import type { RetroDurations } from "./bindings/RetroDurations";
import type { RetroSummary } from "./bindings/RetroSummary";
import type { RevisionInfo } from "./bindings/RevisionInfo";
import type { SearchHit } from "./bindings/SearchHit";
import type { SearchRequest } from "./bindings/SearchRequest";
import type { SearchResults } from "./bindings/SearchResults";
import type { SeenBefore } from "./bindings/SeenBefore";
import type { Stats } from "./bindings/Stats";
import type { Story } from "./bindings/Story";
import type { StoryContent } from "./bindings/StoryContent";
import type { StorySummary } from "./bindings/StorySummary";
import type { SyncProgress } from "./bindings/SyncProgress";
import type { SyncReport } from "./bindings/SyncReport";
import type { TagCount } from "./bindings/TagCount";
import type { TeamStatus } from "./bindings/TeamStatus";
import type { Theme } from "./bindings/Theme";

/** What a command can change. */
export type Topic = "drafts" | "glossary" | "library" | "reading" | "retros" | "settings" | "stories" | "team";

/** A story by id (live or in the trash). */
export async function getStory(id: string): Promise<Story> {
  return await call<Story>("get_story", { id });
}

/** A story with body and lessons rendered to sanitized HTML. */
export async function renderStory(id: string): Promise<RenderedStory> {
  return await call<RenderedStory>("render_story", { id });
}

/** Stores a new story. */
export async function createStory(content: StoryContent): Promise<Story> {
  const result = await call<Story>("create_story", { content });
  invalidate("stories");
  return result;
}

/** Replaces a story's content; `conflict` when `baseRevision` is not the stored revision any more. */
export async function updateStory(id: string, content: StoryContent, baseRevision: number | null = null): Promise<Story> {
  const result = await call<Story>("update_story", { id, content, baseRevision });
  invalidate("stories");
  return result;
}

/** Moves a story to the trash. */
export async function deleteStory(id: string): Promise<void> {
  const result = await call<void>("delete_story", { id });
  invalidate("stories");
  return result;
}

/** Brings a story back from the trash (also the Undo of a delete). */
export async function restoreStory(id: string): Promise<void> {
  const result = await call<void>("restore_story", { id });
  invalidate("stories");
  return result;
}

/** Deletes a trashed story for good. */
export async function purgeStory(id: string): Promise<void> {
  const result = await call<void>("purge_story", { id });
  invalidate("stories");
  return result;
}

/** Stories in the trash, most recently deleted first. */
export async function listTrash(): Promise<Array<StorySummary>> {
  return await call<Array<StorySummary>>("list_trash");
}

/** A story's revisions, newest first. */
export async function storyHistory(id: string): Promise<Array<RevisionInfo>> {
  return await call<Array<RevisionInfo>>("story_history", { id });
}

/** The content of one revision. */
export async function storyRevision(id: string, revision: number): Promise<StoryContent> {
  return await call<StoryContent>("story_revision", { id, revision });
}

/** Makes an old revision current again (as a new revision). */
export async function restoreRevision(id: string, revision: number): Promise<Story> {
  const result = await call<Story>("restore_revision", { id, revision });
  invalidate("stories");
  return result;
}

/** Keeps unsaved editor content. */
export async function saveDraft(id: string, content: StoryContent): Promise<void> {
  const result = await call<void>("save_draft", { id, content });
  invalidate("drafts");
  return result;
}

/** Unsaved editor content for a story, if any. */
export async function getDraft(id: string): Promise<StoryContent | null> {
  return await call<StoryContent | null>("get_draft", { id });
}

/** Forgets unsaved editor content. */
export async function discardDraft(id: string): Promise<void> {
  const result = await call<void>("discard_draft", { id });
  invalidate("drafts");
  return result;
}

/** Markdown to HTML through the core's sanitizer (for previews). */
export async function renderMarkdown(text: string): Promise<string> {
  return await call<string>("render_markdown", { text });
}

/** Runs a search in the query language. */
export async function search(request: SearchRequest): Promise<SearchResults> {
  return await call<SearchResults>("search", { request });
}

/** Stories like `id`, best first. */
export async function relatedStories(id: string, limit: number): Promise<Array<SearchHit>> {
  return await call<Array<SearchHit>>("related_stories", { id, limit });
}

/** All tags of live stories with counts (for autocomplete). */
export async function listTags(): Promise<Array<TagCount>> {
  return await call<Array<TagCount>>("list_tags");
}

/** Counts of stories, trash and tags. */
export async function libraryStats(): Promise<Stats> {
  return await call<Stats>("library_stats");
}

/** Imports files and folders, reporting progress after each file. */
export async function importPaths(paths: Array<string>, onProgress: (message: ImportProgress) => void): Promise<ImportReport> {
  const result = await call<ImportReport>("import_paths", { paths, onProgress: channel(onProgress) });
  invalidate("stories");
  return result;
}

/** Loads the built-in sample stories (idempotent). */
export async function loadSample(): Promise<ImportReport> {
  const result = await call<ImportReport>("load_sample");
  invalidate("stories");
  return result;
}

/** Exports all live stories into folder `dir`. */
export async function exportLibrary(dir: string, format: ExportFormat): Promise<ExportReport> {
  return await call<ExportReport>("export_library", { dir, format });
}

/** Library location, theme and version. */
export async function appInfo(): Promise<AppInfo> {
  return await call<AppInfo>("app_info");
}

/** Opens (creating if needed) the library in `path` and remembers it. */
export async function switchLibrary(path: string): Promise<AppInfo> {
  const result = await call<AppInfo>("switch_library", { path });
  invalidate("library");
  return result;
}

/** Changes and saves the colour scheme. */
export async function setTheme(theme: Theme): Promise<AppInfo> {
  const result = await call<AppInfo>("set_theme", { theme });
  invalidate("settings");
  return result;
}

/** Turns automatic team sync (after a change and every few minutes) on or off. */
export async function setTeamAutoSync(on: boolean): Promise<AppInfo> {
  const result = await call<AppInfo>("set_team_auto_sync", { on });
  invalidate("settings");
  return result;
}

/** Writes a consistent copy of the database to `dest`. */
export async function backupLibrary(dest: string): Promise<void> {
  return await call<void>("backup_library", { dest });
}

/** Replaces the library's content with the backup at `source`. */
export async function restoreBackup(source: string): Promise<RestoreOutcome> {
  const result = await call<RestoreOutcome>("restore_backup", { source });
  invalidate("library");
  return result;
}

/** Starts a retro, blank or seeded from the story `fromStory`. */
export async function createRetro(title: string, fromStory: string | null = null): Promise<Retro> {
  const result = await call<Retro>("create_retro", { title, fromStory });
  invalidate("retros");
  return result;
}

/** Saves the whole retro document (after every change). */
export async function saveRetro(retro: Retro): Promise<Retro> {
  const result = await call<Retro>("save_retro", { retro });
  invalidate("retros");
  return result;
}

/** A retro by id. */
export async function getRetro(id: string): Promise<Retro> {
  return await call<Retro>("get_retro", { id });
}

/** All retros, most recently saved first, each with its two-question check. */
export async function listRetros(): Promise<Array<RetroSummary>> {
  return await call<Array<RetroSummary>>("list_retros");
}

/** Hides a retro; a story it was published as stays. */
export async function deleteRetro(id: string): Promise<void> {
  const result = await call<void>("delete_retro", { id });
  invalidate("retros");
  return result;
}

/** Publishes the saved retro as a postmortem story (new, or a new revision). */
export async function publishRetro(id: string): Promise<Story> {
  const result = await call<Story>("publish_retro", { id });
  invalidate("stories", "retros");
  return result;
}

/** What the app shows for each phase, in order. */
export async function retroGuides(): Promise<Array<PhaseGuide>> {
  return await call<Array<PhaseGuide>>("retro_guides");
}

/** Time to detect / mitigate / resolve of a retro as edited (it need not be saved). */
export async function retroDurations(retro: Retro): Promise<RetroDurations> {
  return await call<RetroDurations>("retro_durations", { retro });
}

/** Blame and hindsight wording in `text` (language nudges). */
export async function lintText(text: string, participants: Array<string>): Promise<Array<Finding>> {
  return await call<Array<Finding>>("lint_text", { text, participants });
}

/** The action items of all live stories that pass `filter`. */
export async function listActionItems(filter: ActionItemFilter): Promise<Array<ActionItemEntry>> {
  return await call<Array<ActionItemEntry>>("list_action_items", { filter });
}

/** Marks one action item open or done: a new revision of its story. */
export async function setActionStatus(id: string, index: number, status: ActionStatus): Promise<Story> {
  const result = await call<Story>("set_action_status", { id, index, status });
  invalidate("stories");
  return result;
}

/** What the library teaches: lucky notes and surprises, recurring themes, follow-through, trends. */
export async function insights(): Promise<Insights> {
  return await call<Insights>("insights");
}

/** Earlier stories whose contributing factors, lucky notes or surprises are like `text` (`except`: the story being edited). */
export async function seenBefore(text: string, limit: number, except: string | null = null): Promise<Array<SeenBefore>> {
  return await call<Array<SeenBefore>>("seen_before", { text, limit, except });
}

/** Writes the insights as one self-contained HTML report (no script, nothing remote) to `path`. */
export async function exportInsights(path: string): Promise<void> {
  return await call<void>("export_insights", { path });
}

/** The library's anonymisation glossary. */
export async function getGlossary(): Promise<Glossary> {
  return await call<Glossary>("get_glossary");
}

/** Replaces the glossary; returns it as stored. */
export async function setGlossary(glossary: Glossary): Promise<Glossary> {
  const result = await call<Glossary>("set_glossary", { glossary });
  invalidate("glossary");
  return result;
}

/** Adds a term the anonymiser missed (or a word it must keep) to the library glossary. */
export async function addGlossaryTerm(kind: GlossaryKind, term: string): Promise<Glossary> {
  const result = await call<Glossary>("add_glossary_term", { kind, term });
  invalidate("glossary");
  return result;
}

/** The anonymised preview of a story with every replacement located. */
export async function anonymisePreview(id: string): Promise<AnonymisedStory> {
  return await call<AnonymisedStory>("anonymise_preview", { id });
}

/** Publishes the anonymised copy: every replacement of the current preview except `rejected`. */
export async function publishAnonymised(id: string, rejected: Array<ReplacementRef>): Promise<Story> {
  const result = await call<Story>("publish_anonymised", { id, rejected });
  invalidate("stories");
  return result;
}

/** The copy published from story `id`, if any. */
export async function anonymisedCopyOf(id: string): Promise<AnonymisedLink | null> {
  return await call<AnonymisedLink | null>("anonymised_copy_of", { id });
}

/** Anonymised stories only (reading mode); all of them when `query` is blank. */
export async function listAnonymised(query: string): Promise<Array<ReadingEntry>> {
  return await call<Array<ReadingEntry>>("list_anonymised", { query });
}

/** An anonymised story rendered for reading (`not_found` for any other story). */
export async function readAnonymised(id: string): Promise<RenderedStory> {
  return await call<RenderedStory>("read_anonymised", { id });
}

/** Marks a story read or unread. */
export async function markRead(id: string, read: boolean): Promise<void> {
  const result = await call<void>("mark_read", { id, read });
  invalidate("reading");
  return result;
}

/** All reading lists, by title. */
export async function listReadingLists(): Promise<Array<ReadingList>> {
  return await call<Array<ReadingList>>("list_reading_lists");
}

/** Starts an empty reading list. */
export async function createReadingList(title: string, description: string): Promise<ReadingList> {
  const result = await call<ReadingList>("create_reading_list", { title, description });
  invalidate("reading");
  return result;
}

/** Renames a reading list and sets its description. */
export async function updateReadingList(id: string, title: string, description: string): Promise<ReadingList> {
  const result = await call<ReadingList>("update_reading_list", { id, title, description });
  invalidate("reading");
  return result;
}

/** Hides a reading list. */
export async function deleteReadingList(id: string): Promise<void> {
  const result = await call<void>("delete_reading_list", { id });
  invalidate("reading");
  return result;
}

/** Sets a list's stories in reading order (add, remove, reorder). */
export async function setReadingListItems(id: string, items: Array<string>): Promise<ReadingList> {
  const result = await call<ReadingList>("set_reading_list_items", { id, items });
  invalidate("reading");
  return result;
}

/** Writes a list and its anonymised stories to one shareable file. */
export async function exportReadingList(id: string, path: string): Promise<void> {
  return await call<void>("export_reading_list", { id, path });
}

/** Reads a shared reading-list file into this library. */
export async function importReadingList(path: string): Promise<ReadingListImport> {
  const result = await call<ReadingListImport>("import_reading_list", { path });
  invalidate("stories", "reading");
  return result;
}

/** Briefs a pasted `diff`, or with `repo` its `range` (its staged changes when blank), plus free `text`. */
export async function briefChange(diff: string, repo: string | null, range: string | null, text: string): Promise<BriefedChange> {
  return await call<BriefedChange>("brief_change", { diff, repo, range, text });
}

/** Where the library stands with its team repository. */
export async function teamStatus(): Promise<TeamStatus> {
  return await call<TeamStatus>("team_status");
}

/** Connects to a team repository (path or URL) and syncs once. */
export async function teamConnect(remote: string, onProgress: (message: SyncProgress) => void): Promise<SyncReport> {
  const result = await call<SyncReport>("team_connect", { remote, onProgress: channel(onProgress) });
  invalidate("stories", "reading", "glossary", "team");
  return result;
}

/** Stops syncing; stories, history and conflicts stay. */
export async function teamDisconnect(): Promise<void> {
  const result = await call<void>("team_disconnect");
  invalidate("team");
  return result;
}

/** Syncs with the team repository now. */
export async function syncTeam(onProgress: (message: SyncProgress) => void): Promise<SyncReport> {
  const result = await call<SyncReport>("sync_team", { onProgress: channel(onProgress) });
  invalidate("stories", "reading", "glossary", "team");
  return result;
}

/** The open conflicts, oldest first. */
export async function listConflicts(): Promise<Array<Conflict>> {
  return await call<Array<Conflict>>("list_conflicts");
}

/** Keeps one side's value of a conflicting field; true when that changed the story. */
export async function resolveConflict(id: string, field: string, side: Resolution): Promise<boolean> {
  const result = await call<boolean>("resolve_conflict", { id, field, side });
  invalidate("stories", "reading", "team");
  return result;
}
