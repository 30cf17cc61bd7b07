//! Sentences of real postmortems, read at run time from the public corpus
//! beside the repository (`../shared/corpus/icco-postmortems`), to be
//! recombined into generated stories. Nothing of the corpus is compiled in:
//! when it is absent the built-in [`FALLBACK_PROSE`] is used instead.
//!
//! Invariant: for the same folder content the sentence list is the same, in
//! the same order (files sorted by name), so generation stays deterministic.

use std::path::{Path, PathBuf};

use crate::vocabulary::FALLBACK_PROSE;

/// Largest corpus file read, in bytes; anything larger is skipped.
const MAX_FILE: u64 = 1024 * 1024;
/// Shortest and longest sentence kept, in bytes.
const SENTENCE_BYTES: (usize, usize) = (40, 320);

/// Where the prose came from, for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Sentences of the corpus in this folder.
    Corpus(PathBuf),
    /// The built-in fallback prose.
    Fallback,
}

/// The sentences stories are built from.
#[derive(Debug, Clone)]
pub struct Sentences {
    /// Every sentence, in corpus order.
    pub all: Vec<String>,
    /// Their lower-case forms, for topic matching.
    pub lower: Vec<String>,
    /// Where they came from.
    pub source: Source,
}

impl Sentences {
    /// Sentences of the corpus in `dir`, or the fallback prose when `dir`
    /// is missing or yields too few sentences to vary stories.
    pub fn load(dir: Option<&Path>) -> Sentences {
        if let Some(dir) = dir {
            let all = read_corpus(dir);
            if all.len() >= 200 {
                return Sentences::new(all, Source::Corpus(dir.to_path_buf()));
            }
        }
        let all = FALLBACK_PROSE.iter().map(|s| s.to_string()).collect();
        Sentences::new(all, Source::Fallback)
    }

    fn new(all: Vec<String>, source: Source) -> Sentences {
        let lower = all.iter().map(|s| s.to_lowercase()).collect();
        Sentences { all, lower, source }
    }

    /// Indexes of the sentences containing any of `keywords`.
    pub fn matching(&self, keywords: &[&str]) -> Vec<usize> {
        self.lower
            .iter()
            .enumerate()
            .filter(|(_, s)| keywords.iter().any(|k| s.contains(k)))
            .map(|(i, _)| i)
            .collect()
    }
}

/// The default corpus folder: `../shared/corpus/icco-postmortems` from the
/// repository root, found from this crate's folder.
pub fn default_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/icco-postmortems")
}

fn read_corpus(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .filter(|p| std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.len() <= MAX_FILE))
        .collect();
    files.sort();
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        for sentence in sentences(body(&text)) {
            if seen.insert(sentence.clone()) {
                out.push(sentence);
            }
        }
    }
    out
}

/// The text after a `---` front matter block, or all of it.
fn body(text: &str) -> &str {
    text.strip_prefix("---\n")
        .and_then(|rest| rest.find("\n---\n").map(|end| &rest[end + 5..]))
        .unwrap_or(text)
}

/// Plain prose sentences of a Markdown body: headings, lists, tables, code,
/// links and quotes are dropped so recombined text stays well-formed.
fn sentences(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in body.lines() {
        let line = line.trim();
        if line.starts_with("```") || line.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence || line.is_empty() || line.starts_with(['#', '|', '>', '-', '*', '+']) {
            continue;
        }
        let mut start = 0;
        let bytes = line.as_bytes();
        for (i, b) in bytes.iter().enumerate() {
            let ends =
                matches!(b, b'.' | b'!' | b'?') && (i + 1 == bytes.len() || bytes[i + 1] == b' ');
            if ends {
                keep(&line[start..=i], &mut out);
                start = i + 1;
            }
        }
    }
    out
}

fn keep(sentence: &str, out: &mut Vec<String>) {
    let s = sentence.trim();
    let plain = !s.contains(['`', '<', '>', '[', ']', '|', '{', '}', '\\', '"', '*', '_'])
        && !s.contains("http")
        && !s.contains(": ");
    if plain
        && (SENTENCE_BYTES.0..=SENTENCE_BYTES.1).contains(&s.len())
        && s.starts_with(|c: char| c.is_ascii_uppercase())
    {
        out.push(s.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_plain_sentences_and_drops_markup() {
        let text = "---\ntitle: x\n---\n\n# Heading that is long enough to be a sentence.\n\nThe database failed over to the replica in another zone. Then it came back within a few minutes of the page.\n\n- A list item that should not be used as prose.\n\n```\nCode that looks like a sentence but is in a fence.\n```\nSee https://example.invalid for the details of this incident today.\n";
        let got = sentences(body(text));
        assert_eq!(
            got,
            vec![
                "The database failed over to the replica in another zone.",
                "Then it came back within a few minutes of the page.",
            ]
        );
    }

    #[test]
    fn missing_corpus_falls_back_to_built_in_prose() {
        let dir = tempfile::tempdir().unwrap();
        let s = Sentences::load(Some(&dir.path().join("absent")));
        assert_eq!(s.source, Source::Fallback);
        assert_eq!(s.all.len(), FALLBACK_PROSE.len());
        assert!(!s.matching(&["database"]).is_empty());
    }

    #[test]
    fn the_public_corpus_gives_thousands_of_sentences_when_present() {
        let dir = default_dir();
        if !dir.is_dir() {
            return; // the corpus is optional for this crate
        }
        let s = Sentences::load(Some(&dir));
        assert!(matches!(s.source, Source::Corpus(_)));
        assert!(s.all.len() > 1000, "{}", s.all.len());
    }
}
