//! The user-maintained glossary: people, customers, companies and products
//! to replace, and extra words to keep; how it is read from a file, named
//! term by term ([`GlossaryKind`], [`glossary_terms`]) and merged.
//!
//! Invariants: every lookup is case-insensitive; a word the user allows is
//! never treated as a name, whatever the built-in lists say; the terms of a
//! glossary are unique per kind, case-insensitively, and never empty.

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::lexicon::{Lexicon, WordClass};
use super::vocabulary;
use crate::error::{Error, Result};
use crate::story::collapse_whitespace;

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

/// Which list of the [`Glossary`] a term belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum GlossaryKind {
    /// A person's name.
    Person,
    /// A customer.
    Customer,
    /// A company.
    Company,
    /// A product.
    Product,
    /// A word that must stay (technical vocabulary).
    Allow,
}

impl GlossaryKind {
    /// Every kind, in the glossary's field order.
    pub const ALL: [GlossaryKind; 5] = [
        GlossaryKind::Person,
        GlossaryKind::Customer,
        GlossaryKind::Company,
        GlossaryKind::Product,
        GlossaryKind::Allow,
    ];

    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            GlossaryKind::Person => "person",
            GlossaryKind::Customer => "customer",
            GlossaryKind::Company => "company",
            GlossaryKind::Product => "product",
            GlossaryKind::Allow => "allow",
        }
    }

    /// Reads the stored spelling (also the plural field names).
    pub fn parse(s: &str) -> Result<GlossaryKind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "person" | "people" => Ok(GlossaryKind::Person),
            "customer" | "customers" => Ok(GlossaryKind::Customer),
            "company" | "companies" => Ok(GlossaryKind::Company),
            "product" | "products" => Ok(GlossaryKind::Product),
            "allow" | "allowed" => Ok(GlossaryKind::Allow),
            other => Err(Error::field(
                "kind",
                format!("expected person, customer, company, product or allow, found `{other}`"),
            )),
        }
    }

    /// The glossary's list for this kind.
    pub fn list(self, glossary: &mut Glossary) -> &mut Vec<String> {
        match self {
            GlossaryKind::Person => &mut glossary.people,
            GlossaryKind::Customer => &mut glossary.customers,
            GlossaryKind::Company => &mut glossary.companies,
            GlossaryKind::Product => &mut glossary.products,
            GlossaryKind::Allow => &mut glossary.allow,
        }
    }
}

/// `glossary` as (kind, term) pairs, trimmed, without empties or
/// case-insensitive duplicates, in field order.
pub fn glossary_terms(glossary: &Glossary) -> Vec<(GlossaryKind, String)> {
    let mut glossary = glossary.clone();
    let mut out: Vec<(GlossaryKind, String)> = Vec::new();
    for kind in GlossaryKind::ALL {
        for term in kind.list(&mut glossary).iter() {
            let term = collapse_whitespace(term);
            let duplicate = out
                .iter()
                .any(|(k, t)| *k == kind && t.to_lowercase() == term.to_lowercase());
            if !term.is_empty() && !duplicate {
                out.push((kind, term));
            }
        }
    }
    out
}

/// `base` with every term of `extra` added (duplicates dropped).
pub fn merge_glossaries(base: &Glossary, extra: &Glossary) -> Glossary {
    let mut merged = Glossary::default();
    let mut both = glossary_terms(base);
    both.extend(glossary_terms(extra));
    for (kind, term) in both {
        let list = kind.list(&mut merged);
        if !list.iter().any(|t| t.to_lowercase() == term.to_lowercase()) {
            list.push(term);
        }
    }
    merged
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

    #[test]
    fn glossary_terms_drop_empties_and_case_duplicates() {
        let g = Glossary {
            people: vec![
                "Dana  Whitfield".into(),
                "dana whitfield".into(),
                " ".into(),
            ],
            allow: vec!["Vitess".into()],
            ..Default::default()
        };
        assert_eq!(
            glossary_terms(&g),
            vec![
                (GlossaryKind::Person, "Dana Whitfield".to_string()),
                (GlossaryKind::Allow, "Vitess".to_string())
            ]
        );
        let extra = Glossary {
            people: vec!["DANA WHITFIELD".into(), "Ola Nordmann".into()],
            ..Default::default()
        };
        assert_eq!(
            merge_glossaries(&g, &extra).people,
            vec!["Dana Whitfield".to_string(), "Ola Nordmann".to_string()]
        );
    }

    #[test]
    fn kinds_parse_singular_and_plural() {
        for kind in GlossaryKind::ALL {
            assert_eq!(GlossaryKind::parse(kind.as_str()).ok(), Some(kind));
        }
        assert_eq!(
            GlossaryKind::parse("People").ok(),
            Some(GlossaryKind::Person)
        );
        assert!(GlossaryKind::parse("hosts").is_err());
    }
}
