//! Backups: a consistent copy of the database, checking that a file is a
//! library this build can open, and putting a backup in place of the live
//! file.
//!
//! Invariant: the live database is replaced only by a file that passed
//! [`Store::validate_backup`], and only by a rename (atomic on one file
//! system), after the file's stale WAL companions are removed.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::{read_change_seq, Store, SCHEMA_VERSION};
use crate::error::{Error, Result};

impl Store {
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
        // Written beside the destination and renamed into place, so a crash
        // never leaves a half-written file under the backup's name.
        let partial = PathBuf::from(format!("{dest_str}.partial"));
        if partial.exists() {
            std::fs::remove_file(&partial).map_err(|e| Error::io(&partial, e))?;
        }
        let partial_str = partial.to_str().unwrap_or(dest_str);
        self.conn.execute("VACUUM INTO ?1", [partial_str])?;
        std::fs::File::open(&partial)
            .and_then(|f| f.sync_all())
            .map_err(|e| Error::io(&partial, e))?;
        crate::failpoint::reached("backup.written");
        std::fs::rename(&partial, dest).map_err(|e| Error::io(dest, e))
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
}

/// Moves `staged` over the database file `db`, dropping the old WAL files
/// (their content belongs to the database being replaced). Every connection
/// to `db` must be closed first.
pub(crate) fn replace_database(db: &Path, staged: &Path) -> Result<()> {
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
