//! Snippets: the passage of a hit that best shows why it matched, as
//! HTML with the query's words in `<mark>`.
//!
//! The query asks for its words in the one `text` field, which is not
//! stored; the passage is cut from the stored body, then the structured
//! parts, then the summary, whichever first holds a query word.
//! Invariant: the HTML leaves through the sanitizer, like all HTML the
//! core gives out.

use std::collections::BTreeMap;

use tantivy::query::Query;
use tantivy::schema::{Field, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Searcher, TantivyDocument};

use super::schema;

/// Longest snippet, in characters.
const SNIPPET_CHARS: usize = 220;

/// Highlighted passages for the text parts of a query.
pub(super) struct Snippets {
    generators: Vec<(Field, SnippetGenerator)>,
}

impl Snippets {
    pub(super) fn new(
        searcher: &Searcher,
        query: &dyn Query,
        fields: &schema::Fields,
        has_text: bool,
    ) -> Snippets {
        if !has_text {
            return Snippets::none();
        }
        // The query asks for its words in `text`; the passages are cut from
        // the stored fields whose words `text` holds, rarer words first.
        let mut words: BTreeMap<String, f32> = BTreeMap::new();
        query.query_terms(&mut |term, _| {
            if term.field() != fields.text {
                return;
            }
            let value = term.value();
            let Some(word) = value.as_str() else {
                return;
            };
            if let Ok(stories) = searcher.doc_freq(term) {
                if stories > 0 {
                    words.insert(word.to_string(), 1.0 / (1.0 + stories as f32));
                }
            }
        });
        let Ok(tokenizer) = searcher.index().tokenizer_for_field(fields.text) else {
            return Snippets::none();
        };
        let generators = [fields.body, fields.parts, fields.summary]
            .into_iter()
            .map(|field| {
                let generator =
                    SnippetGenerator::new(words.clone(), tokenizer.clone(), field, SNIPPET_CHARS);
                (field, generator)
            })
            .collect();
        Snippets { generators }
    }

    pub(super) fn none() -> Snippets {
        Snippets {
            generators: Vec::new(),
        }
    }

    pub(super) fn for_doc(&self, doc: &TantivyDocument) -> String {
        for (field, generator) in &self.generators {
            let text: String = doc
                .get_all(*field)
                .filter_map(|v| v.as_str())
                .collect::<Vec<_>>()
                .join("\n");
            let mut snippet = generator.snippet(&text);
            if !snippet.highlighted().is_empty() {
                snippet.set_snippet_prefix_postfix("<mark>", "</mark>");
                // Tantivy escapes the text; the sanitizer is the one door
                // HTML leaves the core by, whatever the source.
                return crate::markdown::render::sanitize(&snippet.to_html());
            }
        }
        String::new()
    }
}
