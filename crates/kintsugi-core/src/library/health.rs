//! Keeping a library sound: checking the index against the database,
//! backups, and restoring one.

use std::path::{Path, PathBuf};

use super::{lock, Library, DATABASE_FILE};
use crate::error::{Error, Result};
use crate::failpoint;
use crate::health;
use crate::store::{replace_database, Store};

use crate::health::CheckReport;

impl Library {
    /// Compares the index with the store; with `repair`, rebuilds the index
    /// when anything is off. Also reports what opening had to repair, and
    /// anything SQLite's integrity check finds in the database.
    pub fn check_library(&self, repair: bool) -> Result<CheckReport> {
        let mut problems: Vec<String> = lock(&self.repaired_on_open).take().into_iter().collect();
        let fixed_on_open = problems.len();
        let store = self.read()?;
        // Damage to the database itself is not repaired by rebuilding the
        // index: it is reported and leaves `ok` false.
        let damaged = store.integrity_problems()?;
        let index = self.index();
        problems.extend(
            index
                .damaged_files()?
                .into_iter()
                .map(|file| format!("index file {file} fails its checksum")),
        );
        // Damage in the stored documents can fail the read itself: that is
        // a problem to report (and repair), not a failed check.
        match index.indexed_ids() {
            Ok(indexed) => problems.extend(health::compare(
                store.change_seq()?,
                index.change_seq()?,
                &store.live_ids()?,
                &indexed,
            )),
            Err(e) => problems.push(format!("the index cannot be read: {e}")),
        }
        drop((index, store));
        let unresolved = problems.len() > fixed_on_open;
        let repaired = repair && unresolved;
        if repaired {
            self.rebuild_index()?;
        }
        let damage_found = !damaged.is_empty();
        problems.extend(damaged);
        Ok(CheckReport {
            ok: (!unresolved || repaired) && !damage_found,
            problems,
            repaired: repaired || fixed_on_open > 0,
        })
    }

    /// Reads every index file against its checksum and, if any is damaged,
    /// rebuilds the index from the database; returns the damaged files.
    /// Opening skips this whole-index read (see [`crate::search`]), so the
    /// app runs it in the background once a library is open.
    pub fn verify_index(&self) -> Result<Vec<String>> {
        let damaged = self.index().damaged_files()?;
        if !damaged.is_empty() {
            self.rebuild_index()?;
        }
        Ok(damaged)
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
        failpoint::reached("restore_backup.safety_copy");
        let db = self.root.join(DATABASE_FILE);
        let staged = self.root.join("restore.partial");
        std::fs::copy(source, &staged).map_err(|e| Error::io(source, e))?;
        // The copy must be on disk before the rename makes it the library.
        std::fs::File::open(&staged)
            .and_then(|f| f.sync_all())
            .map_err(|e| Error::io(&staged, e))?;
        failpoint::reached("restore_backup.staged");
        self.index_stale()?;
        self.forget_insights();
        // Close every connection to the file before it is replaced: readers
        // opened before this point are dropped instead of reused.
        self.readers.reset();
        drop(std::mem::replace(&mut *writer, Store::open_in_memory()?));
        let swapped = replace_database(&db, &staged);
        *writer = Store::open(&db)?;
        self.readers.reset();
        swapped?;
        failpoint::reached("restore_backup.swapped");
        self.rebuild_with(&writer)?;
        self.index_rebuilt()?;
        Ok(safety)
    }
}
