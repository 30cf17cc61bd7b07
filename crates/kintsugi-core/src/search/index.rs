//! The on-disk Tantivy index and keeping it in step with SQLite.
//!
//! Invariants:
//! - The index holds exactly the live stories of the store as of the
//!   `change_seq` recorded in its last commit payload.
//! - One writer at a time: a writer is created for a batch of changes,
//!   committed once with the new payload, and dropped, so the CLI and the app
//!   can take turns on the same library. Long work (an import) may
//!   [`SearchIndex::hold`] it across batches: changes are then *sent* (the
//!   writer indexes them on its own thread while the next batch is stored)
//!   and committed now and then; what is sent but not committed is invisible
//!   to searches and rolled back on any failure.
//! - Writing takes `&self`: searches use the reader and never wait for a
//!   write, however long it runs.
//! - Anything unexpected (missing, unreadable, other format) is answered by a
//!   rebuild from SQLite, never by an error the user has to fix by hand.
//! - Opening costs the same whatever the index's size: it reads the commit
//!   metadata and opens each segment, but verifies no checksum; damage that
//!   only a checksum shows is found by [`SearchIndex::damaged_files`].

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use serde::{Deserialize, Serialize};
use tantivy::directory::error::LockError;
use tantivy::directory::MmapDirectory;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyError, Term};

use super::facets::WholeCounts;
use super::schema::{self, Fields, INDEX_FORMAT};
use super::stems;
use crate::error::{Error, Result};
use crate::store::ChangedStory;
use crate::story::Story;

/// Memory for the writer; Tantivy needs at least 15 MB.
const WRITER_MEMORY: usize = 50_000_000;
/// Tries (50 ms apart) to take the writer from another process.
const WRITER_ATTEMPTS: usize = 60;

/// What the index's last commit says about itself.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
struct Payload {
    format: u32,
    change_seq: i64,
}

/// The search index of one library.
pub struct SearchIndex {
    pub(super) index: Index,
    pub(super) reader: IndexReader,
    pub(super) fields: Fields,
    /// Tag counts of whole segments, for facets (see `facets.rs`).
    pub(super) whole_counts: std::sync::Arc<WholeCounts>,
    dir: PathBuf,
    /// False for [`SearchIndex::in_memory`].
    on_disk: bool,
    writing: Mutex<Writing>,
}

/// The writer between commits, and what it was given.
#[derive(Default)]
struct Writing {
    writer: Option<IndexWriter>,
    /// Change sequence number of everything given to the writer when some
    /// of it is not committed yet.
    sent: Option<i64>,
    /// Open [`Hold`]s: while there is one, the writer is kept.
    holds: usize,
}

/// How an opened index relates to the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexState {
    /// Caught up to this change sequence number.
    At(i64),
    /// Unusable as it stands (new, other format, unreadable): rebuild.
    NeedsRebuild,
}

impl SearchIndex {
    /// Opens the index in `dir`, creating an empty one (state
    /// [`IndexState::NeedsRebuild`]) if it is missing, unreadable or of another format.
    pub fn open(dir: &Path) -> Result<(SearchIndex, IndexState)> {
        // Tantivy can panic on damaged files rather than return an error;
        // either way the answer is the same: start over from SQLite.
        let opened = std::panic::catch_unwind(|| Self::open_existing(dir));
        match opened {
            Ok(Ok(Some(found))) => Ok(found),
            _ => Ok((Self::create_empty(dir)?, IndexState::NeedsRebuild)),
        }
    }

    fn open_existing(dir: &Path) -> Result<Option<(SearchIndex, IndexState)>> {
        if !dir.join("meta.json").exists() {
            return Ok(None);
        }
        let index = Index::open_in_dir(dir)?;
        stems::register(&index);
        let (schema, fields) = schema::build();
        if index.schema() != schema {
            return Ok(None);
        }
        let state = committed_seq(&index)?.map_or(IndexState::NeedsRebuild, IndexState::At);
        // No checksum pass here: it reads the whole index (hundreds of MB
        // on a large library) on every open. Files that do not even parse
        // fail just below; quieter damage is found by
        // [`SearchIndex::damaged_files`] (`check`, and the app in the
        // background after it opens).
        let reader = reader(&index)?;
        let searcher = reader.searcher();
        for segment in searcher.segment_readers() {
            segment.inverted_index(fields.id)?;
        }
        Ok(Some((
            SearchIndex {
                index,
                reader,
                fields,
                whole_counts: Default::default(),
                dir: dir.to_path_buf(),
                on_disk: true,
                writing: Mutex::default(),
            },
            state,
        )))
    }

