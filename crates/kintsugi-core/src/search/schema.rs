//! The Tantivy schema and how a story becomes an index document.

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::TantivyDocument;

use super::query::company_key;
use crate::story::Story;
use crate::tag::tag_key;

/// Bump when the schema or what is indexed changes: an index written with
/// another format is rebuilt from SQLite on open.
pub const INDEX_FORMAT: u32 = 3;

/// Tokenizer for all full-text fields: words, lowercased, English stems.
pub const TEXT_TOKENIZER: &str = "en_stem";

/// Handles to the fields of the schema.
#[derive(Clone, Copy)]
pub struct Fields {
    pub id: Field,
    /// The words of the title, summary, body, structured parts, tags and
    /// company/product: every word is matched and scored here, one posting
    /// list however many places it is in. Weights are written into it: see
    /// [`WEIGHTS`].
    pub text: Field,
    /// Stored for hits; indexed in `text`.
    pub title: Field,
    /// Stored for hits and snippets; indexed in `text`.
    pub summary: Field,
    /// Stored for snippets; indexed in `text`.
    pub body: Field,
    /// Timeline, went well/wrong, lucky, surprises, factors, lessons, action
    /// items. Stored for snippets; indexed in `text`.
    pub parts: Field,
    /// Tag keys, exact (filtering).
    pub tag_key: Field,
    /// Tag display forms, stored for hits and facets.
    pub tag: Field,
    pub company_key: Field,
    pub company: Field,
    pub severity: Field,
    pub kind: Field,
    pub date: Field,
}

/// How many times each part of a story is written into `text`, so that
/// BM25 over the one field still weighs a word in the title above one in
/// the body. A boost per field would need a field each, and a word asked
/// of six fields is a union of six posting lists: at 100,000 stories that
/// union was most of a search. Each copy is a value of its own (Tantivy
/// leaves a position gap between values), so a phrase never spans two
/// parts, or two tags.
pub struct Weights {
    pub title: usize,
    pub summary: usize,
    pub tags: usize,
    pub org: usize,
    pub parts: usize,
    pub body: usize,
}

/// The weights of `docs/search.md`, "Ranking".
pub const WEIGHTS: Weights = Weights {
    title: 3,
    summary: 2,
    tags: 2,
    org: 1,
    parts: 1,
    body: 1,
};

/// Builds the schema.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TEXT_TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        text: b.add_text_field("text", text),
        title: b.add_text_field("title", STORED),
        summary: b.add_text_field("summary", STORED),
        body: b.add_text_field("body", STORED),
        parts: b.add_text_field("parts", STORED),
        tag_key: b.add_text_field("tag_key", STRING),
        // FAST: facets count tags from this column (see `facets.rs`).
        tag: b.add_text_field("tag", STORED | FAST),
        company_key: b.add_text_field("company_key", STRING),
        company: b.add_text_field("company", STORED),
        severity: b.add_text_field("severity", STRING | STORED),
        kind: b.add_text_field("kind", STRING | STORED),
        // Seconds since the epoch as i64, not a Tantivy date: those are
        // nanoseconds and end at 1677/2262, and history is older (1628).
        date: b.add_i64_field("date", INDEXED | STORED | FAST),
    };
    (b.build(), fields)
}

/// The index document for a live story.
pub fn document(fields: &Fields, story: &Story) -> TantivyDocument {
    let c = &story.content;
    let w = &WEIGHTS;
    let mut doc = TantivyDocument::new();
    let weighted = |doc: &mut TantivyDocument, times: usize, value: &str| {
        for _ in 0..times {
            doc.add_text(fields.text, value);
        }
    };
    doc.add_text(fields.id, story.id.to_string());
    doc.add_text(fields.title, &c.title);
    weighted(&mut doc, w.title, &c.title);
    doc.add_text(fields.summary, &c.summary);
    weighted(&mut doc, w.summary, &c.summary);
    doc.add_text(fields.body, &c.body);
    weighted(&mut doc, w.body, &c.body);
    let parts = parts_text(story);
    weighted(&mut doc, w.parts, &parts);
    doc.add_text(fields.parts, parts);
    for tag in &c.tags {
        weighted(&mut doc, w.tags, &tag.replace('-', " "));
        doc.add_text(fields.tag_key, tag_key(tag));
        doc.add_text(fields.tag, tag);
    }
    for org in [&c.company, &c.product].into_iter().flatten() {
        weighted(&mut doc, w.org, org);
    }
    if let Some(company) = &c.company {
        doc.add_text(fields.company_key, company_key(company));
        doc.add_text(fields.company, company);
    }
    if let Some(severity) = c.severity {
        doc.add_text(fields.severity, severity.as_str());
    }
    doc.add_text(fields.kind, c.kind.as_str());
    if let Some(date) = c.incident_date() {
        doc.add_i64(fields.date, date.timestamp());
    }
    doc
}

/// The structured parts as one searchable text, one entry per line.
fn parts_text(story: &Story) -> String {
    let p = &story.content.parts;
    let mut lines: Vec<&str> = Vec::new();
    lines.extend(p.lessons.iter().map(String::as_str));
    lines.extend(p.action_items.iter().map(|a| a.text.as_str()));
    lines.extend(p.contributing_factors.iter().map(String::as_str));
    lines.extend(p.went_wrong.iter().map(String::as_str));
    lines.extend(p.went_well.iter().map(String::as_str));
    lines.extend(p.got_lucky.iter().map(String::as_str));
    lines.extend(p.surprises.iter().map(String::as_str));
    lines.extend(p.timeline.iter().map(|e| e.text.as_str()));
    lines.join("\n")
}
