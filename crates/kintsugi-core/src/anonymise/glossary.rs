//! The user-maintained glossary: people, customers, companies and products
//! to replace, and extra words to keep.
//!
//! Invariant: every lookup is case-insensitive; a word the user allows is
//! never treated as a name, whatever the built-in lists say.

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::lexicon::{Lexicon, WordClass};
use super::vocabulary;
use crate::error::{Error, Result};

/// Names to replace and words to keep, maintained by the user.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct Glossary {
    /// People ("Dana Whitfield"): the full name and each part are replaced.
    pub people: Vec<String>,
    /// Customers: replaced by "Customer 1", "Customer 2", ….
    pub customers: Vec<String>,
    /// Other companies: replaced by "Company Y", "Company Z", ….
    pub companies: Vec<String>,
    /// Products: replaced by "Product Q", "Product R", ….
    pub products: Vec<String>,
    /// Extra words that must stay (technical vocabulary the built-in list lacks).
    pub allow: Vec<String>,
}

impl Glossary {
    /// Reads a glossary from JSON or YAML text (YAML is a superset of JSON).
    pub fn parse(text: &str) -> Result<Glossary> {
        if text.trim().is_empty() {
            return Ok(Glossary::default());
        }
        serde_norway::from_str(text)
            .map_err(|e| Error::parse(Path::new("glossary"), format!("not a glossary: {e}")))
    }

    /// Reads a glossary file (JSON or YAML).
    pub fn from_file(path: &Path) -> Result<Glossary> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Glossary::parse(&text).map_err(|e| match e {
            Error::Parse { message, .. } => Error::parse(path, message),
            other => other,
        })
    }

    /// True when `word` is technical vocabulary (built-in or [`Glossary::allow`]):
    /// it stays even where a story names it as its company or product.
    pub fn is_technical(&self, word: &str) -> bool {
        let w = word.trim().to_lowercase();
        vocabulary::ALLOW.contains(&w.as_str()) || self.allow.iter().any(|a| a.to_lowercase() == w)
    }

    /// True when every word of `term` is technical vocabulary or a common
    /// English word ("database", "Solr Index Replication", "billing system"):
    /// such a company or product field describes, it does not name, and stays.
    pub fn is_generic_term(&self, term: &str) -> bool {
        let whole = term.trim();
        if whole.is_empty() || self.is_technical(whole) {
            return true;
        }
        let lexicon = Lexicon::new(self);
        whole
            .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '+' || c == '#'))
            .filter(|w| !w.is_empty())
            .all(|w| {
                let class = lexicon.class(w);
                class == WordClass::Technical || class == WordClass::Common
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_json_and_yaml() {
        let json =
            Glossary::parse(r#"{"people": ["Dana Whitfield"], "customers": ["Globex"]}"#).unwrap();
        assert_eq!(json.people, vec!["Dana Whitfield".to_string()]);
        let yaml = Glossary::parse("people:\n  - Dana Whitfield\nallow: [Vitess]\n").unwrap();
        assert_eq!(yaml.allow, vec!["Vitess".to_string()]);
        assert!(yaml.is_technical("vitess"));
        assert!(Glossary::parse("people: 3").is_err());
    }

    #[test]
    fn generic_terms_describe_rather_than_name() {
        let g = Glossary::default();
        assert!(g.is_generic_term("database"));
        assert!(g.is_generic_term("billing system"));
        assert!(g.is_generic_term("Linux"));
        assert!(!g.is_generic_term("SimpleDB"));
        assert!(!g.is_generic_term("Amazon"));
    }
}
