//! Everything this benchmark knows about Kintsugi, in one place: the
//! `kintsugi_core` calls it times (`Library::open`, `import`, `search`,
//! `related`, `stats`, `export`, `brief`, `team_connect`, `sync_team`,
//! `update_story`) and the `kintsugi` command lines it runs as processes. When the core's API or the CLI changes, only this file needs
//! to follow.

use std::path::{Path, PathBuf};
use std::process::Command;

use kintsugi_core::brief::{BriefInput, DiffInput};
use kintsugi_core::export::ExportFormat;
use kintsugi_core::team::{SyncReport, TeamAuthor};
use kintsugi_core::{Library, SearchRequest};
use uuid::Uuid;

use crate::Result;

/// Hits shown per search, as in the CLI's default and the peer's `LIMIT 10`.
pub const LIMIT: usize = 10;
/// Related stories asked for, as the reader shows.
pub const RELATED: usize = 5;

/// What one search found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// All matching stories.
    pub total: usize,
    /// Hits returned.
    pub shown: usize,
}

/// What one briefing found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Briefed {
    /// Rules that raised a signal, each once, in order.
    pub rules: Vec<String>,
    /// Signals raised.
    pub signals: usize,
    /// Stories shown.
    pub stories: usize,
    /// Tripwires that fired.
    pub tripwires: usize,
    /// Names the change is about (tables, columns, hosts…), lowercase.
    pub names: Vec<String>,
}

/// What one team sync did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Synced {
    /// Stories changed here by the team's changes.
    pub pulled: usize,
    /// Stories of ours sent to the team.
    pub pushed: usize,
    /// Conflicts recorded.
    pub conflicts: usize,
    /// Files skipped as invalid.
    pub invalid: usize,
}

impl From<SyncReport> for Synced {
    fn from(r: SyncReport) -> Synced {
        Synced {
            pulled: r.pulled,
            pushed: r.pushed,
            conflicts: r.conflicts.len(),
            invalid: r.invalid.len(),
        }
    }
}

/// An open library.
pub struct Kintsugi {
    library: Library,
}

impl Kintsugi {
    /// Opens (or creates) the library in folder `root`.
    pub fn open(root: &Path) -> Result<Kintsugi> {
        Ok(Kintsugi {
            library: Library::open(root)?,
        })
    }

    /// Imports every file under `dir`; any failed file is an error, since
    /// a benchmark over partly imported stories would compare nothing.
    pub fn import(&mut self, dir: &Path) -> Result<usize> {
        let report = self
            .library
            .import_paths(&[dir.to_path_buf()], &mut |_| {})?;
        if let Some(first) = report.errors.first() {
            return Err(format!(
                "kintsugi import: {} files failed, first {first:?}",
                report.errors.len()
            )
            .into());
        }
        Ok(report.imported + report.updated + report.unchanged)
    }

    /// Runs `query` in the query language, top [`LIMIT`] by relevance.
    pub fn search(&self, query: &str) -> Result<Found> {
        let results = self.library.search(&SearchRequest {
            query: query.to_string(),
            limit: LIMIT,
            ..Default::default()
        })?;
        Ok(Found {
            total: results.total,
            shown: results.hits.len(),
        })
    }

    /// Ids of the top hits of `query`, to ask for related stories of.
    pub fn ids(&self, query: &str, limit: usize) -> Result<Vec<Uuid>> {
        let results = self.library.search(&SearchRequest {
            query: query.to_string(),
            limit,
            ..Default::default()
        })?;
        Ok(results.hits.into_iter().map(|h| h.id).collect())
    }

    /// Stories related to `id`; how many came back.
    pub fn related(&self, id: Uuid) -> Result<usize> {
        Ok(self.library.related_stories(id, RELATED)?.len())
    }

    /// Live stories counted by `stats`.
    pub fn stats(&self) -> Result<u64> {
        Ok(self.library.library_stats()?.stories)
    }

    /// Exports every live story as a Markdown file into `dir`.
    pub fn export_markdown(&self, dir: &Path) -> Result<usize> {
        Ok(self.library.export_library(dir, ExportFormat::Md)?.stories)
    }

