//! `column-type-change`: changing a column's type.
//!
//! Reason: most type changes rewrite the table and its indexes under an
//! ACCESS EXCLUSIVE lock (only a few, like widening a varchar, do not), and
//! code on either side of the deploy reads the column differently.
//! Source: squawk `changing_column_type.rs`; strong_migrations `checks.rb`
//! `check_change_column`; django-migration-linter (`AlterField`).

use super::{each_added_line, Change, Hit, Pattern, Rule};
use crate::brief::changes::ChangedFile;

/// The rule.
pub const RULE: Rule = Rule {
    name: "column-type-change",
    tags: &["migrations", "locking"],
    why: "most type changes rewrite the table and its indexes under an exclusive lock",
    source: "squawk changing_column_type.rs; strong_migrations check_change_column",
    check,
};

static TYPE_CHANGE: Pattern = Pattern::new(
    r"\balter\s+column\s+\S+\s+(set\s+data\s+)?type\b|\bmodify\s+(column\s+)?\w+\s+\w+|\bchange_column\s+:|\bchange_column\s*\(|\bt\.change\s+:|\bmigrations\.AlterField\s*\(|\bop\.alter_column\s*\([^#]*\btype_\s*=|<modifyDataType\b|\bmodifyDataType\s*:|\)\.alter\(\)",
);
static COMMENT: Pattern = Pattern::new(r"^\s*(#|//|--|/\*|\*)");

fn check(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    if file.migration.is_some() {
        each_added_line(file, &TYPE_CHANGE, Some(&COMMENT), out);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines;
    use super::*;

    #[test]
    fn type_changes_in_each_ecosystem() {
        for (path, body) in [
            ("migrations/030.sql", "ALTER TABLE appointments ALTER COLUMN starts_at TYPE timestamptz USING starts_at AT TIME ZONE 'UTC';"),
            ("db/migration/V31__t.sql", "ALTER TABLE events MODIFY COLUMN payload JSON NOT NULL;"),
            ("db/migrate/31_type.rb", "change_column :appointments, :starts_at, :datetime"),
            ("clinic/migrations/0031_t.py", "migrations.AlterField(model_name='appointment', name='starts_at', field=models.DateTimeField()),"),
            ("alembic/versions/e3.py", "def upgrade():\n    op.alter_column('appointments', 'starts_at', type_=sa.DateTime(timezone=True))"),
            ("db/changelog/31.yaml", "- modifyDataType:\n    columnName: starts_at"),
        ] {
            assert_eq!(lines(&RULE, path, body).len(), 1, "{path}");
        }
        assert!(lines(&RULE, "db/migrate/32.rb", "change_column_null :a, :b, true").is_empty());
        assert!(lines(
            &RULE,
            "db/migrate/32.rb",
            "change_column_default :a, :b, from: nil, to: 0"
        )
        .is_empty());
    }
}
