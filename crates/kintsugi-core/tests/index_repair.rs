//! The search index is derived data: lose it, corrupt it, or let it fall
//! behind, and the library rebuilds or catches it up from SQLite.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

mod common;

use std::path::Path;

use common::{icco, import, library, search, titles};
use kintsugi_core::testing::{write_behind_index, Edit};
use kintsugi_core::{Library, INDEX_DIR};

const QUERIES: &[&str] = &[
    "database",
    "\"power loss\"",
    "tag:migration",
    "dns -aws",
    "company:github",
    "severity:SEV1",
    "after:2020 before:2022",
];

fn snapshot(lib: &Library) -> Vec<(usize, Vec<String>)> {
    QUERIES
        .iter()
        .map(|q| {
            let r = search(lib, q);
            (
                r.total,
                r.hits.into_iter().map(|h| h.id.to_string()).collect(),
            )
        })
        .collect()
}

fn populated() -> (tempfile::TempDir, Library) {
    let (dir, lib) = library();
    import(&lib, &[icco()]);
    lib.load_sample().unwrap();
    (dir, lib)
}

#[test]
fn deleting_the_index_folder_gives_the_same_results() {
    let (dir, lib) = populated();
    let before = snapshot(&lib);
    assert!(
        before.iter().all(|(total, _)| *total > 0),
        "every query finds something: {before:?}"
    );
    drop(lib);
    std::fs::remove_dir_all(dir.path().join(INDEX_DIR)).unwrap();
    let lib = Library::open(dir.path()).unwrap();
    assert_eq!(snapshot(&lib), before);
}

#[test]
fn a_corrupt_index_is_rebuilt() {
    let (dir, lib) = populated();
    let before = snapshot(&lib);
    drop(lib);
    std::fs::write(dir.path().join(INDEX_DIR).join("meta.json"), b"{ not json").unwrap();
    let lib = Library::open(dir.path()).unwrap();
    assert_eq!(snapshot(&lib), before);
    // Close it first: rewriting files another reader has mapped is not the
    // damage under test (and can kill the process with SIGBUS).
    drop(lib);
    for entry in std::fs::read_dir(dir.path().join(INDEX_DIR)).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "idx") {
            std::fs::write(&path, b"garbage").unwrap();
        }
    }
    let lib = Library::open(dir.path()).unwrap();
    assert_eq!(snapshot(&lib), before);
}

/// Simulates a crash between the SQLite commit and the index commit.
#[test]
fn an_index_behind_the_database_catches_up_on_open() {
    let (dir, lib) = populated();
    let hit = search(&lib, "SimpleDB").hits[0].id;
    let mut story = lib.get_story(hit).unwrap();
    story.content.title = "Zanzibar handshake storm".into();
    let vasa = search_id(&lib, "Vasa");
    drop(lib);
    write_behind_index(
        dir.path(),
        &[
            Edit::Update(hit, Box::new(story.content)),
            Edit::Delete(vasa),
        ],
    )
    .unwrap();
    let lib = Library::open(dir.path()).unwrap();
    assert_eq!(titles(&lib, "zanzibar"), vec!["Zanzibar handshake storm"]);
    assert_eq!(search(&lib, "vasa").total, 0);
    let lib = lib;
    let report = lib.check_library(false).unwrap();
    assert!(report.ok && report.repaired, "{report:?}");
    assert!(report.problems[0].contains("caught up"), "{report:?}");
    assert!(
        lib.check_library(false).unwrap().problems.is_empty(),
        "reported once"
    );
}

fn search_id(lib: &Library, title_part: &str) -> uuid::Uuid {
    lib.list_stories()
        .unwrap()
        .into_iter()
        .find(|s| s.content.title.contains(title_part))
        .unwrap()
        .id
}

#[test]
fn check_reports_and_repair_fixes_a_damaged_index() {
    let (dir, lib) = populated();
    assert!(lib.check_library(false).unwrap().ok);
    // Damage the index without changing its change marker: drop documents.
    damage_index(dir.path());
    let lib2 = Library::open(dir.path()).unwrap();
    let report = lib2.check_library(false).unwrap();
    assert!(!report.ok);
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.contains("missing from the index")),
        "{report:?}"
    );
    let repaired = lib2.check_library(true).unwrap();
    assert!(repaired.ok && repaired.repaired);
    assert!(lib2.check_library(false).unwrap().problems.is_empty());
    drop(lib);
}

/// Flips one byte in the middle of the largest file of the index: damage
/// that still opens, which only a checksum shows.
fn flip_a_byte(library: &Path) {
    use std::io::{Read, Seek, SeekFrom, Write};
    let largest = std::fs::read_dir(library.join(INDEX_DIR))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e != "json" && e != "lock"))
        .max_by_key(|p| std::fs::metadata(p).unwrap().len())
        .unwrap();
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&largest)
        .unwrap();
    let middle = file.metadata().unwrap().len() / 2;
    let mut byte = [0u8];
    file.seek(SeekFrom::Start(middle)).unwrap();
    file.read_exact(&mut byte).unwrap();
    file.seek(SeekFrom::Start(middle)).unwrap();
    file.write_all(&[byte[0] ^ 0x55]).unwrap();
}

#[test]
fn damage_only_a_checksum_shows_is_found_by_check_and_by_verify() {
    let (dir, lib) = populated();
    let before = snapshot(&lib);
    drop(lib);
    flip_a_byte(dir.path());
    // Opening does not read the whole index, so it opens as it is...
    let lib = Library::open(dir.path()).unwrap();
    let report = lib.check_library(false).unwrap();
    assert!(!report.ok, "{report:?}");
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.contains("fails its checksum")),
        "{report:?}"
    );
    drop(lib);
    // ...and the verification the app runs in the background rebuilds it.
    let lib = Library::open(dir.path()).unwrap();
    assert!(!lib.verify_index().unwrap().is_empty());
    assert!(lib.verify_index().unwrap().is_empty(), "rebuilt");
    assert_eq!(snapshot(&lib), before);
    assert!(lib.check_library(false).unwrap().ok);
}

fn damage_index(library: &Path) {
    use tantivy::{Index, IndexWriter, Term};
    let index = Index::open_in_dir(library.join(INDEX_DIR)).unwrap();
    let payload = index.load_metas().unwrap().payload;
    let id_field = index.schema().get_field("id").unwrap();
    let reader = index.reader().unwrap();
    let searcher = reader.searcher();
    let mut writer: IndexWriter = index.writer(15_000_000).unwrap();
    let mut removed = 0;
    for segment in searcher.segment_readers() {
        let store = segment.get_store_reader(1).unwrap();
        for doc_id in segment.doc_ids_alive().take(5) {
            use tantivy::schema::Value;
            let doc: tantivy::TantivyDocument = store.get(doc_id).unwrap();
            let id = doc
                .get_first(id_field)
                .unwrap()
                .as_str()
                .unwrap()
                .to_string();
            writer.delete_term(Term::from_field_text(id_field, &id));
            removed += 1;
        }
    }
    assert!(removed > 0);
    let mut commit = writer.prepare_commit().unwrap();
    commit.set_payload(&payload.unwrap());
    commit.commit().unwrap();
}
