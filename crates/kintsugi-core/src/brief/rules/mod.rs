//! The detector rule table: what each rule looks for in the added lines of
//! a diff, the tag it emits (from the library's own vocabulary, matched with
//! [`crate::tag::tag_key`]), why it matters in one line, and where the rule
//! comes from. One file per rule (or per small family sharing its patterns),
//! each with tests on real syntax of the ecosystems it covers.
//!
//! To add a rule: write `rules/<name>.rs` with a `pub const RULE: Rule` (or
//! several) and its tests, and list it in [`RULES`] below. `docs/brief.md`
//! lists every rule with its reason and source.
//!
//! Invariants: rules read only [`ChangedFile::added`] lines (plus removed
//! lines where the removal itself is the change, like a deleted flag
//! definition); every pattern is a compiled-once regular expression, so a
//! briefing is linear in the size of the diff.

use std::sync::OnceLock;

use regex::{Captures, Match, Regex, RegexBuilder};

use super::changes::ChangedFile;
use super::diff::DiffLine;

mod add_column_default;
mod admin_hard_delete;
mod backfill;
mod boot_side_effect;
mod cache_flush;
mod certificate;
mod constraint_not_valid;
mod cron_schedule;
mod cron_writes;
mod data_destruction;
mod ddl_timeout;
mod dependency_globals;
mod dependency_unpinned;
mod dns_change;
mod drop_column;
mod flag_check;
mod flag_default;
mod flag_removed;
mod image_latest;
mod index_concurrently;
mod irreversible;
mod log_verbosity;
mod not_null_column;
mod orm_bulk;
mod orm_cascade;
mod orm_scope;
mod persisted_format;
mod poll_delay;
mod rename;
mod required_config;
mod retry_backoff;
mod retry_budget;
mod retry_until_success;
mod schema_migration;
mod third_party_script;
mod type_change;
mod user_messaging;
mod yaml_duplicate_key;
mod yaml_indentation;
mod yaml_special;
mod yaml_truthy;

/// Every rule, grouped as `docs/brief.md` lists them.
pub const RULES: &[&Rule] = &[
    // Migrations (Rails, Django, Alembic, Prisma, Flyway/Liquibase, plain SQL)
    &schema_migration::RULE,
    &add_column_default::RULE,
    &not_null_column::RULE,
    &index_concurrently::CREATE,
    &index_concurrently::DROP,
    &rename::RULE,
    &drop_column::RULE,
    &type_change::RULE,
    &constraint_not_valid::RULE,
    &ddl_timeout::RULE,
    &backfill::RULE,
    &irreversible::RULE,
    // ORM side effects
    &orm_bulk::RULE,
    &orm_cascade::RULE,
    &orm_scope::RULE,
    // Scheduled jobs and cron
    &cron_schedule::RULE,
    &cron_writes::RULE,
    // YAML and config
    &yaml_truthy::RULE,
    &yaml_special::RULE,
    &yaml_duplicate_key::RULE,
    &yaml_indentation::RULE,
    &image_latest::RULE,
    // Retries and load
    &retry_backoff::RULE,
    &retry_until_success::RULE,
    &retry_budget::RETRIES,
    &retry_budget::TIMEOUTS,
    &poll_delay::RULE,
    // Cache and data destruction
    &cache_flush::RULE,
    &admin_hard_delete::RULE,
    &data_destruction::RULE,
    // Feature flags
    &flag_default::RULE,
    &flag_removed::RULE,
    &flag_check::RULE,
    // Start-up and deploy side effects
    &boot_side_effect::RULE,
    &required_config::RULE,
    // Rollback safety (irreversible migrations are above)
    &persisted_format::RULE,
    // Third parties and user-facing messaging
    &third_party_script::RULE,
    &dependency_unpinned::RULE,
    &dependency_globals::RULE,
    &user_messaging::RULE,
    // Operations: logging, DNS, certificates
    &log_verbosity::RULE,
    &dns_change::RULE,
    &certificate::RULE,
];

