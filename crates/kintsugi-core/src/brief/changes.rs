//! The changed files as detectors see them: what kind of file each is
//! (migration of which framework, YAML, SQL, …), which of its lines are
//! added, which belong to a `down` migration, and what the file suppresses.
//!
//! Invariants:
//! - [`ChangedFile::added`] never yields a removed line or a line of a
//!   `down`/`downgrade`/rollback section or undo file: those never trigger.
//! - Suppression is read from every line the diff shows of the file (a new
//!   file shows all of it): `kintsugi-ignore` silences its own line and the
//!   next one, `kintsugi-ignore: rule-a, rule-b` silences those rules (or
//!   tripwire names) in the whole file.

use std::collections::HashSet;
use std::sync::OnceLock;

use regex::Regex;

use super::diff::{DiffLine, FileDiff, FileStatus, LineKind};
use super::rules::Pattern;

/// Which migration framework a file belongs to (by its path).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Migration {
    /// `db/migrate/*.rb` (ActiveRecord).
    Rails,
    /// `<app>/migrations/0001_*.py`.
    Django,
    /// `alembic/versions/*.py` or `migrations/versions/*.py`.
    Alembic,
    /// `prisma/migrations/*/migration.sql`.
    Prisma,
    /// `V1__name.sql`, `R__name.sql`, `db/migration/`.
    Flyway,
    /// `db/changelog/`, `*changelog*.{xml,yaml,yml,sql}`.
    Liquibase,
    /// Knex, Sequelize, TypeORM and other `migrations/*.{js,ts}`.
    JavaScript,
    /// Any other `.sql` under a migrations folder, or a `.sql` file with DDL.
    Sql,
}

/// One changed file, prepared for the detectors.
pub struct ChangedFile<'a> {
    /// The file's diff.
    pub diff: &'a FileDiff,
    /// Path in the new tree.
    pub path: &'a str,
    /// The path, lowercase.
    pub lower: String,
    /// File name ending, lowercase, without the dot (`rb`, `yml`, …).
    pub ext: String,
    /// The migration framework, when the path is a migration.
    pub migration: Option<Migration>,
    /// All lines of all hunks, in order.
    lines: Vec<&'a DiffLine>,
    /// Parallel to `lines`: in a down/rollback section.
    down: Vec<bool>,
    /// Rules (and tripwire names) suppressed in this file.
    ignored_rules: HashSet<String>,
    /// New-file line numbers silenced by a bare `kintsugi-ignore`.
    ignored_lines: HashSet<u32>,
}

static UNDO_FILE: Pattern =
    Pattern::new(r"(^|/)(u\d+(_\d+)*__[^/]*\.sql|[^/]*\.down\.sql|down\.sql)$");
static DOWN_START: Pattern = Pattern::new(
    r"^\s*(def\s+(self\.)?(down|downgrade\w*|backwards?\w*|reverse\w*|rollback\w*|unapply\w*|revert\w*)\b|exports\.down\b|(public\s+)?(async\s+)?down\s*(\(|:\s*(async|function|\())|down\s*=\s*(async\s*)?\(|--\s*\+goose\s+down|--\s*migrate:down|<rollback\b|rollback\s*:)",
);
static UP_START: Pattern = Pattern::new(
    r"^\s*(def\s+(self\.)?(up|upgrade\w*|change|forwards?\w*|apply\w*|migrate\w*)\b|exports\.up\b|(public\s+)?(async\s+)?up\s*(\(|:\s*(async|function|\())|--\s*\+goose\s+up|--\s*migrate:up|</rollback>)",
);
static TEST_PATH: Pattern = Pattern::new(
    r"(^|/)(spec|specs|test|tests|__tests__|testdata|fixtures)/|_(test|spec)\.\w+$|\.(test|spec)\.\w+$|(^|/)test_[^/]*\.py$|(^|/)conftest\.py$",
);
static IGNORE_RULES: Pattern = Pattern::new(r"kintsugi-ignore\s*:\s*([a-z0-9_, -]+)");

