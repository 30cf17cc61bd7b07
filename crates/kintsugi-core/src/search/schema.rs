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
pub const INDEX_FORMAT: u32 = 2;

/// Tokenizer for all full-text fields: words, lowercased, English stems.
pub const TEXT_TOKENIZER: &str = "en_stem";

/// Handles to the fields of the schema.
#[derive(Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub title: Field,
    pub summary: Field,
    pub body: Field,
    /// Timeline, went well/wrong, lucky, surprises, factors, lessons, action items.
    pub parts: Field,
    /// Tags as words, so `migration` text finds tagged stories.
    pub tags_text: Field,
    /// Company and product as words.
    pub org: Field,
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

impl Fields {
    /// Full-text fields and their ranking boosts.
    pub fn boosted_text(&self) -> [(Field, f32); 6] {
        [
            (self.title, 3.0),
            (self.summary, 2.0),
            (self.tags_text, 2.0),
            (self.org, 1.5),
            (self.parts, 1.2),
            (self.body, 1.0),
        ]
    }
}

/// Builds the schema.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |stored: bool| {
        let options = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TEXT_TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        if stored {
            options.set_stored()
        } else {
            options
        }
    };
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        title: b.add_text_field("title", text(true)),
        summary: b.add_text_field("summary", text(true)),
        body: b.add_text_field("body", text(true)),
        parts: b.add_text_field("parts", text(true)),
        tags_text: b.add_text_field("tags_text", text(false)),
        org: b.add_text_field("org", text(false)),
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
    let mut doc = TantivyDocument::new();
    doc.add_text(fields.id, story.id.to_string());
    doc.add_text(fields.title, &c.title);
    doc.add_text(fields.summary, &c.summary);
    doc.add_text(fields.body, &c.body);
    doc.add_text(fields.parts, parts_text(story));
    for tag in &c.tags {
        doc.add_text(fields.tags_text, tag.replace('-', " "));
        doc.add_text(fields.tag_key, tag_key(tag));
        doc.add_text(fields.tag, tag);
    }
    for org in [&c.company, &c.product].into_iter().flatten() {
        doc.add_text(fields.org, org);
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
