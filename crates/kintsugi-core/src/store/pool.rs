//! [`ReaderPool`]: read-only connections to a library's database, handed
//! out to any thread that wants to read while another one writes.
//!
//! Invariants:
//! - A connection taken from the pool is used by one thread at a time and
//!   goes back when its guard drops; the pool keeps at most [`KEPT`] idle.
//! - [`ReaderPool::reset`] bumps a generation: connections opened before it
//!   (to a database file since replaced, say by a backup restore) are closed
//!   instead of returned, so no reader keeps seeing the old file.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use super::Store;
use crate::error::Result;

/// Idle connections kept open for the next reader.
const KEPT: usize = 4;

/// Read-only connections to one database file.
pub(crate) struct ReaderPool {
    path: PathBuf,
    /// The folder cannot be written: readers open the file the way
    /// [`Store::open_read_only_folder`] does.
    read_only_folder: bool,
    generation: AtomicU64,
    idle: Mutex<Vec<(u64, Store)>>,
}

/// A pooled reader; derefs to [`Store`].
pub(crate) struct Reader<'p> {
    pool: &'p ReaderPool,
    generation: u64,
    store: Option<Store>,
}

impl ReaderPool {
    /// A pool over the database file at `path` (opened lazily).
    pub(crate) fn new(path: &Path, read_only_folder: bool) -> ReaderPool {
        ReaderPool {
            path: path.to_path_buf(),
            read_only_folder,
            generation: AtomicU64::new(0),
            idle: Mutex::new(Vec::new()),
        }
    }

    /// A reader: an idle connection of the current generation, or a new one.
    pub(crate) fn get(&self) -> Result<Reader<'_>> {
        let generation = self.generation.load(Ordering::Acquire);
        let reused = {
            let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
            idle.retain(|(g, _)| *g == generation);
            idle.pop().map(|(_, store)| store)
        };
        let store = match reused {
            Some(store) => store,
            None if self.read_only_folder => Store::open_read_only_folder(&self.path)?,
            None => Store::open_reader(&self.path)?,
        };
        Ok(Reader {
            pool: self,
            generation,
            store: Some(store),
        })
    }

    /// Forgets every open connection (the file behind them changed).
    pub(crate) fn reset(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        self.idle.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }
}

impl std::ops::Deref for Reader<'_> {
    type Target = Store;
    fn deref(&self) -> &Store {
        // Present from creation until drop.
        self.store.as_ref().unwrap_or_else(|| unreachable!())
    }
}

impl Drop for Reader<'_> {
    fn drop(&mut self) {
        let Some(store) = self.store.take() else {
            return;
        };
        if self.generation != self.pool.generation.load(Ordering::Acquire) {
            return;
        }
        let mut idle = self.pool.idle.lock().unwrap_or_else(|p| p.into_inner());
        if idle.len() < KEPT {
            idle.push((self.generation, store));
        }
    }
}
