//! [`Library`]: the one entry point front ends use. It owns the SQLite
//! store and the search index of a library folder and keeps them in step.
//!
//! Layout of a library folder:
//! ```text
//! kintsugi.sqlite3   the source of truth (plus -wal/-shm while open)
//! index/             Tantivy index, derived, rebuilt whenever in doubt
//! backups/           copies made before a restore
//! ```
//! Every write goes to SQLite first (one transaction), then to the index in
//! one commit carrying SQLite's change sequence number. If the process dies
//! in between, the next open sees the index behind and catches it up.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::actions::{self, ActionItemEntry, ActionItemFilter};
use crate::anonymise::{self, AnonymisedStory, Glossary, Replacement};
use crate::error::{Error, Result};
use crate::export::{self, ExportFormat, ExportReport};
use crate::import::{self, ImportFailure, ImportProgress, ImportReport, ParsedStory};
use crate::markdown::render;
use crate::reading::{
    self, AnonymisedLink, GlossaryKind, ReadingEntry, ReadingList, ReadingListImport,
    ReplacementRef, SharedReadingList,
};
use crate::retro::{self, Retro, RetroSummary};
use crate::search::{IndexState, SearchHit, SearchIndex, SearchRequest, SearchResults};
use crate::store::{RevisionInfo, Store, TagCount};
use crate::story::{ActionStatus, Story, StoryContent, StorySummary};

/// File name of the database inside a library folder.
pub const DATABASE_FILE: &str = "kintsugi.sqlite3";
/// Folder name of the index inside a library folder.
pub const INDEX_DIR: &str = "index";
/// Stories imported between two index commits.
const IMPORT_BATCH: usize = 500;

/// Counts shown by `kintsugi stats`.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Stats {
    /// Live stories.
    #[ts(type = "number")]
    pub stories: u64,
    /// Stories in the trash.
    #[ts(type = "number")]
    pub deleted: u64,
    /// Distinct tags on live stories.
    #[ts(type = "number")]
    pub tags: u64,
}

/// Result of comparing the index with the store.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CheckReport {
    /// True when no problem was found (or all were repaired).
    pub ok: bool,
    /// What was found, one sentence each.
    pub problems: Vec<String>,
    /// True when a repair ran.
    pub repaired: bool,
}

/// A story with its Markdown rendered to sanitized HTML, for reading.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RenderedStory {
    /// The story itself.
    pub story: Story,
    /// Body as sanitized HTML.
    pub body_html: String,
    /// Lessons as sanitized inline HTML, same order as the story's.
    pub lessons_html: Vec<String>,
}

/// An open library folder.
pub struct Library {
    root: PathBuf,
    store: Store,
    index: SearchIndex,
    /// What opening had to do to the index, reported by [`Library::check`].
    repaired_on_open: Option<String>,
}

impl Library {
    /// Opens (creating if needed) the library in folder `root`, migrating
    /// the database and bringing the index up to date.
    pub fn open(root: &Path) -> Result<Library> {
        std::fs::create_dir_all(root).map_err(|e| Error::io(root, e))?;
        let store = Store::open(&root.join(DATABASE_FILE))?;
        let (index, state) = SearchIndex::open(&root.join(INDEX_DIR))?;
        let mut library = Library {
            root: root.to_path_buf(),
            store,
            index,
            repaired_on_open: None,
        };
        library.repaired_on_open = library.catch_up(state)?;
        Ok(library)
    }

    /// The library folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Brings the index to the store's change sequence number; says what it
    /// had to do when the index was not simply up to date.
    fn catch_up(&mut self, state: IndexState) -> Result<Option<String>> {
        let seq = self.store.change_seq()?;
        match state {
            IndexState::At(at) if at == seq => Ok(None),
            IndexState::At(at) if at < seq => {
                let changes = self.store.changed_since(at)?;
                self.index.apply(&changes, seq)?;
                Ok(Some(format!(
                    "index was at change {at}, database at {seq}: caught up"
                )))
            }
            IndexState::At(at) => {
                self.rebuild_index()?;
                Ok(Some(format!(
                    "index was ahead of the database ({at} > {seq}): rebuilt"
                )))
            }
            IndexState::NeedsRebuild if seq == 0 => {
                // A brand-new library: nothing to report.
                self.rebuild_index()?;
                Ok(None)
            }
            IndexState::NeedsRebuild => {
                self.rebuild_index()?;
                Ok(Some(
                    "index was missing, damaged or of another format: rebuilt".into(),
                ))
            }
        }
    }

