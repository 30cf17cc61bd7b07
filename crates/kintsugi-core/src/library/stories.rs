//! Stories: create, read, render, update, trash, history, drafts and the
//! action items they carry.

use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use super::Library;
use crate::actions::{self, ActionItemEntry, ActionItemFilter};
use crate::error::Result;
use crate::markdown::render;
use crate::store::RevisionInfo;
use crate::story::{self, ActionStatus, Story, StoryContent, StorySummary};

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

impl RenderedStory {
    /// Renders `story` through the core's only Markdown-to-HTML path.
    pub fn of(story: Story) -> RenderedStory {
        RenderedStory {
            body_html: render::to_html(&story.content.body),
            lessons_html: story
                .content
                .parts
                .lessons
                .iter()
                .map(|l| render::inline_to_html(l))
                .collect(),
            story,
        }
    }
}

impl Library {
    /// Stores a new story.
    pub fn create_story(&self, content: StoryContent) -> Result<Story> {
        let content = content.normalize()?;
        self.write(|store, now| store.insert(Uuid::new_v4(), &content, now))
    }

    /// The story id that `text` names: a whole id, or an unambiguous prefix
    /// (see [`story::IdText`]).
    pub fn resolve_id(&self, text: &str) -> Result<Uuid> {
        match story::IdText::parse(text)? {
            story::IdText::Whole(id) => Ok(id),
            story::IdText::Prefix(prefix) => {
                story::IdText::pick(&prefix, &self.read()?.ids_with_prefix(&prefix, 2)?)
            }
        }
    }

    /// For each of `ids`, its shortest prefix that no other story shares
    /// (at least [`story::MIN_ABBREVIATION`] characters), as git abbreviates
    /// commit ids, so that a listed id can be typed back.
    pub fn abbreviate_ids(&self, ids: &[Uuid]) -> Result<Vec<String>> {
        let store = self.read()?;
        ids.iter()
            .map(|id| Ok(story::abbreviate(*id, &store.neighbour_ids(*id)?)))
            .collect()
    }

    /// A story by id (live or in the trash).
    pub fn get_story(&self, id: Uuid) -> Result<Story> {
        self.read()?.get(id)
    }

    /// A story with its Markdown rendered for reading.
    pub fn render_story(&self, id: Uuid) -> Result<RenderedStory> {
        Ok(RenderedStory::of(self.get_story(id)?))
    }

    /// Replaces a story's content, keeping the old content as a revision.
    /// `base_revision` guards against overwriting someone else's edit.
    pub fn update_story(
        &self,
        id: Uuid,
        content: StoryContent,
        base_revision: Option<u32>,
    ) -> Result<Story> {
        let content = content.normalize()?;
        self.write(|store, now| store.update(id, &content, base_revision, now))
    }

    /// Moves a story to the trash.
    pub fn delete_story(&self, id: Uuid) -> Result<()> {
        self.write(|store, now| store.delete(id, now))
    }

    /// Brings a story back from the trash.
    pub fn restore_story(&self, id: Uuid) -> Result<()> {
        self.write(|store, _| store.restore(id))
    }

    /// Deletes a trashed story for good.
    pub fn purge_story(&self, id: Uuid) -> Result<()> {
        self.write(|store, _| store.purge(id))
    }

    /// Stories in the trash.
    pub fn list_trash(&self) -> Result<Vec<StorySummary>> {
        Ok(self
            .read()?
            .trash()?
            .iter()
            .map(StorySummary::from)
            .collect())
    }

    /// All live stories.
    pub fn list_stories(&self) -> Result<Vec<Story>> {
        self.read()?.live_stories()
    }

    /// A story's revisions, newest first.
    pub fn story_history(&self, id: Uuid) -> Result<Vec<RevisionInfo>> {
        self.read()?.history(id)
    }

    /// The content of one revision.
    pub fn story_revision(&self, id: Uuid, revision: u32) -> Result<StoryContent> {
        self.read()?.revision_content(id, revision)
    }

    /// Makes an old revision current again (as a new revision: history is kept).
    pub fn restore_revision(&self, id: Uuid, revision: u32) -> Result<Story> {
        self.write(|store, now| {
            let content = store.revision_content(id, revision)?;
            store.update(id, &content, None, now)
        })
    }

    /// Keeps unsaved editor content; see [`Library::get_draft`].
    pub fn save_draft(&self, id: Uuid, content: &StoryContent) -> Result<()> {
        self.write(|store, now| {
            store.get(id)?;
            store.save_draft(id, content, now)
        })
    }

    /// Unsaved editor content for a story, if any.
    pub fn get_draft(&self, id: Uuid) -> Result<Option<StoryContent>> {
        self.read()?.draft(id)
    }

    /// Forgets unsaved editor content.
    pub fn discard_draft(&self, id: Uuid) -> Result<()> {
        self.write(|store, _| store.discard_draft(id))
    }

    /// Action items of all live stories that pass `filter` (see [`crate::actions`]).
    pub fn list_action_items(&self, filter: &ActionItemFilter) -> Result<Vec<ActionItemEntry>> {
        let stories = self.read()?.live_stories()?;
        Ok(actions::collect(&stories, filter, self.clock.today()))
    }

    /// Marks one action item open or done; an edit of its story (a new revision).
    pub fn set_action_status(&self, id: Uuid, index: usize, status: ActionStatus) -> Result<Story> {
        self.write(|store, now| actions::set_status(store, id, index, status, now))
    }
}
