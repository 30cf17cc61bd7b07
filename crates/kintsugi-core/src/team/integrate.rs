//! Step 4 of a sync: bringing the team's `main` into the local one.
//!
//! Behind: fast-forward. Ahead: nothing to do. Diverged: a merge commit
//! with two parents (ours, theirs), never a rebase. The merge is done here,
//! per file, from the merge base: a file changed on one side only takes
//! that side; a story changed on both sides is merged field by field
//! ([`crate::team::merge`]) and written canonically, so no file ever holds
//! conflict markers. Glossary and reading lists merge the same way; any
//! other file changed on both sides takes the team's version (ours stays
//! in history).
//!
//! The merge's conflicts are stored as pending under the merge commit's id
//! before `main` moves to it, and become real once that commit is imported
//! (see `import::settle_pending`). `main` moves with its expected old value.

use std::collections::HashMap;

use super::documents;
use super::file;
use super::git::{Blob, Change, Oid, TreeEntry};
use super::import::conflict_row;
use super::layout::{self, Entry};
use super::merge::{self, FieldConflict};
use super::sync::Cycle;
use super::SyncStage;
use crate::error::{Error, Result};
use crate::store::ConflictRow;
use crate::story::StoryContent;

type BothChanged = (String, Option<Oid>, Option<Oid>, Option<Oid>);

pub(super) fn integrate(
    cycle: &mut Cycle<'_>,
    main: Option<&str>,
    theirs: Option<&str>,
) -> Result<()> {
    let Some(theirs) = theirs else {
        return Ok(());
    };
    let Some(main) = main else {
        return cycle.git.move_main(theirs, None);
    };
    if main == theirs || cycle.git.is_ancestor(theirs, main)? {
        return Ok(());
    }
    if cycle.git.is_ancestor(main, theirs)? {
        return cycle.git.move_main(theirs, Some(main));
    }
    cycle.step(SyncStage::Merging, 0, 0);
    let base = cycle.git.merge_base(main, theirs)?;
    let ours: HashMap<String, Change> = cycle
        .git
        .changes(base.as_deref(), main)?
        .into_iter()
        .map(|c| (c.path.clone(), c))
        .collect();
    let mut updates: Vec<(String, Option<TreeEntry>)> = Vec::new();
    // (path, base blob, our blob, their blob)
    let mut both: Vec<BothChanged> = Vec::new();
    for t in cycle.git.changes(base.as_deref(), theirs)? {
        match ours.get(&t.path) {
            None => updates.push((t.path.clone(), t.after())),
            Some(o) if o.new == t.new && o.new_mode == t.new_mode => {}
            // Not a Kintsugi file: the team's version, mode and all (ours
            // stays in history); never rewritten as text.
            Some(_) if matches!(layout::entry(&t.path), Entry::Layout | Entry::Other) => {
                updates.push((t.path.clone(), t.after()))
            }
            Some(o) => both.push((t.path.clone(), t.old.clone(), o.new.clone(), t.new.clone())),
        }
    }
    let wanted: Vec<Oid> = both
        .iter()
        .flat_map(|(_, b, o, t)| [b, o, t])
        .flatten()
        .cloned()
        .collect();
    let blobs: HashMap<Oid, Blob> = wanted
        .iter()
        .cloned()
        .zip(cycle.git.read_blobs(&wanted)?)
        .collect();
    let mut texts: Vec<(String, Option<String>)> = Vec::new();
    let mut pending: Vec<ConflictRow> = Vec::new();
    let mut merged_stories = 0;
    for (path, b, o, t) in &both {
        let read = |oid: &Option<Oid>| -> Result<Option<Vec<u8>>> {
            match oid {
                None => Ok(None),
                Some(oid) => blobs
                    .get(oid)
                    .cloned()
                    .unwrap_or(Blob::Missing)
                    .bytes(path)
                    .map(Some),
            }
        };
        // An unreadable side (too large, missing) is like an invalid file:
        // theirs unreadable keeps ours; ours unreadable takes theirs.
        let t = match read(t) {
            Ok(t) => t,
            Err(e) => {
                cycle.invalid(&e, path);
                continue;
            }
        };
        let o = match read(o) {
            Ok(o) => o,
            Err(e) => {
                cycle.invalid(&e, path);
                let theirs = both_theirs(&both, path);
                updates.push((path.clone(), theirs.map(TreeEntry::file)));
                continue;
            }
        };
        let b = read(b).ok().flatten();
        let result = match layout::entry(path) {
            Entry::Story(id) => {
                merged_stories += 1;
                match merge_story(cycle, path, id, b, o.clone(), t) {
                    Some((content, conflicts)) => {
                        pending.extend(
                            conflicts
                                .iter()
                                .map(|c| conflict_row(id, "story", c, cycle.now)),
                        );
                        Some(content.map(|c| file::render(id, &c)))
                    }
                    None => None,
                }
            }
            Entry::Glossary => merge_glossary(cycle, path, b, o.clone(), t),
            Entry::ReadingList(id) => match merge_list(cycle, path, id, b, o.clone(), t) {
                Some((text, conflicts)) => {
                    pending.extend(
                        conflicts
                            .iter()
                            .map(|c| conflict_row(id, "reading_list", c, cycle.now)),
                    );
                    Some(text)
                }
                None => None,
            },
            Entry::Layout | Entry::Other => None,
        };
        // `None`: keep ours as it is.
        if let Some(text) = result {
            let ours_text = o.map(|bytes| String::from_utf8_lossy(&bytes).to_string());
            if text != ours_text {
                texts.push((path.clone(), text));
            }
        }
    }
    let written: Vec<&[u8]> = texts
        .iter()
        .filter_map(|(_, t)| t.as_deref().map(str::as_bytes))
        .collect();
    let mut oids = cycle.git.write_blobs(&written)?.into_iter();
    for (path, text) in &texts {
        updates.push((
            path.clone(),
            text.as_ref().and_then(|_| oids.next()).map(TreeEntry::file),
        ));
    }
    let tree = cycle.git.tree_with(Some(main), &updates)?;
    let message = format!(
        "Kintsugi: merge the team's changes\n\n{merged_stories} stories changed on both sides; {} conflicting fields kept in the conflict list.\n",
        pending.len()
    );
    let commit = cycle
        .git
        .commit(&tree, &[main, theirs], &cycle.signature(), &message)?;
    cycle.store.team_add_pending_conflicts(&commit, &pending)?;
    cycle.git.move_main(&commit, Some(main))?;
    cycle.report.merged += merged_stories;
    cycle.step(SyncStage::Merged, merged_stories, merged_stories);
    Ok(())
}

