//! Precision and recall of the blame-aware linter on the labelled set in
//! `tests/fixtures/lint-labelled.tsv` (numbers reported in `docs/lint.md`).

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

use kintsugi_core::lint::{lint_text as lint, LintOptions};

struct Scores {
    true_positives: usize,
    false_positives: usize,
    false_negatives: usize,
    right_rule: usize,
    positives: usize,
    negatives: usize,
}

fn score() -> (Scores, Vec<String>) {
    let labelled = include_str!("fixtures/lint-labelled.tsv");
    let options = LintOptions {
        participants: vec![
            "Dana Whitfield".into(),
            "Priya Raman".into(),
            "Tomas".into(),
        ],
    };
    let mut s = Scores {
        true_positives: 0,
        false_positives: 0,
        false_negatives: 0,
        right_rule: 0,
        positives: 0,
        negatives: 0,
    };
    let mut misses = Vec::new();
    for line in labelled
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (expected, sentence) = line.split_once('\t').unwrap();
        let found = lint(sentence, &options);
        let flagged = !found.is_empty();
        if expected == "-" {
            s.negatives += 1;
            if flagged {
                s.false_positives += 1;
                misses.push(format!(
                    "false positive {:?}: {sentence}",
                    found.iter().map(|f| &f.rule).collect::<Vec<_>>()
                ));
            }
        } else {
            s.positives += 1;
            if flagged {
                s.true_positives += 1;
                if found.iter().any(|f| f.rule == expected) {
                    s.right_rule += 1;
                } else {
                    misses.push(format!(
                        "wrong rule (want {expected}) {:?}: {sentence}",
                        found.iter().map(|f| &f.rule).collect::<Vec<_>>()
                    ));
                }
            } else {
                s.false_negatives += 1;
                misses.push(format!("missed ({expected}): {sentence}"));
            }
        }
    }
    (s, misses)
}

#[test]
fn precision_and_recall_meet_the_floor() {
    let (s, misses) = score();
    let precision = s.true_positives as f64 / (s.true_positives + s.false_positives) as f64;
    let recall = s.true_positives as f64 / (s.true_positives + s.false_negatives) as f64;
    let rule_accuracy = s.right_rule as f64 / s.positives as f64;
    println!(
        "lint on {} labelled sentences ({} blame/hindsight, {} factual): precision {precision:.3}, recall {recall:.3}, right rule {rule_accuracy:.3}",
        s.positives + s.negatives,
        s.positives,
        s.negatives
    );
    for m in &misses {
        println!("  {m}");
    }
    assert!(
        s.positives >= 50 && s.negatives >= 35,
        "the labelled set stays substantial"
    );
    assert!(precision >= 0.95, "precision {precision:.3}: {misses:#?}");
    assert!(recall >= 0.95, "recall {recall:.3}: {misses:#?}");
    assert!(
        rule_accuracy >= 0.95,
        "right rule {rule_accuracy:.3}: {misses:#?}"
    );
}