fn sql_ddl() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        regex::RegexBuilder::new(r"^\s*(alter|create|drop)\s+(table|index|unique\s+index|type|view|materialized)\b|^\s*(rename|truncate)\b")
            .case_insensitive(true)
            .build()
            .ok()
    })
    .as_ref()
}

/// The migration framework of the file at `path`, if it is one.
pub fn migration_of(path: &str) -> Option<Migration> {
    let lower = path.to_lowercase();
    let lower = lower.as_str();
    let name = lower.rsplit('/').next().unwrap_or(lower);
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    let in_dir = |dir: &str| lower.starts_with(dir) || lower.contains(&format!("/{dir}"));
    if ext == "rb" && (in_dir("db/migrate/") || in_dir("db/post_migrate/")) {
        return Some(Migration::Rails);
    }
    if ext == "py" && (in_dir("alembic/versions/") || in_dir("migrations/versions/")) {
        return Some(Migration::Alembic);
    }
    if ext == "py" && in_dir("migrations/") && name.chars().take(4).all(|c| c.is_ascii_digit()) {
        return Some(Migration::Django);
    }
    if in_dir("prisma/migrations/") && ext == "sql" {
        return Some(Migration::Prisma);
    }
    let flyway_name = (name.starts_with('v') || name.starts_with('r'))
        && name.contains("__")
        && name[1..].split("__").next().is_some_and(|v| {
            name.starts_with('r')
                || v.chars()
                    .all(|c| c.is_ascii_digit() || c == '_' || c == '.')
        });
    if ext == "sql" && (flyway_name || in_dir("db/migration/") || in_dir("flyway/")) {
        return Some(Migration::Flyway);
    }
    if (in_dir("db/changelog/") || name.contains("changelog") || in_dir("liquibase/"))
        && matches!(ext, "xml" | "yaml" | "yml" | "sql" | "json")
    {
        return Some(Migration::Liquibase);
    }
    if matches!(ext, "js" | "ts" | "mjs" | "cjs") && (in_dir("migrations/") || in_dir("migration/"))
    {
        return Some(Migration::JavaScript);
    }
    if ext == "sql"
        && (in_dir("migrations/")
            || in_dir("migrate/")
            || in_dir("migration/")
            || in_dir("schema/"))
    {
        return Some(Migration::Sql);
    }
    None
}