/// The rule named `name`.
pub fn rule(name: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.name == name)
}

/// What the whole change offers a rule besides the file it checks.
pub struct Change<'a> {
    /// Every changed file.
    pub files: &'a [ChangedFile<'a>],
    /// Looks words up in the rest of the repository, when there is one.
    pub probe: &'a dyn ReferenceProbe,
}

/// Finds which files of the repository (outside the diff) mention a word.
pub trait ReferenceProbe {
    /// Up to a few paths of files that mention `word`; `None` when the
    /// repository cannot be searched (a diff read from a file or stdin).
    fn files_mentioning(&self, word: &str) -> Option<Vec<String>>;
}

/// A probe for diffs without a repository.
pub struct NoRepository;

impl ReferenceProbe for NoRepository {
    fn files_mentioning(&self, _word: &str) -> Option<Vec<String>> {
        None
    }
}

/// One detector.
pub struct Rule {
    /// Stable kebab-case id, shown to users and usable in `kintsugi-ignore: NAME`.
    pub name: &'static str,
    /// Tags in the library's vocabulary; the first is the signal's tag, the
    /// others also count when stories are matched.
    pub tags: &'static [&'static str],
    /// Why it matters, in one line.
    pub why: &'static str,
    /// Where the rule comes from (a linter rule file, a check, an article).
    pub source: &'static str,
    /// Finds the rule's hits in one file.
    pub check: fn(&ChangedFile<'_>, &Change<'_>, &mut Vec<Hit>),
}

/// Where a rule fired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// New-file line number.
    pub line: u32,
    /// The text that triggered it.
    pub text: String,
    /// A more specific why than the rule's, when there is one.
    pub why: Option<String>,
}

impl Hit {
    /// A hit on `line`, showing its text.
    pub fn at(line: &DiffLine) -> Hit {
        Hit {
            line: line.number,
            text: line.text.trim().to_string(),
            why: None,
        }
    }

    /// The same hit with a specific why.
    pub fn because(mut self, why: impl Into<String>) -> Hit {
        self.why = Some(why.into());
        self
    }
}

/// A regular expression compiled on first use; case-insensitive unless
/// made with [`Pattern::exact`]. Size-limited like every pattern here.
pub struct Pattern {
    source: &'static str,
    ignore_case: bool,
    compiled: OnceLock<Option<Regex>>,
}

impl Pattern {
    /// A case-insensitive pattern.
    pub const fn new(source: &'static str) -> Pattern {
        Pattern {
            source,
            ignore_case: true,
            compiled: OnceLock::new(),
        }
    }

    /// A case-sensitive pattern.
    pub const fn exact(source: &'static str) -> Pattern {
        Pattern {
            source,
            ignore_case: false,
            compiled: OnceLock::new(),
        }
    }

    /// The compiled expression; `None` only if the source is broken, which
    /// each rule's tests would show (its positive cases stop matching).
    fn regex(&self) -> Option<&Regex> {
        self.compiled
            .get_or_init(|| {
                RegexBuilder::new(self.source)
                    .case_insensitive(self.ignore_case)
                    .size_limit(1 << 22)
                    .build()
                    .ok()
            })
            .as_ref()
    }

    /// Whether `text` matches.
    pub fn is_match(&self, text: &str) -> bool {
        self.regex().is_some_and(|r| r.is_match(text))
    }

    /// The first match.
    pub fn find<'t>(&self, text: &'t str) -> Option<Match<'t>> {
        self.regex().and_then(|r| r.find(text))
    }

    /// The first match's groups.
    pub fn captures<'t>(&self, text: &'t str) -> Option<Captures<'t>> {
        self.regex().and_then(|r| r.captures(text))
    }

    /// Every match's groups.
    pub fn captures_all<'t>(&self, text: &'t str) -> Vec<Captures<'t>> {
        self.regex()
            .map(|r| r.captures_iter(text).collect())
            .unwrap_or_default()
    }
}

