//! `schema-migration`: a schema migration was added or changed.
//!
//! Reason: a migration runs once against live production data, while every
//! running version of the code keeps using the tables it changes; most
//! database incidents in the library start here. The signal carries the
//! `migrations` tag so the team's migration stories come up even when no
//! more specific rule fires.
//! Source: GitLab `tooling/danger/database.rb` (every migration gets a
//! database review); strong_migrations README ("Checks").

use super::{is_comment, Change, Hit, Rule};
use crate::brief::changes::{ChangedFile, Migration};

/// The rule.
pub const RULE: Rule = Rule {
    name: "schema-migration",
    tags: &["migrations", "database"],
    why: "a migration runs once against live data while every running version of the code uses those tables",
    source: "GitLab tooling/danger/database.rb; strong_migrations README",
    check,
};

fn check(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    let Some(kind) = file.migration else {
        return;
    };
    let framework = match kind {
        Migration::Rails => "Rails",
        Migration::Django => "Django",
        Migration::Alembic => "Alembic",
        Migration::Prisma => "Prisma",
        Migration::Flyway => "Flyway",
        Migration::Liquibase => "Liquibase",
        Migration::JavaScript => "JavaScript",
        Migration::Sql => "SQL",
    };
    if let Some(line) = file
        .added()
        .find(|l| !l.text.trim().is_empty() && !is_comment(&l.text))
    {
        out.push(Hit::at(line).because(format!(
            "{framework} migration: it runs once against live data while every running version of the code uses those tables"
        )));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines;
    use super::*;

    #[test]
    fn one_signal_per_migration_file_on_its_first_code_line() {
        assert_eq!(
            lines(&RULE, "db/migrate/20240501_add_status.rb", "# frozen_string_literal: true\nclass AddStatus < ActiveRecord::Migration[7.1]\nend"),
            [2]
        );
        assert_eq!(
            lines(
                &RULE,
                "prisma/migrations/1_init/migration.sql",
                "-- CreateTable\nCREATE TABLE \"User\" (id int);"
            ),
            [2]
        );
        assert!(lines(&RULE, "app/models/order.rb", "class Order; end").is_empty());
    }
}
