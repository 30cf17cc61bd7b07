//! The anonymiser measured and proved: span-level precision and recall on
//! the team's labelled passages (`fixtures/anonymise-labelled.md`, numbers
//! recorded in `docs/anonymise.md`), and every story of the public corpus
//! anonymised without its own company, product or glossary terms surviving.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

use std::path::{Path, PathBuf};

use kintsugi_core::anonymise::{
    anonymise_story, anonymise_text, field_items, Glossary, ReplacementKind,
};
use kintsugi_core::Library;

/// One labelled passage: the plain text and its sensitive byte ranges.
struct Passage {
    text: String,
    gold: Vec<(usize, usize)>,
}

fn labelled() -> (Glossary, Vec<Passage>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/anonymise-labelled.md");
    let source = std::fs::read_to_string(path).unwrap();
    let mut glossary = Glossary::default();
    let mut passages = Vec::new();
    for line in source.lines() {
        if line.trim().is_empty() || line.starts_with("//") {
            continue;
        }
        if let Some(json) = line.strip_prefix("glossary:") {
            glossary = Glossary::parse(json).unwrap();
            continue;
        }
        let marked = line.replace("\\n", "\n");
        let mut text = String::new();
        let mut gold = Vec::new();
        let mut rest = marked.as_str();
        while let Some(open) = rest.find("[[") {
            text.push_str(&rest[..open]);
            let close = rest[open..].find("]]").unwrap() + open;
            let start = text.len();
            text.push_str(&rest[open + 2..close]);
            gold.push((start, text.len()));
            rest = &rest[close + 2..];
        }
        text.push_str(rest);
        passages.push(Passage { text, gold });
    }
    (glossary, passages)
}

#[test]
fn labelled_passages_meet_precision_and_recall_floors() {
    let (glossary, passages) = labelled();
    assert!(passages.len() >= 40, "at least 40 labelled passages");
    let (mut gold_total, mut recalled) = (0, 0);
    let (mut predicted_total, mut correct) = (0, 0);
    let mut report = Vec::new();
    for p in &passages {
        let found: Vec<(usize, usize)> = anonymise_text(&p.text, &glossary)
            .replacements
            .iter()
            .map(|r| (r.start, r.end))
            .collect();
        // A sensitive span is recalled when every non-space character of it
        // is replaced (a half-replaced name still leaks).
        for &(s, e) in &p.gold {
            gold_total += 1;
            let covered = p.text[s..e].char_indices().all(|(i, c)| {
                c.is_whitespace() || found.iter().any(|&(fs, fe)| fs <= s + i && s + i < fe)
            });
            if covered {
                recalled += 1;
            } else {
                report.push(format!("missed {:?} in: {}", &p.text[s..e], p.text));
            }
        }
        // A replacement is correct when it overlaps a sensitive span.
        for &(s, e) in &found {
            predicted_total += 1;
            if p.gold.iter().any(|&(gs, ge)| s < ge && gs < e) {
                correct += 1;
            } else {
                report.push(format!(
                    "wrongly replaced {:?} in: {}",
                    &p.text[s..e],
                    p.text
                ));
            }
        }
    }
    let recall = recalled as f64 / gold_total as f64;
    let precision = correct as f64 / predicted_total as f64;
    println!(
        "anonymiser on {} passages: {gold_total} sensitive spans, recall {recall:.3} \
         ({recalled}/{gold_total}); {predicted_total} replacements, precision {precision:.3} \
         ({correct}/{predicted_total})",
        passages.len()
    );
    for line in &report {
        println!("  {line}");
    }
    assert!(recall >= 0.95, "recall {recall:.3} below 0.95");
    assert!(precision >= 0.9, "precision {precision:.3} below 0.9");
}

fn corpus() -> PathBuf {
    // Beside the repository, or one folder further up from a nested worktree.
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = ["../../../shared/corpus", "../../../../shared/corpus"]
        .iter()
        .map(|p| manifest.join(p).join("icco-postmortems"))
        .find(|p| p.is_dir())
        .unwrap_or_else(|| manifest.join("../../../shared/corpus/icco-postmortems"));
    assert!(dir.is_dir(), "shared corpus expected at {}", dir.display());
    dir
}

/// True when `term` occurs in `text` (both lowercase): anywhere for terms
/// of five or more characters, as a whole word for shorter ones ("ebs" is
/// in "websites", which is no leak).
fn occurs(text: &str, term: &str) -> bool {
    if term.chars().count() >= 5 {
        return text.contains(term);
    }
    text.match_indices(term).any(|(i, m)| {
        let before = text[..i].chars().next_back();
        let after = text[i + m.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[test]
fn no_corpus_story_keeps_its_company_product_or_glossary_terms() {
    let dir = tempfile::tempdir().unwrap();
    let library = Library::open(dir.path()).unwrap();
    let report = library.import_paths(&[corpus()], &mut |_| {}).unwrap();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let stories = library.list_stories().unwrap();
    assert_eq!(stories.len(), 242);
    let glossary = Glossary {
        people: vec!["Dana Whitfield".into()],
        customers: vec!["Spotify".into(), "Pinterest".into(), "Netflix".into()],
        companies: vec!["Atlassian".into()],
        products: vec!["Jira".into(), "Fortnite".into()],
        allow: Vec::new(),
    };
    let glossary_terms: Vec<&String> = glossary
        .people
        .iter()
        .chain(&glossary.customers)
        .chain(&glossary.companies)
        .chain(&glossary.products)
        .collect();
    let mut failures = Vec::new();
    let mut replaced = 0;
    for story in &stories {
        let done = anonymise_story(&story.content, &glossary);
        replaced += done.replacements.len();
        assert!(done.content.anonymised);
        assert_eq!(done.content.source_url, None);
        let text = serde_json::to_string(&done.content).unwrap().to_lowercase();
        let own = [&story.content.company, &story.content.product]
            .into_iter()
            .flatten()
            .flat_map(|field| field_items(field));
        for term in own.filter(|t| !glossary.is_generic_term(t)) {
            if occurs(&text, &term.to_lowercase()) {
                failures.push(format!("{:?} keeps {term:?}", story.content.title));
            }
        }
        for term in &glossary_terms {
            if occurs(&text, &term.to_lowercase()) {
                failures.push(format!("{:?} keeps glossary {term:?}", story.content.title));
            }
        }
        for r in &done.replacements {
            assert!(r.start <= r.end, "{r:?}");
        }
    }
    println!("{} stories, {replaced} replacements", stories.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn anonymising_twice_changes_nothing_more() {
    let (glossary, passages) = labelled();
    for p in &passages {
        let once = anonymise_text(&p.text, &glossary).text;
        let twice = anonymise_text(&once, &glossary);
        assert_eq!(
            twice.text, once,
            "second pass changed: {:?}",
            twice.replacements
        );
    }
}

#[test]
fn replacements_are_consistent_within_a_text() {
    let done = anonymise_text(
        "10.0.0.7 called 10.0.0.8; 10.0.0.7 again. Quinn Osei paged Osei's team, then \
         Ama Serwaa said so. db-main-1 and db-main-2 and db-main-1.",
        &Glossary::default(),
    );
    assert_eq!(
        done.text,
        "203.0.113.1 called 203.0.113.2; 203.0.113.1 again. Engineer A paged Engineer A's \
         team, then Engineer B said so. host-1 and host-2 and host-1."
    );
    let kinds: Vec<ReplacementKind> = done.replacements.iter().map(|r| r.kind).collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == ReplacementKind::Ip).count(),
        3
    );
}
