//! Step 3 of a sync: local changes become one commit on the local `main`.
//!
//! Only stories whose `(revision, live)` differs from their sync row are
//! rendered (never the whole library), plus the glossary and reading lists
//! (few and small, so compared in full). The commit is built with plumbing
//! on top of `main`'s tree; the database records what was exported only
//! after `main` has moved.
//!
//! Idempotent: killed after the commit but before the record, the next run
//! renders the same files, finds the tree unchanged, makes no second
//! commit, and records.

use uuid::Uuid;

use super::documents::{self, SharedList};
use super::file;
use super::git::{TreeEntry, MAIN};
use super::layout::{self, Manifest};
use super::sync::Cycle;
use super::SyncStage;
use crate::error::Result;
use crate::store::SyncRow;

/// Titles listed in a commit message.
const LISTED: usize = 30;

pub(super) fn export(cycle: &mut Cycle<'_>) -> Result<()> {
    cycle.step(SyncStage::Exporting, 0, 0);
    let main = cycle.git.rev(MAIN)?;
    let mut files: Vec<(String, Option<String>)> = Vec::new();
    let mut rows: Vec<(Uuid, SyncRow)> = Vec::new();
    let mut lines: Vec<String> = Vec::new();
    let mut stories = 0;
    for u in cycle.store.team_unexported()? {
        let live = u.story.as_ref().filter(|s| s.deleted_at.is_none());
        let text = live.map(|s| file::render(u.id, &s.content));
        let base = u.row.as_ref().and_then(|r| r.base.clone());
        if text != base {
            stories += 1;
            if lines.len() < LISTED {
                lines.push(match (&u.story, live) {
                    (_, Some(s)) => format!("- {}", s.content.title),
                    (Some(s), None) => format!("- deleted: {}", s.content.title),
                    (None, None) => format!("- purged: {}", u.id),
                });
            }
            files.push((file::path_of(u.id), text.clone()));
        }
        rows.push((
            u.id,
            SyncRow {
                synced_revision: u.story.as_ref().map(|s| s.revision),
                synced_live: text.is_some(),
                base: text,
            },
        ));
    }
    let mut bases: Vec<(String, Option<String>)> = Vec::new();
    let glossary = documents::render_glossary(&cycle.store.glossary()?);
    if glossary
        != cycle
            .store
            .team_document_base(documents::GLOSSARY)?
            .flatten()
    {
        files.push((documents::GLOSSARY.to_string(), glossary.clone()));
        bases.push((documents::GLOSSARY.to_string(), glossary));
        lines.push("- the glossary".into());
    }
    for (list, deleted) in cycle.store.team_reading_lists()? {
        let path = documents::reading_list_path(list.id);
        let text = (!deleted).then(|| {
            documents::render_list(&SharedList {
                id: list.id,
                title: list.title.clone(),
                description: list.description.clone(),
                items: list.items.clone(),
            })
        });
        if text != cycle.store.team_document_base(&path)?.flatten() {
            files.push((path.clone(), text.clone()));
            bases.push((path, text));
            lines.push(format!("- reading list: {}", list.title));
        }
    }
    let has_layout = match &main {
        Some(m) => cycle.git.blob_at(m, layout::MANIFEST)?.is_some(),
        None => false,
    };
    if !has_layout {
        files.push((layout::MANIFEST.into(), Some(Manifest::new().render())));
        files.push((
            layout::GITATTRIBUTES.into(),
            Some(layout::GITATTRIBUTES_TEXT.into()),
        ));
    }
    let mut commit = None;
    if !files.is_empty() {
        let texts: Vec<&[u8]> = files
            .iter()
            .filter_map(|(_, t)| t.as_deref().map(str::as_bytes))
            .collect();
        let mut oids = cycle.git.write_blobs(&texts)?.into_iter();
        let changes: Vec<(String, Option<TreeEntry>)> = files
            .iter()
            .map(|(path, text)| {
                let entry = text.as_ref().and_then(|_| oids.next()).map(TreeEntry::file);
                (path.clone(), entry)
            })
            .collect();
        let tree = cycle.git.tree_with(main.as_deref(), &changes)?;
        let unchanged = match &main {
            Some(m) => cycle.git.tree_of(m)? == tree,
            None => false,
        };
        if !unchanged {
            let subject = match stories {
                0 => "Kintsugi: update shared documents".to_string(),
                1 => "Kintsugi: update 1 story".to_string(),
                n => format!("Kintsugi: update {n} stories"),
            };
            let message = format!("{subject}\n\n{}\n", lines.join("\n"));
            let parents: Vec<&str> = main.iter().map(String::as_str).collect();
            let new = cycle
                .git
                .commit(&tree, &parents, &cycle.signature(), &message)?;
            cycle.git.move_main(&new, main.as_deref())?;
            commit = Some(new);
            cycle.step(SyncStage::Committed, stories, stories);
        }
    }
    cycle.report.pushed += stories;
    cycle
        .store
        .team_record_export(&rows, commit.as_deref().map(|c| (&main, c)))?;
    if !bases.is_empty() {
        cycle.store.team_set_document_bases(&bases)?;
    }
    Ok(())
}
