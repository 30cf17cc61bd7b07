//! The anonymiser: replaces people, contact details, hosts, addresses,
//! handles, channels, companies, customers and products in a story with
//! consistent, readable pseudonyms, and says exactly what it replaced.
//!
//! - [`anonymise_text`] works on one text; [`anonymise_story`] on every
//!   field of a story (title, summary, body, tags, company, product, source
//!   URL and each structured part, action item owners included).
//! - Every [`Replacement`] names its field (a typed [`FieldPath`]) and the
//!   byte range in that field's *original* text, so a review UI can
//!   highlight each one and [`apply`] only those the user accepts.
//! - [`anonymise_markdown`] reads a Markdown file (front matter optional)
//!   and writes the anonymised Markdown: what `kintsugi anonymise` prints.
//!
//! Invariants:
//! - Consistency: within one call the same thing always gets the same
//!   pseudonym and different things never share one (see [`replace`]).
//! - Technical vocabulary ([`Glossary::is_technical`]) is never replaced;
//!   public vendors and domains stay unless the story's own company,
//!   product or the glossary names them.
//! - The story's company and product (each comma-separated item) never
//!   survive, not even inside a host name, URL, tag or longer word, unless
//!   they are generic words ([`Glossary::is_generic_term`]).
//! - The source URL points at the original account, so it is dropped.
//! - The result's `anonymised` flag is set.
//!
//! Detection is heuristic: `docs/anonymise.md` lists what is found, the
//! measured precision and recall, and what is known to slip through.
//!
//! One job per file: `fields` walks a story's fields, `engine` runs the
//! detectors over them (`terms` for known terms, `patterns` for
//! pattern-shaped data, `names` for name heuristics, `overlaps` to keep one
//! finding per span) and `replace` hands out pseudonyms; `replacement`
//! splices them in and `document` reads and writes Markdown. `glossary` is
//! the user's word list, `lexicon` and `vocabulary` the built-in ones.

// First, so that its `regex!` macro is in scope in the detector modules.
#[macro_use]
mod finding;
mod document;
mod engine;
mod fields;
mod glossary;
mod lexicon;
mod names;
mod overlaps;
mod patterns;
mod replace;
mod replacement;
mod terms;
mod vocabulary;

use serde::Serialize;
use ts_rs::TS;

use crate::story::StoryContent;
pub use document::{anonymise_markdown, AnonymisedDocument};
use engine::{story_replacements, Engine};
use fields::visit_fields;
pub use fields::{FieldPath, PartList};
pub use glossary::{glossary_terms, merge_glossaries, Glossary, GlossaryKind};
use replacement::splice;
pub use replacement::{Replacement, ReplacementKind};
pub use terms::field_items;

/// An anonymised text and what was replaced in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Anonymised {
    /// The text with every replacement applied.
    pub text: String,
    /// The replacements, in order, with field `text`.
    pub replacements: Vec<Replacement>,
}

/// An anonymised story and what was replaced in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AnonymisedStory {
    /// The story with every replacement applied and `anonymised` set.
    pub content: StoryContent,
    /// The replacements, field by field, in order.
    pub replacements: Vec<Replacement>,
}

/// Anonymises one text. The glossary's people, customers, companies and
/// products are replaced as well as everything the detectors find.
pub fn anonymise_text(text: &str, glossary: &Glossary) -> Anonymised {
    let mut engine = Engine::new(glossary, None, None);
    engine.learn_names(&[text]);
    let replacements = engine.replace(FieldPath::Text, text);
    Anonymised {
        text: splice(text, &replacements.iter().collect::<Vec<_>>()),
        replacements,
    }
}

/// Anonymises every field of a story, consistently across fields.
pub fn anonymise_story(content: &StoryContent, glossary: &Glossary) -> AnonymisedStory {
    let replacements = story_replacements(content, glossary);
    AnonymisedStory {
        content: apply(content, &replacements),
        replacements,
    }
}

/// Applies the accepted replacements (a subset of what [`anonymise_story`]
/// returned for this same `content`) and marks the result anonymised. A
/// replacement whose `original` no longer matches its field is skipped, as
/// is one overlapping an earlier accepted one. A field replaced by nothing
/// (the source URL) becomes `None`.
pub fn apply(content: &StoryContent, accepted: &[Replacement]) -> StoryContent {
    let mut out = content.clone();
    // Fingerprints and tripwires name internal paths, symbols and commits:
    // they stay with the original and never reach a shareable copy.
    out.changes.clear();
    out.tripwires.clear();
    visit_fields(&mut out, &mut |path, text| {
        let mine: Vec<&Replacement> = accepted.iter().filter(|r| r.field == path).collect();
        if !mine.is_empty() {
            *text = splice(text, &mine);
        }
    });
    for field in [&mut out.company, &mut out.product, &mut out.source_url] {
        if field.as_deref().is_some_and(|s| s.trim().is_empty()) {
            *field = None;
        }
    }
    // Unknown front-matter keys are not reviewed field by field: dropped.
    out.extra.clear();
    out.anonymised = true;
    out
}

#[cfg(test)]
mod tests {
    use super::fields::read_fields;
    use super::*;
    use crate::story::{ActionItem, StoryParts, TimelineEvent};

