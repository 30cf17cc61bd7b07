//! Fixtures shared by the integration tests: real library folders on disk
//! and the public postmortem corpus that sits beside the repository.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report
#![allow(dead_code)] // each test binary uses a different subset

use std::path::{Path, PathBuf};

use kintsugi_core::{Library, SearchRequest, SearchResults};

/// The shared corpus folder (`../shared/corpus` from the repository root).
pub fn corpus() -> PathBuf {
    // Beside the repository; a checkout nested one level deeper (a git
    // worktree under a folder of worktrees) finds it one folder further up.
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = ["../../../shared/corpus", "../../../../shared/corpus"]
        .iter()
        .map(|p| manifest.join(p))
        .find(|p| p.is_dir())
        .unwrap_or_else(|| manifest.join("../../../shared/corpus"));
    assert!(
        dir.is_dir(),
        "the shared postmortem corpus is expected at {} (beside the repository)",
        dir.display()
    );
    dir.canonicalize().expect("corpus path")
}

/// The icco/postmortems collection: 242 Markdown files with front matter.
pub fn icco() -> PathBuf {
    corpus().join("icco-postmortems")
}

/// The danluu list document.
pub fn danluu() -> PathBuf {
    corpus().join("danluu-post-mortems.md")
}

/// A library in a fresh temporary folder; keep the guard alive.
pub fn library() -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().expect("temp dir");
    let library = Library::open(dir.path()).expect("open library");
    (dir, library)
}

/// Imports without progress reporting.
pub fn import(library: &Library, paths: &[PathBuf]) -> kintsugi_core::import::ImportReport {
    library
        .import_paths(paths, &mut |_| {})
        .expect("import runs")
}

/// Runs a query, up to 1000 hits.
pub fn search(library: &Library, query: &str) -> SearchResults {
    library
        .search(&SearchRequest {
            query: query.into(),
            limit: 1000,
            ..Default::default()
        })
        .unwrap_or_else(|e| panic!("search {query:?}: {e}"))
}

/// Titles of the hits of a query.
pub fn titles(library: &Library, query: &str) -> Vec<String> {
    search(library, query)
        .hits
        .into_iter()
        .map(|h| h.title)
        .collect()
}
