//! The engine: detection and pseudonyms shared by every field of one
//! story. It learns the story's terms first (its company and product, the
//! glossary, names found anywhere in the story, action item owners), then
//! replaces field by field.
//!
//! Invariants: the story's own company and products get the first
//! pseudonyms ("Company X", "Product P"); a name learned from one field is
//! replaced in every field; in tags and inside URLs names become slugs
//! (`company-x`); the source URL is dropped whole.

use super::fields::{read_fields, FieldPath};
use super::finding::Found;
use super::lexicon::{Lexicon, WordClass};
use super::names;
use super::overlaps::find_all;
use super::patterns::urls;
use super::replace::{self, Pseudonyms};
use super::terms::{field_items, find_terms, Terms};
use super::{Glossary, Replacement, ReplacementKind};
use crate::story::StoryContent;

/// Every replacement for a story, fields in a fixed order.
pub(super) fn story_replacements(content: &StoryContent, glossary: &Glossary) -> Vec<Replacement> {
    let fields = read_fields(content);
    let mut engine = Engine::new(
        glossary,
        content.company.as_deref(),
        content.product.as_deref(),
    );
    engine.learn_names(&fields.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>());
    for item in &content.parts.action_items {
        if let Some(owner) = &item.owner {
            engine.learn_owner(owner);
        }
    }
    let mut replacements = Vec::new();
    for &(field, ref text) in &fields {
        if field == FieldPath::SourceUrl {
            replacements.push(Replacement {
                original: text.clone(),
                replacement: String::new(),
                kind: ReplacementKind::Url,
                field,
                start: 0,
                end: text.len(),
            });
            continue;
        }
        replacements.extend(engine.replace(field, text));
    }
    replacements
}

/// Detection and pseudonyms shared by all fields of one story.
pub(super) struct Engine<'g> {
    glossary: &'g Glossary,
    lexicon: Lexicon,
    terms: Terms,
    pseudonyms: Pseudonyms,
}

