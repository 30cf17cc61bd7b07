//! `drop-column-or-table`: removing a column or a table.
//!
//! Reason: running code (and the version a rollback restores) still reads
//! and writes it, ORMs cache column lists (Rails needs `ignored_columns`
//! deployed first), and the data is gone for good once the migration runs.
//! Tables created in the same file are skipped.
//! Source: squawk `ban_drop_column.rs`, `ban_drop_table.rs`;
//! strong_migrations `checks.rb` `check_remove_column`; GitLab
//! `tooling/danger/ignored_model_columns.rb`.

use super::{is_comment, Change, Hit, Pattern, Rule};
use crate::brief::changes::ChangedFile;
use crate::brief::entities::{acts_on, created_tables};

/// The rule.
pub const RULE: Rule = Rule {
    name: "drop-column-or-table",
    tags: &["migrations", "rollback", "data-loss"],
    why: "running code and a rollback still use it, ORMs cache columns, and the data is gone once this runs",
    source: "squawk ban_drop_column.rs, ban_drop_table.rs; strong_migrations check_remove_column; GitLab ignored_model_columns.rb",
    check,
};

static DROP: Pattern = Pattern::new(
    r"\bdrop\s+column\b|\bdrop\s+table\b|\bremove_columns?\b|\bdrop_table\b|\bremove_(reference|belongs_to)\b|\bmigrations\.(RemoveField|DeleteModel)\s*\(|\bop\.drop_(column|table)\s*\(|<drop(Column|Table)\b|\bdrop(Column|Table)\s*:|\.drop(Column|Table|TableIfExists)\s*\(",
);

fn check(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    if file.migration.is_none() && !file.is_sql() {
        return;
    }
    let created = created_tables(file);
    for (at, line) in file.added_at() {
        if is_comment(&line.text) || !DROP.is_match(&line.text) {
            continue;
        }
        if !acts_on(&file.statement(at), &created) {
            out.push(Hit::at(line));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines;
    use super::*;

    #[test]
    fn drops_in_each_ecosystem() {
        for (path, body) in [
            (
                "prisma/migrations/4_drop/migration.sql",
                "ALTER TABLE \"Listing\" DROP COLUMN \"legacy_price\";",
            ),
            ("db/migration/V20__drop.sql", "DROP TABLE fare_rules_v1;"),
            (
                "db/migrate/20_drop.rb",
                "remove_column :listings, :legacy_price, :integer",
            ),
            (
                "market/migrations/0021_remove.py",
                "migrations.RemoveField(model_name='listing', name='legacy_price'),",
            ),
            (
                "alembic/versions/d2.py",
                "def upgrade():\n    op.drop_column('listings', 'legacy_price')",
            ),
            (
                "db/changelog/21.xml",
                "<dropColumn tableName=\"listings\" columnName=\"legacy_price\"/>",
            ),
            (
                "migrations/20240601_drop.js",
                "  await knex.schema.alterTable('listings', t => t.dropColumn('legacy_price'));",
            ),
        ] {
            assert_eq!(lines(&RULE, path, body).len(), 1, "{path}");
        }
        assert!(lines(
            &RULE,
            "migrations/1.sql",
            "CREATE TABLE tmp_x (id int);\nDROP TABLE tmp_x;"
        )
        .is_empty());
        assert!(lines(
            &RULE,
            "db/migrate/1.rb",
            "def up\nend\ndef down\n  drop_table :refunds\nend"
        )
        .is_empty());
    }
}
