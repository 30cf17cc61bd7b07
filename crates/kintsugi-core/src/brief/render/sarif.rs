//! The briefing as SARIF 2.1.0 for code-scanning integrations: signals are
//! `note` results and fired tripwires `warning` results, each with its rule
//! (why and source) in the tool's rule list; matched stories travel in the
//! run's `properties`.

use serde_json::{json, Value};

use super::short_id;
use crate::brief::rules::RULES;
use crate::brief::Briefing;

fn region(line: u32) -> Value {
    if line == 0 {
        json!(null)
    } else {
        json!({ "startLine": line })
    }
}

fn location(file: &str, line: u32) -> Value {
    let mut physical = json!({ "artifactLocation": { "uri": file } });
    if line > 0 {
        physical["region"] = region(line);
    }
    json!([{ "physicalLocation": physical }])
}

/// The SARIF log.
pub fn render(briefing: &Briefing) -> Value {
    let mut used: Vec<&str> = briefing.signals.iter().map(|s| s.rule.as_str()).collect();
    used.sort_unstable();
    used.dedup();
    let mut rules: Vec<Value> = RULES
        .iter()
        .filter(|r| used.contains(&r.name))
        .map(|r| {
            json!({
                "id": r.name,
                "shortDescription": { "text": r.why },
                "fullDescription": { "text": format!("{} Source: {}.", r.why, r.source) },
                "properties": { "tags": r.tags },
            })
        })
        .collect();
    let mut tripwire_rules: Vec<String> = Vec::new();
    for t in &briefing.tripwires {
        let id = format!("tripwire/{}", t.rule);
        if !tripwire_rules.contains(&id) {
            rules.push(json!({
                "id": id,
                "shortDescription": { "text": t.message },
                "fullDescription": { "text": format!("Tripwire written by the story \u{201c}{}\u{201d} ({}).", t.story_title, t.story_id) },
            }));
            tripwire_rules.push(id);
        }
    }
    let mut results: Vec<Value> = briefing
        .signals
        .iter()
        .map(|s| {
            json!({
                "ruleId": s.rule,
                "level": "note",
                "message": { "text": format!("{} ({})", s.why, s.tag) },
                "locations": location(&s.file, s.line),
            })
        })
        .collect();
    for t in &briefing.tripwires {
        results.push(json!({
            "ruleId": format!("tripwire/{}", t.rule),
            "level": "warning",
            "message": { "text": format!("{} (from \u{201c}{}\u{201d}, {})", t.message, t.story_title, short_id(&t.story_id)) },
            "locations": location(&t.file, t.line),
        }));
    }
    let stories: Vec<Value> = briefing
        .stories
        .iter()
        .map(|s| json!({ "id": s.id, "title": s.title, "score": s.score, "why": s.why }))
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "kintsugi",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://example.invalid/kintsugi/docs/brief.md",
                "rules": rules,
            }},
            "results": results,
            "properties": { "stories": stories, "notes": briefing.notes },
        }],
    })
}