    /// Makes this process's index reflect every write to the store,
    /// including writes made by another process.
    ///
    /// Called after the store has committed. If another process holds the
    /// index writer even after waiting, the write still stands: the index
    /// is derived, and the next refresh or open here catches it up.
    fn refresh(&mut self) -> Result<()> {
        let at = self.index.change_seq()?;
        match self.catch_up(at.map_or(IndexState::NeedsRebuild, IndexState::At)) {
            Ok(_) | Err(Error::IndexBusy) => Ok(()),
            Err(other) => Err(other),
        }
    }

    /// Rebuilds the index from the store.
    pub fn rebuild_index(&mut self) -> Result<()> {
        let seq = self.store.change_seq()?;
        let stories = self.store.live_stories()?;
        self.index.rebuild(&stories, seq)
    }

    // ---- stories -------------------------------------------------------

    /// Stores a new story.
    pub fn create(&mut self, content: StoryContent) -> Result<Story> {
        let story = self
            .store
            .insert(Uuid::new_v4(), &content.normalize()?, Utc::now())?;
        self.refresh()?;
        Ok(story)
    }

    /// The story id that `text` names: a whole id, or an unambiguous prefix
    /// of at least 4 characters (as people copy them from listings).
    pub fn resolve_id(&self, text: &str) -> Result<Uuid> {
        let text = text.trim();
        if let Ok(id) = Uuid::parse_str(text) {
            return Ok(id);
        }
        if text.len() < 4 || !text.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
            return Err(Error::field(
                "id",
                format!("`{text}` is not a story id (give at least 4 characters of one)"),
            ));
        }
        match self.store.ids_with_prefix(text, 2)?.as_slice() {
            [id] => Ok(*id),
            [] => Err(Error::field(
                "id",
                format!("no story id starts with `{text}`"),
            )),
            _ => Err(Error::field(
                "id",
                format!("`{text}` matches several stories; give more characters"),
            )),
        }
    }

    /// A story by id (live or in the trash).
    pub fn get(&self, id: Uuid) -> Result<Story> {
        self.store.get(id)
    }

    /// A story with its Markdown rendered for reading.
    pub fn render(&self, id: Uuid) -> Result<RenderedStory> {
        let story = self.store.get(id)?;
        Ok(RenderedStory {
            body_html: render::to_html(&story.content.body),
            lessons_html: story
                .content
                .parts
                .lessons
                .iter()
                .map(|l| render::inline_to_html(l))
                .collect(),
            story,
        })
    }

    /// Replaces a story's content, keeping the old content as a revision.
    /// `base_revision` guards against overwriting someone else's edit.
    pub fn update(
        &mut self,
        id: Uuid,
        content: StoryContent,
        base_revision: Option<u32>,
    ) -> Result<Story> {
        let story = self
            .store
            .update(id, &content.normalize()?, base_revision, Utc::now())?;
        self.refresh()?;
        Ok(story)
    }

    /// Moves a story to the trash.
    pub fn delete(&mut self, id: Uuid) -> Result<()> {
        self.store.delete(id, Utc::now())?;
        self.refresh()
    }

    /// Brings a story back from the trash.
    pub fn restore(&mut self, id: Uuid) -> Result<()> {
        self.store.restore(id)?;
        self.refresh()
    }

    /// Deletes a trashed story for good.
    pub fn purge(&mut self, id: Uuid) -> Result<()> {
        self.store.purge(id)?;
        self.refresh()
    }

    /// Stories in the trash.
    pub fn trash(&self) -> Result<Vec<StorySummary>> {
        Ok(self.store.trash()?.iter().map(StorySummary::from).collect())
    }

    /// A story's revisions, newest first.
    pub fn history(&self, id: Uuid) -> Result<Vec<RevisionInfo>> {
        self.store.history(id)
    }

    /// The content of one revision.
    pub fn revision(&self, id: Uuid, revision: u32) -> Result<StoryContent> {
        self.store.revision_content(id, revision)
    }

    /// Makes an old revision current again (as a new revision: history is kept).
    pub fn restore_revision(&mut self, id: Uuid, revision: u32) -> Result<Story> {
        let content = self.store.revision_content(id, revision)?;
        self.update(id, content, None)
    }

    /// Keeps unsaved editor content; see [`Library::draft`].
    pub fn save_draft(&mut self, id: Uuid, content: &StoryContent) -> Result<()> {
        self.store.get(id)?;
        self.store.save_draft(id, content, Utc::now())
    }

    /// Unsaved editor content for a story, if any.
    pub fn draft(&self, id: Uuid) -> Result<Option<StoryContent>> {
        self.store.draft(id)
    }

    /// Forgets unsaved editor content.
    pub fn discard_draft(&mut self, id: Uuid) -> Result<()> {
        self.store.discard_draft(id)
    }

    // ---- action items --------------------------------------------------

    /// Action items of all live stories that pass `filter` (see [`crate::actions`]).
    pub fn action_items(&self, filter: &ActionItemFilter) -> Result<Vec<ActionItemEntry>> {
        let today = Utc::now().date_naive();
        Ok(actions::collect(&self.store.live_stories()?, filter, today))
    }

    /// Marks one action item open or done; an edit of its story (a new revision).
    pub fn set_action_status(
        &mut self,
        story: Uuid,
        index: usize,
        status: ActionStatus,
    ) -> Result<Story> {
        let current = self.store.get(story)?;
        let mut content = current.content;
        let item = content.parts.action_items.get_mut(index).ok_or_else(|| {
            Error::field("action_items", format!("story has no action item {index}"))
        })?;
        item.status = status;
        self.update(story, content, Some(current.revision))
    }

    // ---- retrospectives ------------------------------------------------

    /// Starts a retro, blank or seeded from an existing story.
    pub fn create_retro(&mut self, title: &str, from_story: Option<Uuid>) -> Result<Retro> {
        let mut retro = match from_story {
            Some(id) => retro::from_story(&self.store.get(id)?),
            None => Retro::default(),
        };
        if !title.trim().is_empty() {
            retro.title = title.trim().to_string();
        }
        self.store.save_retro(&retro)?;
        Ok(retro)
    }

    /// Saves the whole retro document (called after every change).
    pub fn save_retro(&mut self, mut retro: Retro) -> Result<Retro> {
        self.store.retro(retro.id)?;
        retro.updated_at = Utc::now();
        self.store.save_retro(&retro)?;
        Ok(retro)
    }

    /// A retro by id.
    pub fn retro(&self, id: Uuid) -> Result<Retro> {
        self.store.retro(id)
    }

    /// All retros, most recently saved first.
    pub fn retros(&self) -> Result<Vec<RetroSummary>> {
        Ok(self
            .store
            .retros()?
            .iter()
            .map(RetroSummary::from)
            .collect())
    }

    /// Hides a retro (its published story stays).
    pub fn delete_retro(&mut self, id: Uuid) -> Result<()> {
        self.store.delete_retro(id, Utc::now())
    }

    /// Publishes a retro as a postmortem story (a new story, or a new
    /// revision of the one it started from or was published as before),
    /// searchable at once.
    pub fn publish_retro(&mut self, id: Uuid) -> Result<Story> {
        let mut retro = self.store.retro(id)?;
        let existing = match retro.story_id {
            Some(story) => self.store.get(story).ok(),
            None => None,
        };
        let content = retro::to_story(&retro, existing.as_ref().map(|s| &s.content));
        let story = match existing {
            Some(s) if s.deleted_at.is_none() => self.update(s.id, content, None)?,
            _ => self.create(content)?,
        };
        retro.story_id = Some(story.id);
        retro.updated_at = Utc::now();
        self.store.save_retro(&retro)?;
        Ok(story)
    }

    // ---- anonymised stories and reading lists ----------------------------

    /// The library's anonymisation glossary (see [`crate::reading`]).
    pub fn glossary(&self) -> Result<Glossary> {
        self.store.glossary()
    }

    /// Replaces the glossary; returns it as stored (trimmed, de-duplicated).
    pub fn set_glossary(&mut self, glossary: Glossary) -> Result<Glossary> {
        self.store.set_glossary(&glossary, Utc::now())?;
        self.store.glossary()
    }

    /// Adds one term the anonymiser missed (or a word it must keep).
    pub fn add_to_glossary(&mut self, kind: GlossaryKind, term: &str) -> Result<Glossary> {
        self.store.add_glossary_term(kind, term, Utc::now())?;
        self.store.glossary()
    }

    /// What publishing `id` anonymised would replace, using the library glossary.
    pub fn anonymise_preview(&self, id: Uuid) -> Result<AnonymisedStory> {
        let story = self.live_original(id)?;
        Ok(anonymise::anonymise_story(
            &story.content,
            &self.store.glossary()?,
        ))
    }

    /// Publishes the anonymised copy of `id` with the `accepted` replacements
    /// (a subset of [`Library::anonymise_preview`]'s): a new story flagged
    /// `anonymised` and linked to the original, or — when a copy exists — a
    /// new revision of that copy. `extra_terms` are replaced as well, for
    /// this publish only. The original is never changed.
    pub fn publish_anonymised(
        &mut self,
        id: Uuid,
        accepted: &[Replacement],
        extra_terms: &Glossary,
    ) -> Result<Story> {
        let original = self.live_original(id)?;
        let library = self.store.glossary()?;
        let content = if reading::glossary_terms(extra_terms).is_empty() {
            anonymise::apply(&original.content, accepted)
        } else {
            // Keep the reviewer's choices; add whatever only the extra terms find.
            let before: Vec<ReplacementRef> =
                anonymise::anonymise_story(&original.content, &library)
                    .replacements
                    .iter()
                    .map(ReplacementRef::from)
                    .collect();
            let merged = reading::merge_glossaries(&library, extra_terms);
            let chosen: Vec<Replacement> = anonymise::anonymise_story(&original.content, &merged)
                .replacements
                .into_iter()
                .filter(|r| {
                    accepted.iter().any(|a| ReplacementRef::from(a).names(r))
                        || !before.iter().any(|b| b.names(r))
                })
                .collect();
            anonymise::apply(&original.content, &chosen)
        };
        let content = StoryContent {
            anonymised: true,
            ..content
        }
        .normalize()?;
        let copy = match self.store.copy_of(id)? {
            Some(link) => {
                let existing = self.store.get(link.copy_id)?;
                if existing.deleted_at.is_some() {
                    self.store.restore(existing.id)?;
                }
                if existing.content == content {
                    self.refresh()?;
                    self.store.get(existing.id)?
                } else {
                    self.update(existing.id, content, None)?
                }
            }
            None => self.create(content)?,
        };
        self.store.link_copy(copy.id, id, Utc::now())?;
        Ok(copy)
    }

    /// Publishes after review: every replacement of the current preview
    /// except the `rejected` ones (so anything not explicitly rejected,
    /// including what a glossary change found since, is replaced).
    pub fn publish_reviewed(&mut self, id: Uuid, rejected: &[ReplacementRef]) -> Result<Story> {
        let accepted: Vec<Replacement> = self
            .anonymise_preview(id)?
            .replacements
            .into_iter()
            .filter(|r| !rejected.iter().any(|x| x.names(r)))
            .collect();
        self.publish_anonymised(id, &accepted, &Glossary::default())
    }

    /// The anonymised copy made from `id`, if one was published.
    pub fn anonymised_copy_of(&self, id: Uuid) -> Result<Option<AnonymisedLink>> {
        self.store.copy_of(id)
    }

    /// The original an anonymised copy was made from, if `copy` is one.
    pub fn original_of(&self, copy: Uuid) -> Result<Option<AnonymisedLink>> {
        self.store.original_of(copy)
    }

    /// Live anonymised stories only, for reading mode: all of them by title
    /// when `query` is blank, else those matching it, best first.
    pub fn anonymised_stories(&self, query: &str) -> Result<Vec<ReadingEntry>> {
        let marks = self.store.read_marks()?;
        let mut stories: Vec<Story> = self
            .store
            .live_stories()?
            .into_iter()
            .filter(|s| s.content.anonymised)
            .collect();
        if query.trim().is_empty() {
            stories.sort_by_key(|s| s.content.title.to_lowercase());
        } else {
            let (live, _) = self.store.counts()?;
            let hits = self.index.search(&SearchRequest {
                query: query.to_string(),
                limit: live as usize + 1,
                ..Default::default()
            })?;
            let rank: HashMap<Uuid, usize> = hits
                .hits
                .iter()
                .enumerate()
                .map(|(i, h)| (h.id, i))
                .collect();
            stories.retain(|s| rank.contains_key(&s.id));
            stories.sort_by_key(|s| rank[&s.id]);
        }
        Ok(stories
            .iter()
            .map(|s| ReadingEntry::new(s, marks.get(&s.id).copied()))
            .collect())
    }

    /// All reading lists, by title.
    pub fn reading_lists(&self) -> Result<Vec<ReadingList>> {
        self.store.reading_lists()
    }

    /// One reading list.
    pub fn reading_list(&self, id: Uuid) -> Result<ReadingList> {
        self.store.reading_list(id)
    }

    /// Starts an empty reading list.
    pub fn create_reading_list(&mut self, title: &str, description: &str) -> Result<ReadingList> {
        let now = Utc::now();
        let list = ReadingList {
            id: Uuid::new_v4(),
            title: reading::list_title(title)?,
            description: description.trim().to_string(),
            created_at: now,
            updated_at: now,
            items: Vec::new(),
        };
        self.store.save_reading_list(&list)?;
        Ok(list)
    }

    /// Renames a reading list and rewrites its description.
    pub fn update_reading_list(
        &mut self,
        id: Uuid,
        title: &str,
        description: &str,
    ) -> Result<ReadingList> {
        let mut list = self.store.reading_list(id)?;
        list.title = reading::list_title(title)?;
        list.description = description.trim().to_string();
        list.updated_at = Utc::now();
        self.store.save_reading_list(&list)?;
        Ok(list)
    }

    /// Hides a reading list (its stories stay).
    pub fn delete_reading_list(&mut self, id: Uuid) -> Result<()> {
        self.store.delete_reading_list(id, Utc::now())
    }

    /// Sets a list's stories, in reading order (adds, removes and reorders).
    /// Every story must be a live anonymised story; repeats are dropped.
    pub fn set_reading_list_items(&mut self, id: Uuid, items: Vec<Uuid>) -> Result<ReadingList> {
        let mut list = self.store.reading_list(id)?;
        let mut ordered: Vec<Uuid> = Vec::with_capacity(items.len());
        for story in items {
            if ordered.contains(&story) {
                continue;
            }
            let found = self.store.get(story)?;
            if found.deleted_at.is_some() {
                return Err(Error::NotFound(story));
            }
            if !found.content.anonymised {
                return Err(Error::field(
                    "items",
                    format!(
                        "story {story} is not anonymised; reading lists hold anonymised stories only"
                    ),
                ));
            }
            ordered.push(story);
        }
        list.items = ordered;
        list.updated_at = Utc::now();
        self.store.save_reading_list(&list)?;
        Ok(list)
    }

    /// Writes a reading list and its anonymised stories to one JSON file
    /// at `path` that [`Library::import_reading_list`] reads.
    pub fn export_reading_list(&self, id: Uuid, path: &Path) -> Result<()> {
        let list = self.store.reading_list(id)?;
        let mut stories = Vec::with_capacity(list.items.len());
        for story in &list.items {
            let story = self.store.get(*story)?;
            if !story.content.anonymised {
                return Err(Error::field(
                    "items",
                    format!("story {} is not anonymised; not exported", story.id),
                ));
            }
            stories.push(story);
        }
        let shared = SharedReadingList {
            format: reading::SHARED_LIST_FORMAT.to_string(),
            version: reading::SHARED_LIST_VERSION,
            list,
            stories,
        };
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        export::write_atomically(path, serde_json::to_string_pretty(&shared)?.as_bytes())
    }

    /// Reads a file written by [`Library::export_reading_list`]: stores its
    /// stories (by id: new, updated or unchanged) and the list. Refuses a
    /// file whose stories are not all anonymised, or that would overwrite a
    /// story here that is not anonymised.
    pub fn import_reading_list(&mut self, path: &Path) -> Result<ReadingListImport> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let shared = SharedReadingList::parse(path, &text)?;
        for story in &shared.stories {
            if let Ok(mine) = self.store.get(story.id) {
                if !mine.content.anonymised {
                    return Err(Error::parse(
                        path,
                        format!(
                            "story {} would overwrite a story here that is not anonymised",
                            story.id
                        ),
                    ));
                }
            }
        }
        let mut report = ReadingListImport {
            list: shared.list.clone(),
            imported: 0,
            updated: 0,
            unchanged: 0,
        };
        let now = Utc::now();
        for story in &shared.stories {
            let content = StoryContent {
                anonymised: true,
                ..story.content.clone()
            }
            .normalize()?;
            match self.store.get(story.id) {
                Err(Error::NotFound(_)) => {
                    self.store.insert(story.id, &content, now)?;
                    report.imported += 1;
                }
                Err(other) => return Err(other),
                Ok(mine) => {
                    if mine.deleted_at.is_some() {
                        self.store.restore(mine.id)?;
                    }
                    if mine.content == content {
                        report.unchanged += 1;
                    } else {
                        self.store.update(mine.id, &content, None, now)?;
                        report.updated += 1;
                    }
                }
            }
        }
        self.refresh()?;
        let shipped: Vec<Uuid> = shared.stories.iter().map(|s| s.id).collect();
        let list = ReadingList {
            title: reading::list_title(&shared.list.title)?,
            updated_at: now,
            items: shared
                .list
                .items
                .iter()
                .copied()
                .filter(|id| shipped.contains(id))
                .collect(),
            ..shared.list
        };
        self.store.save_reading_list(&list)?;
        report.list = self.store.reading_list(list.id)?;
        Ok(report)
    }

    /// Marks a story read or unread.
    pub fn mark_read(&mut self, id: Uuid, read: bool) -> Result<()> {
        self.store.get(id)?;
        self.store.set_read(id, read, Utc::now())
    }

    /// Ids of the stories marked read.
    pub fn read_ids(&self) -> Result<Vec<Uuid>> {
        let mut marks: Vec<(Uuid, DateTime<Utc>)> = self.store.read_marks()?.into_iter().collect();
        marks.sort_by_key(|(id, at)| (*at, *id));
        Ok(marks.into_iter().map(|(id, _)| id).collect())
    }

    /// Exports every live story anonymised with the library glossary plus
    /// `glossary`, under new ids (so re-importing never overwrites an
    /// original). An original with a live published copy is represented by
    /// its copy (anonymised again with the glossary) rather than twice.
    pub fn export_anonymised(
        &self,
        dir: &Path,
        format: ExportFormat,
        glossary: &Glossary,
    ) -> Result<ExportReport> {
        let glossary = reading::merge_glossaries(&self.store.glossary()?, glossary);
        let stories = self.store.live_stories()?;
        let live: HashSet<Uuid> = stories.iter().map(|s| s.id).collect();
        let mut out = Vec::with_capacity(stories.len());
        for story in &stories {
            if let Some(link) = self.store.copy_of(story.id)? {
                if live.contains(&link.copy_id) {
                    continue;
                }
            }
            let id = if story.content.anonymised {
                story.id
            } else {
                Uuid::new_v5(
                    &Uuid::NAMESPACE_OID,
                    format!("kintsugi-anonymised:{}", story.id).as_bytes(),
                )
            };
            out.push(Story {
                id,
                content: anonymise::anonymise_story(&story.content, &glossary).content,
                ..story.clone()
            });
        }
        export::write(dir, format, &out)
    }

    /// A live story that is not itself anonymised (what can be published anonymised).
    fn live_original(&self, id: Uuid) -> Result<Story> {
        let story = self.store.get(id)?;
        if story.deleted_at.is_some() {
            return Err(Error::NotFound(id));
        }
        if story.content.anonymised {
            return Err(Error::field(
                "id",
                "this story is already anonymised; anonymise its original instead",
            ));
        }
        Ok(story)
    }

    // ---- search --------------------------------------------------------

    /// Runs a search (see [`crate::search::query`] for the language).
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        self.index.search(request)
    }

    /// Stories like `id`, best first.
    pub fn related(&self, id: Uuid, limit: usize) -> Result<Vec<SearchHit>> {
        let story = self.store.get(id)?;
        self.index.related(&story, limit)
    }

    /// All tags of live stories with counts.
    pub fn tags(&self) -> Result<Vec<TagCount>> {
        self.store.tag_counts()
    }

    /// Counts of stories, trash and tags.
    pub fn stats(&self) -> Result<Stats> {
        let (stories, deleted) = self.store.counts()?;
        Ok(Stats {
            stories,
            deleted,
            tags: self.store.tag_counts()?.len() as u64,
        })
    }

    // ---- import / export -----------------------------------------------

    /// Imports files and folders. Never stops at a bad file: each failure is
    /// reported by path and the rest goes on. `progress` is called after each file.
    pub fn import(
        &mut self,
        paths: &[PathBuf],
        progress: &mut dyn FnMut(&ImportProgress),
    ) -> Result<ImportReport> {
        let (files, failures) = import::collect_files(paths);
        let mut report = ImportReport {
            errors: failures,
            ..Default::default()
        };
        let mut since_commit = 0;
        for (done, path) in files.iter().enumerate() {
            match import::parse_file(path) {
                Ok(stories) => {
                    for story in stories {
                        match self.store_parsed(path, story) {
                            Ok(outcome) => outcome.count(&mut report),
                            Err(e) => report.errors.push(ImportFailure::new(path, &e)),
                        }
                        since_commit += 1;
                    }
                }
                Err(e) => report.errors.push(ImportFailure::new(path, &e)),
            }
            if since_commit >= IMPORT_BATCH {
                self.refresh()?;
                since_commit = 0;
            }
            progress(&ImportProgress {
                done: done + 1,
                total: files.len(),
                path: path.display().to_string(),
            });
        }
        self.refresh()?;
        Ok(report)
    }

    /// Loads the built-in sample stories (idempotent).
    pub fn load_sample(&mut self) -> Result<ImportReport> {
        let mut report = ImportReport::default();
        for story in crate::sample::stories()? {
            self.store_parsed(Path::new("sample"), story)?
                .count(&mut report);
        }
        self.refresh()?;
        Ok(report)
    }

    /// Inserts, updates or leaves a parsed story, by its identity.
    fn store_parsed(&mut self, path: &Path, parsed: ParsedStory) -> Result<Outcome> {
        let id = match parsed.id {
            Some(id) => id,
            None => match &parsed.content.source_url {
                Some(url) => match self.store.find_by_source(url)? {
                    Some(id) => id,
                    None => import::fallback_id(path, &parsed.content),
                },
                None => import::fallback_id(path, &parsed.content),
            },
        };
        if !self.store.exists(id)? {
            self.store.insert(id, &parsed.content, Utc::now())?;
            return Ok(Outcome::Imported);
        }
        let existing = self.store.get(id)?;
        if existing.content == parsed.content {
            return Ok(Outcome::Unchanged);
        }
        self.store.update(id, &parsed.content, None, Utc::now())?;
        Ok(Outcome::Updated)
    }

    /// Exports all live stories into folder `dir`.
    pub fn export(&self, dir: &Path, format: ExportFormat) -> Result<ExportReport> {
        export::write(dir, format, &self.store.live_stories()?)
    }

    /// All live stories.
    pub fn stories(&self) -> Result<Vec<Story>> {
        self.store.live_stories()
    }

    // ---- health and backups --------------------------------------------

    /// Compares the index with the store; with `repair`, rebuilds the index
    /// when anything is off.
    pub fn check(&mut self, repair: bool) -> Result<CheckReport> {
        let mut problems: Vec<String> = self.repaired_on_open.take().into_iter().collect();
        let fixed_on_open = problems.len();
        let seq = self.store.change_seq()?;
        match self.index.change_seq()? {
            Some(at) if at == seq => {}
            Some(at) => problems.push(format!("index is at change {at}, database at {seq}")),
            None => problems.push("index has no readable change marker".to_string()),
        }
        let mut live: Vec<String> = self.store.live_ids()?.iter().map(Uuid::to_string).collect();
        let mut indexed = self.index.indexed_ids()?;
        live.sort();
        indexed.sort();
        let duplicates = indexed.windows(2).filter(|w| w[0] == w[1]).count();
        if duplicates > 0 {
            problems.push(format!("{duplicates} stories are indexed more than once"));
        }
        indexed.dedup();
        let missing = live
            .iter()
            .filter(|id| indexed.binary_search(id).is_err())
            .count();
        let extra = indexed
            .iter()
            .filter(|id| live.binary_search(id).is_err())
            .count();
        if missing > 0 {
            problems.push(format!("{missing} stories are missing from the index"));
        }
        if extra > 0 {
            problems.push(format!(
                "{extra} indexed stories are not live in the database"
            ));
        }
        let unresolved = problems.len() > fixed_on_open;
        let repaired = repair && unresolved;
        if repaired {
            self.rebuild_index()?;
        }
        Ok(CheckReport {
            ok: !unresolved || repaired,
            problems,
            repaired: repaired || fixed_on_open > 0,
        })
    }

    /// Writes a consistent copy of the database to `dest`.
    pub fn backup(&self, dest: &Path) -> Result<()> {
        self.store.backup_to(dest)
    }

    /// Replaces the library's content with the backup at `source`. The
    /// current database is first copied to `backups/`, so this can be undone
    /// by restoring that copy, whose path is returned. If anything fails,
    /// the library stays open on whatever database is in place.
    pub fn restore_backup(&mut self, source: &Path) -> Result<PathBuf> {
        Store::validate_backup(source)?;
        let backups = self.root.join("backups");
        std::fs::create_dir_all(&backups).map_err(|e| Error::io(&backups, e))?;
        let safety = backups.join(format!(
            "before-restore-{}.sqlite3",
            Utc::now().format("%Y%m%dT%H%M%S%.3f")
        ));
        self.store.backup_to(&safety)?;
        let db = self.root.join(DATABASE_FILE);
        let staged = self.root.join("restore.partial");
        std::fs::copy(source, &staged).map_err(|e| Error::io(source, e))?;
        // Close the current connection before its file is replaced.
        self.store = Store::open_in_memory()?;
        let swapped = replace_database(&db, &staged);
        self.store = Store::open(&db)?;
        swapped?;
        self.rebuild_index()?;
        Ok(safety)
    }
}

