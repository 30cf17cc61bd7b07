//! Creating, editing, history, trash, drafts, backups: nothing is lost.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

mod common;

use common::{library, search, titles};
use kintsugi_core::{ErrorCode, Library, StoryContent};

fn content(title: &str) -> StoryContent {
    StoryContent {
        title: title.into(),
        body: "The cron job ran at midnight.".into(),
        tags: vec!["Cron".into()],
        ..Default::default()
    }
}

#[test]
fn edits_keep_revisions_that_can_be_viewed_and_restored() {
    let (_dir, lib) = library();
    let story = lib.create_story(content("First title")).unwrap();
    assert_eq!(story.revision, 1);
    assert_eq!(story.content.tags, vec!["cron"], "normalised");

    let mut edit = story.content.clone();
    edit.title = "Second title".into();
    let v2 = lib.update_story(story.id, edit, Some(1)).unwrap();
    assert_eq!(v2.revision, 2);
    assert_eq!(titles(&lib, "second"), vec!["Second title"]);
    assert!(titles(&lib, "first").is_empty(), "the index follows edits");

    let history = lib.story_history(story.id).unwrap();
    assert_eq!(
        history.iter().map(|r| r.revision).collect::<Vec<_>>(),
        vec![2, 1]
    );
    assert!(history[0].current);
    assert_eq!(
        lib.story_revision(story.id, 1).unwrap().title,
        "First title"
    );

    let v3 = lib.restore_revision(story.id, 1).unwrap();
    assert_eq!((v3.revision, v3.content.title.as_str()), (3, "First title"));
    assert_eq!(
        lib.story_history(story.id).unwrap().len(),
        3,
        "restoring is itself a revision"
    );
    assert_eq!(
        lib.story_revision(story.id, 9).unwrap_err().code(),
        ErrorCode::RevisionNotFound
    );
}

#[test]
fn a_stale_edit_is_refused_as_a_conflict() {
    let (_dir, lib) = library();
    let story = lib.create_story(content("Shared")).unwrap();
    lib.update_story(story.id, content("Edited by one"), Some(1))
        .unwrap();
    let err = lib
        .update_story(story.id, content("Edited by two"), Some(1))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert_eq!(
        lib.get_story(story.id).unwrap().content.title,
        "Edited by one"
    );
}

#[test]
fn an_empty_title_is_refused() {
    let (_dir, lib) = library();
    let err = lib.create_story(content("   ")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidField);
    assert!(err.to_string().contains("title"));
}

#[test]
fn delete_is_soft_restorable_and_purge_is_explicit() {
    let (_dir, lib) = library();
    let story = lib.create_story(content("Doomed story")).unwrap();
    lib.delete_story(story.id).unwrap();
    assert_eq!(search(&lib, "doomed").total, 0);
    assert_eq!(lib.list_trash().unwrap().len(), 1);
    assert!(
        lib.get_story(story.id).unwrap().deleted_at.is_some(),
        "still readable in the trash"
    );
    assert_eq!(
        lib.delete_story(story.id).unwrap_err().code(),
        ErrorCode::NotFound,
        "not live any more"
    );

    lib.restore_story(story.id).unwrap();
    assert_eq!(search(&lib, "doomed").total, 1);
    assert!(lib.list_trash().unwrap().is_empty());

    assert_eq!(
        lib.purge_story(story.id).unwrap_err().code(),
        ErrorCode::NotFound,
        "only trashed stories can be purged"
    );
    lib.delete_story(story.id).unwrap();
    lib.purge_story(story.id).unwrap();
    assert_eq!(
        lib.get_story(story.id).unwrap_err().code(),
        ErrorCode::NotFound
    );
    assert!(lib.list_trash().unwrap().is_empty());
}

#[test]
fn purges_and_deletes_reach_another_process_index() {
    let (dir, lib) = library();
    let story = lib
        .create_story(content("Shared between processes"))
        .unwrap();
    let other = Library::open(dir.path()).unwrap();
    lib.delete_story(story.id).unwrap();
    lib.purge_story(story.id).unwrap();
    // `other` catches up when it next writes, and on reopen.
    other.create_story(content("Another")).unwrap();
    assert_eq!(search(&other, "processes").total, 0);
    drop(other);
    let reopened = Library::open(dir.path()).unwrap();
    assert_eq!(search(&reopened, "processes").total, 0);
    assert_eq!(search(&reopened, "another").total, 1);
}

#[test]
fn drafts_survive_reopening_and_go_away_on_save() {
    let (dir, lib) = library();
    let story = lib.create_story(content("Saved")).unwrap();
    lib.save_draft(story.id, &content("Typed, not saved"))
        .unwrap();
    drop(lib);
    let lib = Library::open(dir.path()).unwrap();
    assert_eq!(
        lib.get_draft(story.id).unwrap().unwrap().title,
        "Typed, not saved"
    );
    lib.update_story(story.id, content("Saved again"), None)
        .unwrap();
    assert!(lib.get_draft(story.id).unwrap().is_none());
}

#[test]
fn backup_and_restore_bring_back_the_old_state() {
    let (dir, lib) = library();
    lib.load_sample().unwrap();
    let backup_dir = tempfile::tempdir().unwrap();
    let backup = backup_dir.path().join("library.sqlite3");
    lib.backup_library(&backup).unwrap();
    assert_eq!(
        lib.backup_library(&backup).unwrap_err().code(),
        ErrorCode::Io,
        "never overwrites"
    );

    let extra = lib
        .create_story(content("Written after the backup"))
        .unwrap();
    let safety = lib.restore_backup(&backup).unwrap();
    assert_eq!(lib.library_stats().unwrap().stories, 12);
    assert_eq!(search(&lib, "\"after the backup\"").total, 0);
    assert!(safety.starts_with(dir.path().join("backups")));

    // The safety copy holds the state from just before the restore.
    lib.restore_backup(&safety).unwrap();
    assert_eq!(
        lib.get_story(extra.id).unwrap().content.title,
        "Written after the backup"
    );

    let not_a_backup = backup_dir.path().join("notes.txt");
    std::fs::write(&not_a_backup, "hello").unwrap();
    let err = lib.restore_backup(&not_a_backup).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotABackup);
    assert_eq!(
        lib.library_stats().unwrap().stories,
        13,
        "a failed restore leaves the library usable"
    );
}
