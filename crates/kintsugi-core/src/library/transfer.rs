//! Bringing stories in and out: import, the sample library, export.
//!
//! An import parses files on several threads, stores what they yield in
//! file order, [`STORE_BATCH`] stories per transaction, and sends each
//! stored batch to the index writer, which it holds for the whole import:
//! Tantivy indexes one batch on its own thread while the next is stored, so
//! the two heaviest parts of an import share the machine's cores. The index
//! is committed every [`INDEX_BATCH`] stories and at the end. The write
//! lock is taken per batch, so other writes (an edit in the app) interleave
//! with a long import, and reads never wait at all.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use super::Library;
use crate::error::Result;
use crate::export::{self, ExportFormat, ExportReport};
use crate::import::{self, ImportFailure, ImportProgress, ImportReport, ParsedStory};

/// Stories stored in one transaction.
const STORE_BATCH: usize = 1_000;
/// Stories stored between two index refreshes.
const INDEX_BATCH: usize = 25_000;
/// Parsing threads at most (parsing is cheap next to storing and indexing).
const MAX_PARSERS: usize = 4;

impl Library {
    /// Imports files and folders. Never stops at a bad file: each failure is
    /// reported by path and the rest goes on. `progress` is called after
    /// each file.
    pub fn import_paths(
        &self,
        paths: &[PathBuf],
        progress: &mut dyn FnMut(&ImportProgress),
    ) -> Result<ImportReport> {
        let (files, failures) = import::collect_files(paths);
        let mut run = ImportRun {
            library: self,
            files: &files,
            report: ImportReport {
                errors: failures,
                ..Default::default()
            },
            batch: Vec::new(),
            since_refresh: 0,
        };
        let hold = self.index().hold();
        self.write_unindexed(|store| store.bulk_writes(true))?;
        let stored = self.store_all(&files, &mut run, progress);
        self.write_unindexed(|store| store.bulk_writes(false))?;
        stored?;
        self.write_unindexed(|store| self.refresh(store))?;
        hold.release()?;
        Ok(run.report)
    }

    /// Parses `files` on several threads and stores what they yield in
    /// file order through `run`.
    fn store_all(
        &self,
        files: &[PathBuf],
        run: &mut ImportRun<'_>,
        progress: &mut dyn FnMut(&ImportProgress),
    ) -> Result<()> {
        let parsers = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, MAX_PARSERS);
        let next = AtomicUsize::new(0);
        std::thread::scope(|scope| -> Result<()> {
            let (sender, parsed) = mpsc::sync_channel(64);
            for _ in 0..parsers {
                let (sender, next, files) = (sender.clone(), &next, &files);
                scope.spawn(move || loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(i) else { break };
                    if sender.send((i, import::parse_file(path))).is_err() {
                        break; // the import stopped early
                    }
                });
            }
            drop(sender);
            // Results arrive in any order; store them in file order so that
            // identity (first file wins a shared source URL) is stable.
            let mut waiting = BTreeMap::new();
            let mut done = 0;
            for (i, result) in parsed {
                waiting.insert(i, result);
                while let Some(result) = waiting.remove(&done) {
                    run.take(done, result)?;
                    done += 1;
                    progress(&ImportProgress {
                        done,
                        total: files.len(),
                        stories: run.stored(),
                        path: files[done - 1].display().to_string(),
                    });
                }
            }
            Ok(())
        })?;
        run.flush()
    }

    /// Loads the built-in sample stories (idempotent).
    pub fn load_sample(&self) -> Result<ImportReport> {
        let stories = crate::sample::stories()?;
        self.write(|store, now| {
            let mut report = ImportReport::default();
            for story in stories {
                import::store_parsed(store, Path::new("sample"), story, now)?
                    .0
                    .count(&mut report);
            }
            Ok(report)
        })
    }

    /// Exports all live stories into folder `dir`.
    pub fn export_library(&self, dir: &Path, format: ExportFormat) -> Result<ExportReport> {
        export::write(dir, format, &self.list_stories()?)
    }
}

/// One import in progress: parsed stories waiting to be stored.
struct ImportRun<'a> {
    library: &'a Library,
    files: &'a [PathBuf],
    report: ImportReport,
    batch: Vec<(usize, ParsedStory)>,
    since_refresh: usize,
}

impl ImportRun<'_> {
    /// Queues what file `i` yielded, storing a batch when one is full.
    fn take(&mut self, i: usize, parsed: Result<Vec<ParsedStory>>) -> Result<()> {
        match parsed {
            Ok(stories) => self.batch.extend(stories.into_iter().map(|s| (i, s))),
            Err(e) => self
                .report
                .errors
                .push(ImportFailure::new(&self.files[i], &e)),
        }
        if self.batch.len() >= STORE_BATCH {
            self.flush()?;
        }
        Ok(())
    }

    /// Stores the queued stories in one transaction. A story that fails is
    /// reported and rolled back alone (its own savepoint); the rest stand.
    fn flush(&mut self) -> Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let now = self.library.now();
        let (files, batch, report) = (self.files, &mut self.batch, &mut self.report);
        let count = batch.len();
        let library = self.library;
        library.write_unindexed(|store| {
            // What other writers changed since the index was last given
            // anything: then the batch's changes are exactly the stories
            // below, as nobody else writes inside one transaction.
            library.send_changes(store)?;
            let before = store.change_seq()?;
            let mut stored = Vec::with_capacity(count);
            store.atomic(|store| {
                for (i, parsed) in batch.drain(..) {
                    match import::store_parsed(store, &files[i], parsed, now) {
                        Ok((outcome, story)) => {
                            outcome.count(report);
                            stored.extend(story);
                        }
                        Err(e) => report.errors.push(ImportFailure::new(&files[i], &e)),
                    }
                    crate::failpoint::reached("import.story");
                }
                Ok(())
            })?;
            library.send_stored(store, before, stored)
        })?;
        self.since_refresh += count;
        if self.since_refresh >= INDEX_BATCH {
            self.since_refresh = 0;
            self.library
                .write_unindexed(|store| self.library.refresh(store))?;
        }
        Ok(())
    }

    fn stored(&self) -> usize {
        self.report.imported + self.report.updated + self.report.unchanged
    }
}
