//! Story fingerprints and tripwires: validating them when a story is
//! stored, and running them against a change.
//!
//! A tripwire is a small check a story's authors want run before every
//! future change: a regular expression matched on added lines, a path glob
//! matched on changed files, or both (the pattern only in matching files).
//! Fingerprints (`changes:`) record what an incident touched: path globs,
//! symbols and commit ids; a change touching them again is "seen before".
//!
//! Invariants: patterns compile under a fixed size limit (no pattern can
//! make a briefing slow: the `regex` crate matches in linear time), at most
//! [`MAX_TRIPWIRES`] per story and [`MAX_CHANGES`] fingerprints, and a
//! tripwire reports at most one hit per changed file.

use std::collections::HashSet;

use regex::{Regex, RegexBuilder};
use uuid::Uuid;

use super::changes::ChangedFile;
use super::glob::{looks_like_path, Glob};
use crate::error::{Error, Result};
use crate::store::FingerprintedStory;
use crate::story::Tripwire;
use crate::tag::display_form;

/// Most tripwires on one story.
pub const MAX_TRIPWIRES: usize = 50;
/// Most fingerprints (`changes`) on one story.
pub const MAX_CHANGES: usize = 200;
/// Longest tripwire pattern, in characters.
pub const MAX_PATTERN_CHARS: usize = 500;
/// Longest fingerprint or message, in characters.
const MAX_TEXT_CHARS: usize = 500;
/// Compiled size limit of one tripwire pattern, in bytes.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// Compiles a tripwire pattern (case-sensitive unless it says `(?i)`).
pub fn compile_pattern(pattern: &str) -> std::result::Result<Regex, String> {
    if pattern.chars().count() > MAX_PATTERN_CHARS {
        return Err(format!("longer than {MAX_PATTERN_CHARS} characters"));
    }
    RegexBuilder::new(pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_SIZE_LIMIT)
        .nest_limit(64)
        .build()
        .map_err(|e| {
            let detail = e.to_string();
            let last = detail
                .lines()
                .last()
                .unwrap_or("invalid")
                .trim_start_matches("error: ")
                .to_string();
            format!("not a valid regular expression: {last}")
        })
}

/// Trims, drops empty and repeated entries; a path glob must compile.
pub fn normalize_changes(changes: &[String]) -> Result<Vec<String>> {
    if changes.len() > MAX_CHANGES {
        return Err(Error::field(
            "changes",
            format!("at most {MAX_CHANGES} entries"),
        ));
    }
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (i, raw) in changes.iter().enumerate() {
        let entry = raw.trim().to_string();
        if entry.is_empty() || !seen.insert(entry.clone()) {
            continue;
        }
        if entry.chars().count() > MAX_TEXT_CHARS {
            return Err(Error::field(
                format!("changes[{i}]"),
                format!("longer than {MAX_TEXT_CHARS} characters"),
            ));
        }
        if looks_like_path(&entry) {
            Glob::new(&entry).map_err(|e| Error::field(format!("changes[{i}]"), e))?;
        }
        out.push(entry);
    }
    Ok(out)
}

