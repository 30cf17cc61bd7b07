//! Natural sentences find their story: a labelled set
//! (`fixtures/search/natural.tsv`) run against the sample library plus the
//! public corpus, with a floor on how many have a fitting story in the top
//! 3. Most of these sentences have no story holding every word, so this
//! measures forgiving matching (`docs/search.md`).

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

mod common;

use std::path::Path;

/// Share of sentences with a fitting story in the top 3, at least.
const TOP3_FLOOR: f64 = 0.8;

#[test]
fn natural_sentences_find_a_fitting_story_in_the_top_3() {
    let (_dir, library) = common::library();
    library.load_sample().unwrap();
    common::import(&library, &[common::icco()]);
    let labels = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/search/natural.tsv");
    let labels = std::fs::read_to_string(labels).unwrap();
    let (mut found, mut cases, mut report) = (0usize, 0usize, Vec::new());
    for line in labels
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (query, wanted) = line.split_once('\t').unwrap();
        let wanted: Vec<&str> = wanted.split(',').map(str::trim).collect();
        let results = common::search(&library, query);
        let hit = results.hits.iter().take(3).any(|h| {
            let (id, title) = (h.id.to_string(), h.title.to_lowercase());
            wanted
                .iter()
                .any(|w| id.starts_with(w) || title.contains(&w.to_lowercase()))
        });
        cases += 1;
        found += usize::from(hit);
        report.push(format!(
            "{} {query:?} relaxed={} top3={:?}",
            if hit { "ok  " } else { "MISS" },
            results.relaxed,
            results
                .hits
                .iter()
                .take(3)
                .map(|h| h.title.as_str())
                .collect::<Vec<_>>()
        ));
    }
    let rate = found as f64 / cases as f64;
    println!(
        "top-3 hit rate {rate:.3} ({found}/{cases})\n{}",
        report.join("\n")
    );
    assert!(
        rate >= TOP3_FLOOR,
        "top-3 hit rate {rate:.3} below {TOP3_FLOOR}\n{}",
        report.join("\n")
    );
}