impl<'a> ChangedFile<'a> {
    /// Prepares `diff` for the detectors.
    pub fn new(diff: &'a FileDiff) -> ChangedFile<'a> {
        let lower = diff.path.to_lowercase();
        let name = lower.rsplit('/').next().unwrap_or(&lower);
        let ext = name
            .rsplit_once('.')
            .map_or(String::new(), |(_, e)| e.to_string());
        let lines: Vec<&DiffLine> = diff.lines().collect();
        let mut migration = migration_of(&lower);
        if migration.is_none() && ext == "sql" {
            let has_ddl = sql_ddl().is_some_and(|re| {
                lines
                    .iter()
                    .any(|l| l.kind == LineKind::Added && re.is_match(&l.text))
            });
            if has_ddl {
                migration = Some(Migration::Sql);
            }
        }
        let down = down_sections(diff, &lines, migration.is_some(), &lower);
        let mut ignored_rules = HashSet::new();
        let mut ignored_lines = HashSet::new();
        for line in lines.iter().filter(|l| l.kind != LineKind::Removed) {
            if !line.text.contains("kintsugi-ignore") {
                continue;
            }
            match IGNORE_RULES.captures(&line.text) {
                Some(caps) => {
                    let names = caps.get(1).map_or("", |m| m.as_str());
                    ignored_rules.extend(
                        names
                            .split([',', ' '])
                            .map(str::trim)
                            .filter(|n| !n.is_empty())
                            .map(str::to_string),
                    );
                }
                None => {
                    ignored_lines.insert(line.number);
                    ignored_lines.insert(line.number + 1);
                }
            }
        }
        ChangedFile {
            diff,
            path: &diff.path,
            lower,
            ext,
            migration,
            lines,
            down,
            ignored_rules,
            ignored_lines,
        }
    }

    /// Added lines outside down/rollback sections.
    pub fn added(&self) -> impl Iterator<Item = &'a DiffLine> + '_ {
        self.lines
            .iter()
            .zip(&self.down)
            .filter(|(l, down)| l.kind == LineKind::Added && !**down)
            .map(|(l, _)| *l)
    }

    /// Added lines with their position in [`ChangedFile::lines`].
    pub fn added_at(&self) -> impl Iterator<Item = (usize, &'a DiffLine)> + '_ {
        self.lines
            .iter()
            .enumerate()
            .zip(&self.down)
            .filter(|((_, l), down)| l.kind == LineKind::Added && !**down)
            .map(|((i, l), _)| (i, *l))
    }

    /// Every line of the diff of this file, in order.
    pub fn lines(&self) -> &[&'a DiffLine] {
        &self.lines
    }

    /// Removed lines.
    pub fn removed(&self) -> impl Iterator<Item = &'a DiffLine> + '_ {
        self.lines
            .iter()
            .filter(|l| l.kind == LineKind::Removed)
            .copied()
    }

    /// New-side lines (added and context) outside down sections.
    pub fn visible(&self) -> impl Iterator<Item = &'a DiffLine> + '_ {
        self.lines
            .iter()
            .zip(&self.down)
            .filter(|(l, down)| l.kind != LineKind::Removed && !**down)
            .map(|(l, _)| *l)
    }

    /// New-side lines from `before` lines above position `at` to `after`
    /// lines below it (within what the diff shows).
    pub fn around(
        &self,
        at: usize,
        before: usize,
        after: usize,
    ) -> impl Iterator<Item = &'a DiffLine> + '_ {
        let start = at.saturating_sub(before);
        let end = (at + after + 1).min(self.lines.len());
        self.lines[start..end]
            .iter()
            .filter(|l| l.kind != LineKind::Removed)
            .copied()
    }

    /// The statement starting at position `at`: following new-side lines
    /// joined until it ends, at most 30 lines. SQL ends at `;`, XML at the
    /// first `/>` or closing tag, YAML where the indentation returns, and
    /// code where its brackets balance.
    pub fn statement(&self, at: usize) -> String {
        let sql = self.is_sql();
        let xml = self.ext == "xml";
        let yaml = self.is_yaml();
        let mut out = String::new();
        let mut depth: i32 = 0;
        let mut first_indent = None;
        for (n, line) in self.lines[at.min(self.lines.len())..]
            .iter()
            .filter(|l| l.kind != LineKind::Removed)
            .take(30)
            .enumerate()
        {
            let code = strip_comment(&line.text, sql);
            let here = indent(&line.text);
            if yaml && n > 0 && !code.trim().is_empty() && Some(here) <= first_indent {
                break;
            }
            first_indent.get_or_insert(here);
            out.push_str(code);
            out.push(' ');
            for c in code.chars() {
                match c {
                    '(' | '[' | '{' => depth += 1,
                    ')' | ']' | '}' => depth -= 1,
                    _ => {}
                }
            }
            let ended = if sql {
                code.trim_end().ends_with(';')
            } else if xml {
                code.contains("/>") || code.contains("</")
            } else if yaml {
                false
            } else {
                depth <= 0
            };
            if ended {
                break;
            }
        }
        out
    }

    /// True for `.sql` files and SQL-only migration formats.
    pub fn is_sql(&self) -> bool {
        self.ext == "sql"
    }

    /// True for YAML files.
    pub fn is_yaml(&self) -> bool {
        matches!(self.ext.as_str(), "yml" | "yaml")
    }

    /// True when the file is new in this change.
    pub fn is_new(&self) -> bool {
        self.diff.status == FileStatus::Added
    }

    /// Whether the file is a test, spec or fixture (by its path).
    pub fn is_test(&self) -> bool {
        TEST_PATH.is_match(&self.lower)
    }

    /// Whether the path contains one of `parts` (lowercase substrings).
    pub fn path_has(&self, parts: &[&str]) -> bool {
        parts.iter().any(|p| self.lower.contains(p))
    }

    /// Whether `rule` is silenced at `line` of this file.
    pub fn suppressed(&self, rule: &str, line: u32) -> bool {
        self.ignored_rules.contains(rule)
            || self.ignored_rules.contains("all")
            || self.ignored_lines.contains(&line)
    }
}

/// The code part of a line: without a trailing `#`/`//`/`--` comment
/// (roughly: quotes are not tracked, which errs towards keeping text).
pub fn strip_comment(line: &str, sql: bool) -> &str {
    let trimmed = line.trim_start();
    let starts_comment = if sql {
        trimmed.starts_with("--")
    } else {
        trimmed.starts_with('#') || trimmed.starts_with("//") || trimmed.starts_with("--")
    };
    if starts_comment {
        return "";
    }
    line
}

fn indent(text: &str) -> usize {
    text.len() - text.trim_start().len()
}

/// Marks the lines of down/rollback sections (see the module docs).
fn down_sections(diff: &FileDiff, lines: &[&DiffLine], migration: bool, lower: &str) -> Vec<bool> {
    if UNDO_FILE.is_match(lower) {
        return vec![true; lines.len()];
    }
    let mut out = vec![false; lines.len()];
    if !migration {
        return out;
    }
    // Python and YAML sections end where the indentation returns.
    let by_indent = [".py", ".yml", ".yaml"].iter().any(|e| lower.ends_with(e));
    // (indent of the line that opened the section, whether it is a marker
    // that lasts to the end of the file).
    let mut scope: Option<(usize, bool)> = None;
    let mut at = 0;
    for hunk in &diff.hunks {
        if !hunk.section.is_empty() {
            if DOWN_START.is_match(&hunk.section) {
                scope = Some((indent(&hunk.section), false));
            } else if UP_START.is_match(&hunk.section) {
                scope = None;
            }
        }
        for line in &hunk.lines {
            let i = at;
            at += 1;
            if line.kind == LineKind::Removed {
                continue;
            }
            let text = &line.text;
            let trimmed = text.trim();
            if trimmed.starts_with("--rollback") {
                out[i] = true;
                continue;
            }
            if DOWN_START.is_match(text) {
                out[i] = true;
                if text.contains("</rollback>") {
                    continue;
                }
                let marker = trimmed.starts_with("--");
                scope = Some((indent(text), marker));
                continue;
            }
            if UP_START.is_match(text) {
                scope = None;
                continue;
            }
            let Some((open_indent, marker)) = scope else {
                continue;
            };
            if marker || trimmed.is_empty() {
                out[i] = true;
                continue;
            }
            let here = indent(text);
            if by_indent && here <= open_indent {
                scope = None;
                continue;
            }
            out[i] = true;
            let closes = here <= open_indent
                && (trimmed == "end" || trimmed.starts_with('}') || trimmed.starts_with("</"));
            if closes {
                scope = None;
            }
        }
    }
    debug_assert_eq!(at, lines.len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::brief::diff;

    fn file(path: &str, body: &str) -> FileDiff {
        let lines: Vec<&str> = body.lines().collect();
        let text = format!(
            "--- /dev/null\n+++ b/{path}\n@@ -0,0 +1,{} @@\n{}\n",
            lines.len(),
            lines
                .iter()
                .map(|l| format!("+{l}"))
                .collect::<Vec<_>>()
                .join("\n")
        );
        diff::parse("test", text.as_bytes())
            .unwrap()
            .files
            .remove(0)
    }

    fn added_text(f: &ChangedFile) -> Vec<String> {
        f.added().map(|l| l.text.trim().to_string()).collect()
    }

    #[test]
    fn migration_paths_of_each_framework() {
        for (path, kind) in [
            ("db/migrate/20240101_add_x.rb", Migration::Rails),
            ("billing/migrations/0012_invoice_due.py", Migration::Django),
            ("alembic/versions/3f2a_add_index.py", Migration::Alembic),
            (
                "prisma/migrations/20240101_init/migration.sql",
                Migration::Prisma,
            ),
            (
                "src/main/resources/db/migration/V12__orders.sql",
                Migration::Flyway,
            ),
            ("db/V3_1__add_column.sql", Migration::Flyway),
            (
                "src/main/resources/db/changelog/db.changelog-master.yaml",
                Migration::Liquibase,
            ),
            ("migrations/20240101_add_users.js", Migration::JavaScript),
            ("sql/migrations/004_orders.sql", Migration::Sql),
        ] {
            assert_eq!(migration_of(path), Some(kind), "{path}");
        }
        assert_eq!(migration_of("app/models/order.rb"), None);
        assert_eq!(migration_of("docs/migrations.md"), None);
    }

    #[test]
    fn rails_and_alembic_down_sections_never_count() {
        let rails = file(
            "db/migrate/1_x.rb",
            "class X < ActiveRecord::Migration[7.1]\n  def up\n    add_column :orders, :a, :int\n  end\n\n  def down\n    remove_column :orders, :a\n  end\nend",
        );
        let f = ChangedFile::new(&rails);
        let added = added_text(&f);
        assert!(added.contains(&"add_column :orders, :a, :int".to_string()));
        assert!(
            !added.iter().any(|l| l.contains("remove_column")),
            "{added:?}"
        );
        assert!(added.contains(&"end".to_string()));

        let alembic = file(
            "alembic/versions/1.py",
            "def upgrade():\n    op.add_column('orders', sa.Column('a', sa.Integer()))\n\n\ndef downgrade():\n    op.drop_column('orders', 'a')\n",
        );
        let f = ChangedFile::new(&alembic);
        let added = added_text(&f);
        assert!(added.iter().any(|l| l.contains("add_column")));
        assert!(
            !added.iter().any(|l| l.contains("drop_column")),
            "{added:?}"
        );
    }

    #[test]
    fn undo_files_and_sql_markers_are_down() {
        let undo = file(
            "db/migration/U3__orders.sql",
            "ALTER TABLE orders DROP COLUMN a;",
        );
        assert_eq!(ChangedFile::new(&undo).added().count(), 0);
        let goose = file(
            "migrations/001_x.sql",
            "-- +goose Up\nALTER TABLE a ADD COLUMN b int;\n-- +goose Down\nALTER TABLE a DROP COLUMN b;",
        );
        assert_eq!(
            added_text(&ChangedFile::new(&goose)),
            ["-- +goose Up", "ALTER TABLE a ADD COLUMN b int;"]
        );
        let liquibase = file(
            "db/changelog/001.sql",
            "--changeset a:1\nALTER TABLE a ADD b int;\n--rollback ALTER TABLE a DROP COLUMN b;",
        );
        assert_eq!(ChangedFile::new(&liquibase).added().count(), 2);
        let knex = file(
            "migrations/2024_x.js",
            "exports.up = function (knex) {\n  return knex.schema.table('a', t => t.integer('b'));\n};\nexports.down = function (knex) {\n  return knex.schema.table('a', t => t.dropColumn('b'));\n};",
        );
        let added = added_text(&ChangedFile::new(&knex));
        assert!(!added.iter().any(|l| l.contains("dropColumn")), "{added:?}");
    }

    #[test]
    fn suppression_by_line_and_by_rule() {
        let d = file(
            "x.sql",
            "-- kintsugi-ignore: index-not-concurrent, table-rewrite\nCREATE INDEX a ON b (c); -- kintsugi-ignore\nDROP TABLE z;",
        );
        let f = ChangedFile::new(&d);
        assert!(f.suppressed("index-not-concurrent", 3));
        assert!(f.suppressed("drop-table", 2));
        assert!(
            f.suppressed("drop-table", 3),
            "the line after a bare ignore"
        );
        assert!(!f.suppressed("drop-table", 1));
    }

    #[test]
    fn statements_join_lines_until_brackets_balance() {
        let d = file(
            "app/migrations/0002_x.py",
            "migrations.AddField(\n    model_name='order',\n    name='status',\n    field=models.CharField(max_length=20),\n)\nprint('after')",
        );
        let f = ChangedFile::new(&d);
        let stmt = f.statement(0);
        assert!(
            stmt.contains("CharField") && !stmt.contains("after"),
            "{stmt}"
        );
    }
}
