//! Step 5 of a sync (and step 2 after a crash): the files that changed on
//! `main` since the last imported commit become new revisions here.
//!
//! Only the files `git diff-tree` names are read, in batches; each batch is
//! one SQLite transaction that reads the local story, decides and writes
//! (so an edit saved at the same moment is merged, not overwritten). A
//! story unchanged here since it was synced takes the file as it is; one
//! changed here meanwhile is merged three-way with its sync base. The last
//! imported commit moves only after every batch is in, so a crash part-way
//! repeats the import, and what was already applied is recognised as
//! unchanged.
//!
//! A file that does not parse is reported by path and field and skipped;
//! its story stays as it is here, and a later valid version is imported.

use std::collections::HashMap;

use uuid::Uuid;

use super::documents::{self, SharedList};
use super::file::{self, canonical};
use super::git::{Blob, Oid, Signature, MAIN};
use super::layout::{self, Entry};
use super::merge::{self, FieldConflict};
use super::sync::Cycle;
use super::SyncStage;
use crate::error::Result;
use crate::reading::ReadingList;
use crate::store::{ConflictRow, SyncRow, TeamTx};
use crate::story::StoryContent;

/// Stories per transaction.
const BATCH: usize = 500;
/// Commits searched for who changed a file.
const AUTHOR_COMMITS: usize = 20_000;

/// A changed story file, read.
struct Incoming {
    id: Uuid,
    path: String,
    text: Option<String>,
    content: Option<StoryContent>,
}

#[derive(Default)]
struct Applied {
    pulled: bool,
    merged: bool,
    conflicts: Vec<FieldConflict>,
}

/// Imports `main`'s changes up to commit `to`. `pre` is the local `main`
/// before the team's commits were merged in: commits it holds are ours,
/// so the teammates' commits are preferred when naming who changed a file.
pub(super) fn import(cycle: &mut Cycle<'_>, to: &str, pre: Option<&str>) -> Result<()> {
    let from = cycle.last_imported()?;
    if from.as_deref() == Some(to) {
        return settle_pending(cycle);
    }
    let mut stories: Vec<(Uuid, String, Option<Oid>)> = Vec::new();
    let mut docs: Vec<(Entry, String, Option<Oid>)> = Vec::new();
    for change in cycle.git.changes(from.as_deref(), to)? {
        match layout::entry(&change.path) {
            Entry::Story(id) => stories.push((id, change.path, change.new)),
            entry @ (Entry::Glossary | Entry::ReadingList(_)) => {
                docs.push((entry, change.path, change.new))
            }
            Entry::Layout | Entry::Other => {}
        }
    }
    let authors = authors(cycle, to, from.as_deref(), pre, &stories)?;
    let fallback = match stories.is_empty() {
        true => cycle.signature(),
        false => fallback_author(cycle, to)?,
    };
    let total = stories.len();
    let mut done = 0;
    for chunk in stories.chunks(BATCH) {
        let oids: Vec<Oid> = chunk.iter().filter_map(|(_, _, o)| o.clone()).collect();
        let mut blobs = cycle.git.read_blobs(&oids)?.into_iter();
        let mut incoming = Vec::with_capacity(chunk.len());
        for (id, path, oid) in chunk {
            let (text, content) = match oid {
                None => (None, None),
                Some(_) => {
                    let read = blobs
                        .next()
                        .unwrap_or(Blob::Missing)
                        .bytes(path)
                        .and_then(|b| file::parse(path, *id, &b).map(|c| (b, c)));
                    match read {
                        Ok((bytes, content)) => (
                            Some(String::from_utf8_lossy(&bytes).to_string()),
                            Some(content),
                        ),
                        Err(e) => {
                            cycle.invalid(&e, path);
                            continue;
                        }
                    }
                }
            };
            incoming.push(Incoming {
                id: *id,
                path: path.clone(),
                text,
                content,
            });
        }
        let now = cycle.now;
        let applied = cycle.store.team_write(|tx| {
            incoming
                .iter()
                .map(|inc| {
                    let by = authors.get(&inc.path).unwrap_or(&fallback);
                    apply_story(tx, inc, by, now)
                })
                .collect::<Result<Vec<Applied>>>()
        })?;
        for (inc, a) in incoming.iter().zip(applied) {
            cycle.report.pulled += usize::from(a.pulled);
            cycle.report.merged += usize::from(a.merged);
            for c in &a.conflicts {
                cycle.conflict_found(inc.id, &c.field);
            }
        }
        done += chunk.len();
        cycle.step(SyncStage::Importing, done, total);
    }
    for (entry, path, oid) in docs {
        import_document(cycle, entry, &path, oid)?;
    }
    cycle.store.team_set_last_imported(Some(to))?;
    settle_pending(cycle)
}

