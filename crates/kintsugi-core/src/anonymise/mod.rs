//! The anonymiser: replaces people, contact details, hosts, addresses,
//! handles, channels, companies, customers and products in a story with
//! consistent, readable pseudonyms, and says exactly what it replaced.
//!
//! - [`anonymise_text`] works on one text; [`anonymise_story`] on every
//!   field of a story (title, summary, body, tags, company, product, source
//!   URL and each structured part, action item owners included).
//! - Every [`Replacement`] names its field and the byte range in that
//!   field's *original* text, so a review UI can highlight each one and
//!   [`apply`] only those the user accepts.
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

mod detect;
mod glossary;
mod replace;
mod vocabulary;

use std::path::Path;

use chrono::Utc;
use serde::Serialize;
use serde_norway::Value;
use ts_rs::TS;
use uuid::Uuid;

use crate::error::Result;
use crate::story::{Story, StoryContent};
use detect::{Found, Terms};
pub use glossary::Glossary;
use glossary::{Lexicon, WordClass};
use replace::Pseudonyms;

/// What a replacement stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum ReplacementKind {
    /// A person's name → "Engineer A".
    Person,
    /// An e-mail address → "engineer-a@example.com".
    Email,
    /// A phone number → "+1-555-0100".
    Phone,
    /// An IPv4 or IPv6 address → "203.0.113.1", "2001:db8::1".
    Ip,
    /// A host name or internal domain → "host-1".
    Host,
    /// The host of a URL → "host-1"; or a whole source URL, dropped.
    Url,
    /// A chat handle → "@handle-1".
    Handle,
    /// A chat channel → "#channel-1".
    Channel,
    /// A company → "Company X".
    Company,
    /// A customer → "Customer 1".
    Customer,
    /// A product → "Product P".
    Product,
}

impl ReplacementKind {
    /// Which kind wins when two detectors claim the same span (lower wins).
    fn priority(self) -> u8 {
        match self {
            ReplacementKind::Customer => 0,
            ReplacementKind::Company => 1,
            ReplacementKind::Product => 2,
            ReplacementKind::Email => 3,
            ReplacementKind::Url => 4,
            ReplacementKind::Ip => 5,
            ReplacementKind::Host => 6,
            ReplacementKind::Phone => 7,
            ReplacementKind::Handle => 8,
            ReplacementKind::Channel => 9,
            ReplacementKind::Person => 10,
        }
    }

    /// Names and organisations get a slug form inside URLs and tags.
    fn is_wordy(self) -> bool {
        matches!(
            self,
            ReplacementKind::Person
                | ReplacementKind::Company
                | ReplacementKind::Customer
                | ReplacementKind::Product
        )
    }
}

/// One replacement, located in the original text of one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Replacement {
    /// The text replaced.
    pub original: String,
    /// What it was replaced with (empty: the field is dropped).
    pub replacement: String,
    /// What it stands for.
    pub kind: ReplacementKind,
    /// The field: `title`, `summary`, `body`, `tags[0]`, `company`,
    /// `product`, `source_url`, `parts.timeline[1].text`,
    /// `parts.went_well[0]`, `parts.went_wrong[0]`, `parts.got_lucky[0]`,
    /// `parts.contributing_factors[0]`, `parts.lessons[2]`,
    /// `parts.action_items[0].text`, `parts.action_items[0].owner`; `text`
    /// for [`anonymise_text`].
    pub field: String,
    /// Byte offset of the start in the field's original text.
    pub start: usize,
    /// Byte offset of the end in the field's original text.
    pub end: usize,
}

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

/// An anonymised Markdown document (see [`anonymise_markdown`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AnonymisedDocument {
    /// The anonymised Markdown.
    pub markdown: String,
    /// What was replaced (fields of the story, or `text` for a plain body).
    pub replacements: Vec<Replacement>,
}