    fn story() -> StoryContent {
        StoryContent {
            title: "Acme checkout outage".into(),
            summary: "Dana Whitfield rolled back Checkout Pro.".into(),
            body: "Whitfield paged @sam in #incident-42 about db-prod-3.internal.acme.net \
                   (10.1.2.3). See https://wiki.acme.net/x."
                .into(),
            company: Some("Acme".into()),
            product: Some("Checkout Pro".into()),
            source_url: Some("https://blog.acme.com/outage".into()),
            tags: vec!["acme-checkout".into(), "postgresql".into()],
            parts: StoryParts {
                timeline: vec![TimelineEvent {
                    time: None,
                    text: "Dana restarted PostgreSQL on db-prod-3.internal.acme.net".into(),
                }],
                lessons: vec!["Acme needs a runbook for Checkout Pro.".into()],
                action_items: vec![ActionItem {
                    text: "Add alerts for 10.1.2.3".into(),
                    owner: Some("Dana".into()),
                    status: Default::default(),
                    due: None,
                    closed: None,
                }],
                ..Default::default()
            },
            ..Default::default()
        }
    }

    #[test]
    fn story_fields_are_anonymised_consistently() {
        let done = anonymise_story(&story(), &Glossary::default());
        let c = &done.content;
        assert!(c.anonymised);
        assert_eq!(c.title, "Company X checkout outage");
        assert_eq!(c.summary, "Engineer A rolled back Product P.");
        assert_eq!(
            c.body,
            "Engineer A paged @handle-1 in #channel-1 about host-1 (203.0.113.1). \
             See https://host-2/x."
        );
        assert_eq!(c.company.as_deref(), Some("Company X"));
        assert_eq!(c.product.as_deref(), Some("Product P"));
        assert_eq!(c.source_url, None);
        assert_eq!(c.tags, vec!["company-x-checkout", "postgresql"]);
        assert_eq!(
            c.parts.timeline[0].text,
            "Engineer A restarted PostgreSQL on host-1"
        );
        assert_eq!(
            c.parts.lessons[0],
            "Company X needs a runbook for Product P."
        );
        assert_eq!(c.parts.action_items[0].text, "Add alerts for 203.0.113.1");
        assert_eq!(c.parts.action_items[0].owner.as_deref(), Some("Engineer A"));
        let owner = done
            .replacements
            .iter()
            .find(|r| r.field == FieldPath::ActionOwner { index: 0 })
            .unwrap();
        assert_eq!(
            (owner.start, owner.end, owner.kind),
            (0, 4, ReplacementKind::Person)
        );
    }

    #[test]
    fn surprises_are_anonymised_exactly_like_lucky_notes() {
        let note = "Dana found db-prod-3.internal.acme.net (10.1.2.3) still serving Checkout Pro";
        let mut original = story();
        original.parts.got_lucky = vec![note.into()];
        original.parts.surprises = vec![note.into()];
        let done = anonymise_story(&original, &Glossary::default());
        let p = &done.content.parts;
        assert_eq!(
            p.surprises[0],
            "Engineer A found host-1 (203.0.113.1) still serving Product P"
        );
        assert_eq!(p.surprises, p.got_lucky);
        let found = |part: PartList| -> Vec<(usize, usize, ReplacementKind)> {
            done.replacements
                .iter()
                .filter(|r| r.field == FieldPath::Part { part, index: 0 })
                .map(|r| (r.start, r.end, r.kind))
                .collect()
        };
        assert_eq!(found(PartList::Surprises), found(PartList::GotLucky));
        assert!(!found(PartList::Surprises).is_empty());
        // Reviewing: a surprise keeps its text until its replacements are accepted.
        let without: Vec<Replacement> = done
            .replacements
            .iter()
            .filter(|r| {
                !matches!(
                    r.field,
                    FieldPath::Part {
                        part: PartList::Surprises,
                        ..
                    }
                )
            })
            .cloned()
            .collect();
        let partial = apply(&original, &without);
        assert_eq!(partial.parts.surprises[0], note);
        assert_eq!(
            apply(&original, &done.replacements).parts.surprises,
            p.surprises
        );
    }

    #[test]
    fn apply_uses_only_accepted_replacements() {
        let original = story();
        let done = anonymise_story(&original, &Glossary::default());
        let keep: Vec<Replacement> = done
            .replacements
            .iter()
            .filter(|r| r.kind != ReplacementKind::Person)
            .cloned()
            .collect();
        let partial = apply(&original, &keep);
        assert_eq!(partial.summary, "Dana Whitfield rolled back Product P.");
        assert!(partial.anonymised);
        // Replacements that no longer match their field are skipped.
        let mut stale = done.replacements[0].clone();
        stale.original = "something else".into();
        assert_eq!(apply(&original, &[stale]).title, original.title);
    }

    #[test]
    fn offsets_point_into_the_original_field() {
        let original = story();
        let fields = read_fields(&original);
        for r in anonymise_story(&original, &Glossary::default()).replacements {
            let text = &fields.iter().find(|(n, _)| *n == r.field).unwrap().1;
            assert_eq!(&text[r.start..r.end], r.original, "{r:?}");
        }
    }

    #[test]
    fn text_uses_the_glossary() {
        let glossary = Glossary {
            people: vec!["Dana Whitfield".into()],
            customers: vec!["Globex".into()],
            ..Default::default()
        };
        let done = anonymise_text("whitfield told Globex; dana agreed.", &glossary);
        assert_eq!(done.text, "Engineer A told Customer 1; Engineer A agreed.");
        assert!(done.replacements.iter().all(|r| r.field == FieldPath::Text));
    }
}
