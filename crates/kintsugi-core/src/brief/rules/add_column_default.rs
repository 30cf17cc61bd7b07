//! `column-default-rewrite`: a new column whose default is volatile (or a
//! stored generated column), which makes PostgreSQL rewrite the table.
//!
//! Reason: since PostgreSQL 11 a constant default is instant, but a
//! volatile one (`gen_random_uuid()`, `random()`, `clock_timestamp()`,
//! `nextval()`) is computed per row: the whole table is rewritten under an
//! ACCESS EXCLUSIVE lock. A Django callable default (`default=uuid.uuid4`)
//! is evaluated once, so every existing row gets the same value.
//! Source: squawk `adding_field_with_default.rs` (and its list of
//! non-volatile functions); strong_migrations `checks.rb` `check_add_column`.

use super::{is_comment, Change, Hit, Pattern, Rule};
use crate::brief::changes::ChangedFile;

/// The rule.
pub const RULE: Rule = Rule {
    name: "column-default-rewrite",
    tags: &["migrations", "locking", "postgresql"],
    why: "a volatile default is computed per row: PostgreSQL rewrites the whole table under an exclusive lock",
    source: "squawk adding_field_with_default.rs; strong_migrations checks.rb check_add_column",
    check,
};

static ADD_COLUMN: Pattern = Pattern::new(
    r"\badd\s+column\b|\badd_column\b|\bop\.add_column\b|\bAddField\s*\(|<addColumn\b|\baddColumn\s*:|\bt\.(uuid|column|datetime|timestamp|integer|bigint|string)\b",
);
static VOLATILE: Pattern = Pattern::new(
    r"\b(random|gen_random_uuid|uuid_generate_v[1-4]\w*|clock_timestamp|timeofday|nextval|txid_current|newid|sys_guid|RandomUUID|Random)\s*\(|\bgenerated\s+always\s+as\b[^;]*\bstored\b",
);
static PY_CALLABLE_DEFAULT: Pattern = Pattern::new(
    r"\bdefault\s*=\s*(uuid\.uuid[14]|timezone\.now|datetime\.now|secrets\.\w+|random\.\w+)\b",
);

fn check(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    if file.migration.is_none() {
        return;
    }
    for (at, line) in file.added_at() {
        if is_comment(&line.text) || !ADD_COLUMN.is_match(&line.text) {
            continue;
        }
        let statement = file.statement(at);
        if VOLATILE.is_match(&statement) {
            out.push(Hit::at(line));
        } else if file.ext == "py"
            && statement.contains("AddField")
            && PY_CALLABLE_DEFAULT.is_match(&statement)
        {
            out.push(Hit::at(line).because(
                "a callable default is evaluated once for the new column: every existing row gets the same value",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines;
    use super::*;

    #[test]
    fn sql_prisma_and_flyway_volatile_defaults() {
        assert_eq!(
            lines(&RULE, "db/migration/V7__public_id.sql", "ALTER TABLE orders\n  ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid();"),
            [2]
        );
        assert_eq!(
            lines(&RULE, "prisma/migrations/2_x/migration.sql", "ALTER TABLE \"Order\" ADD COLUMN \"token\" TEXT NOT NULL DEFAULT md5(random()::text);"),
            [1]
        );
        assert_eq!(
            lines(
                &RULE,
                "migrations/004.sql",
                "ALTER TABLE t ADD COLUMN total numeric GENERATED ALWAYS AS (a + b) STORED;"
            ),
            [1]
        );
        assert!(lines(
            &RULE,
            "migrations/005.sql",
            "ALTER TABLE t ADD COLUMN status text DEFAULT 'new';"
        )
        .is_empty());
        assert!(lines(
            &RULE,
            "migrations/006.sql",
            "ALTER TABLE t ADD COLUMN seen_at timestamptz DEFAULT now();"
        )
        .is_empty());
    }

    #[test]
    fn rails_alembic_django_and_liquibase() {
        assert_eq!(
            lines(&RULE, "db/migrate/1_add_uuid.rb", "class AddUuid < ActiveRecord::Migration[7.1]\n  def change\n    add_column :orders, :public_id, :uuid, default: -> { \"gen_random_uuid()\" }, null: false\n  end\nend"),
            [3]
        );
        assert_eq!(
            lines(&RULE, "alembic/versions/ab12_token.py", "def upgrade():\n    op.add_column(\n        'orders',\n        sa.Column('token', sa.String(), server_default=sa.text('gen_random_uuid()')),\n    )"),
            [2]
        );
        assert_eq!(
            lines(&RULE, "shop/migrations/0009_order_ref.py", "migrations.AddField(\n    model_name='order',\n    name='ref',\n    field=models.UUIDField(default=uuid.uuid4),\n)"),
            [1]
        );
        assert_eq!(
            lines(&RULE, "db/changelog/007.xml", "<addColumn tableName=\"orders\">\n  <column name=\"ref\" type=\"uuid\" defaultValueComputed=\"gen_random_uuid()\"/>\n</addColumn>"),
            [1]
        );
        assert!(lines(
            &RULE,
            "db/migrate/2_x.rb",
            "add_column :orders, :note, :string, default: \"\""
        )
        .is_empty());
    }
}
