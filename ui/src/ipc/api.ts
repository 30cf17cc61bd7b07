// Typed wrappers, one per app command (see src-tauri/src/ipc.rs).
import { call, channel } from "./client";
import type { Stats } from "./bindings/Stats";
import type {
  AnonymisedLink,
  AnonymisedStory,
  Glossary,
  GlossaryKind,
  ReadingEntry,
  ReadingList,
  ReadingListImport,
  ReplacementRef,
} from "./types";
import type {
  ActionItemEntry,
  ActionItemFilter,
  ActionStatus,
  AppInfo,
  ExportFormat,
  ExportReport,
  Finding,
  ImportProgress,
  ImportReport,
  PhaseGuide,
  RenderedStory,
  RestoreOutcome,
  Retro,
  RetroDurations,
  RetroSummary,
  RevisionInfo,
  SearchHit,
  SearchRequest,
  SearchResults,
  Story,
  StoryContent,
  StorySummary,
  TagCount,
  Theme,
} from "./types";

// ---- stories
export const getStory = (id: string) => call<Story>("get_story", { id });
export const renderStory = (id: string) => call<RenderedStory>("render_story", { id });
export const createStory = (content: StoryContent) => call<Story>("create_story", { content });
export const updateStory = (id: string, content: StoryContent, baseRevision: number | null) =>
  call<Story>("update_story", { id, content, baseRevision });
export const deleteStory = (id: string) => call<void>("delete_story", { id });
export const restoreStory = (id: string) => call<void>("restore_story", { id });
export const purgeStory = (id: string) => call<void>("purge_story", { id });
export const listTrash = () => call<StorySummary[]>("list_trash");
export const storyHistory = (id: string) => call<RevisionInfo[]>("story_history", { id });
export const storyRevision = (id: string, revision: number) =>
  call<StoryContent>("story_revision", { id, revision });
export const restoreRevision = (id: string, revision: number) =>
  call<Story>("restore_revision", { id, revision });
export const saveDraft = (id: string, content: StoryContent) => call<void>("save_draft", { id, content });
export const getDraft = (id: string) => call<StoryContent | null>("get_draft", { id });
export const discardDraft = (id: string) => call<void>("discard_draft", { id });
/** Markdown to HTML through the core's sanitizer (for previews). */
export const renderMarkdown = (text: string) => call<string>("render_markdown", { text });

// ---- search
export const search = (request: SearchRequest) => call<SearchResults>("search", { request });
export const relatedStories = (id: string, limit = 5) => call<SearchHit[]>("related_stories", { id, limit });
export const listTags = () => call<TagCount[]>("list_tags");
export const libraryStats = () => call<Stats>("library_stats");

// ---- import / export
export const importPaths = (paths: string[], onProgress: (progress: ImportProgress) => void) =>
  call<ImportReport>("import_paths", { paths, onProgress: channel(onProgress) });
export const loadSample = () => call<ImportReport>("load_sample");
export const exportLibrary = (dir: string, format: ExportFormat) =>
  call<ExportReport>("export_library", { dir, format });

// ---- settings and backups
export const appInfo = () => call<AppInfo>("app_info");
export const switchLibrary = (path: string) => call<AppInfo>("switch_library", { path });
export const setTheme = (theme: Theme) => call<AppInfo>("set_theme", { theme });
export const backupLibrary = (dest: string) => call<void>("backup_library", { dest });
export const restoreBackup = (source: string) => call<RestoreOutcome>("restore_backup", { source });

// ---- retrospectives
export const createRetro = (title: string, fromStory: string | null = null) =>
  call<Retro>("create_retro", { title, fromStory });
/** Saves the whole retro document (after every change). */
export const saveRetro = (retro: Retro) => call<Retro>("save_retro", { retro });
export const getRetro = (id: string) => call<Retro>("get_retro", { id });
export const listRetros = () => call<RetroSummary[]>("list_retros");
export const deleteRetro = (id: string) => call<void>("delete_retro", { id });
/** Publishes the saved retro as a postmortem story (new, or a new revision). */
export const publishRetro = (id: string) => call<Story>("publish_retro", { id });
export const retroGuides = () => call<PhaseGuide[]>("retro_guides");
/** Time to detect / mitigate / resolve of a retro as edited (need not be saved). */
export const retroDurations = (retro: Retro) => call<RetroDurations>("retro_durations", { retro });
/** Blame and hindsight wording in `text` (language nudges). */
export const lintText = (text: string, participants: string[] = []) =>
  call<Finding[]>("lint_text", { text, participants });

// ---- action items across the library
export const listActionItems = (filter: ActionItemFilter) =>
  call<ActionItemEntry[]>("list_action_items", { filter });
/** Marks one action item open or done: a new revision of its story. */
export const setActionStatus = (id: string, index: number, status: ActionStatus) =>
  call<Story>("set_action_status", { id, index, status });

// ---- anonymised stories and reading lists
export const getGlossary = () => call<Glossary>("get_glossary");
export const setGlossary = (glossary: Glossary) => call<Glossary>("set_glossary", { glossary });
/** Adds a term the anonymiser missed (or a word it must keep) to the library glossary. */
export const addGlossaryTerm = (kind: GlossaryKind, term: string) =>
  call<Glossary>("add_glossary_term", { kind, term });
export const anonymisePreview = (id: string) => call<AnonymisedStory>("anonymise_preview", { id });
/** Publishes the anonymised copy: every replacement of the current preview except `rejected`. */
export const publishAnonymised = (id: string, rejected: ReplacementRef[]) =>
  call<Story>("publish_anonymised", { id, rejected });
export const anonymisedCopyOf = (id: string) => call<AnonymisedLink | null>("anonymised_copy_of", { id });
/** Anonymised stories only (reading mode); all of them when `query` is blank. */
export const listAnonymised = (query: string) => call<ReadingEntry[]>("list_anonymised", { query });
/** An anonymised story rendered for reading (`not_found` for any other story). */
export const readAnonymised = (id: string) => call<RenderedStory>("read_anonymised", { id });
export const markRead = (id: string, read: boolean) => call<void>("mark_read", { id, read });
export const listReadingLists = () => call<ReadingList[]>("list_reading_lists");
export const createReadingList = (title: string, description: string) =>
  call<ReadingList>("create_reading_list", { title, description });
export const updateReadingList = (id: string, title: string, description: string) =>
  call<ReadingList>("update_reading_list", { id, title, description });
export const deleteReadingList = (id: string) => call<void>("delete_reading_list", { id });
export const setReadingListItems = (id: string, items: string[]) =>
  call<ReadingList>("set_reading_list_items", { id, items });
export const exportReadingList = (id: string, path: string) => call<void>("export_reading_list", { id, path });
export const importReadingList = (path: string) => call<ReadingListImport>("import_reading_list", { path });
