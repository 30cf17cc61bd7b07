//! `kintsugi brief`: from a change (a diff, a revision range, the staged
//! changes, free text) to the past incidents, lessons and open actions that
//! apply to it. See `docs/brief.md` for the user's view.
//!
//! The pipeline, each step in its own file:
//! 1. [`source`] reads the change (git or bytes), [`diff`] parses it, bounded.
//! 2. [`changes`] prepares each file for the detectors: framework, added
//!    lines outside `down` migrations, suppression comments.
//! 3. [`rules`] (the rule table) finds signals; [`entities`] finds names.
//! 4. [`tripwire`] runs the stories' own tripwires; [`seen`] finds the
//!    stories whose fingerprints the change touches again; [`matching`]
//!    ranks the library by what it shares with the change (weighing words
//!    with [`vocabulary`]), with the reasons why.
//! 5. [`report`] is the result; [`render`] prints it as text, Markdown or SARIF.
//!
//! Invariants: deleted lines and `down` migrations never trigger a signal
//! or a tripwire; every input is bounded; a briefing never loads every
//! story (the index picks candidates, the store loads only those and the
//! stories that have fingerprints).

pub mod changes;
pub mod diff;
pub mod entities;
pub mod glob;
pub mod matching;
pub mod render;
pub mod report;
pub mod rules;
pub mod seen;
pub mod source;
pub mod tripwire;
pub mod vocabulary;

use std::collections::HashSet;

pub use report::{
    BriefStory, BriefedChange, Briefing, ChangeSize, OpenAction, Signal, TripwireHit,
};
pub use source::{GitChanges, GitSource};

use crate::error::Result;
use crate::search::SearchIndex;
use crate::store::Store;
use changes::ChangedFile;
use rules::{Change, NoRepository, ReferenceProbe, RULES};

/// Stories shown when the caller does not say.
pub const DEFAULT_LIMIT: usize = 5;
/// Signals of one rule shown per file; the rest are counted in a note.
const SIGNALS_PER_RULE_AND_FILE: usize = 5;
/// Signals shown in all.
const MAX_SIGNALS: usize = 300;
/// Longest signal text shown, in characters.
const MAX_SIGNAL_TEXT: usize = 200;

/// Where the change comes from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum DiffInput {
    /// No diff: brief the free text only.
    #[default]
    None,
    /// A unified diff read from a file or standard input.
    Bytes {
        /// The file path or `stdin`, for messages.
        name: String,
        /// The diff.
        bytes: Vec<u8>,
    },
    /// Changes of a git repository.
    Git(GitSource),
}

/// What to brief.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BriefInput {
    /// The change.
    pub diff: DiffInput,
    /// Free text: a pull request's title and description.
    pub text: String,
    /// Most stories to show ([`DEFAULT_LIMIT`] when 0).
    pub limit: usize,
}

/// Paths no detector reads: vendored and generated code.
fn skipped(path: &str) -> bool {
    let lower = path.to_lowercase();
    let in_dir = |dir: &str| lower.starts_with(dir) || lower.contains(&format!("/{dir}"));
    in_dir("node_modules/")
        || in_dir("vendor/")
        || in_dir("dist/")
        || [".min.js", ".min.css", ".map"]
            .iter()
            .any(|e| lower.ends_with(e))
}

/// Runs every rule on every changed file; suppression applied, output
/// bounded (see [`SIGNALS_PER_RULE_AND_FILE`], [`MAX_SIGNALS`]).
pub fn detect(
    files: &[ChangedFile<'_>],
    probe: &dyn ReferenceProbe,
    notes: &mut Vec<String>,
) -> Vec<Signal> {
    let change = Change { files, probe };
    let mut signals = Vec::new();
    let mut dropped = 0usize;
    for file in files.iter().filter(|f| !f.diff.binary && !skipped(f.path)) {
        for rule in RULES {
            let mut hits = Vec::new();
            (rule.check)(file, &change, &mut hits);
            let mut seen = HashSet::new();
            hits.retain(|h| !file.suppressed(rule.name, h.line) && seen.insert(h.line));
            if hits.len() > SIGNALS_PER_RULE_AND_FILE {
                notes.push(format!(
                    "{}: {} more `{}` signals not shown",
                    file.path,
                    hits.len() - SIGNALS_PER_RULE_AND_FILE,
                    rule.name
                ));
                hits.truncate(SIGNALS_PER_RULE_AND_FILE);
            }
            for hit in hits {
                if signals.len() >= MAX_SIGNALS {
                    dropped += 1;
                    continue;
                }
                signals.push(Signal {
                    tag: rule.tags[0].to_string(),
                    rule: rule.name.to_string(),
                    file: file.path.to_string(),
                    line: hit.line,
                    text: hit.text.chars().take(MAX_SIGNAL_TEXT).collect(),
                    why: hit.why.unwrap_or_else(|| rule.why.to_string()),
                });
            }
        }
    }
    if dropped > 0 {
        notes.push(format!(
            "{dropped} more signals not shown (at most {MAX_SIGNALS})"
        ));
    }
    let order: Vec<&str> = files.iter().map(|f| f.path).collect();
    signals.sort_by_key(|s| (order.iter().position(|p| *p == s.file), s.line));
    signals
}

/// Briefs `input` against the library in `store` and `index`; also returns
/// the diff it read, so that a screen can show the change it briefed
/// without reading git a second time.
pub(crate) fn brief(
    store: &Store,
    index: &SearchIndex,
    input: &BriefInput,
) -> Result<(Briefing, Vec<u8>)> {
    let mut notes = Vec::new();
    let (parsed, git, bytes) = match &input.diff {
        DiffInput::None => (diff::Diff::default(), None, Vec::new()),
        DiffInput::Bytes { name, bytes } => (diff::parse(name, bytes)?, None, bytes.clone()),
        DiffInput::Git(source) => {
            let (bytes, git_notes) = source::read(source)?;
            notes.extend(git_notes);
            let mut parsed = diff::parse(&source::describe(source), &bytes)?;
            parsed.commits.extend(source::commits(source));
            (parsed, Some(source), bytes)
        }
    };
    notes.extend(parsed.notes.iter().cloned());
    let files: Vec<ChangedFile> = parsed.files.iter().map(ChangedFile::new).collect();
    let git_probe = git.map(source::GitProbe::new);
    let probe: &dyn ReferenceProbe = match &git_probe {
        Some(p) => p,
        None => &NoRepository,
    };
    let signals = detect(&files, probe, &mut notes);
    let entities = entities::extract(&files);

    let fingerprinted = store.fingerprinted()?;
    let armed = tripwire::arm(&fingerprinted, &mut notes);
    let fired = tripwire::run(&armed, &files);
    let seen = seen::seen_before(&fingerprinted, &parsed, &files);
    let evidence = matching::evidence(index, &signals, &entities, &files, &input.text)?;
    let limit = if input.limit == 0 {
        DEFAULT_LIMIT
    } else {
        input.limit
    };
    let tripped: HashSet<uuid::Uuid> = fired.iter().map(|f| f.story_id).collect();
    let stories = matching::rank(index, store, &evidence, &seen, &tripped, limit)?;

    let (files_changed, added, removed) = parsed.size();
    let briefing = Briefing {
        signals,
        stories,
        tripwires: fired
            .into_iter()
            .map(|f| TripwireHit {
                story_id: f.story_id,
                story_title: f.story_title,
                rule: f.name,
                file: f.file,
                line: f.line,
                message: f.message,
            })
            .collect(),
        entities,
        change: ChangeSize {
            files: files_changed,
            added,
            removed,
        },
        notes,
    };
    Ok((briefing, bytes))
}
