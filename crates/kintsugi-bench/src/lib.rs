//! The benchmark that judges Kintsugi's speed: a deterministic generator of
//! realistic postmortems, and a run that imports and searches them with
//! Kintsugi and its peers (SQLite FTS5, grep) in the same run, printing each
//! figure and writing the report in `docs/benchmarks.md`.
//!
//! Only [`kintsugi`] touches `kintsugi_core`'s API and the `kintsugi`
//! command line, so adapting to an API change stays in one file.

pub mod classes;
pub mod corpus;
pub mod figures;
pub mod fts5;
pub mod generate;
pub mod grep;
pub mod hooks;
pub mod kintsugi;
pub mod machine;
pub mod measure;
pub mod prng;
pub mod report;
pub mod run;
pub mod vocabulary;

/// Failures of the benchmark: any error, with a message naming what failed.
pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;