    /// Briefs the unified diff `diff` (named `name` in messages), no free
    /// text, the default number of stories, as `kintsugi brief --diff` does.
    pub fn brief(&self, name: &str, diff: &[u8]) -> Result<Briefed> {
        let briefing = self.library.brief(&BriefInput {
            diff: DiffInput::Bytes {
                name: name.to_string(),
                bytes: diff.to_vec(),
            },
            text: String::new(),
            limit: 0,
        })?;
        let mut rules: Vec<String> = Vec::new();
        for signal in &briefing.signals {
            if !rules.contains(&signal.rule) {
                rules.push(signal.rule.clone());
            }
        }
        Ok(Briefed {
            rules,
            signals: briefing.signals.len(),
            stories: briefing.stories.len(),
            tripwires: briefing.tripwires.len(),
            names: briefing
                .entities
                .all()
                .into_iter()
                .map(str::to_string)
                .collect(),
        })
    }

    /// Connects this library to the team repository `remote` (a path) as
    /// `author`, with an explicit e-mail so no git identity is read, and
    /// runs the first sync.
    pub fn team_connect(&self, remote: &Path, author: &str) -> Result<Synced> {
        let remote = remote
            .to_str()
            .ok_or("the team repository's path is not UTF-8")?;
        let author = TeamAuthor {
            name: author.to_string(),
            email: format!("{}@bench.invalid", author.to_lowercase().replace(' ', "-")),
        };
        Ok(self
            .library
            .team_connect(remote, Some(author), &mut |_| {})?
            .into())
    }

    /// Syncs with the team repository (export, fetch, merge, import, push).
    pub fn sync_team(&self) -> Result<Synced> {
        Ok(self.library.sync_team(&mut |_| {})?.into())
    }

    /// Replaces story `id`'s summary with `summary` (a new revision).
    pub fn edit_summary(&self, id: Uuid, summary: &str) -> Result<()> {
        let story = self.library.get_story(id)?;
        let mut content = story.content;
        content.summary = summary.to_string();
        self.library
            .update_story(id, content, Some(story.revision))?;
        Ok(())
    }

    /// Story `id`'s summary.
    pub fn summary(&self, id: Uuid) -> Result<String> {
        Ok(self.library.get_story(id)?.content.summary)
    }
}

/// The `kintsugi` binary and the command lines run with it.
#[derive(Debug, Clone)]
pub struct Cli {
    /// Path of the binary.
    pub binary: PathBuf,
}

impl Cli {
    /// The `kintsugi` binary beside this benchmark's own (same target folder
    /// and profile), unless `explicit` names one.
    pub fn locate(explicit: Option<&Path>) -> Result<Cli> {
        let binary = match explicit {
            Some(path) => path.to_path_buf(),
            None => std::env::current_exe()?
                .parent()
                .map(|dir| dir.join("kintsugi"))
                .ok_or("the benchmark binary has no folder")?,
        };
        if !binary.is_file() {
            return Err(format!(
                "no kintsugi binary at {} (build it: cargo build --release -p kintsugi-cli, or pass --kintsugi PATH)",
                binary.display()
            )
            .into());
        }
        Ok(Cli { binary })
    }

    fn base(&self, library: &Path) -> Command {
        let mut command = Command::new(&self.binary);
        command.arg("--library").arg(library);
        command
    }

    /// `kintsugi import DIR --json`.
    pub fn import(&self, library: &Path, dir: &Path) -> Command {
        let mut command = self.base(library);
        command.arg("import").arg(dir).arg("--json");
        command
    }

    /// `kintsugi search --json --limit 10 -- QUERY` (snippets and facets included).
    pub fn search(&self, library: &Path, query: &str) -> Command {
        let mut command = self.base(library);
        command
            .args(["search", "--json", "--limit", &LIMIT.to_string(), "--"])
            .arg(query);
        command
    }

    /// `kintsugi brief --diff FILE`, printed as text: what the git hook
    /// runs (there with a revision range instead of a file).
    pub fn brief(&self, library: &Path, diff: &Path) -> Command {
        let mut command = self.base(library);
        command.args(["brief", "--diff"]).arg(diff);
        command
    }

    /// `kintsugi insights --json`.
    pub fn insights(&self, library: &Path) -> Command {
        let mut command = self.base(library);
        command.args(["insights", "--json"]);
        command
    }

    /// `kintsugi stats --json`.
    pub fn stats(&self, library: &Path) -> Command {
        let mut command = self.base(library);
        command.args(["stats", "--json"]);
        command
    }
}

/// `total` from the JSON `kintsugi search --json` prints.
pub fn total_from_json(stdout: &[u8]) -> Option<usize> {
    let value: serde_json::Value = serde_json::from_slice(stdout).ok()?;
    value.get("total")?.as_u64().map(|n| n as usize)
}
