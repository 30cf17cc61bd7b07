//! [`Library`]: the one entry point front ends use, a thin front over the
//! modules that own each concept (as tantivy's `Index` fronts its own).
//!
//! Layout of a library folder:
//! ```text
//! kintsugi.sqlite3   the source of truth (plus -wal/-shm while open)
//! index/             Tantivy index, derived, rebuilt whenever in doubt
//! backups/           copies made before a restore
//! ```
//!
//! Invariants:
//! - Every write goes to SQLite first, as one transaction per user-level
//!   operation ([`Library::write`]), then to the index in one commit that
//!   carries SQLite's change sequence number. If the process dies in
//!   between, the next open sees the index behind and catches it up.
//! - Reads never wait for writes: they use pooled read-only connections and
//!   the index's snapshot readers, so searching and reading keep working
//!   while an import, a sync or a rebuild runs. Writes are serialised by one
//!   lock around the single write connection.
//! - Time comes from the [`Clock`] the library was opened with.
//! - A busy, read-only or full database or disk surfaces as
//!   [`Error::LibraryBusy`], [`Error::LibraryReadOnly`] or
//!   [`Error::DiskFull`] naming the folder ([`Error::in_library`] at
//!   `open`, `read` and `write`); the failed write's transaction rolled
//!   back, so nothing stored changes. A library in a folder that cannot be
//!   written opens read-only: an immutable database and an index rebuilt
//!   in memory, so reading and search still work.
//!
//! The methods live in one file per concern: [`stories`](self::stories)
//! (stories, trash, history, drafts, action items), [`finding`](self::finding)
//! (search, related stories, tags, counts), [`retros`](self::retros),
//! [`sharing`](self::sharing) (glossary, anonymised copies, reading mode,
//! reading lists), [`transfer`](self::transfer) (import, export, sample) and
//! [`health`](self::health) (check, backup, restore), [`insights`](self::insights)
//! (what the library teaches, "seen before"). Each method is a few
//! lines calling the module that owns the rule.

mod briefing;
mod finding;
mod health;
mod insights;
mod retros;
mod sharing;
mod stories;
mod team;
mod transfer;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, Utc};

use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::search::{IndexState, SearchIndex};
use crate::store::{ChangedStory, ReaderPool, Store};
use crate::story::Story;

pub use finding::{Stats, MAX_RELATED, MAX_SEARCH_LIMIT};
pub use stories::RenderedStory;

/// File name of the database inside a library folder.
pub const DATABASE_FILE: &str = "kintsugi.sqlite3";
/// File inside a library folder caching the last insights (derived: safe
/// to delete).
pub const INSIGHTS_CACHE_FILE: &str = "insights-cache.json";
/// Folder name of the index inside a library folder.
pub const INDEX_DIR: &str = "index";
/// A file whose presence says the index describes another database (one
/// being swapped in by a restore): the next open rebuilds it, then removes it.
const REBUILD_MARKER: &str = "index.stale";

/// An open library folder. `Sync`: share it between threads behind an `Arc`.
pub struct Library {
    root: PathBuf,
    clock: Clock,
    /// The one read-write connection; holding the lock is holding the right to write.
    writer: Mutex<Store>,
    readers: ReaderPool,
    /// Written through `&self` (see `search::SearchIndex`): reads never wait.
    index: SearchIndex,
    /// True when the folder could not be written at open: the database is
    /// read as an immutable file and the index lives in memory.
    read_only: bool,
    /// What opening had to do to the index, reported once by [`Library::check_library`].
    repaired_on_open: Mutex<Option<String>>,
    /// The last [`Library::insights`] and the state it was computed from.
    insights_cache: insights::InsightsCache,
}

impl Library {
    /// Opens (creating if needed) the library in folder `root`, migrating
    /// the database and bringing the index up to date.
    pub fn open(root: &Path) -> Result<Library> {
        Library::open_with_clock(root, Clock::system())
    }

    /// Like [`Library::open`], with the time taken from `clock`.
    pub fn open_with_clock(root: &Path, clock: Clock) -> Result<Library> {
        Library::open_in(root, clock).map_err(|e| e.in_library(root))
    }

