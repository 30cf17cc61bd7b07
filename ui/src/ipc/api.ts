// Typed wrappers, one per app command (see src-tauri/src/ipc.rs).
import { call, channel } from "./client";
import type { Stats } from "./bindings/Stats";
import type {
  AppInfo,
  ExportFormat,
  ExportReport,
  ImportProgress,
  ImportReport,
  RenderedStory,
  RestoreOutcome,
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
