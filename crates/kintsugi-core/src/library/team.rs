//! The team library: connecting to a team repository, syncing, and the
//! conflicts a sync leaves (the rules live in [`crate::team`]; see
//! `docs/team.md`).
//!
//! A sync is not one transaction: it talks to a remote, and each of its
//! steps is idempotent and recomputed after a crash (see `team/sync.rs`).
//! It holds the write lock (other writes wait; reads go on) and brings the
//! index up to date once, at the end.

use uuid::Uuid;

use super::Library;
use crate::error::Result;
use crate::team::{self, Conflict, Resolution, SyncProgress, SyncReport, TeamAuthor, TeamStatus};

impl Library {
    /// Connects this library to a team repository (a path or URL) and runs
    /// the first sync. `author` names this library's changes; by default
    /// git's `user.name`/`user.email`, else the OS user.
    pub fn team_connect(
        &self,
        remote: &str,
        author: Option<TeamAuthor>,
        progress: &mut dyn FnMut(&SyncProgress),
    ) -> Result<SyncReport> {
        let now = self.now();
        self.write_unindexed(|store| {
            let outcome = team::connect(store, &self.root, remote, author, now, progress);
            self.refresh(store)?;
            outcome
        })
    }

    /// The team connection as this machine knows it (no network).
    pub fn team_status(&self) -> Result<TeamStatus> {
        team::status(&*self.read()?, &self.root)
    }

    /// Stops syncing; stories, history and conflicts stay.
    pub fn team_disconnect(&self) -> Result<()> {
        self.write_unindexed(|store| team::disconnect(store, &self.root))
    }

    /// Syncs with the team repository. Search and reading keep working
    /// meanwhile; the index catches up at the end.
    pub fn sync_team(&self, progress: &mut dyn FnMut(&SyncProgress)) -> Result<SyncReport> {
        let now = self.now();
        self.write_unindexed(|store| {
            let outcome = team::sync(store, &self.root, now, progress);
            self.refresh(store)?;
            outcome
        })
    }

    /// Fields both this library and the team changed, waiting to be resolved.
    pub fn list_conflicts(&self) -> Result<Vec<Conflict>> {
        team::conflicts::list(&*self.read()?)
    }

    /// Resolves a conflict with one side's value (a normal edit when it
    /// changes the story); returns whether it did.
    pub fn resolve_conflict(&self, id: Uuid, field: &str, side: Resolution) -> Result<bool> {
        self.write(|store, now| team::conflicts::resolve(store, id, field, side, now))
    }
}
