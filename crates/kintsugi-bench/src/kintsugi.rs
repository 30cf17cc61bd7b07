//! Everything this benchmark knows about Kintsugi, in one place: the
//! `kintsugi_core` calls it times (`Library::open`, `import`, `search`,
//! `related`, `stats`, `export`) and the `kintsugi` command lines it runs as
//! processes. When the core's API or the CLI changes, only this file needs
//! to follow.

use std::path::{Path, PathBuf};
use std::process::Command;

use kintsugi_core::export::ExportFormat;
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