impl<'g> Engine<'g> {
    pub(super) fn new(
        glossary: &'g Glossary,
        company: Option<&str>,
        product: Option<&str>,
    ) -> Engine<'g> {
        let mut engine = Engine {
            glossary,
            lexicon: Lexicon::new(glossary),
            terms: Terms::default(),
            pseudonyms: Pseudonyms::default(),
        };
        let company_items = field_items(company.unwrap_or(""));
        for c in &company_items {
            engine.add_term(c, ReplacementKind::Company, true);
            engine.add_short_forms(c, ReplacementKind::Company);
        }
        for p in field_items(product.unwrap_or("")) {
            engine.add_term(&p, ReplacementKind::Product, true);
            // "Google Compute Engine" is also written "Compute Engine".
            for c in &company_items {
                if let Some(rest) = strip_prefix_ci(&p, c) {
                    engine.add_term(rest.trim(), ReplacementKind::Product, true);
                }
            }
        }
        for c in &glossary.customers {
            engine.add_term(c, ReplacementKind::Customer, false);
            engine.add_short_forms(c, ReplacementKind::Customer);
        }
        for c in &glossary.companies {
            engine.add_term(c, ReplacementKind::Company, false);
            engine.add_short_forms(c, ReplacementKind::Company);
        }
        for p in &glossary.products {
            engine.add_term(p, ReplacementKind::Product, false);
        }
        for person in &glossary.people {
            engine.add_person(person, true);
        }
        engine
    }

    /// Adds a non-person term unless it is generic vocabulary; reserves its
    /// pseudonym now when `reserve` (so the story's own come first).
    fn add_term(&mut self, text: &str, kind: ReplacementKind, reserve: bool) {
        let text = text.trim();
        if text.is_empty() || self.glossary.is_generic_term(text) {
            return;
        }
        if self.terms.kind_of(text).is_none() {
            self.terms.add(text, kind, false);
            if reserve {
                self.pseudonyms.reserve(kind, text);
            }
        }
    }

    /// "Brightwell Retail" is also written "Brightwell": each distinctive
    /// word (no vocabulary, no first name, four letters or more) of a
    /// multi-word organisation is matched as written, with the same pseudonym.
    fn add_short_forms(&mut self, name: &str, kind: ReplacementKind) {
        let words: Vec<&str> = name.split_whitespace().collect();
        if words.len() < 2 || self.terms.kind_of(name) != Some(kind) {
            return;
        }
        for word in words {
            let word = word.trim_matches(|c: char| !c.is_alphanumeric());
            let distinctive = word.chars().count() >= 4
                && word.chars().next().is_some_and(char::is_uppercase)
                && self.lexicon.class(word) == WordClass::Unknown;
            if distinctive && self.terms.kind_of(word).is_none() {
                self.terms.add(word, kind, true);
                self.pseudonyms.short_form(kind, word, name);
            }
        }
    }

    /// Adds a person's full name and those parts of it that are not
    /// vocabulary (surnames too when `trusted`, i.e. given by the user).
    fn add_person(&mut self, name: &str, trusted: bool) {
        let name = name.trim();
        if name.is_empty() || self.glossary.is_technical(name) {
            return;
        }
        self.terms.add(name, ReplacementKind::Person, !trusted);
        for part in name.split_whitespace() {
            let part = part.trim_matches(|c: char| !c.is_alphanumeric());
            let ok = match self.lexicon.class(part) {
                WordClass::Unknown | WordClass::FirstName => true,
                WordClass::Surname => trusted,
                _ => false,
            };
            if ok && part.chars().count() >= 3 && self.terms.kind_of(part).is_none() {
                self.terms.add(part, ReplacementKind::Person, !trusted);
            }
            if part != name {
                self.pseudonyms.alias(part, name);
            }
        }
    }

    /// Finds heuristic names in all texts first, so that "Whitfield" on its
    /// own is replaced even before "Dana Whitfield" appears.
    pub(super) fn learn_names(&mut self, texts: &[&str]) {
        for text in texts {
            for found in names::names(text, &self.lexicon, &self.terms) {
                let name = text[found.start..found.end].to_string();
                self.add_person(&name, false);
            }
        }
    }

    /// An action item owner that is a name, not a role ("Dana", "Priya R").
    fn learn_owner(&mut self, owner: &str) {
        let words: Vec<&str> = owner.split_whitespace().collect();
        let is_name = (1..=3).contains(&words.len())
            && words.iter().all(|w| {
                w.chars().next().is_some_and(char::is_uppercase)
                    && !self.lexicon.is_vocabulary(w.trim_end_matches('.'))
            });
        if is_name && self.terms.kind_of(owner).is_none() {
            self.add_person(owner, true);
        }
    }

    /// The replacements for one field.
    pub(super) fn replace(&mut self, field: FieldPath, text: &str) -> Vec<Replacement> {
        let url_ranges = urls(text);
        let in_tag = matches!(field, FieldPath::Tag { .. });
        let found = if in_tag {
            find_terms(text, &self.terms)
        } else {
            find_all(text, &mut self.terms, &self.lexicon)
        };
        found
            .into_iter()
            .map(|found: Found| {
                let mut replacement = self.pseudonyms.pseudonym(&found);
                let in_url = url_ranges
                    .iter()
                    .any(|&(s, e)| s <= found.start && found.end <= e);
                if found.kind.is_wordy() && (in_tag || in_url) {
                    replacement = replace::slug(&replacement);
                }
                Replacement {
                    original: text[found.start..found.end].to_string(),
                    replacement,
                    kind: found.kind,
                    field,
                    start: found.start,
                    end: found.end,
                }
            })
            .collect()
    }
}

fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    let rest = &text[prefix.len()..];
    (head.eq_ignore_ascii_case(prefix) && rest.starts_with(' ')).then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::super::anonymise_story;
    use super::*;

    #[test]
    fn short_forms_of_organisations_share_the_pseudonym() {
        let content = StoryContent {
            title: "Brightwell checkout".into(),
            tags: vec!["brightwell".into()],
            body: "Brightwell Retail and Harbor paid; stack traces were fine.".into(),
            company: Some("Brightwell Retail".into()),
            ..Default::default()
        };
        let glossary = Glossary {
            customers: vec!["Harbor Foods".into()],
            ..Default::default()
        };
        let done = anonymise_story(&content, &glossary);
        assert_eq!(done.content.title, "Company X checkout");
        assert_eq!(done.content.tags, vec!["company-x"]);
        assert_eq!(
            done.content.body,
            "Company X and Customer 1 paid; stack traces were fine."
        );
    }
}