    /// An empty index held in memory, for a library whose folder cannot be
    /// written: Tantivy takes a lock file even to read, so the one on disk
    /// cannot be opened there, and this one is rebuilt from SQLite instead.
    pub fn in_memory(dir: &Path) -> Result<SearchIndex> {
        let (schema, fields) = schema::build();
        let mut index = SearchIndex::over(Index::create_in_ram(schema), fields, dir)?;
        index.on_disk = false;
        Ok(index)
    }

    fn create_empty(dir: &Path) -> Result<SearchIndex> {
        if dir.exists() {
            std::fs::remove_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let (schema, fields) = schema::build();
        let directory = MmapDirectory::open(dir).map_err(|e| Error::Index(e.into()))?;
        let index = Index::create(directory, schema, tantivy::IndexSettings::default())?;
        SearchIndex::over(index, fields, dir)
    }

    /// A front over a freshly created `index`, with its reader.
    fn over(index: Index, fields: schema::Fields, dir: &Path) -> Result<SearchIndex> {
        stems::register(&index);
        let reader = reader(&index)?;
        Ok(SearchIndex {
            index,
            reader,
            fields,
            whole_counts: Default::default(),
            dir: dir.to_path_buf(),
            on_disk: true,
            writing: Mutex::default(),
        })
    }

    /// Replaces the whole content with `stories`, recording `change_seq`.
    pub fn rebuild<'a>(
        &self,
        stories: impl IntoIterator<Item = &'a Story>,
        change_seq: i64,
    ) -> Result<()> {
        self.with_writer(change_seq, true, |writer, fields| {
            writer.delete_all_documents()?;
            for story in stories {
                writer.add_document(schema::document(fields, story))?;
            }
            Ok(())
        })
    }

    /// Applies store changes in one commit, recording `change_seq`.
    pub fn apply(&self, changes: &[ChangedStory], change_seq: i64) -> Result<()> {
        self.with_writer(change_seq, true, |writer, fields| {
            add(writer, fields, changes)
        })
    }

    /// Gives store changes up to `change_seq` to the held writer without
    /// committing them: Tantivy indexes them on its own thread while the
    /// caller stores the next batch, and the next commit (an
    /// [`SearchIndex::apply`], or the end of the [`Hold`]) makes them
    /// visible. Without a hold this is [`SearchIndex::apply`].
    pub fn send(&self, changes: &[ChangedStory], change_seq: i64) -> Result<()> {
        self.with_writer(change_seq, false, |writer, fields| {
            add(writer, fields, changes)
        })
    }

    /// Commits what was sent and not committed yet, if anything.
    pub fn commit_sent(&self) -> Result<()> {
        let sent = lock(&self.writing).sent;
        match sent {
            Some(seq) => self.with_writer(seq, true, |_, _| Ok(())),
            None => Ok(()),
        }
    }

