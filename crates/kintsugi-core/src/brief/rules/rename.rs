//! `rename-column-or-table`: renaming a column or table.
//!
//! Reason: the code that is running while the migration deploys (and the
//! code a rollback brings back) still uses the old name, and ORMs cache
//! column lists, so reads and writes fail until every process restarts.
//! Source: squawk `renaming_column.rs`, `renaming_table.rs`;
//! strong_migrations `checks.rb` `check_rename_column`/`check_rename_table`;
//! django-migration-linter `docs/incompatibilities.md`.

use super::{each_added_line, Change, Hit, Pattern, Rule};
use crate::brief::changes::ChangedFile;

/// The rule.
pub const RULE: Rule = Rule {
    name: "rename-column-or-table",
    tags: &["migrations", "rollback"],
    why: "running code and a rollback still use the old name; ORMs cache column lists until processes restart",
    source: "squawk renaming_column.rs, renaming_table.rs; strong_migrations check_rename_column",
    check,
};

static RENAME: Pattern = Pattern::new(
    r"\brename\s+column\b|\balter\s+table\s+\S+\s+rename\s+to\b|\brename\s+table\b|\bsp_rename\b|\brename_column\b|\brename_table\b|\bmigrations\.Rename(Field|Model)\s*\(|\bop\.rename_table\s*\(|\bnew_column_name\s*=|<rename(Column|Table)\b|\brename(Column|Table)\s*[:(]",
);
static COMMENT: Pattern = Pattern::new(r"^\s*(#|//|--|/\*|\*)");

fn check(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    if file.migration.is_some() || file.is_sql() {
        each_added_line(file, &RENAME, Some(&COMMENT), out);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines;
    use super::*;

    #[test]
    fn renames_in_each_ecosystem() {
        for (path, body) in [
            ("migrations/012.sql", "ALTER TABLE subscriptions RENAME COLUMN account_id TO customer_id;"),
            ("migrations/013.sql", "ALTER TABLE plans RENAME TO price_plans;"),
            ("db/migrate/11_rename.rb", "rename_column :subscriptions, :account_id, :customer_id"),
            ("db/migrate/12_rename.rb", "rename_table :plans, :price_plans"),
            ("billing/migrations/0005_rename.py", "migrations.RenameField(model_name='subscription', old_name='account', new_name='customer'),"),
            ("alembic/versions/c1.py", "def upgrade():\n    op.alter_column('subscriptions', 'account_id', new_column_name='customer_id')"),
            ("db/changelog/12.yaml", "- renameColumn:\n    tableName: subscriptions"),
            ("migrations/2024_rename.ts", "await queryRunner.renameColumn('subscriptions', 'account_id', 'customer_id');"),
        ] {
            assert_eq!(lines(&RULE, path, body).len(), 1, "{path}");
        }
        assert!(lines(
            &RULE,
            "migrations/014.sql",
            "-- we could RENAME COLUMN later"
        )
        .is_empty());
        assert!(lines(&RULE, "app/models/plan.rb", "def rename_table; end").is_empty());
    }
}
