//! SQLite storage: the source of truth of a library.
//!
//! Invariants:
//! - Every write to a story happens in one transaction that also bumps the
//!   library's `change_seq` and stamps the story row (or its tombstone) with
//!   the new value. The search index replays changes by that number.
//! - An update first copies the previous content into `revisions`; nothing
//!   is overwritten without a trace. Delete only sets `deleted_at`; `purge`
//!   is the one operation that removes data, and only from the trash.

mod migrate;
mod reading;
mod retros;
mod stories;
mod team;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction};

use crate::error::{Error, Result};

pub use migrate::SCHEMA_VERSION;
pub use stories::{ChangedStory, RevisionInfo, TagCount};
pub use team::{ConflictRow, SyncRow, TeamRow, TeamTx, Unexported};

/// An open SQLite library file.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) and migrates the database at `path`.
    pub fn open(path: &Path) -> Result<Store> {
        let mut conn = Connection::open(path)?;
        configure(&conn)?;
        migrate::migrate(&mut conn)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// A migrated, empty database in memory (a placeholder while the file is swapped).
    pub fn open_in_memory() -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        migrate::migrate(&mut conn)?;
        Ok(Store {
            conn,
            path: PathBuf::from(":memory:"),
        })
    }

    /// Path of the database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The library's current change sequence number.
    pub fn change_seq(&self) -> Result<i64> {
        read_change_seq(&self.conn)
    }

    /// Writes a consistent copy of the whole library to `dest` (which must not exist).
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        if dest.exists() {
            return Err(Error::io(
                dest,
                std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    "backup file already exists",
                ),
            ));
        }
        let dest_str = dest.to_str().ok_or_else(|| {
            Error::io(
                dest,
                std::io::Error::other("backup path is not valid UTF-8"),
            )
        })?;
        self.conn.execute("VACUUM INTO ?1", [dest_str])?;
        Ok(())
    }

    /// Checks that `path` is a Kintsugi library this build can open, without changing it.
    pub fn validate_backup(path: &Path) -> Result<()> {
        let not_backup = |reason: String| Error::NotABackup {
            path: path.to_path_buf(),
            reason,
        };
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| not_backup(e.to_string()))?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| not_backup(e.to_string()))?;
        if version < 1 {
            return Err(not_backup("no Kintsugi schema".into()));
        }
        if version > SCHEMA_VERSION {
            return Err(Error::SchemaTooNew {
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        let ok: Option<String> = conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .optional()
            .map_err(|e| not_backup(e.to_string()))?;
        if ok.as_deref() != Some("ok") {
            return Err(not_backup(format!("integrity check failed: {ok:?}")));
        }
        read_change_seq(&conn).map_err(|e| not_backup(e.to_string()))?;
        Ok(())
    }

    /// Runs `f` in a write transaction that bumps the change sequence once;
    /// `f` receives the new sequence number.
    fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>, i64) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let seq = read_change_seq(&tx)? + 1;
        tx.execute(
            "UPDATE meta SET value = ?1 WHERE key = 'change_seq'",
            [seq.to_string()],
        )?;
        let out = f(&tx, seq)?;
        tx.commit()?;
        Ok(out)
    }
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

fn read_change_seq(conn: &Connection) -> Result<i64> {
    let value: String = conn.query_row(
        "SELECT value FROM meta WHERE key = 'change_seq'",
        [],
        |row| row.get(0),
    )?;
    value
        .parse()
        .map_err(|_| Error::field("meta.change_seq", format!("not a number: {value}")))
}