    /// Keeps the writer (and Tantivy's writer lock) between commits until
    /// the returned hold is released: for long work of many batches.
    pub fn hold(&self) -> Hold<'_> {
        lock(&self.writing).holds += 1;
        Hold { index: self }
    }

    /// The change sequence number of everything given to the writer,
    /// committed or not; the last commit's when nothing is pending.
    pub fn sent_seq(&self) -> Result<Option<i64>> {
        match lock(&self.writing).sent {
            Some(seq) => Ok(Some(seq)),
            None => self.change_seq(),
        }
    }

    /// Runs `f` with the writer (taking it if nobody holds it), records
    /// `change_seq` as sent, and commits when `commit` says so or nobody
    /// holds the writer. On any failure the writer is dropped, which rolls
    /// back what was not committed, so what is sent is again what is
    /// committed and the next refresh sends the rest anew.
    fn with_writer(
        &self,
        change_seq: i64,
        commit: bool,
        f: impl FnOnce(&mut IndexWriter, &Fields) -> Result<()>,
    ) -> Result<()> {
        let mut writing = lock(&self.writing);
        let outcome = (|| {
            if writing.writer.is_none() {
                writing.writer = Some(self.writer()?);
            }
            let writer = writing.writer.as_mut().expect("writer just taken");
            f(writer, &self.fields)?;
            writing.sent = Some(change_seq);
            if commit || writing.holds == 0 {
                self.commit(writing.writer.as_mut().expect("writer held"), change_seq)?;
                writing.sent = None;
            }
            Ok(())
        })();
        if outcome.is_err() {
            writing.writer = None;
            writing.sent = None;
        } else if writing.holds == 0 {
            if let Some(writer) = writing.writer.take() {
                writer.wait_merging_threads()?;
            }
        }
        outcome
    }

    /// Index files whose content no longer matches their checksum (damage
    /// on disk). Reads every file of the index: for `check` and background
    /// work, never on a path a person waits for.
    pub fn damaged_files(&self) -> Result<Vec<String>> {
        // Through an index opened for this pass alone: its file mappings
        // go when it does. The searcher's own mappings would keep every
        // page the pass read counted in the process's memory (hundreds of
        // MB at 100,000 stories) for as long as the library is open.
        let opened;
        let index = if self.on_disk {
            opened = Index::open_in_dir(&self.dir)?;
            &opened
        } else {
            &self.index
        };
        let mut damaged: Vec<String> = index
            .validate_checksum()?
            .into_iter()
            .map(|path| path.display().to_string())
            .collect();
        damaged.sort();
        Ok(damaged)
    }

    /// The change sequence number of the last commit, if readable.
    pub fn change_seq(&self) -> Result<Option<i64>> {
        committed_seq(&self.index)
    }

    /// Ids of every indexed story.
    pub fn indexed_ids(&self) -> Result<Vec<String>> {
        use tantivy::schema::Value;
        let searcher = self.reader.searcher();
        let mut ids = Vec::new();
        for segment in searcher.segment_readers() {
            let store = segment
                .get_store_reader(1)
                .map_err(|e| Error::io(&self.dir, e))?;
            for doc_id in segment.doc_ids_alive() {
                let doc: tantivy::TantivyDocument = store.get(doc_id)?;
                if let Some(id) = doc.get_first(self.fields.id).and_then(|v| v.as_str()) {
                    ids.push(id.to_string());
                }
            }
        }
        Ok(ids)
    }

    /// Folder the index lives in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Takes the single writer, waiting briefly if another process holds it.
    fn writer(&self) -> Result<IndexWriter> {
        for _ in 0..WRITER_ATTEMPTS {
            match self.index.writer_with_num_threads(1, WRITER_MEMORY) {
                Ok(writer) => {
                    // A process killed during a commit can leave files no
                    // commit names (a deletes file, a half segment) whose
                    // names the next commit would reuse: clear them first.
                    writer.garbage_collect_files().wait()?;
                    return Ok(writer);
                }
                Err(TantivyError::LockFailure(LockError::LockBusy, _)) => {
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                Err(other) => return Err(Error::Index(other)),
            }
        }
        Err(Error::IndexBusy)
    }

    fn commit(&self, writer: &mut IndexWriter, change_seq: i64) -> Result<()> {
        let payload = serde_json::to_string(&Payload {
            format: INDEX_FORMAT,
            change_seq,
        })?;
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&payload);
        prepared.commit()?;
        self.reader.reload()?;
        Ok(())
    }
}

/// The writer kept by [`SearchIndex::hold`]. Releasing the last hold
/// commits what was sent and gives the writer up; dropping it unreleased
/// (an error on the way) does the same, its failure left to the next
/// refresh, which finds the index behind and catches up.
pub struct Hold<'a> {
    index: &'a SearchIndex,
}

impl Hold<'_> {
    /// Commits what was sent and, if this was the last hold, gives the
    /// writer up.
    pub fn release(self) -> Result<()> {
        let outcome = self.let_go();
        std::mem::forget(self);
        outcome
    }

    fn let_go(&self) -> Result<()> {
        let sent = {
            let mut writing = lock(&self.index.writing);
            writing.holds = writing.holds.saturating_sub(1);
            if writing.holds > 0 {
                return Ok(());
            }
            writing.sent
        };
        if sent.is_some() {
            return self.index.commit_sent();
        }
        if let Some(writer) = lock(&self.index.writing).writer.take() {
            writer.wait_merging_threads()?;
        }
        Ok(())
    }
}

impl Drop for Hold<'_> {
    fn drop(&mut self) {
        let _ = self.let_go();
    }
}

/// Deletes each changed story's document and adds the live ones anew.
fn add(writer: &mut IndexWriter, fields: &Fields, changes: &[ChangedStory]) -> Result<()> {
    for change in changes {
        let id = match change {
            ChangedStory::Upsert(story) => story.id,
            ChangedStory::Remove(id) => *id,
        };
        writer.delete_term(Term::from_field_text(fields.id, &id.to_string()));
        if let ChangedStory::Upsert(story) = change {
            writer.add_document(schema::document(fields, story))?;
        }
    }
    Ok(())
}

/// Locks `mutex`; a panic while it was held dropped nothing that matters
/// here (the writer is dropped on any failure), so poison is ignored.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

/// The change sequence number in the last commit's payload, if it is of
/// this build's index format.
fn committed_seq(index: &Index) -> Result<Option<i64>> {
    Ok(index
        .load_metas()?
        .payload
        .and_then(|p| serde_json::from_str::<Payload>(&p).ok())
        .filter(|p| p.format == INDEX_FORMAT)
        .map(|p| p.change_seq))
}

fn reader(index: &Index) -> Result<IndexReader> {
    Ok(index
        .reader_builder()
        .reload_policy(ReloadPolicy::OnCommitWithDelay)
        .try_into()?)
}