/// Moves `staged` over the database file `db`, dropping the old WAL files
/// (their content belongs to the database being replaced).
fn replace_database(db: &Path, staged: &Path) -> Result<()> {
    for suffix in ["-wal", "-shm"] {
        let mut side = db.as_os_str().to_owned();
        side.push(suffix);
        let side = PathBuf::from(side);
        if side.exists() {
            std::fs::remove_file(&side).map_err(|e| Error::io(&side, e))?;
        }
    }
    std::fs::rename(staged, db).map_err(|e| Error::io(db, e))
}

enum Outcome {
    Imported,
    Updated,
    Unchanged,
}

impl Outcome {
    fn count(self, report: &mut ImportReport) {
        match self {
            Outcome::Imported => report.imported += 1,
            Outcome::Updated => report.updated += 1,
            Outcome::Unchanged => report.unchanged += 1,
        }
    }
}

/// The default library folder: `$KINTSUGI_LIBRARY`, else the platform data
/// directory (`~/.local/share/kintsugi` on Linux).
pub fn default_library_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("KINTSUGI_LIBRARY").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("kintsugi")
}

// ---- team library --------------------------------------------------------
// Thin entry points over `crate::team` (see docs/team.md); each one takes
// the time here and refreshes the index once, after all its writes.

impl Library {
    /// Connects this library to a team repository (a path or URL) and runs
    /// the first sync. `author` names this library's changes; by default
    /// git's `user.name`/`user.email`, else the OS user.
    pub fn team_connect(
        &mut self,
        remote: &str,
        author: Option<crate::team::TeamAuthor>,
        progress: &mut dyn FnMut(&crate::team::SyncProgress),
    ) -> Result<crate::team::SyncReport> {
        let outcome = crate::team::connect(
            &mut self.store,
            &self.root,
            remote,
            author,
            Utc::now(),
            progress,
        );
        self.refresh()?;
        outcome
    }

