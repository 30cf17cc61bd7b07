//! The query classes the benchmark times, each written three ways: in
//! Kintsugi's query language, as the FTS5 peer's query, and as a grep where
//! grep can express it. These are the classes the search targets name
//! (issue "Search that forgives and scales"): words, phrase, tag plus text,
//! a broad word, the empty query with facets, filters only, the forgiving
//! fallback; related stories are timed separately (Kintsugi only).

use crate::fts5::PeerQuery;
use crate::grep::GrepQuery;

/// One query class.
#[derive(Debug, Clone, Copy)]
pub struct QueryClass {
    /// Name in the report.
    pub name: &'static str,
    /// The query typed into Kintsugi.
    pub kintsugi: &'static str,
    /// The FTS5 peer's equivalent.
    pub peer: PeerQuery,
    /// grep's equivalent, where there is one.
    pub grep: Option<GrepQuery>,
}

/// Every class, in report order.
pub const CLASSES: &[QueryClass] = &[
    QueryClass {
        name: "words",
        kintsugi: "retry storm",
        peer: PeerQuery::Match("retry storm"),
        grep: Some(GrepQuery::AllWords(&["retry", "storm"])),
    },
    QueryClass {
        name: "phrase",
        kintsugi: "\"connection pool\"",
        peer: PeerQuery::Match("\"connection pool\""),
        grep: Some(GrepQuery::Text("connection pool")),
    },
    QueryClass {
        name: "tag plus text",
        kintsugi: "tag:migrations lock",
        peer: PeerQuery::Match("tags:migrations AND lock"),
        grep: None,
    },
    QueryClass {
        name: "broad word",
        kintsugi: "database",
        peer: PeerQuery::Match("database"),
        grep: Some(GrepQuery::Text("database")),
    },
    QueryClass {
        name: "empty query with facets",
        kintsugi: "",
        peer: PeerQuery::NewestWithFacets,
        grep: None,
    },
    QueryClass {
        name: "filters only",
        kintsugi: "severity:SEV1 after:2022",
        peer: PeerQuery::Filters {
            severity: "SEV1",
            after: "2022",
        },
        grep: None,
    },
    QueryClass {
        name: "forgiving fallback",
        // No generated story holds `invoices`, so the strict query finds
        // nothing at any size and the relaxed one (and "did you mean")
        // runs; FTS5 wants every word and finds nothing.
        kintsugi: "why did the migration lock the invoices table",
        peer: PeerQuery::Match("why did the migration lock the invoices table"),
        grep: None,
    },
];

/// Query whose top hits are the stories related stories are asked for.
pub const RELATED_SEEDS: &str = "database";
