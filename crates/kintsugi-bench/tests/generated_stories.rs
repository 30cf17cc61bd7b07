//! Generated stories are what `kintsugi import` reads: every file imports
//! into a real library with its front matter fields and its sections lifted
//! into structured parts, and the peer loads the same files.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

use kintsugi_bench::corpus::{self, Sentences};
use kintsugi_bench::fts5::{self, Fts5, PeerQuery};
use kintsugi_bench::generate::{self, Generator};
use kintsugi_core::{ActionStatus, Library};

#[test]
fn generated_stories_import_with_all_their_parts() {
    let dir = tempfile::tempdir().unwrap();
    let generator = Generator::new(11, Sentences::load(Some(&corpus::default_dir())));
    let files = generate::write_stories(&generator, &dir.path().join("stories"), 40).unwrap();

    let library = Library::open(&dir.path().join("library")).unwrap();
    let report = library
        .import_paths(&[dir.path().join("stories")], &mut |_| {})
        .unwrap();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.imported, 40);

    let stories = library.list_stories().unwrap();
    assert_eq!(stories.len(), 40);
    for story in &stories {
        let c = &story.content;
        assert!(!c.title.is_empty() && !c.summary.is_empty(), "{}", c.title);
        assert!(!c.tags.is_empty(), "{}", c.title);
        assert!(c.company.is_some() && c.product.is_some());
        assert!(c.start_time.is_some() && c.end_time.is_some());
        assert!(c.start_time <= c.detected_time && c.detected_time <= c.resolved_time);
        let p = &c.parts;
        assert_eq!(p.timeline.len(), 6, "{}", c.title);
        assert!(p.timeline.iter().all(|e| e.time.is_some()));
        assert!(!p.went_wrong.is_empty() && !p.got_lucky.is_empty());
        assert!(!p.contributing_factors.is_empty() && !p.lessons.is_empty());
        assert!(p.action_items.len() >= 2);
        assert!(p
            .action_items
            .iter()
            .all(|a| a.owner.is_some() && a.due.is_some()));
        assert!(
            !c.body.contains("## "),
            "sections stay out of the narrative"
        );
    }
    assert!(stories.iter().any(|s| s.content.severity.is_some()));
    let items = stories.iter().flat_map(|s| &s.content.parts.action_items);
    let done = items
        .clone()
        .filter(|a| a.status == ActionStatus::Done)
        .count();
    assert!(done > 0 && done < items.count(), "a mix of open and done");

    // The peer loads the very same files and agrees on what "database" finds
    // within the tokenizers' differences.
    let db = dir.path().join("peer.sqlite3");
    assert_eq!(fts5::load(&db, &files).unwrap(), 40);
    let peer = Fts5::open(&db).unwrap();
    let peer_hits = peer.count(&PeerQuery::Match("database")).unwrap();
    let ours = library
        .search(&kintsugi_core::SearchRequest {
            query: "database".into(),
            ..Default::default()
        })
        .unwrap()
        .total;
    assert!(peer_hits > 0 && ours > 0);
    assert!(
        peer_hits.abs_diff(ours) <= 4,
        "FTS5 {peer_hits}, Kintsugi {ours}"
    );
}
