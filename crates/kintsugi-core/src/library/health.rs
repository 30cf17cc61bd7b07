//! Keeping a library sound: checking the index against the database,
//! backups, and restoring one.

use std::path::{Path, PathBuf};

use super::{lock, Library, DATABASE_FILE};
use crate::error::{Error, Result};
use crate::health;
use crate::store::{replace_database, Store};

use crate::health::CheckReport;

impl Library {
    /// Compares the index with the store; with `repair`, rebuilds the index
    /// when anything is off. Also reports what opening had to repair.
    pub fn check_library(&self, repair: bool) -> Result<CheckReport> {
        let mut problems: Vec<String> = lock(&self.repaired_on_open).take().into_iter().collect();
        let fixed_on_open = problems.len();
        let store = self.read()?;
        let index = self.index();
        problems.extend(health::compare(
            store.change_seq()?,
            index.change_seq()?,
            &store.live_ids()?,
            &index.indexed_ids()?,
        ));
        drop((index, store));
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
    pub fn backup_library(&self, dest: &Path) -> Result<()> {
        self.read()?.backup_to(dest)
    }

    /// Replaces the library's content with the backup at `source`. The
    /// current database is first copied to `backups/`, so this can be undone
    /// by restoring that copy, whose path is returned. If anything fails,
    /// the library stays open on whatever database is in place.
    pub fn restore_backup(&self, source: &Path) -> Result<PathBuf> {
        Store::validate_backup(source)?;
        let backups = self.root.join("backups");
        std::fs::create_dir_all(&backups).map_err(|e| Error::io(&backups, e))?;
        let safety = backups.join(format!(
            "before-restore-{}.sqlite3",
            self.now().format("%Y%m%dT%H%M%S%.3f")
        ));
        let mut writer = self.writer();
        writer.backup_to(&safety)?;
        let db = self.root.join(DATABASE_FILE);
        let staged = self.root.join("restore.partial");
        std::fs::copy(source, &staged).map_err(|e| Error::io(source, e))?;
        // Close every connection to the file before it is replaced: readers
        // opened before this point are dropped instead of reused.
        self.readers.reset();
        drop(std::mem::replace(&mut *writer, Store::open_in_memory()?));
        let swapped = replace_database(&db, &staged);
        *writer = Store::open(&db)?;
        self.readers.reset();
        swapped?;
        self.rebuild_with(&writer)?;
        Ok(safety)
    }
}