    /// The team connection as this machine knows it (no network).
    pub fn team_status(&self) -> Result<crate::team::TeamStatus> {
        crate::team::status(&self.store, &self.root)
    }

    /// Stops syncing; stories, history and conflicts stay.
    pub fn team_disconnect(&mut self) -> Result<()> {
        crate::team::disconnect(&mut self.store, &self.root)
    }

    /// Syncs with the team repository. Search and reading keep working on
    /// other handles meanwhile; this one's index catches up at the end.
    pub fn sync(
        &mut self,
        progress: &mut dyn FnMut(&crate::team::SyncProgress),
    ) -> Result<crate::team::SyncReport> {
        let outcome = crate::team::sync(&mut self.store, &self.root, Utc::now(), progress);
        self.refresh()?;
        outcome
    }

    /// Fields both this library and the team changed, waiting to be resolved.
    pub fn conflicts(&self) -> Result<Vec<crate::team::Conflict>> {
        crate::team::conflicts::list(&self.store)
    }

    /// Resolves a conflict with one side's value (a normal edit when it
    /// changes the story); returns whether it did.
    pub fn resolve(
        &mut self,
        id: Uuid,
        field: &str,
        side: crate::team::Resolution,
    ) -> Result<bool> {
        let changed =
            crate::team::conflicts::resolve(&mut self.store, id, field, side, Utc::now())?;
        self.refresh()?;
        Ok(changed)
    }
}
