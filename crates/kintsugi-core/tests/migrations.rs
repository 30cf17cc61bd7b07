//! Schema migrations: a fresh library, and every earlier schema version
//! kept as a frozen fixture in `tests/fixtures/schema-vN.sql`.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

mod common;

use std::path::Path;

use common::{library, search};
use kintsugi_core::SCHEMA_VERSION;
use kintsugi_core::{ErrorCode, Library, DATABASE_FILE};

fn user_version(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

fn library_from_fixture(version: i64) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let sql = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/schema-v{version}.sql")),
    )
    .unwrap();
    let conn = rusqlite::Connection::open(dir.path().join(DATABASE_FILE)).unwrap();
    conn.execute_batch(&sql).unwrap();
    dir
}

#[test]
fn a_fresh_library_is_at_the_current_version() {
    let (dir, lib) = library();
    drop(lib);
    assert_eq!(
        user_version(&dir.path().join(DATABASE_FILE)),
        SCHEMA_VERSION
    );
    // Opening again is a no-op.
    Library::open(dir.path()).unwrap();
    assert_eq!(
        user_version(&dir.path().join(DATABASE_FILE)),
        SCHEMA_VERSION
    );
}

#[test]
fn every_earlier_schema_version_opens_with_its_data() {
    for version in 1..=SCHEMA_VERSION {
        let dir = library_from_fixture(version);
        let lib = Library::open(dir.path()).unwrap_or_else(|e| panic!("v{version}: {e}"));
        assert_eq!(
            user_version(&dir.path().join(DATABASE_FILE)),
            SCHEMA_VERSION
        );

        let id = "6f1c2a7e-0d3b-4c55-9a0e-3f2b1c4d5e6f".parse().unwrap();
        let story = lib.get_story(id).unwrap();
        assert_eq!(
            story.content.title,
            "The cron job that ran twice on the DST change"
        );
        assert_eq!(story.content.tags, vec!["cron", "time-zones"]);
        assert_eq!(
            story.content.parts.action_items[0].owner.as_deref(),
            Some("Billing team")
        );
        assert_eq!(lib.story_history(id).unwrap().len(), 2);
        assert_eq!(lib.story_revision(id, 1).unwrap().title, "Cron ran twice");
        assert_eq!(lib.get_draft(id).unwrap().unwrap().title, "Unsaved title");
        assert_eq!(lib.list_trash().unwrap().len(), 1);
        // The index did not exist: it was built from the migrated data.
        assert_eq!(search(&lib, "tag:time-zone").total, 1);
        assert_eq!(
            search(&lib, "trash").total,
            0,
            "trashed stories are not searchable"
        );
        if version >= 2 {
            let retro = lib
                .get_retro("9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a".parse().unwrap())
                .unwrap();
            assert_eq!(retro.title, "Cron ran twice retro");
            assert_eq!(retro.durations().detect_minutes, Some(40));
            assert_eq!(retro.parking_lot().len(), 1);
        }
        if version >= 3 {
            let copy = "c0ffee00-1111-4222-8333-444455556666".parse().unwrap();
            let glossary = lib.get_glossary().unwrap();
            assert_eq!(glossary.people, vec!["Dana Whitfield".to_string()]);
            assert_eq!(glossary.customers, vec!["Globex".to_string()]);
            assert_eq!(glossary.allow, vec!["Vitess".to_string()]);
            assert!(lib.get_story(copy).unwrap().content.anonymised);
            assert_eq!(lib.original_of(copy).unwrap().unwrap().original_id, id);
            assert_eq!(lib.anonymised_copy_of(id).unwrap().unwrap().copy_id, copy);
            let lists = lib.list_reading_lists().unwrap();
            assert_eq!(lists.len(), 1);
            assert_eq!(lists[0].title, "First week");
            assert_eq!(lists[0].items, vec![copy]);
            assert_eq!(lib.read_ids().unwrap(), vec![copy]);
            let reading = lib.list_anonymised("").unwrap();
            assert_eq!(reading.len(), 1);
            assert!(reading[0].read_at.is_some());
        }
        let content = &lib.get_story(id).unwrap().content;
        if version >= 4 {
            assert_eq!(
                content.changes,
                vec!["config/schedule.yml", "BillingRunJob"]
            );
            assert_eq!(content.tripwires[0].name, "local-time-cron");
            assert_eq!(
                content.tripwires[0].path.as_deref(),
                Some("config/schedule.yml")
            );
        } else {
            assert!(content.changes.is_empty() && content.tripwires.is_empty());
        }
        let history = lib.story_history(id).unwrap();
        if version >= 5 {
            assert_eq!(history[0].author.as_deref(), Some("Dana Whitfield"));
            assert_eq!(history[1].author.as_deref(), Some("Sam Okafor"));
            let story = lib.get_story(id).unwrap();
            assert_eq!(
                story.content.extra["archive_url"],
                serde_json::json!("https://archive.example/cron")
            );
            let status = lib.team_status().unwrap();
            assert!(status.connected);
            assert_eq!(status.remote.as_deref(), Some("/srv/git/postmortems.git"));
            assert_eq!(status.open_conflicts, 1);
            let conflicts = lib.list_conflicts().unwrap();
            assert_eq!(conflicts[0].field, "severity");
            assert_eq!(conflicts[0].mine, serde_json::json!("SEV1"));
        } else {
            assert!(history.iter().all(|r| r.author.is_none()));
            assert!(lib.get_story(id).unwrap().content.extra.is_empty());
            assert!(!lib.team_status().unwrap().connected);
        }
    }
}

#[test]
fn a_library_from_a_newer_version_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(DATABASE_FILE);
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch(&format!("PRAGMA user_version = {};", SCHEMA_VERSION + 1))
        .unwrap();
    let err = Library::open(dir.path()).err().expect("refused");
    assert_eq!(err.code(), ErrorCode::SchemaTooNew);
    assert_eq!(user_version(&db), SCHEMA_VERSION + 1);
}