/// Anonymises one text. The glossary's people, customers, companies and
/// products are replaced as well as everything the detectors find.
pub fn anonymise_text(text: &str, glossary: &Glossary) -> Anonymised {
    let mut engine = Engine::new(glossary, None, None);
    engine.learn_names(&[text]);
    let replacements = engine.replace("text", text);
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
    visit_fields(&mut out, &mut |name, text| {
        let mine: Vec<&Replacement> = accepted.iter().filter(|r| r.field == name).collect();
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

/// Reads Markdown (YAML front matter optional) and anonymises it. With
/// front matter the text is read as a story; its `author`, `authors`,
/// `participants`, `people`, `responders`, `incident_commander`, `owner`
/// and `reviewers` keys are added to the glossary's people, and the story
/// is written back as Markdown with front matter (a new id derived from the
/// original, `anonymised: true`). Without front matter the whole text is
/// anonymised as it stands.
pub fn anonymise_markdown(text: &str, glossary: &Glossary) -> Result<AnonymisedDocument> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if !(text.starts_with("---\n") || text.starts_with("---\r\n")) {
        let done = anonymise_text(text, glossary);
        return Ok(AnonymisedDocument {
            markdown: done.text,
            replacements: done.replacements,
        });
    }
    let mut glossary = glossary.clone();
    glossary.people.extend(front_matter_people(text));
    let path = Path::new("-");
    let parsed = crate::import::parse_text(path, text)?;
    let Some(story) = parsed.into_iter().next() else {
        return Err(crate::error::Error::parse(path, "no story found"));
    };
    let done = anonymise_story(&story.content, &glossary);
    let seed = story
        .id
        .map_or_else(|| story.content.title.clone(), |id| id.to_string());
    let now = Utc::now();
    let anonymised = Story {
        id: Uuid::new_v5(
            &Uuid::NAMESPACE_OID,
            format!("kintsugi-anonymised:{seed}").as_bytes(),
        ),
        revision: 1,
        created_at: now,
        updated_at: now,
        deleted_at: None,
        content: done.content,
    };
    Ok(AnonymisedDocument {
        markdown: crate::export::markdown::to_markdown(&anonymised),
        replacements: done.replacements,
    })
}

/// Names listed in front matter keys that hold people.
fn front_matter_people(text: &str) -> Vec<String> {
    const KEYS: &[&str] = &[
        "author",
        "authors",
        "participants",
        "people",
        "responders",
        "incident_commander",
        "owner",
        "owners",
        "reviewers",
        "editor",
    ];
    let body = text.split_once('\n').map_or("", |(_, rest)| rest);
    let yaml_end = body
        .match_indices('\n')
        .map(|(i, _)| i + 1)
        .chain(std::iter::once(0))
        .find(|&i| {
            let line = body[i..].lines().next().unwrap_or("");
            line.trim_end() == "---" || line.trim_end() == "..."
        });
    let yaml = &body[..yaml_end.unwrap_or(0)];
    let Ok(Value::Mapping(map)) = serde_norway::from_str::<Value>(yaml) else {
        return Vec::new();
    };
    let mut people = Vec::new();
    for key in KEYS {
        match map.get(*key) {
            Some(Value::String(s)) => {
                people.extend(s.split([',', ';']).map(|p| p.trim().to_string()));
            }
            Some(Value::Sequence(items)) => {
                people.extend(items.iter().filter_map(|v| {
                    match v {
                        Value::String(s) => Some(s.trim().to_string()),
                        Value::Mapping(m) => m
                            .get("name")
                            .and_then(Value::as_str)
                            .map(|s| s.trim().to_string()),
                        _ => None,
                    }
                }));
            }
            _ => {}
        }
    }
    people.retain(|p| !p.is_empty());
    people
}

/// Every replacement for a story, fields in a fixed order.
fn story_replacements(content: &StoryContent, glossary: &Glossary) -> Vec<Replacement> {
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
    for (name, text) in &fields {
        if name == "source_url" {
            replacements.push(Replacement {
                original: text.clone(),
                replacement: String::new(),
                kind: ReplacementKind::Url,
                field: name.clone(),
                start: 0,
                end: text.len(),
            });
            continue;
        }
        replacements.extend(engine.replace(name, text));
    }
    replacements
}

/// Detection and pseudonyms shared by all fields of one story.
struct Engine<'g> {
    glossary: &'g Glossary,
    lexicon: Lexicon,
    terms: Terms,
    pseudonyms: Pseudonyms,
}

impl<'g> Engine<'g> {
    fn new(glossary: &'g Glossary, company: Option<&str>, product: Option<&str>) -> Engine<'g> {
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
    fn learn_names(&mut self, texts: &[&str]) {
        for text in texts {
            for found in detect::names(text, &self.lexicon, &self.terms) {
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
    fn replace(&mut self, field: &str, text: &str) -> Vec<Replacement> {
        let url_ranges = detect::urls(text);
        let in_tag = field.starts_with("tags[");
        let found = if in_tag {
            detect::find_terms(text, &self.terms)
        } else {
            detect::find_all(text, &mut self.terms, &self.lexicon)
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
                    field: field.to_string(),
                    start: found.start,
                    end: found.end,
                }
            })
            .collect()
    }
}

/// The items of a company or product field: the whole field, then its
/// parts split on `,` `;` `/`, with a parenthesised part (after a space) as
/// an item of its own: "Amazon Elastic Block Store (EBS), Amazon EC2" →
/// "Amazon Elastic Block Store", "EBS", "Amazon EC2". "HTTP(S)" stays whole.
pub fn field_items(field: &str) -> Vec<String> {
    let mut out = vec![field.trim().to_string()];
    let mut rest = String::new();
    let mut chars = field.char_indices().peekable();
    let mut last = 0;
    while let Some((i, c)) = chars.next() {
        if c == '(' && field[..i].ends_with(char::is_whitespace) {
            if let Some(close) = field[i..].find(')') {
                rest.push_str(&field[last..i]);
                rest.push(',');
                out.push(field[i + 1..i + close].to_string());
                last = i + close + 1;
                while chars.peek().is_some_and(|&(j, _)| j < last) {
                    chars.next();
                }
            }
        }
    }
    rest.push_str(&field[last..]);
    out.extend(rest.split([',', ';', '/']).map(str::to_string));
    let mut items: Vec<String> = Vec::new();
    for item in out {
        let item = item.trim().trim_matches('"').trim().to_string();
        if !item.is_empty() && !items.contains(&item) {
            items.push(item);
        }
    }
    items
}

fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    let rest = &text[prefix.len()..];
    (head.eq_ignore_ascii_case(prefix) && rest.starts_with(' ')).then_some(rest)
}

/// Applies replacements (sorted, overlap-free, still matching) to a text.
fn splice(text: &str, replacements: &[&Replacement]) -> String {
    let mut sorted: Vec<&&Replacement> = replacements.iter().collect();
    sorted.sort_by_key(|r| (r.start, r.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for r in sorted {
        let matches = r.start >= at
            && r.end <= text.len()
            && text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end)
            && text[r.start..r.end] == r.original;
        if !matches {
            continue;
        }
        out.push_str(&text[at..r.start]);
        out.push_str(&r.replacement);
        at = r.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Calls `f` with the name and text of every text field, in a fixed order.
fn visit_fields(content: &mut StoryContent, f: &mut dyn FnMut(&str, &mut String)) {
    f("title", &mut content.title);
    f("summary", &mut content.summary);
    f("body", &mut content.body);
    for (i, tag) in content.tags.iter_mut().enumerate() {
        f(&format!("tags[{i}]"), tag);
    }
    for (name, value) in [
        ("company", &mut content.company),
        ("product", &mut content.product),
        ("source_url", &mut content.source_url),
    ] {
        if let Some(v) = value.as_mut() {
            f(name, v);
        }
    }
    let parts = &mut content.parts;
    for (i, event) in parts.timeline.iter_mut().enumerate() {
        f(&format!("parts.timeline[{i}].text"), &mut event.text);
    }
    for (name, list) in [
        ("went_well", &mut parts.went_well),
        ("went_wrong", &mut parts.went_wrong),
        ("got_lucky", &mut parts.got_lucky),
        ("contributing_factors", &mut parts.contributing_factors),
        ("lessons", &mut parts.lessons),
    ] {
        for (i, entry) in list.iter_mut().enumerate() {
            f(&format!("parts.{name}[{i}]"), entry);
        }
    }
    for (i, item) in parts.action_items.iter_mut().enumerate() {
        f(&format!("parts.action_items[{i}].text"), &mut item.text);
        if let Some(owner) = item.owner.as_mut() {
            f(&format!("parts.action_items[{i}].owner"), owner);
        }
    }
}

/// (field name, text) of every text field.
fn read_fields(content: &StoryContent) -> Vec<(String, String)> {
    let mut copy = content.clone();
    let mut fields = Vec::new();
    visit_fields(&mut copy, &mut |name, text| {
        fields.push((name.to_string(), text.clone()));
    });
    fields
}

#[cfg(test)]
mod tests {
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
            .find(|r| r.field == "parts.action_items[0].owner")
            .unwrap();
        assert_eq!(
            (owner.start, owner.end, owner.kind),
            (0, 4, ReplacementKind::Person)
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
    fn field_items_split_lists_and_parentheses() {
        assert_eq!(
            field_items("Amazon Elastic Block Store (EBS), Amazon EC2"),
            vec![
                "Amazon Elastic Block Store (EBS), Amazon EC2",
                "EBS",
                "Amazon Elastic Block Store",
                "Amazon EC2"
            ]
        );
        assert_eq!(
            field_items("HTTP(S) Load Balancer"),
            vec!["HTTP(S) Load Balancer"]
        );
        assert_eq!(
            field_items("Roscosmos / GLONASS")[1..],
            ["Roscosmos", "GLONASS"]
        );
    }

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

    #[test]
    fn text_uses_the_glossary() {
        let glossary = Glossary {
            people: vec!["Dana Whitfield".into()],
            customers: vec!["Globex".into()],
            ..Default::default()
        };
        let done = anonymise_text("whitfield told Globex; dana agreed.", &glossary);
        assert_eq!(done.text, "Engineer A told Customer 1; Engineer A agreed.");
        assert!(done.replacements.iter().all(|r| r.field == "text"));
    }

    #[test]
    fn markdown_reads_people_from_front_matter() {
        let text = "---\ntitle: Queue backlog\nauthor: Quinn Osei\ncompany: Initech\n---\n\n\
                    Osei drained the queue at Initech.\n";
        let done = anonymise_markdown(text, &Glossary::default()).unwrap();
        assert!(done
            .markdown
            .contains("Engineer A drained the queue at Company X."));
        assert!(done.markdown.contains("anonymised: true"));
        assert!(!done.markdown.contains("Quinn") && !done.markdown.contains("Osei"));
        let plain = anonymise_markdown("Mail quinn@initech.com\n", &Glossary::default()).unwrap();
        assert_eq!(plain.markdown, "Mail engineer-a@example.com\n");
    }
}
