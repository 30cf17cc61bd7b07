//! SQLite storage: the source of truth of a library.
//!
//! Invariants:
//! - Every write to a story happens in one transaction that also bumps the
//!   library's `change_seq` and stamps the story row (or its tombstone) with
//!   the new value. The search index replays changes by that number.
//! - An update first copies the previous content into `revisions`; nothing
//!   is overwritten without a trace. Delete only sets `deleted_at`; `purge`
//!   is the one operation that removes data, and only from the trash.
//! - A user-level operation of several steps runs inside [`Store::atomic`]:
//!   one SQLite transaction, so a crash leaves it wholly done or not begun.
//! - Readers ([`ReaderPool`]) are read-only connections; in WAL mode they
//!   read the last committed state while the one writer works.

mod backup;
mod counts;
mod fingerprints;
mod glossary;
mod insights;
mod migrate;
mod pool;
mod reading;
mod retros;
mod stories;
mod team;

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::error::{Error, Result};

pub(crate) use backup::replace_database;
pub use fingerprints::FingerprintedStory;
pub use insights::InsightRow;
pub use migrate::SCHEMA_VERSION;
pub(crate) use pool::{Reader, ReaderPool};
pub use stories::{ChangedStory, RevisionInfo, TagCount};
pub use team::{ConflictRow, SyncRow, TeamRow, TeamTx};