/// Trims and checks tripwires: each needs a message and a pattern or a
/// path; patterns and globs must compile; names are kebab-case and unique
/// (an empty name becomes `tripwire-N`).
pub fn normalize_tripwires(tripwires: &[Tripwire]) -> Result<Vec<Tripwire>> {
    if tripwires.len() > MAX_TRIPWIRES {
        return Err(Error::field(
            "tripwires",
            format!("at most {MAX_TRIPWIRES} tripwires"),
        ));
    }
    let mut names = HashSet::new();
    let mut out = Vec::with_capacity(tripwires.len());
    for (i, t) in tripwires.iter().enumerate() {
        let field = |f: &str| format!("tripwires[{i}].{f}");
        let optional = |s: &Option<String>| {
            s.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let pattern = optional(&t.pattern);
        let path = optional(&t.path);
        let message = crate::story::collapse_whitespace(&t.message);
        if pattern.is_none() && path.is_none() {
            return Err(Error::field(
                format!("tripwires[{i}]"),
                "a tripwire needs a `pattern`, a `path`, or both",
            ));
        }
        if message.is_empty() {
            return Err(Error::field(
                field("message"),
                "a tripwire needs a message saying what to check",
            ));
        }
        if message.chars().count() > MAX_TEXT_CHARS {
            return Err(Error::field(
                field("message"),
                format!("longer than {MAX_TEXT_CHARS} characters"),
            ));
        }
        if let Some(p) = &pattern {
            compile_pattern(p).map_err(|e| Error::field(field("pattern"), e))?;
        }
        if let Some(p) = &path {
            Glob::new(p).map_err(|e| Error::field(field("path"), e))?;
        }
        let mut name = display_form(&t.name);
        if name.is_empty() {
            name = format!("tripwire-{}", i + 1);
        }
        if !names.insert(name.clone()) {
            return Err(Error::field(
                field("name"),
                format!("two tripwires are named `{name}`"),
            ));
        }
        out.push(Tripwire {
            name,
            pattern,
            path,
            message,
        });
    }
    Ok(out)
}

/// A tripwire ready to run, with the story that wrote it.
pub struct Armed {
    story_id: Uuid,
    story_title: String,
    name: String,
    pattern: Option<Regex>,
    path: Option<Glob>,
    message: String,
}

/// Where a tripwire fired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fired {
    /// The story that wrote it.
    pub story_id: Uuid,
    /// Its title.
    pub story_title: String,
    /// The tripwire's name.
    pub name: String,
    /// Changed file.
    pub file: String,
    /// New-file line (0: the file as a whole, for a path-only tripwire).
    pub line: u32,
    /// The tripwire's message.
    pub message: String,
}

/// Compiles the tripwires of `stories`; ones that no longer compile (a
/// library written by another version) are skipped and named in `notes`.
pub fn arm(stories: &[FingerprintedStory], notes: &mut Vec<String>) -> Vec<Armed> {
    let mut out = Vec::new();
    for story in stories {
        for t in &story.tripwires {
            let pattern = match t.pattern.as_deref().map(compile_pattern).transpose() {
                Ok(p) => p,
                Err(e) => {
                    notes.push(format!(
                        "tripwire `{}` of \"{}\" skipped: pattern {e}",
                        t.name, story.title
                    ));
                    continue;
                }
            };
            let path = match t.path.as_deref().map(Glob::new).transpose() {
                Ok(p) => p,
                Err(e) => {
                    notes.push(format!(
                        "tripwire `{}` of \"{}\" skipped: {e}",
                        t.name, story.title
                    ));
                    continue;
                }
            };
            if pattern.is_none() && path.is_none() {
                continue;
            }
            out.push(Armed {
                story_id: story.id,
                story_title: story.title.clone(),
                name: t.name.clone(),
                pattern,
                path,
                message: t.message.clone(),
            });
        }
    }
    out
}

