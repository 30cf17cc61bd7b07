//! Precision and recall at 3 of `kintsugi brief` on the labelled diffs in
//! `tests/fixtures/brief/` (numbers reported in `docs/brief.md`), briefed
//! against the sample library plus the public icco corpus.
//!
//! The set was written by the same people who wrote the detectors and the
//! ranking, so it measures what we meant the briefing to do, not how it
//! does on changes nobody has seen; the floors keep it from getting worse.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

mod common;

use std::path::Path;

use kintsugi_core::brief::{BriefInput, DiffInput};

/// Floors slightly under what was measured: precision@3 0.477, recall@3
/// 0.725, a right story in the top 3 for 0.919 of the diffs (docs/brief.md).
const PRECISION_FLOOR: f64 = 0.44;
const RECALL_FLOOR: f64 = 0.68;
const HIT_FLOOR: f64 = 0.86;

#[test]
fn labelled_diffs_bring_up_the_right_stories() {
    let (_dir, library) = common::library();
    library.load_sample().unwrap();
    common::import(&library, &[common::icco()]);
    let ids: Vec<String> = library
        .list_stories()
        .unwrap()
        .iter()
        .map(|s| s.id.to_string())
        .collect();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/brief");
    let labels = std::fs::read_to_string(fixtures.join("labels.tsv")).unwrap();
    let (mut precision, mut recall, mut hits, mut cases) = (0.0, 0.0, 0.0, 0usize);
    let mut report = Vec::new();
    for line in labels
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let mut fields = line.split('\t');
        let file = fields.next().unwrap();
        let wanted: Vec<String> = fields
            .next()
            .unwrap()
            .split(',')
            .map(|prefix| {
                let found: Vec<&String> = ids.iter().filter(|id| id.starts_with(prefix)).collect();
                assert_eq!(found.len(), 1, "{file}: label {prefix} names one story");
                found[0].clone()
            })
            .collect();
        let text = fields.next().unwrap_or("").to_string();
        let bytes = std::fs::read(fixtures.join(file)).unwrap();
        let briefing = library
            .brief(&BriefInput {
                diff: DiffInput::Bytes {
                    name: file.to_string(),
                    bytes,
                },
                text,
                limit: 3,
            })
            .unwrap();
        let top: Vec<String> = briefing
            .stories
            .iter()
            .take(3)
            .map(|s| s.id.to_string())
            .collect();
        let relevant = top.iter().filter(|id| wanted.contains(id)).count();
        let p = if top.is_empty() {
            0.0
        } else {
            relevant as f64 / top.len() as f64
        };
        let r = relevant as f64 / wanted.len().min(3) as f64;
        precision += p;
        recall += r;
        hits += f64::from(u8::from(relevant > 0));
        cases += 1;
        let titles: Vec<String> = briefing
            .stories
            .iter()
            .take(3)
            .map(|s| {
                format!(
                    "{}{}",
                    if wanted.contains(&s.id.to_string()) {
                        "+"
                    } else {
                        "-"
                    },
                    &s.title.chars().take(50).collect::<String>()
                )
            })
            .collect();
        report.push(format!(
            "{file:45} P={p:.2} R={r:.2}  {}",
            titles.join(" | ")
        ));
        if std::env::var_os("KINTSUGI_QUALITY_VERBOSE").is_some() {
            for s in briefing.stories.iter().take(3) {
                let title: String = s.title.chars().take(40).collect();
                report.push(format!(
                    "    {:6.2} {title}  {}",
                    s.score,
                    s.why.join(" / ")
                ));
            }
            let rules: Vec<&str> = briefing.signals.iter().map(|s| s.rule.as_str()).collect();
            report.push(format!("    signals: {}", rules.join(", ")));
        }
    }
    let (precision, recall, hits) = (
        precision / cases as f64,
        recall / cases as f64,
        hits / cases as f64,
    );
    eprintln!("{}", report.join("\n"));
    eprintln!("{cases} diffs: precision@3 {precision:.3}, recall@3 {recall:.3}, at least one right story in the top 3: {hits:.3}");
    assert!(cases >= 30, "the set holds at least 30 diffs");
    assert!(
        precision >= PRECISION_FLOOR,
        "precision@3 {precision:.3} fell below {PRECISION_FLOOR}"
    );
    assert!(
        recall >= RECALL_FLOOR,
        "recall@3 {recall:.3} fell below {RECALL_FLOOR}"
    );
    assert!(
        hits >= HIT_FLOOR,
        "hit rate {hits:.3} fell below {HIT_FLOOR}"
    );
}
