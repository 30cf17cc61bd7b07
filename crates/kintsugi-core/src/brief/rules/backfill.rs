//! `backfill-in-migration`: bulk data changes (backfills, bulk updates and
//! deletes) inside a migration.
//!
//! Reason: a backfill in the migration's transaction holds its locks (and
//! any `ALTER TABLE`'s exclusive lock) for the whole update, touches every
//! row at once, and cannot be undone by rolling the code back. Batch it in
//! a background job instead, outside the schema change.
//! Source: strong_migrations README ("Backfilling data") and issue
//! ankane/strong_migrations#228; GitLab `tooling/danger/bulk_database_actions.rb`.

use super::{is_comment, Change, Hit, Pattern, Rule};
use crate::brief::changes::ChangedFile;

/// The rule.
pub const RULE: Rule = Rule {
    name: "backfill-in-migration",
    tags: &["migrations", "locking", "data-loss"],
    why: "a backfill in a migration holds its locks for every row at once and cannot be undone by a rollback",
    source: "strong_migrations README (Backfilling data), ankane/strong_migrations#228; GitLab bulk_database_actions.rb",
    check,
};

static BULK: Pattern = Pattern::new(
    r"\bupdate\s+[\w.\x22`]+\s+set\b|\bdelete\s+from\b|\binsert\s+into\s+[\w.\x22`]+[^;]*\bselect\b|\.(update_all|delete_all|destroy_all|upsert_all|insert_all|in_batches|find_each)\b|\.objects\b[^#]*\.(update|delete)\s*\(|\bbulk_(update|create)\s*\(|\bop\.bulk_insert\s*\(|<update\s+tableName\b|<delete\s+tableName\b",
);
static ALTER: Pattern = Pattern::new(
    r"\balter\s+table\b|\badd_column\b|\bop\.add_column\b|\bAddField\s*\(|\bchange_column\b",
);

fn check(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    if file.migration.is_none() {
        return;
    }
    let alters = file.added().any(|l| ALTER.is_match(&l.text));
    for line in file.added() {
        if is_comment(&line.text) || !BULK.is_match(&line.text) {
            continue;
        }
        let hit = Hit::at(line);
        out.push(if alters {
            hit.because("a backfill in the same migration as a schema change holds the exclusive lock for every row it updates")
        } else {
            hit
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{lines, new_file, run};
    use super::*;

    #[test]
    fn backfills_in_each_ecosystem() {
        for (path, body) in [
            (
                "migrations/060.sql",
                "UPDATE appointments SET starts_at = starts_at AT TIME ZONE clinic_tz;",
            ),
            (
                "db/migration/V61__b.sql",
                "DELETE FROM sessions WHERE expired;",
            ),
            (
                "db/migrate/62_backfill.rb",
                "Listing.where(price_cents: nil).update_all(price_cents: 0)",
            ),
            (
                "db/migrate/63_backfill.rb",
                "User.in_batches(of: 10_000) { |b| b.update_all(locale: 'en') }",
            ),
            (
                "clinic/migrations/0064_utc.py",
                "    Appointment.objects.filter(tz='local').update(tz='utc')",
            ),
            (
                "alembic/versions/b6.py",
                "def upgrade():\n    op.execute(\"UPDATE appointments SET tz = 'UTC'\")",
            ),
        ] {
            assert_eq!(lines(&RULE, path, body).len(), 1, "{path}");
        }
        assert!(
            lines(
                &RULE,
                "app/models/listing.rb",
                "Listing.where(x: 1).update_all(y: 2)"
            )
            .is_empty(),
            "outside migrations: orm-bulk-write"
        );
    }

    #[test]
    fn worse_next_to_a_schema_change() {
        let file = new_file(
            "migrations/065.sql",
            "ALTER TABLE orders ADD COLUMN region text;\nUPDATE orders SET region = 'eu';",
        );
        let hits = run(&RULE, &file);
        assert_eq!(hits.len(), 1);
    }
}
