//! `index-not-concurrent` and `index-drop-not-concurrent`: building or
//! dropping an index on an existing table in a way that blocks writes.
//!
//! Reason: a plain `CREATE INDEX` holds a SHARE lock that blocks every
//! write to the table for the whole build; `DROP INDEX` and `REINDEX` take
//! an ACCESS EXCLUSIVE lock. `CONCURRENTLY` (Rails `algorithm:
//! :concurrently`, Django `AddIndexConcurrently`, Alembic
//! `postgresql_concurrently=True`) avoids both. Tables created in the same
//! file are skipped: nobody is writing to them yet.
//! Source: squawk `require_concurrent_index_creation.rs`,
//! `require_concurrent_index_deletion.rs`, `require_concurrent_reindex.rs`;
//! strong_migrations `checks.rb` `check_add_index`; django-migration-linter
//! `sql_analyser/postgresql.py`; GitLab `tooling/danger/index_removal.rb`.

use super::{is_comment, Change, Hit, Pattern, Rule};
use crate::brief::changes::ChangedFile;
use crate::brief::entities::{acts_on, created_tables};

/// Building an index.
pub const CREATE: Rule = Rule {
    name: "index-not-concurrent",
    tags: &["migrations", "locking", "postgresql"],
    why: "building an index without CONCURRENTLY blocks every write to the table until it finishes",
    source: "squawk require_concurrent_index_creation.rs; strong_migrations check_add_index; django-migration-linter postgresql.py",
    check: check_create,
};

/// Dropping or rebuilding an index.
pub const DROP: Rule = Rule {
    name: "index-drop-not-concurrent",
    tags: &["migrations", "locking", "postgresql"],
    why: "dropping or rebuilding an index without CONCURRENTLY takes an exclusive lock on the table",
    source: "squawk require_concurrent_index_deletion.rs, require_concurrent_reindex.rs; GitLab tooling/danger/index_removal.rb",
    check: check_drop,
};

static CREATE_INDEX: Pattern = Pattern::new(
    r"\bcreate\s+(unique\s+)?index\b|\badd_index\b|\badd_reference\b[^#]*\bindex:\s*true|\bmigrations\.AddIndex\s*\(|\bop\.create_index\s*\(|<createIndex\b|\bcreateIndex\s*:|\bdb_index\s*=\s*True|\bAlterIndexTogether\s*\(",
);
static DROP_INDEX: Pattern = Pattern::new(
    r"\bdrop\s+index\b|\breindex\b|\bremove_index\b|\bmigrations\.RemoveIndex\s*\(|\bop\.drop_index\s*\(|<dropIndex\b|\bdropIndex\s*:",
);
static CONCURRENT: Pattern = Pattern::new(
    r"\bconcurrently\b|algorithm:\s*:concurrently|postgresql_concurrently\s*=\s*True|IndexConcurrently",
);

fn check_create(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    find(file, &CREATE_INDEX, out);
}

fn check_drop(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    find(file, &DROP_INDEX, out);
}

fn find(file: &ChangedFile<'_>, pattern: &Pattern, out: &mut Vec<Hit>) {
    if file.migration.is_none() {
        return;
    }
    let created = created_tables(file);
    for (at, line) in file.added_at() {
        if is_comment(&line.text) || !pattern.is_match(&line.text) {
            continue;
        }
        let statement = file.statement(at);
        if CONCURRENT.is_match(&statement) || acts_on(&statement, &created) {
            continue;
        }
        out.push(Hit::at(line));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines;
    use super::*;

    #[test]
    fn sql_flyway_and_prisma() {
        assert_eq!(
            lines(
                &CREATE,
                "db/migration/V9__idx.sql",
                "CREATE INDEX orders_status_idx ON orders (status);"
            ),
            [1]
        );
        assert!(lines(
            &CREATE,
            "db/migration/V9__idx.sql",
            "CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);"
        )
        .is_empty());
        assert_eq!(
            lines(
                &CREATE,
                "prisma/migrations/3_idx/migration.sql",
                "-- CreateIndex\nCREATE UNIQUE INDEX \"User_email_key\" ON \"User\"(\"email\");"
            ),
            [2]
        );
        assert!(lines(
            &CREATE,
            "migrations/010.sql",
            "CREATE TABLE refunds (id bigint, order_id bigint);\nCREATE INDEX refunds_order ON refunds (order_id);"
        )
        .is_empty());
        assert_eq!(lines(&DROP, "migrations/011.sql", "DROP INDEX orders_status_idx;\nDROP INDEX CONCURRENTLY ok_idx;\nREINDEX TABLE orders;"), [1, 3]);
    }

    #[test]
    fn rails_django_alembic_liquibase() {
        assert_eq!(
            lines(&CREATE, "db/migrate/5_idx.rb", "add_index :orders, :status"),
            [1]
        );
        assert!(lines(
            &CREATE,
            "db/migrate/5_idx.rb",
            "disable_ddl_transaction!\nadd_index :orders, :status, algorithm: :concurrently"
        )
        .is_empty());
        assert!(lines(&CREATE, "db/migrate/6.rb", "create_table :refunds do |t|\n  t.bigint :order_id\nend\nadd_index :refunds, :order_id").is_empty());
        assert_eq!(
            lines(&CREATE, "shop/migrations/0004_idx.py", "migrations.AddIndex(\n    model_name='order',\n    index=models.Index(fields=['status'], name='order_status_idx'),\n)"),
            [1]
        );
        assert!(lines(&CREATE, "shop/migrations/0004_idx.py", "AddIndexConcurrently(\n    model_name='order',\n    index=models.Index(fields=['status'], name='s'),\n)").is_empty());
        assert_eq!(
            lines(
                &CREATE,
                "alembic/versions/7.py",
                "def upgrade():\n    op.create_index('ix_orders_status', 'orders', ['status'])"
            ),
            [2]
        );
        assert!(lines(&CREATE, "alembic/versions/7.py", "def upgrade():\n    op.create_index('ix', 'orders', ['status'], postgresql_concurrently=True)").is_empty());
        assert_eq!(lines(&CREATE, "db/changelog/8.xml", "<createIndex indexName=\"ix_status\" tableName=\"orders\">\n  <column name=\"status\"/>\n</createIndex>"), [1]);
        assert_eq!(
            lines(&DROP, "db/migrate/9.rb", "remove_index :orders, :status"),
            [1]
        );
        assert_eq!(
            lines(
                &DROP,
                "alembic/versions/9.py",
                "def upgrade():\n    op.drop_index('ix_orders_status')"
            ),
            [2]
        );
    }

    #[test]
    fn down_migrations_never_trigger() {
        assert!(lines(
            &DROP,
            "db/migrate/10.rb",
            "def up\nend\n\ndef down\n  remove_index :orders, :status\nend"
        )
        .is_empty());
    }
}
