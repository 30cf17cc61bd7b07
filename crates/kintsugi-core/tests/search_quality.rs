//! Measured search quality on the sample library plus the public corpus,
//! each a labelled set with a floor (`docs/search.md`): natural sentences
//! (`fixtures/search/natural.tsv`) with a fitting story in the top 3, which
//! mostly measures forgiving matching; misspelt queries
//! (`fixtures/search/misspelt.tsv`) whose "did you mean" brings back the
//! intended word.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

mod common;

use std::path::Path;

/// Share of sentences with a fitting story in the top 3, at least.
const TOP3_FLOOR: f64 = 0.8;
/// Share of misspelt queries whose suggestion has the intended word, at least.
const CORRECTED_FLOOR: f64 = 0.8;

/// The labelled lines of a fixture: the query and its acceptable answers.
fn labelled(name: &str) -> Vec<(String, Vec<String>)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/search")
        .join(name);
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let (query, wanted) = line.split_once('\t').unwrap();
            let wanted = wanted.split(',').map(|w| w.trim().to_string()).collect();
            (query.to_string(), wanted)
        })
        .collect()
}

#[test]
fn natural_sentences_find_a_fitting_story_in_the_top_3() {
    let (_dir, library) = common::library();
    library.load_sample().unwrap();
    common::import(&library, &[common::icco()]);
    let (mut found, mut cases, mut report) = (0usize, 0usize, Vec::new());
    for (query, wanted) in labelled("natural.tsv") {
        let results = common::search(&library, &query);
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

#[test]
fn misspelt_queries_are_offered_the_intended_word() {
    let (_dir, library) = common::library();
    library.load_sample().unwrap();
    common::import(&library, &[common::icco()]);
    let (mut corrected, mut cases, mut report) = (0usize, 0usize, Vec::new());
    for (query, wanted) in labelled("misspelt.tsv") {
        let results = common::search(&library, &query);
        let suggestion = results.did_you_mean.clone().unwrap_or_default();
        let typed: Vec<&str> = query.split_whitespace().collect();
        let offered: Vec<String> = suggestion
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        // Right when the one misspelt word became a wanted one and every
        // other word came back as typed.
        let changed: Vec<&String> = offered
            .iter()
            .zip(&typed)
            .filter(|(o, t)| o != t)
            .map(|(o, _)| o)
            .collect();
        let right = offered.len() == typed.len()
            && changed.len() == 1
            && wanted.iter().any(|w| w == changed[0]);
        cases += 1;
        corrected += usize::from(right);
        report.push(format!(
            "{} {query:?} -> {:?} (total {}, relaxed {})",
            if right { "ok  " } else { "MISS" },
            results.did_you_mean,
            results.total,
            results.relaxed
        ));
    }
    let rate = corrected as f64 / cases as f64;
    println!(
        "corrected {rate:.3} ({corrected}/{cases})\n{}",
        report.join("\n")
    );
    assert!(
        rate >= CORRECTED_FLOOR,
        "corrected {rate:.3} below {CORRECTED_FLOOR}\n{}",
        report.join("\n")
    );
}
