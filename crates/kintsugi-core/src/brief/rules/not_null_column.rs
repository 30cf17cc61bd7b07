//! `not-null-column`: a required column added without a default, or an
//! existing column made NOT NULL.
//!
//! Reason: adding `NOT NULL` without a default fails on any table with rows
//! (and breaks inserts from code that does not know the column yet);
//! `SET NOT NULL` scans the whole table under an ACCESS EXCLUSIVE lock
//! unless a validated `CHECK (col IS NOT NULL)` already exists.
//! Source: squawk `adding_required_field.rs` and `adding_not_null_field.rs`;
//! strong_migrations `checks.rb` `check_change_column_null`;
//! django-migration-linter `sql_analyser/base.py` (NOT NULL checks).

use super::{is_comment, Change, Hit, Pattern, Rule};
use crate::brief::changes::ChangedFile;

/// The rule.
pub const RULE: Rule = Rule {
    name: "not-null-column",
    tags: &["migrations", "locking"],
    why: "NOT NULL without a default fails on a table with rows; SET NOT NULL scans the table under an exclusive lock",
    source: "squawk adding_required_field.rs, adding_not_null_field.rs; strong_migrations check_change_column_null",
    check,
};

static ADD_COLUMN: Pattern =
    Pattern::new(r"\badd\s+column\b|\badd_column\b|\bop\.add_column\b|<addColumn\b");
static NOT_NULL: Pattern = Pattern::new(
    r"\bnot\s+null\b|\bnull:\s*false\b|\bnullable\s*=\s*False\b|nullable=\x22false\x22",
);
static HAS_DEFAULT: Pattern = Pattern::new(r"\bdefault\b|server_default|defaultValue");
static SET_NOT_NULL: Pattern = Pattern::new(
    r"\bset\s+not\s+null\b|\bchange_column_null\b[^#]*\bfalse\b|\bop\.alter_column\([^#]*\bnullable\s*=\s*False|<addNotNullConstraint\b|\baddNotNullConstraint\s*:",
);
static VALIDATED_CHECK: Pattern =
    Pattern::new(r"\bvalidate\s+constraint\b|\bvalidate_check_constraint\b");

fn check(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    if file.migration.is_none() {
        return;
    }
    let validated = file.visible().any(|l| VALIDATED_CHECK.is_match(&l.text));
    for (at, line) in file.added_at() {
        if is_comment(&line.text) {
            continue;
        }
        if ADD_COLUMN.is_match(&line.text) {
            let statement = file.statement(at);
            if NOT_NULL.is_match(&statement) && !HAS_DEFAULT.is_match(&statement) {
                out.push(Hit::at(line).because(
                    "a NOT NULL column without a default fails on a table that has rows, and inserts from running code break",
                ));
            }
        } else {
            let text = if line.text.contains("op.alter_column") {
                file.statement(at)
            } else {
                line.text.clone()
            };
            if SET_NOT_NULL.is_match(&text) && !validated {
                out.push(Hit::at(line).because(
                    "SET NOT NULL scans the whole table under an exclusive lock; add a CHECK … NOT VALID, validate it, then set NOT NULL",
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines;
    use super::*;

    #[test]
    fn required_columns_in_each_ecosystem() {
        assert_eq!(
            lines(
                &RULE,
                "migrations/003.sql",
                "ALTER TABLE accounts ADD COLUMN region text NOT NULL;"
            ),
            [1]
        );
        assert!(lines(
            &RULE,
            "migrations/003.sql",
            "ALTER TABLE accounts ADD COLUMN region text NOT NULL DEFAULT 'eu';"
        )
        .is_empty());
        assert_eq!(
            lines(
                &RULE,
                "db/migrate/3_region.rb",
                "add_column :accounts, :region, :string, null: false"
            ),
            [1]
        );
        assert!(lines(
            &RULE,
            "db/migrate/3_region.rb",
            "add_column :accounts, :region, :string, null: false, default: \"eu\""
        )
        .is_empty());
        assert_eq!(
            lines(&RULE, "migrations/versions/9f_region.py", "def upgrade():\n    op.add_column('accounts', sa.Column('region', sa.String(), nullable=False))"),
            [2]
        );
    }

    #[test]
    fn set_not_null_unless_a_check_was_validated() {
        assert_eq!(
            lines(
                &RULE,
                "db/migration/V4__x.sql",
                "ALTER TABLE accounts ALTER COLUMN region SET NOT NULL;"
            ),
            [1]
        );
        assert_eq!(
            lines(
                &RULE,
                "db/migrate/4_x.rb",
                "change_column_null :accounts, :region, false"
            ),
            [1]
        );
        assert_eq!(
            lines(
                &RULE,
                "alembic/versions/4.py",
                "def upgrade():\n    op.alter_column('accounts', 'region', nullable=False)"
            ),
            [2]
        );
        assert_eq!(
            lines(
                &RULE,
                "db/changelog/4.yaml",
                "- addNotNullConstraint:\n    tableName: accounts\n    columnName: region"
            ),
            [1]
        );
        assert!(lines(
            &RULE,
            "migrations/005.sql",
            "ALTER TABLE accounts VALIDATE CONSTRAINT region_nn;\nALTER TABLE accounts ALTER COLUMN region SET NOT NULL;"
        )
        .is_empty());
        assert!(lines(
            &RULE,
            "db/migrate/4_x.rb",
            "change_column_null :accounts, :region, true"
        )
        .is_empty());
    }
}