/// Runs armed tripwires against the changed files. Deleted lines and
/// down migrations never trigger; `kintsugi-ignore: NAME` silences one.
pub fn run(armed: &[Armed], files: &[ChangedFile<'_>]) -> Vec<Fired> {
    let mut out = Vec::new();
    for tripwire in armed {
        for file in files {
            if tripwire.path.as_ref().is_some_and(|g| {
                !g.matches(file.path)
                    && !file.diff.old_path.as_deref().is_some_and(|p| g.matches(p))
            }) {
                continue;
            }
            let line = match &tripwire.pattern {
                Some(re) => match file.added().find(|l| re.is_match(&l.text)) {
                    Some(l) => l.number,
                    None => continue,
                },
                None => file.added().next().map_or(0, |l| l.number),
            };
            if file.suppressed(&tripwire.name, line) {
                continue;
            }
            out.push(Fired {
                story_id: tripwire.story_id,
                story_title: tripwire.story_title.clone(),
                name: tripwire.name.clone(),
                file: file.path.to_string(),
                line,
                message: tripwire.message.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::brief::rules::testing::new_file;

    fn tripwire(name: &str, pattern: Option<&str>, path: Option<&str>) -> Tripwire {
        Tripwire {
            name: name.into(),
            pattern: pattern.map(str::to_string),
            path: path.map(str::to_string),
            message: "Orders is our largest table; build indexes concurrently.".into(),
        }
    }

    #[test]
    fn normalizing_checks_every_field() {
        let ok = normalize_tripwires(&[
            tripwire(" Orders Lock ", Some("ALTER TABLE orders"), None),
            tripwire("", None, Some("db/migrate/**")),
        ])
        .unwrap();
        assert_eq!(ok[0].name, "orders-lock");
        assert_eq!(ok[1].name, "tripwire-2");
        let bad = normalize_tripwires(&[tripwire("x", Some("(unclosed"), None)]).unwrap_err();
        assert_eq!(
            bad.to_string(),
            "field `tripwires[0].pattern`: not a valid regular expression: unclosed group"
        );
        let none = normalize_tripwires(&[tripwire("x", None, None)]).unwrap_err();
        assert!(none.to_string().contains("tripwires[0]"), "{none}");
        let glob = normalize_tripwires(&[tripwire("x", None, Some("a/{b"))]).unwrap_err();
        assert!(glob.to_string().contains("tripwires[0].path"), "{glob}");
        let huge =
            normalize_tripwires(&[tripwire("x", Some("(a{1,1000}){1,1000}"), None)]).unwrap_err();
        assert!(huge.to_string().contains("pattern"), "{huge}");
        let twice = normalize_tripwires(&[
            tripwire("a", Some("x"), None),
            tripwire("A", Some("y"), None),
        ])
        .unwrap_err();
        assert!(twice.to_string().contains("named `a`"));
        assert_eq!(
            normalize_changes(&[
                " db/migrate/** ".into(),
                "".into(),
                "db/migrate/**".into(),
                "Order#cancel".into()
            ])
            .unwrap(),
            ["db/migrate/**", "Order#cancel"]
        );
        assert!(normalize_changes(&["app/{x".into()])
            .unwrap_err()
            .to_string()
            .contains("changes[0]"));
    }

    #[test]
    fn tripwires_fire_on_added_lines_of_matching_files() {
        let story = FingerprintedStory {
            id: Uuid::nil(),
            title: "Orders locked".into(),
            changes: vec![],
            tripwires: normalize_tripwires(&[
                tripwire("orders-ddl", Some("(?i)alter table orders"), Some("db/**")),
                tripwire("any-schedule", None, Some("**/schedule.yml")),
            ])
            .unwrap(),
        };
        let mut notes = Vec::new();
        let armed = arm(std::slice::from_ref(&story), &mut notes);
        assert!(notes.is_empty());
        let migration = new_file(
            "db/migrate/x.sql",
            "-- orders\nALTER TABLE orders ADD COLUMN a int;",
        );
        let elsewhere = new_file("scripts/x.sql", "ALTER TABLE orders ADD COLUMN a int;");
        let schedule = new_file("config/schedule.yml", "a:\n  cron: '0 1 * * *'");
        let files = [&migration, &elsewhere, &schedule].map(ChangedFile::new);
        let fired = run(&armed, &files);
        let got: Vec<(&str, &str, u32)> = fired
            .iter()
            .map(|f| (f.name.as_str(), f.file.as_str(), f.line))
            .collect();
        assert_eq!(
            got,
            [
                ("orders-ddl", "db/migrate/x.sql", 2),
                ("any-schedule", "config/schedule.yml", 1)
            ]
        );

        let ignored = new_file(
            "db/migrate/y.sql",
            "-- kintsugi-ignore: orders-ddl\nALTER TABLE orders ADD COLUMN a int;",
        );
        assert!(run(&armed, &[ChangedFile::new(&ignored)]).is_empty());
    }
}