/// An open SQLite library file.
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating if needed) and migrates the database at `path`.
    pub fn open(path: &Path) -> Result<Store> {
        let mut conn = Connection::open(path)?;
        configure(&conn)?;
        migrate::migrate(&mut conn)?;
        Ok(Store { conn })
    }

    /// True when SQLite opened the file for reading only (it may not be
    /// written), whatever was asked for.
    pub fn is_read_only(&self) -> Result<bool> {
        Ok(self.conn.is_readonly(rusqlite::MAIN_DB)?)
    }

    /// A migrated, empty database in memory (a placeholder while the file is swapped).
    pub fn open_in_memory() -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        migrate::migrate(&mut conn)?;
        Ok(Store { conn })
    }

    /// Opens the database at `path` for reading only. It must already
    /// exist and be migrated (a [`Store::open`] of the same file did that).
    /// In WAL mode a reader sees the last committed state and never waits
    /// for the writer.
    pub fn open_reader(path: &Path) -> Result<Store> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )?;
        conn.busy_timeout(Duration::from_secs(5))?;
        Ok(Store { conn })
    }

    /// Opens the database at `path` in a folder this process cannot write,
    /// for reading only. Every write through the result fails with SQLite's
    /// read-only error.
    ///
    /// A write-ahead log left beside the file (the last writer was killed)
    /// holds committed stories, so it is read in place: SQLite reads a WAL
    /// on read-only media when its shared-memory file exists too. With no
    /// log, SQLite cannot create the shared memory there, so the file is
    /// opened as immutable, which reads the file alone; nothing else can
    /// write it either while the folder stays read-only.
    pub fn open_read_only_folder(path: &Path) -> Result<Store> {
        let mut log = path.as_os_str().to_owned();
        log.push("-wal");
        let has_log = std::fs::metadata(&log).is_ok_and(|m| m.len() > 0);
        if has_log {
            if let Ok(store) = Store::open_uri(path, "mode=ro") {
                return Ok(store);
            }
        }
        Store::open_uri(path, "immutable=1")
    }

    /// Opens `path` for reading with the URI parameter `param`, and reads
    /// the schema once so that a file SQLite cannot read fails here.
    fn open_uri(path: &Path, param: &str) -> Result<Store> {
        let uri = format!(
            "file:{}?{param}",
            path.to_string_lossy()
                .replace('%', "%25")
                .replace('?', "%3f")
                .replace('#', "%23")
        );
        let conn = Connection::open_with_flags(
            uri,
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )?;
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))?;
        Ok(Store { conn })
    }

    /// Sets the write connection up for bulk writes (an import), or back
    /// for everyday ones.
    ///
    /// - A larger page cache: an import inserts into several indexes keyed
    ///   by random ids, and with SQLite's default 2 MB cache most of those
    ///   pages are read again from the file for every batch.
    /// - Fewer checkpoints: each copies the log into the database file and
    ///   syncs it, and with the default threshold (1,000 pages, 4 MB) every
    ///   batch of 1,000 stories set one off. The log grows to about 40 MB
    ///   instead, and is checkpointed as usual afterwards.
    pub fn bulk_writes(&self, bulk: bool) -> Result<()> {
        let (kib, pages) = if bulk {
            (BULK_CACHE_KIB, BULK_CHECKPOINT_PAGES)
        } else {
            (DEFAULT_CACHE_KIB, DEFAULT_CHECKPOINT_PAGES)
        };
        self.conn.pragma_update(None, "cache_size", -kib)?;
        self.conn.pragma_update(None, "wal_autocheckpoint", pages)?;
        Ok(())
    }

    /// Runs `f` as one transaction: everything it writes through `self`
    /// commits together or not at all (an error or a panic rolls back).
    /// This is how a user-level operation made of several steps stays atomic.
    pub fn atomic<T>(&mut self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        if !self.conn.is_autocommit() {
            // Already inside an atomic operation: the outer one decides.
            return f(self);
        }
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(self)));
        match outcome {
            Ok(Ok(value)) => match self.conn.execute_batch("COMMIT") {
                Ok(()) => Ok(value),
                Err(e) => {
                    let _ = self.conn.execute_batch("ROLLBACK");
                    Err(e.into())
                }
            },
            Ok(Err(e)) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(e)
            }
            Err(panic) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                std::panic::resume_unwind(panic)
            }
        }
    }

    /// What SQLite's `PRAGMA integrity_check` finds wrong with the file;
    /// empty when it is sound.
    pub fn integrity_problems(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows = stmt.query_map([], |row| row.get::<_, String>(0))?;
        let mut problems = Vec::new();
        for row in rows {
            let row = row?;
            if row != "ok" {
                problems.push(format!("database damaged: {row}"));
            }
        }
        Ok(problems)
    }

    /// The library's current change sequence number.
    pub fn change_seq(&self) -> Result<i64> {
        read_change_seq(&self.conn)
    }

    /// Runs `f` in a write transaction that bumps the change sequence once;
    /// `f` receives the new sequence number. Inside [`Store::atomic`] it is
    /// a savepoint of the outer transaction.
    fn write<T>(&mut self, f: impl FnOnce(&Connection, i64) -> Result<T>) -> Result<T> {
        self.scope(|conn| {
            let seq = read_change_seq(conn)? + 1;
            conn.prepare_cached("UPDATE meta SET value = ?1 WHERE key = 'change_seq'")?
                .execute([seq.to_string()])?;
            f(conn, seq)
        })
    }

    /// Runs `f` in its own transaction, or in a savepoint when an outer
    /// [`Store::atomic`] is open, so that several statements land together.
    fn scope<T>(&mut self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        if self.conn.is_autocommit() {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let out = f(&tx)?;
            tx.commit()?;
            Ok(out)
        } else {
            let sp = self.conn.savepoint()?;
            let out = f(&sp)?;
            sp.commit()?;
            Ok(out)
        }
    }
}

/// Page cache of the write connection during an import, in KiB.
const BULK_CACHE_KIB: i64 = 64 * 1024;
/// SQLite's default page cache, in KiB.
const DEFAULT_CACHE_KIB: i64 = 2000;
/// Log size, in pages, that sets off a checkpoint during an import.
const BULK_CHECKPOINT_PAGES: i64 = 10_000;
/// SQLite's default checkpoint threshold, in pages.
const DEFAULT_CHECKPOINT_PAGES: i64 = 1_000;

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

fn read_change_seq(conn: &Connection) -> Result<i64> {
    let value: String = conn
        .prepare_cached("SELECT value FROM meta WHERE key = 'change_seq'")?
        .query_row([], |row| row.get(0))?;
    value
        .parse()
        .map_err(|_| Error::field("meta.change_seq", format!("not a number: {value}")))
}
