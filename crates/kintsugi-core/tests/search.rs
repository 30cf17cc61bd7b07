//! Search behaviour on the sample library and the real corpus.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

mod common;

use common::{icco, import, library, search, titles};
use kintsugi_core::{ErrorCode, SearchRequest, SortOrder};

fn sample() -> (tempfile::TempDir, kintsugi_core::Library) {
    let (dir, lib) = library();
    lib.load_sample().unwrap();
    (dir, lib)
}

#[test]
fn tags_match_forgivingly() {
    let (_dir, lib) = sample();
    let plural = search(&lib, "tag:migrations").total;
    assert!(plural >= 2);
    for spelling in ["tag:migration", "tag:Migrations", "tag:MIGRATION"] {
        assert_eq!(search(&lib, spelling).total, plural, "{spelling}");
    }
    assert_eq!(
        search(&lib, "tag:yml").total,
        search(&lib, "tag:yaml").total
    );
    assert!(search(&lib, "tag:yaml").total >= 1);
    assert_eq!(
        search(&lib, "tag:feature_flag").total,
        search(&lib, "tag:feature-flags").total
    );
    assert_eq!(
        search(&lib, "tag:\"feature flags\"").total,
        search(&lib, "tag:feature-flags").total
    );
}

#[test]
fn words_must_all_match_phrases_need_order_and_minus_excludes() {
    let (_dir, lib) = sample();
    let cache = search(&lib, "cache").total;
    let redis = search(&lib, "redis").total;
    let both = search(&lib, "cache redis").total;
    assert!(both <= cache.min(redis) && both >= 1);
    assert_eq!(search(&lib, "cache -redis").total, cache - both);
    assert!(search(&lib, "\"lock_timeout\"").total >= 1);
    assert_eq!(search(&lib, "\"timeout lock_\"").total, 0);
    // Stemming: "locking" finds "locked"/"locks".
    assert_eq!(search(&lib, "locking").total, search(&lib, "locks").total);
}

#[test]
fn filters_combine() {
    let (_dir, lib) = sample();
    let sev1 = search(&lib, "severity:SEV1");
    assert!(sev1.total >= 1);
    assert!(sev1
        .hits
        .iter()
        .all(|h| h.severity.map(|s| s.as_str()) == Some("SEV1")));
    let in_2023 = search(&lib, "after:2023-01-01 before:2024-01-01");
    assert!(in_2023.total >= 1);
    assert!(in_2023
        .hits
        .iter()
        .all(|h| h.date.unwrap().format("%Y").to_string() == "2023"));
    let company = &sev1.hits[0].company.clone().unwrap();
    let by_company = search(&lib, &format!("company:\"{}\"", company.to_uppercase()));
    assert!(by_company
        .hits
        .iter()
        .all(|h| h.company.as_deref() == Some(company.as_str())));
    assert_eq!(search(&lib, "kind:war-story").total, 12);
    assert_eq!(search(&lib, "kind:postmortem").total, 0);
}

#[test]
fn titles_outrank_bodies() {
    let (_dir, lib) = library();
    for (title, body) in [
        (
            "Notes from a quiet week",
            "Nothing about the subject except one mention of thundering herds.",
        ),
        ("The thundering herd", "A short body."),
    ] {
        lib.create_story(kintsugi_core::StoryContent {
            title: title.into(),
            body: body.into(),
            ..Default::default()
        })
        .unwrap();
    }
    assert_eq!(titles(&lib, "thundering herd")[0], "The thundering herd");
}

#[test]
fn snippets_highlight_matches_and_escape_html() {
    let (_dir, lib) = library();
    lib.create_story(kintsugi_core::StoryContent {
        title: "Snippet".into(),
        body: "Before <b>bold</b> the retry storm grew & grew.".into(),
        ..Default::default()
    })
    .unwrap();
    let hit = &search(&lib, "storm").hits[0];
    assert!(
        hit.snippet.contains("<mark>storm</mark>"),
        "{}",
        hit.snippet
    );
    assert!(
        hit.snippet.contains("&lt;b&gt;") && hit.snippet.contains("&amp;"),
        "{}",
        hit.snippet
    );
}