    fn open_in(root: &Path, clock: Clock) -> Result<Library> {
        std::fs::create_dir_all(root).map_err(|e| Error::io(root, e))?;
        let db = root.join(DATABASE_FILE);
        let (store, read_only) = match Store::open(&db) {
            // SQLite quietly reads a file it may not write when its log is
            // there to read (a killed writer left it): read-only as well.
            Ok(store) if store.is_read_only()? => {
                drop(store);
                (Store::open_read_only_folder(&db)?, true)
            }
            Ok(store) => (store, false),
            // A library in a folder that cannot be written still reads and
            // searches; every write says the folder is read-only.
            Err(e) if e.is_read_only() && db.exists() => (Store::open_read_only_folder(&db)?, true),
            Err(e) => return Err(e),
        };
        let (index, mut state) = if read_only {
            let index = SearchIndex::in_memory(&root.join(INDEX_DIR))?;
            (index, IndexState::NeedsRebuild)
        } else {
            SearchIndex::open(&root.join(INDEX_DIR))?
        };
        let marker = root.join(REBUILD_MARKER);
        if marker.exists() {
            // A restore was cut short: nothing derived describes this file.
            state = IndexState::NeedsRebuild;
            if !read_only {
                let _ = std::fs::remove_file(root.join(INSIGHTS_CACHE_FILE));
            }
        }
        let library = Library {
            root: root.to_path_buf(),
            clock,
            writer: Mutex::new(store),
            readers: ReaderPool::new(&db, read_only),
            index,
            read_only,
            repaired_on_open: Mutex::new(None),
            insights_cache: Mutex::new(None),
        };
        let repaired = {
            let store = library.writer();
            let repaired = library.catch_up(&store, state)?;
            // A read-only library always builds its index in memory: that is
            // how it works, not a repair for `check` to report.
            repaired.filter(|_| !read_only)
        };
        if marker.exists() && !read_only {
            std::fs::remove_file(&marker).map_err(|e| Error::io(&marker, e))?;
        }
        *lock(&library.repaired_on_open) = repaired;
        Ok(library)
    }

    /// The library folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// True when the library folder could not be written when it was
    /// opened: reading and search work, every change fails with
    /// [`crate::ErrorCode::LibraryReadOnly`].
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// The change sequence number: it moves with every write to a story,
    /// so two equal readings mean no story changed in between.
    pub fn change_seq(&self) -> Result<i64> {
        self.read()?.change_seq()
    }

