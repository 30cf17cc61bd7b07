//! An import holds the index writer and sends it each stored batch; other
//! writes and every read go on meanwhile, and the index ends equal to the
//! database (see `search/index.rs` and `library/transfer.rs`).

#![allow(clippy::unwrap_used)] // a panic is the failure report

mod common;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use common::{icco, library, search};

#[test]
fn searches_run_and_stay_consistent_while_an_import_runs() {
    let (_dir, library) = library();
    let importing = AtomicBool::new(true);
    let during = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            let mut last = 0;
            while importing.load(Ordering::Relaxed) {
                let found = search(&library, "").total;
                // Commits only add stories: a later search never sees fewer.
                assert!(found >= last, "{found} stories after {last}");
                last = found;
                during.fetch_add(1, Ordering::Relaxed);
            }
        });
        let report = library
            .import_paths(&[icco()], &mut |_| {})
            .expect("import runs");
        importing.store(false, Ordering::Relaxed);
        assert!(report.imported > 200, "{report:?}");
    });
    assert!(
        during.load(Ordering::Relaxed) > 0,
        "no search ran during the import"
    );
    let check = library.check_library(false).unwrap();
    assert!(check.ok, "{:?}", check.problems);
}

#[test]
fn a_write_in_the_middle_of_an_import_is_indexed_with_it() {
    let (_dir, library) = library();
    let sample = kintsugi_core::sample::stories().unwrap();
    let trashed = library.create_story(sample[0].content.clone()).unwrap().id;
    let mut added = None;
    library
        .import_paths(&[icco()], &mut |progress| {
            // Halfway: trash one story and write another. Each edit commits
            // the index through the writer the import holds.
            if progress.done == 120 && added.is_none() {
                library.delete_story(trashed).unwrap();
                added = Some(library.create_story(sample[1].content.clone()).unwrap().id);
            }
        })
        .unwrap();
    let added = added.expect("the import reported progress");
    assert_eq!(
        search(&library, "")
            .hits
            .iter()
            .filter(|h| h.id == added)
            .count(),
        1
    );
    let live = library.list_stories().unwrap();
    assert_eq!(search(&library, "").total, live.len());
    assert!(search(&library, "")
        .hits
        .iter()
        .all(|hit| hit.id != trashed));
    let check = library.check_library(false).unwrap();
    assert!(check.ok, "{:?}", check.problems);
}
