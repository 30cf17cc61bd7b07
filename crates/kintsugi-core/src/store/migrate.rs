//! Forward-only schema migrations, applied when a library is opened.
//!
//! The SQL lives in the workspace's `migrations/` folder and is compiled in.
//! `PRAGMA user_version` records how many have run. Each migration runs in
//! its own transaction together with the version bump, so a crash leaves the
//! file at the previous version, never half-way.

use rusqlite::Connection;

use crate::error::{Error, Result};

/// The migrations, in order; the position + 1 is the schema version.
const MIGRATIONS: &[&str] = &[
    include_str!("../../../../migrations/0001_init.sql"),
    include_str!("../../../../migrations/0002_retros.sql"),
    include_str!("../../../../migrations/0003_reading.sql"),
    include_str!("../../../../migrations/0004_fingerprints.sql"),
    include_str!("../../../../migrations/0005_team.sql"),
    include_str!("../../../../migrations/0006_counts.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings `conn` up to [`SCHEMA_VERSION`].
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if current > SCHEMA_VERSION {
        return Err(Error::SchemaTooNew {
            found: current,
            supported: SCHEMA_VERSION,
        });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}