    /// The clock this library stamps its writes with.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// The current time by the library's clock.
    pub(crate) fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// A read-only view of the database for one read.
    pub(crate) fn read(&self) -> Result<crate::store::Reader<'_>> {
        self.readers.get().map_err(|e| e.in_library(&self.root))
    }

    /// The search index, for reading.
    pub(crate) fn index(&self) -> &SearchIndex {
        &self.index
    }

    /// Runs one user-level write: `f` gets the store and the time, and all
    /// it writes commits as one transaction; then the index catches up.
    pub(crate) fn write<T>(
        &self,
        f: impl FnOnce(&mut Store, DateTime<Utc>) -> Result<T>,
    ) -> Result<T> {
        let mut store = self.writer();
        let now = self.now();
        let out = store
            .atomic(|s| f(s, now))
            .map_err(|e| e.in_library(&self.root))?;
        self.refresh(&store).map_err(|e| e.in_library(&self.root))?;
        Ok(out)
    }

    /// Runs `f` with the write connection but without bringing the index up
    /// to date afterwards: for long work made of many transactions (an
    /// import) that refreshes the index itself when it sees fit.
    pub(crate) fn write_unindexed<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        let mut store = self.writer();
        f(&mut store).map_err(|e| e.in_library(&self.root))
    }

    fn writer(&self) -> MutexGuard<'_, Store> {
        lock(&self.writer)
    }

    /// Brings the index to the store's change sequence number; says what it
    /// had to do when the index was not simply up to date.
    fn catch_up(&self, store: &Store, state: IndexState) -> Result<Option<String>> {
        self.catch_up_by(store, state, Delivery::Commit)
    }

    /// [`Library::catch_up`], where changes are committed or only sent to
    /// a held writer (see `SearchIndex::send`) as `delivery` says.
    fn catch_up_by(
        &self,
        store: &Store,
        state: IndexState,
        delivery: Delivery,
    ) -> Result<Option<String>> {
        let seq = store.change_seq()?;
        match state {
            IndexState::At(at) if at == seq => Ok(None),
            IndexState::At(at) if at < seq => {
                let changes = store.changed_since(at)?;
                match delivery {
                    Delivery::Commit => self.index.apply(&changes, seq)?,
                    Delivery::Send => self.index.send(&changes, seq)?,
                }
                Ok(Some(format!(
                    "index was at change {at}, database at {seq}: caught up"
                )))
            }
            IndexState::At(at) => {
                self.rebuild_with(store)?;
                Ok(Some(format!(
                    "index was ahead of the database ({at} > {seq}): rebuilt"
                )))
            }
            IndexState::NeedsRebuild if seq == 0 => {
                // A brand-new library: nothing to report.
                self.rebuild_with(store)?;
                Ok(None)
            }
            IndexState::NeedsRebuild => {
                self.rebuild_with(store)?;
                Ok(Some(
                    "index was missing, damaged or of another format: rebuilt".into(),
                ))
            }
        }
    }

    /// Makes the index reflect every write to the store, including writes
    /// made by another process.
    ///
    /// Called after the store has committed. If another process holds the
    /// index writer even after waiting, the write still stands: the index
    /// is derived, and the next refresh or open here catches it up.
    pub(crate) fn refresh(&self, store: &Store) -> Result<()> {
        self.refresh_by(store, Delivery::Commit)
    }

    /// Gives the index the store's changes without committing them, when
    /// a writer is held (an import between its commits); see
    /// `SearchIndex::send`.
    pub(crate) fn send_changes(&self, store: &Store) -> Result<()> {
        self.refresh_by(store, Delivery::Send)
    }

    /// Gives the index `stories`, just written in one transaction that
    /// began at change `before`, without reading them back: valid only
    /// when the index had been given everything up to `before`; otherwise
    /// the changes are read from the store as [`Library::send_changes`] does.
    pub(crate) fn send_stored(
        &self,
        store: &Store,
        before: i64,
        stories: Vec<Story>,
    ) -> Result<()> {
        if self.index.sent_seq()? != Some(before) {
            return self.send_changes(store);
        }
        let seq = store.change_seq()?;
        if seq == before {
            return Ok(());
        }
        let changes: Vec<ChangedStory> = stories.into_iter().map(ChangedStory::from).collect();
        match self.index.send(&changes, seq) {
            Ok(()) | Err(Error::IndexBusy) => Ok(()),
            Err(other) => Err(other),
        }
    }

    fn refresh_by(&self, store: &Store, delivery: Delivery) -> Result<()> {
        let at = self.index.sent_seq()?;
        let state = at.map_or(IndexState::NeedsRebuild, IndexState::At);
        let caught_up = self
            .catch_up_by(store, state, delivery)
            .and_then(|_| match delivery {
                // What was sent before, when nothing changed since, too.
                Delivery::Commit => self.index.commit_sent(),
                Delivery::Send => Ok(()),
            });
        match caught_up {
            Ok(()) | Err(Error::IndexBusy) => Ok(()),
            Err(other) => Err(other),
        }
    }

    /// Rebuilds the index from the store.
    pub fn rebuild_index(&self) -> Result<()> {
        let store = self.writer();
        self.rebuild_with(&store)
            .map_err(|e| e.in_library(&self.root))
    }

    /// Says on disk that the index no longer describes the database, until
    /// [`Library::index_rebuilt`]; a crash in between makes the next open rebuild.
    fn index_stale(&self) -> Result<()> {
        let marker = self.root.join(REBUILD_MARKER);
        std::fs::File::create(&marker)
            .and_then(|f| f.sync_all())
            .map_err(|e| Error::io(&marker, e))
    }

    /// Removes the mark [`Library::index_stale`] left.
    fn index_rebuilt(&self) -> Result<()> {
        let marker = self.root.join(REBUILD_MARKER);
        std::fs::remove_file(&marker).map_err(|e| Error::io(&marker, e))
    }

    fn rebuild_with(&self, store: &Store) -> Result<()> {
        let seq = store.change_seq()?;
        let stories = store.live_stories()?;
        self.index.rebuild(&stories, seq)
    }
}

/// Whether catching up commits the index or only sends it the changes.
#[derive(Clone, Copy)]
enum Delivery {
    Commit,
    Send,
}

/// Locks `mutex`. A panic while it was held left the data as it was (every
/// store write is transactional), so a poisoned lock is still usable.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}