#[test]
fn facets_count_tags_over_all_hits() {
    let (_dir, lib) = sample();
    let all = search(&lib, "");
    assert_eq!(all.total, 12);
    let postgres = all
        .tags
        .iter()
        .find(|t| t.tag == "postgresql")
        .unwrap()
        .count;
    assert_eq!(postgres as usize, search(&lib, "tag:postgresql").total);
    let first_page = lib
        .search(&SearchRequest {
            query: String::new(),
            limit: 2,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(first_page.hits.len(), 2);
    assert_eq!(
        first_page.tags, all.tags,
        "facets cover every hit, not just the page"
    );
}

#[test]
fn facets_equal_the_tags_of_every_matching_story() {
    let (_dir, lib) = sample();
    // A deleted story stays in its segment as a deleted document until a
    // merge: its tags must not count.
    let mut gone = vec![lib.list_stories().unwrap()[0].id];
    lib.delete_story(gone[0]).unwrap();
    // Three rounds: the first learns each segment's whole counts from a
    // query matching most stories, the second counts by subtracting from
    // them, the third after one more delete (the learnt counts no longer
    // apply).
    for round in 0..3 {
        if round == 2 {
            let next = lib.list_stories().unwrap()[0].id;
            lib.delete_story(next).unwrap();
            gone.push(next);
        }
        for query in [
            "",
            "database",
            "tag:postgresql",
            "retry -storm",
            "migration lock",
        ] {
            let found = search(&lib, query);
            assert!(found.total > 0, "{query:?} finds stories");
            let mut expected = std::collections::BTreeMap::<String, u64>::new();
            for hit in &found.hits {
                assert!(!gone.contains(&hit.id));
                for tag in lib.get_story(hit.id).unwrap().content.tags {
                    *expected.entry(tag).or_default() += 1;
                }
            }
            let counted: std::collections::BTreeMap<String, u64> = found
                .tags
                .iter()
                .map(|t| (t.tag.clone(), t.count))
                .collect();
            assert_eq!(counted, expected, "facets of {query:?}, round {round}");
        }
    }
}

#[test]
fn sorting_by_date_and_paging() {
    let (_dir, lib) = sample();
    let newest = lib
        .search(&SearchRequest {
            query: String::new(),
            limit: 12,
            sort: SortOrder::Newest,
            ..Default::default()
        })
        .unwrap();
    let dates: Vec<_> = newest.hits.iter().map(|h| h.date.unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]));
    let oldest = lib
        .search(&SearchRequest {
            query: String::new(),
            limit: 1,
            sort: SortOrder::Oldest,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(oldest.hits[0].id, newest.hits.last().unwrap().id);
    let page2 = lib
        .search(&SearchRequest {
            query: String::new(),
            limit: 5,
            offset: 5,
            sort: SortOrder::Newest,
        })
        .unwrap();
    assert_eq!(page2.hits[0].id, newest.hits[5].id);
}

#[test]
fn a_relaxed_search_pages_on_from_its_first_page() {
    let (_dir, lib) = sample();
    let ask = |limit: usize, offset: usize| {
        lib.search(&SearchRequest {
            query: "the disk filled up because of too much debug logging".into(),
            limit,
            offset,
            ..Default::default()
        })
        .unwrap()
    };
    let first = ask(3, 0);
    assert!(first.relaxed, "no story has every word");
    let shown: Vec<&str> = first.hits.iter().map(|h| h.title.as_str()).collect();
    assert!(first.hits.len() >= 2, "{shown:?}");
    let second = ask(1, 1);
    assert!(second.relaxed);
    assert_eq!(second.total, first.total);
    assert_eq!(second.hits[0].id, first.hits[1].id);
}

#[test]
fn invalid_queries_are_errors_with_a_code() {
    let (_dir, lib) = sample();
    let err = lib
        .search(&SearchRequest {
            query: "after:someday".into(),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidQuery);
}

#[test]
fn related_stories_share_subject_matter() {
    let (_dir, lib) = sample();
    import(&lib, &[icco()]);
    let migration = search(&lib, "tag:migrations gen_random_uuid").hits[0].id;
    let related = lib.related_stories(migration, 5).unwrap();
    assert_eq!(related.len(), 5);
    assert!(related.iter().all(|h| h.id != migration));
    let text = related
        .iter()
        .map(|h| format!("{} {:?}", h.title, h.tags))
        .collect::<String>()
        .to_lowercase();
    assert!(
        text.contains("migration") || text.contains("postgres") || text.contains("lock"),
        "{text}"
    );
}

/// Deleting and restoring leaves deleted documents in the index segments
/// until they merge; related stories must still work (tantivy's own
/// more-like-this query panicked here).
#[test]
fn related_stories_work_after_delete_and_undo() {
    let (_dir, lib) = sample();
    let id = search(&lib, "FLUSHALL").hits[0].id;
    lib.delete_story(id).unwrap();
    lib.restore_story(id).unwrap();
    let other = search(&lib, "gen_random_uuid").hits[0].id;
    lib.delete_story(other).unwrap();
    lib.restore_story(other).unwrap();
    let related = lib.related_stories(id, 5).unwrap();
    assert!(!related.is_empty());
    assert!(related.iter().all(|h| h.id != id));
}
