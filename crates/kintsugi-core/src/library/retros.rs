//! Retrospectives: start, save, list, delete and publish as a story.

use uuid::Uuid;

use super::Library;
use crate::error::Result;
use crate::retro::{self, Retro, RetroSummary};
use crate::story::Story;

impl Library {
    /// Starts a retro, blank or seeded from an existing story.
    pub fn create_retro(&self, title: &str, from_story: Option<Uuid>) -> Result<Retro> {
        self.write(|store, now| {
            let mut retro = match from_story {
                Some(id) => retro::from_story(&store.get(id)?),
                None => Retro::default(),
            }
            .started(now);
            if !title.trim().is_empty() {
                retro.title = title.trim().to_string();
            }
            store.save_retro(&retro)?;
            Ok(retro)
        })
    }

    /// Saves the whole retro document (called after every change).
    pub fn save_retro(&self, mut retro: Retro) -> Result<Retro> {
        self.write(|store, now| {
            store.retro(retro.id)?;
            retro.updated_at = now;
            store.save_retro(&retro)?;
            Ok(retro)
        })
    }

    /// A retro by id.
    pub fn get_retro(&self, id: Uuid) -> Result<Retro> {
        self.read()?.retro(id)
    }

    /// All retros, most recently saved first.
    pub fn list_retros(&self) -> Result<Vec<RetroSummary>> {
        Ok(self
            .read()?
            .retros()?
            .iter()
            .map(RetroSummary::from)
            .collect())
    }

    /// Hides a retro (its published story stays).
    pub fn delete_retro(&self, id: Uuid) -> Result<()> {
        self.write(|store, now| store.delete_retro(id, now))
    }

    /// Publishes a retro as a postmortem story (a new story, or a new
    /// revision of the one it started from or was published as before),
    /// searchable at once. The story and the retro's link to it are one
    /// transaction.
    pub fn publish_retro(&self, id: Uuid) -> Result<Story> {
        self.write(|store, now| retro::publish(store, id, now))
    }
}