/// Hits on every added line matching `pattern` (and not `unless`).
pub fn each_added_line(
    file: &ChangedFile<'_>,
    pattern: &Pattern,
    unless: Option<&Pattern>,
    out: &mut Vec<Hit>,
) {
    for line in file.added() {
        if pattern.is_match(&line.text) && !unless.is_some_and(|u| u.is_match(&line.text)) {
            out.push(Hit::at(line));
        }
    }
}

/// Whether the line is only a comment (so mentions in prose do not fire).
pub fn is_comment(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with('#')
        || t.starts_with("//")
        || t.starts_with("--")
        || t.starts_with("/*")
        || t.starts_with('*')
        || t.starts_with("<!--")
}

#[cfg(test)]
pub(crate) mod testing {
    //! Runs one rule on a diff written inline, the way a user's diff reads.

    use super::*;
    use crate::brief::diff::{self, FileDiff};

    /// A new file at `path` with `body` as its added lines.
    pub fn new_file(path: &str, body: &str) -> FileDiff {
        let lines: Vec<&str> = body.lines().collect();
        let text = format!(
            "diff --git a/{path} b/{path}\nnew file mode 100644\n--- /dev/null\n+++ b/{path}\n@@ -0,0 +1,{} @@\n{}\n",
            lines.len(),
            lines.iter().map(|l| format!("+{l}")).collect::<Vec<_>>().join("\n")
        );
        diff::parse("test", text.as_bytes())
            .unwrap()
            .files
            .remove(0)
    }

    /// A change to `path`: `body` lines start with `+`, `-` or ` `.
    pub fn changed(path: &str, body: &str) -> FileDiff {
        let old = body.lines().filter(|l| !l.starts_with('+')).count();
        let new = body.lines().filter(|l| !l.starts_with('-')).count();
        let text = format!(
            "diff --git a/{path} b/{path}\n--- a/{path}\n+++ b/{path}\n@@ -1,{old} +1,{new} @@\n{body}\n"
        );
        diff::parse("test", text.as_bytes())
            .unwrap()
            .files
            .remove(0)
    }

    /// (line, text) of the rule's hits in `file`, suppression applied.
    pub fn run(rule: &Rule, file: &FileDiff) -> Vec<(u32, String)> {
        run_with(rule, std::slice::from_ref(file), 0, &NoRepository)
    }

    /// Like [`run`], for file `at` of several, with a probe.
    pub fn run_with(
        rule: &Rule,
        files: &[FileDiff],
        at: usize,
        probe: &dyn ReferenceProbe,
    ) -> Vec<(u32, String)> {
        let changed: Vec<ChangedFile> = files.iter().map(ChangedFile::new).collect();
        let change = Change {
            files: &changed,
            probe,
        };
        let mut hits = Vec::new();
        (rule.check)(&changed[at], &change, &mut hits);
        hits.into_iter()
            .filter(|h| !changed[at].suppressed(rule.name, h.line))
            .map(|h| (h.line, h.text))
            .collect()
    }

    /// Lines of `body` (a new file at `path`) that the rule flags.
    pub fn lines(rule: &Rule, path: &str, body: &str) -> Vec<u32> {
        run(rule, &new_file(path, body))
            .into_iter()
            .map(|(l, _)| l)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_kebab_case_and_tags_known() {
        let mut seen = std::collections::HashSet::new();
        for rule in RULES {
            assert!(seen.insert(rule.name), "duplicate rule {}", rule.name);
            assert!(
                rule.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                rule.name
            );
            assert!(!rule.tags.is_empty() && !rule.why.is_empty() && !rule.source.is_empty());
            assert!(
                rule.why.len() < 200,
                "{}: keep the why to one line",
                rule.name
            );
        }
    }
}
