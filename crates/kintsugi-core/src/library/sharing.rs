//! Sharing safely: the glossary, anonymised copies, reading mode, reading
//! lists and read marks. The rules live in [`crate::reading`] and
//! [`crate::anonymise`]; these methods only route them.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{Library, RenderedStory};
use crate::anonymise::{self, AnonymisedStory, Glossary, GlossaryKind, Replacement};
use crate::error::{Error, Result};
use crate::export::{self, ExportFormat, ExportReport};
use crate::reading::{
    copies, list_title, lists, AnonymisedLink, ReadingEntry, ReadingList, ReadingListImport,
    ReplacementRef, SharedReadingList,
};
use crate::search::SearchRequest;
use crate::story::Story;

impl Library {
    /// The library's anonymisation glossary (see [`crate::reading`]).
    pub fn get_glossary(&self) -> Result<Glossary> {
        self.read()?.glossary()
    }

    /// Replaces the glossary; returns it as stored (trimmed, de-duplicated).
    pub fn set_glossary(&self, glossary: Glossary) -> Result<Glossary> {
        self.write(|store, now| {
            store.set_glossary(&glossary, now)?;
            store.glossary()
        })
    }

    /// Adds one term the anonymiser missed (or a word it must keep).
    pub fn add_glossary_term(&self, kind: GlossaryKind, term: &str) -> Result<Glossary> {
        self.write(|store, now| {
            store.add_glossary_term(kind, term, now)?;
            store.glossary()
        })
    }

    /// What publishing `id` anonymised would replace, using the library glossary.
    pub fn anonymise_preview(&self, id: Uuid) -> Result<AnonymisedStory> {
        let store = self.read()?;
        let story = copies::live_original(&store, id)?;
        Ok(anonymise::anonymise_story(
            &story.content,
            &store.glossary()?,
        ))
    }

    /// Publishes after review: every replacement of the current preview
    /// except the `rejected` ones; returns the copy (see [`copies::publish`]).
    pub fn publish_anonymised(&self, id: Uuid, rejected: &[ReplacementRef]) -> Result<Story> {
        let preview = self.anonymise_preview(id)?;
        let accepted = copies::accepted(preview.replacements, rejected);
        self.publish_replacements(id, &accepted, &Glossary::default())
    }

    /// Publishes the anonymised copy of `id` with exactly the `accepted`
    /// replacements, plus whatever `extra_terms` find, for this publish only.
    pub fn publish_replacements(
        &self,
        id: Uuid,
        accepted: &[Replacement],
        extra_terms: &Glossary,
    ) -> Result<Story> {
        self.write(|store, now| copies::publish(store, id, accepted, extra_terms, now))
    }

    /// The anonymised copy made from `id`, if one was published.
    pub fn anonymised_copy_of(&self, id: Uuid) -> Result<Option<AnonymisedLink>> {
        self.read()?.copy_of(id)
    }

    /// The original an anonymised copy was made from, if `copy` is one.
    pub fn original_of(&self, copy: Uuid) -> Result<Option<AnonymisedLink>> {
        self.read()?.original_of(copy)
    }

    /// Live anonymised stories only, for reading mode: all of them by title
    /// when `query` is blank, else those matching it, best first.
    pub fn list_anonymised(&self, query: &str) -> Result<Vec<ReadingEntry>> {
        let store = self.read()?;
        let marks = store.read_marks()?;
        let mut stories: Vec<Story> = store
            .live_stories()?
            .into_iter()
            .filter(|s| s.content.anonymised)
            .collect();
        if query.trim().is_empty() {
            stories.sort_by_key(|s| s.content.title.to_lowercase());
        } else {
            let hits = self.index().search(&SearchRequest {
                query: query.to_string(),
                limit: stories.len() + 1,
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

    /// An anonymised story rendered for reading; any other story is
    /// `not_found`, so reading mode can never show an original.
    pub fn read_anonymised(&self, id: Uuid) -> Result<RenderedStory> {
        Ok(RenderedStory::of(copies::readable(self.get_story(id)?)?))
    }

    /// Marks a story read or unread.
    pub fn mark_read(&self, id: Uuid, read: bool) -> Result<()> {
        self.write(|store, now| {
            store.get(id)?;
            store.set_read(id, read, now)
        })
    }

    /// Ids of the stories marked read, in the order they were read.
    pub fn read_ids(&self) -> Result<Vec<Uuid>> {
        let mut marks: Vec<(Uuid, DateTime<Utc>)> =
            self.read()?.read_marks()?.into_iter().collect();
        marks.sort_by_key(|(id, at)| (*at, *id));
        Ok(marks.into_iter().map(|(id, _)| id).collect())
    }

    /// All reading lists, by title.
    pub fn list_reading_lists(&self) -> Result<Vec<ReadingList>> {
        self.read()?.reading_lists()
    }

    /// One reading list.
    pub fn get_reading_list(&self, id: Uuid) -> Result<ReadingList> {
        self.read()?.reading_list(id)
    }

    /// Starts an empty reading list.
    pub fn create_reading_list(&self, title: &str, description: &str) -> Result<ReadingList> {
        self.write(|store, now| {
            let list = lists::new_list(title, description, now)?;
            store.save_reading_list(&list)?;
            Ok(list)
        })
    }

    /// Renames a reading list and rewrites its description.
    pub fn update_reading_list(
        &self,
        id: Uuid,
        title: &str,
        description: &str,
    ) -> Result<ReadingList> {
        self.write(|store, now| {
            let mut list = store.reading_list(id)?;
            list.title = list_title(title)?;
            list.description = description.trim().to_string();
            list.updated_at = now;
            store.save_reading_list(&list)?;
            Ok(list)
        })
    }

    /// Hides a reading list (its stories stay).
    pub fn delete_reading_list(&self, id: Uuid) -> Result<()> {
        self.write(|store, now| store.delete_reading_list(id, now))
    }

    /// Sets a list's stories, in reading order (adds, removes and reorders).
    /// Every story must be a live anonymised story; repeats are dropped.
    pub fn set_reading_list_items(&self, id: Uuid, items: Vec<Uuid>) -> Result<ReadingList> {
        self.write(|store, now| {
            let mut list = store.reading_list(id)?;
            list.items = lists::checked_items(store, items)?;
            list.updated_at = now;
            store.save_reading_list(&list)?;
            Ok(list)
        })
    }

    /// Writes a reading list and its anonymised stories to one JSON file
    /// at `path` that [`Library::import_reading_list`] reads.
    pub fn export_reading_list(&self, id: Uuid, path: &Path) -> Result<()> {
        let shared = lists::shared_list(&*self.read()?, id)?;
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        export::write_atomically(path, serde_json::to_string_pretty(&shared)?.as_bytes())
    }

    /// Reads a file written by [`Library::export_reading_list`]: stores its
    /// stories (by id: new, updated or unchanged) and the list, all or nothing.
    pub fn import_reading_list(&self, path: &Path) -> Result<ReadingListImport> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let shared = SharedReadingList::parse(path, &text)?;
        self.write(|store, now| lists::import_shared(store, path, shared, now))
    }

    /// Exports every live story anonymised with the library glossary plus
    /// `glossary` (see [`copies::anonymised_export`]).
    pub fn export_anonymised(
        &self,
        dir: &Path,
        format: ExportFormat,
        glossary: &Glossary,
    ) -> Result<ExportReport> {
        let stories = copies::anonymised_export(&*self.read()?, glossary)?;
        export::write(dir, format, &stories)
    }
}