/// Their blob of a path changed on both sides.
fn both_theirs(both: &[BothChanged], path: &str) -> Option<Oid> {
    both.iter()
        .find(|(p, ..)| p == path)
        .and_then(|(.., t)| t.clone())
}

/// Parses one side; an invalid file is reported and treated as unreadable.
fn parse_side(
    cycle: &mut Cycle<'_>,
    path: &str,
    id: uuid::Uuid,
    bytes: &Option<Vec<u8>>,
) -> Result<Option<StoryContent>, Error> {
    match bytes {
        None => Ok(None),
        Some(b) => file::parse(path, id, b)
            .map(Some)
            .inspect_err(|e| cycle.invalid(e, path)),
    }
}

type StoryMerge = (Option<StoryContent>, Vec<FieldConflict>);

/// `None` keeps our file (the team's is invalid).
fn merge_story(
    cycle: &mut Cycle<'_>,
    path: &str,
    id: uuid::Uuid,
    b: Option<Vec<u8>>,
    o: Option<Vec<u8>>,
    t: Option<Vec<u8>>,
) -> Option<StoryMerge> {
    let base = b.as_ref().and_then(|b| file::parse(path, id, b).ok());
    let theirs = parse_side(cycle, path, id, &t).ok()?;
    let Ok(ours) = parse_side(cycle, path, id, &o) else {
        // Ours does not parse (a teammate's earlier invalid edit): theirs stands.
        return Some((theirs, Vec::new()));
    };
    let merged = merge::merge(base.as_ref(), ours.as_ref(), theirs.as_ref());
    Some((merged.content, merged.conflicts))
}

fn merge_glossary(
    cycle: &mut Cycle<'_>,
    path: &str,
    b: Option<Vec<u8>>,
    o: Option<Vec<u8>>,
    t: Option<Vec<u8>>,
) -> Option<Option<String>> {
    let parse =
        |bytes: &Option<Vec<u8>>| bytes.as_deref().map(documents::parse_glossary).transpose();
    let base = parse(&b).ok().flatten();
    let theirs = match parse(&t) {
        Ok(g) => g.unwrap_or_default(),
        Err(e) => {
            cycle.invalid(&e, path);
            return None;
        }
    };
    let Ok(ours) = parse(&o) else {
        return Some(documents::render_glossary(&theirs));
    };
    let merged = documents::merge_glossary(base.as_ref(), &ours.unwrap_or_default(), &theirs);
    Some(documents::render_glossary(&merged))
}

type ListMerge = (Option<String>, Vec<FieldConflict>);

fn merge_list(
    cycle: &mut Cycle<'_>,
    path: &str,
    id: uuid::Uuid,
    b: Option<Vec<u8>>,
    o: Option<Vec<u8>>,
    t: Option<Vec<u8>>,
) -> Option<ListMerge> {
    let parse = |bytes: &Option<Vec<u8>>| {
        bytes
            .as_deref()
            .map(|x| documents::parse_list(path, id, x))
            .transpose()
    };
    let base = parse(&b).ok().flatten();
    let theirs = match parse(&t) {
        Ok(l) => l,
        Err(e) => {
            cycle.invalid(&e, path);
            return None;
        }
    };
    let Ok(ours) = parse(&o) else {
        return Some((theirs.as_ref().map(documents::render_list), Vec::new()));
    };
    let (merged, conflicts) = documents::merge_list(base.as_ref(), ours.as_ref(), theirs.as_ref());
    Some((merged.as_ref().map(documents::render_list), conflicts))
}
