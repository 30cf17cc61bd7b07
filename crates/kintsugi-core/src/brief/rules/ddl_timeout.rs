//! `ddl-without-timeout`: a SQL migration alters existing tables without
//! setting `lock_timeout` (or `statement_timeout`) first.
//!
//! Reason: a DDL statement that waits for its lock (behind a long query)
//! makes every later query on the table queue behind it, so the table is
//! unavailable before the DDL even starts. A short `lock_timeout` makes it
//! fail fast instead. Checked for SQL, Flyway, Prisma, Liquibase SQL and
//! Alembic migrations; Rails and Django usually set timeouts in the
//! migration runner, which a diff cannot see.
//! Source: squawk `require_timeout_settings.rs`; strong_migrations README
//! ("Timeouts").

use super::{is_comment, Change, Hit, Pattern, Rule};
use crate::brief::changes::{ChangedFile, Migration};
use crate::brief::entities::{acts_on, created_tables};

/// The rule.
pub const RULE: Rule = Rule {
    name: "ddl-without-timeout",
    tags: &["migrations", "locking"],
    why: "DDL waiting for its lock queues every later query on the table; set lock_timeout so it fails fast",
    source: "squawk require_timeout_settings.rs; strong_migrations README (Timeouts)",
    check,
};

static DDL: Pattern = Pattern::new(
    r"^\s*(alter\s+table|create\s+(unique\s+)?index|drop\s+(index|table)|reindex)\b|\bop\.(add_column|alter_column|drop_column|create_index|drop_index|create_foreign_key|drop_table)\s*\(",
);
static TIMEOUT: Pattern = Pattern::new(r"\b(lock_timeout|statement_timeout)\b");

fn check(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    match file.migration {
        Some(Migration::Sql | Migration::Flyway | Migration::Prisma | Migration::Alembic) => {}
        Some(Migration::Liquibase) if file.is_sql() => {}
        _ => return,
    }
    if file.visible().any(|l| TIMEOUT.is_match(&l.text)) {
        return;
    }
    let created = created_tables(file);
    let first = file.added_at().find(|(at, l)| {
        !is_comment(&l.text) && DDL.is_match(&l.text) && !acts_on(&file.statement(*at), &created)
    });
    if let Some((_, line)) = first {
        out.push(Hit::at(line));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines;
    use super::*;

    #[test]
    fn one_signal_per_file_without_a_timeout() {
        assert_eq!(
            lines(
                &RULE,
                "migrations/050.sql",
                "ALTER TABLE orders ADD COLUMN note text;\nALTER TABLE orders ADD COLUMN tag text;"
            ),
            [1]
        );
        assert!(lines(
            &RULE,
            "migrations/050.sql",
            "SET lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN note text;"
        )
        .is_empty());
        assert_eq!(
            lines(
                &RULE,
                "alembic/versions/a5.py",
                "def upgrade():\n    op.add_column('orders', sa.Column('note', sa.Text()))"
            ),
            [2]
        );
        assert!(lines(&RULE, "alembic/versions/a5.py", "def upgrade():\n    op.execute(\"SET lock_timeout TO '3s'\")\n    op.add_column('orders', sa.Column('note', sa.Text()))").is_empty());
        assert!(lines(
            &RULE,
            "migrations/051.sql",
            "CREATE TABLE refunds (id bigint);\nCREATE INDEX r_idx ON refunds (id);"
        )
        .is_empty());
        assert!(
            lines(
                &RULE,
                "db/migrate/52.rb",
                "add_column :orders, :note, :text"
            )
            .is_empty(),
            "Rails sets timeouts in the runner"
        );
    }
}