fn apply_story(
    tx: &TeamTx<'_>,
    inc: &Incoming,
    by: &Signature,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Applied> {
    let local = tx.story(inc.id)?;
    let row = tx.sync_row(inc.id)?;
    let unchanged = match (&local, &row) {
        (Some(s), Some(r)) => {
            r.synced_revision == Some(s.revision) && r.synced_live == s.deleted_at.is_none()
        }
        (None, Some(r)) => !r.synced_live,
        (None, None) => true,
        (Some(_), None) => false,
    };
    let theirs = inc.content.clone();
    let mine = local
        .as_ref()
        .filter(|s| s.deleted_at.is_none())
        .map(|s| canonical(&s.content));
    let mut applied = Applied::default();
    let target = if unchanged {
        theirs.clone()
    } else {
        let base = row
            .as_ref()
            .and_then(|r| r.base.as_deref())
            .and_then(|b| file::parse(&inc.path, inc.id, b.as_bytes()).ok());
        let merged = merge::merge(base.as_ref(), mine.as_ref(), theirs.as_ref());
        applied.merged = mine.is_some() && theirs.is_some() && mine != theirs;
        applied.conflicts = merged.conflicts;
        merged.content
    };
    let author = Some(by.name.as_str());
    let revision = match (&local, &target) {
        (None, None) => None,
        (None, Some(c)) => {
            applied.pulled = true;
            Some(tx.insert_story(inc.id, c, author, by.at)?.revision)
        }
        (Some(s), None) => {
            if s.deleted_at.is_none() {
                tx.set_live(s.id, false, by.at)?;
                applied.pulled = true;
            }
            Some(s.revision)
        }
        (Some(s), Some(c)) => {
            let mut revision = s.revision;
            if canonical(&s.content) != *c {
                revision = tx.update_story(s, c, author, by.at)?.revision;
                applied.pulled = true;
            }
            if s.deleted_at.is_some() {
                tx.set_live(s.id, true, by.at)?;
                applied.pulled = true;
            }
            Some(revision)
        }
    };
    tx.set_sync_row(
        inc.id,
        &SyncRow {
            synced_revision: if target == theirs { revision } else { None },
            synced_live: theirs.is_some(),
            base: inc.text.clone(),
        },
    )?;
    for c in &applied.conflicts {
        tx.add_conflict(&conflict_row(inc.id, "story", c, now))?;
    }
    Ok(applied)
}

pub(super) fn conflict_row(
    id: Uuid,
    kind: &str,
    c: &FieldConflict,
    now: chrono::DateTime<chrono::Utc>,
) -> ConflictRow {
    ConflictRow {
        item_id: id,
        kind: kind.to_string(),
        field: c.field.clone(),
        mine: c.mine.to_string(),
        theirs: c.theirs.to_string(),
        recorded_at: now,
    }
}

/// Who last changed each story path, teammates' commits first.
fn authors(
    cycle: &Cycle<'_>,
    to: &str,
    from: Option<&str>,
    pre: Option<&str>,
    stories: &[(Uuid, String, Option<Oid>)],
) -> Result<HashMap<String, Signature>> {
    let mut found: HashMap<String, Signature> = HashMap::new();
    if stories.is_empty() {
        return Ok(found);
    }
    let wanted: std::collections::HashSet<&str> =
        stories.iter().map(|(_, p, _)| p.as_str()).collect();
    let mut ranges: Vec<Vec<&str>> = vec![from.into_iter().chain(pre).collect()];
    if pre.is_some() {
        ranges.push(from.into_iter().collect());
    }
    for exclude in ranges {
        for commit in cycle.git.log(to, &exclude, AUTHOR_COMMITS)? {
            for path in commit.paths {
                if wanted.contains(path.as_str()) && !found.contains_key(&path) {
                    found.insert(path, commit.author.clone());
                }
            }
        }
        if found.len() == wanted.len() {
            break;
        }
    }
    Ok(found)
}

fn fallback_author(cycle: &Cycle<'_>, to: &str) -> Result<Signature> {
    let mut by = cycle.git.author_of(to)?;
    if by.name.is_empty() {
        by = cycle.signature();
    }
    Ok(by)
}

fn import_document(
    cycle: &mut Cycle<'_>,
    entry: Entry,
    path: &str,
    oid: Option<Oid>,
) -> Result<()> {
    let bytes = match &oid {
        Some(oid) => {
            let blob = cycle.git.read_blobs(std::slice::from_ref(oid))?.pop();
            match blob.unwrap_or(Blob::Missing).bytes(path) {
                Ok(bytes) => Some(bytes),
                Err(e) => {
                    cycle.invalid(&e, path);
                    return Ok(());
                }
            }
        }
        None => None,
    };
    let base_text = cycle.store.team_document_base(path)?.flatten();
    let now = cycle.now;
    match entry {
        Entry::Glossary => {
            let theirs = match bytes.as_deref().map(documents::parse_glossary).transpose() {
                Ok(g) => g.unwrap_or_default(),
                Err(e) => {
                    cycle.invalid(&e, path);
                    return Ok(());
                }
            };
            let local = documents::canonical_glossary(&cycle.store.glossary()?);
            let target = if documents::render_glossary(&local) == base_text {
                theirs.clone()
            } else {
                let base = base_text
                    .as_deref()
                    .and_then(|b| documents::parse_glossary(b.as_bytes()).ok());
                documents::merge_glossary(base.as_ref(), &local, &theirs)
            };
            if target != local {
                cycle.store.set_glossary(&target, now)?;
            }
            let base = documents::render_glossary(&theirs);
            cycle
                .store
                .team_set_document_bases(&[(path.to_string(), base)])?;
        }
        Entry::ReadingList(id) => {
            let theirs = match bytes
                .as_deref()
                .map(|b| documents::parse_list(path, id, b))
                .transpose()
            {
                Ok(l) => l,
                Err(e) => {
                    cycle.invalid(&e, path);
                    return Ok(());
                }
            };
            let local = cycle
                .store
                .team_reading_lists()?
                .into_iter()
                .find(|(l, _)| l.id == id);
            let mine = local
                .as_ref()
                .filter(|(_, deleted)| !deleted)
                .map(|(l, _)| SharedList {
                    id,
                    title: l.title.clone(),
                    description: l.description.clone(),
                    items: l.items.clone(),
                });
            let (target, conflicts) = if mine.as_ref().map(documents::render_list) == base_text {
                (theirs.clone(), Vec::new())
            } else {
                let base = base_text
                    .as_deref()
                    .and_then(|b| documents::parse_list(path, id, b.as_bytes()).ok());
                documents::merge_list(base.as_ref(), mine.as_ref(), theirs.as_ref())
            };
            if target != mine {
                let created_at = local.as_ref().map_or(now, |(l, _)| l.created_at);
                match (&target, &local) {
                    (Some(t), _) => cycle.store.team_put_reading_list(
                        &ReadingList {
                            id,
                            title: t.title.clone(),
                            description: t.description.clone(),
                            created_at,
                            updated_at: now,
                            items: t.items.clone(),
                        },
                        true,
                    )?,
                    (None, Some((l, _))) => cycle.store.team_put_reading_list(l, false)?,
                    (None, None) => {}
                }
            }
            let rows: Vec<ConflictRow> = conflicts
                .iter()
                .map(|c| conflict_row(id, "reading_list", c, now))
                .collect();
            cycle.store.team_add_conflicts(&rows)?;
            for c in &conflicts {
                cycle.conflict_found(id, &c.field);
            }
            let base = theirs.as_ref().map(documents::render_list);
            cycle
                .store
                .team_set_document_bases(&[(path.to_string(), base)])?;
        }
        _ => {}
    }
    Ok(())
}

/// Moves the conflicts of merge commits that have been imported into the
/// conflict list, and drops those of merge commits that never reached
/// `main` (a sync interrupted between merging and moving `main`).
pub(super) fn settle_pending(cycle: &mut Cycle<'_>) -> Result<()> {
    let main = cycle.git.rev(MAIN)?;
    let last = cycle.last_imported()?;
    for commit in cycle.store.team_pending_commits()? {
        // A commit the repository no longer has is neither.
        let imported = match &last {
            Some(l) => cycle.git.is_ancestor(&commit, l).unwrap_or(false),
            None => false,
        };
        let reachable = match &main {
            Some(m) => cycle.git.is_ancestor(&commit, m).unwrap_or(false),
            None => false,
        };
        if imported {
            for c in cycle.store.team_settle_pending(&commit, true)? {
                cycle.conflict_found(c.item_id, &c.field);
            }
        } else if !reachable {
            cycle.store.team_settle_pending(&commit, false)?;
        }
    }
    Ok(())
}
