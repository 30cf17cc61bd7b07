//! The full-text analyzer: Tantivy's `en_stem` chain with the English
//! stemmer's answers remembered.
//!
//! Stemming was a fifth of an import's CPU time: the Snowball algorithm
//! runs for every token, although a library's prose repeats a few tens of
//! thousands of distinct words. A stem depends only on the lowercased word,
//! so each thread keeps a bounded map from word to stem and runs the
//! algorithm once per distinct word. Per thread, not per analyzer: Tantivy
//! clones an analyzer for every snippet and query, and a fresh map would
//! remember nothing.
//!
//! Invariant: the tokens are exactly those of Tantivy's built-in
//! `en_stem` (simple tokenizer, tokens over 40 bytes dropped, lowercased,
//! English Snowball stems); the analyzer is registered under that name, so
//! an index written with either reads the same, and the schema (which
//! names the tokenizer) is unchanged. A test compares the two on the
//! public corpus.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use tantivy::tokenizer::{
    LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token, TokenFilter, TokenStream,
    Tokenizer,
};

use super::schema::TEXT_TOKENIZER;

/// Words remembered per thread before the map starts over: far more
/// than a library's vocabulary, far less memory than its text (a few MB).
const MAX_REMEMBERED: usize = 100_000;

/// Word to stem. Keys are short words from the library's own text, so a
/// simple FNV-1a hash serves (SipHash's defence against chosen keys
/// costs more than the stemming it saves on such short words).
type Stems = HashMap<String, String, BuildHasherDefault<Fnv>>;

/// FNV-1a, 64 bits.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Registers the analyzer on `index` under [`TEXT_TOKENIZER`], in place of
/// Tantivy's own.
pub fn register(index: &tantivy::Index) {
    index.tokenizers().register(TEXT_TOKENIZER, analyzer());
}

/// The analyzer: words, at most 40 bytes, lowercased, English stems.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(RememberedStems)
        .build()
}

/// Token filter: English stems, each distinct word stemmed once.
#[derive(Clone, Copy)]
struct RememberedStems;

impl TokenFilter for RememberedStems {
    type Tokenizer<T: Tokenizer> = StemFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> StemFilter<T> {
        StemFilter {
            inner,
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
        }
    }
}

thread_local! {
    static STEMS: std::cell::RefCell<Stems> = std::cell::RefCell::default();
}

#[derive(Clone)]
struct StemFilter<T> {
    inner: T,
    stemmer: frostem::Stemmer,
}

impl<T: Tokenizer> Tokenizer for StemFilter<T> {
    type TokenStream<'a> = StemStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StemStream {
            tail: self.inner.token_stream(text),
            stemmer: self.stemmer,
        }
    }
}

struct StemStream<T> {
    tail: T,
    stemmer: frostem::Stemmer,
}

impl<T: TokenStream> TokenStream for StemStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let stemmer = self.stemmer;
        let token = self.tail.token_mut();
        STEMS.with_borrow_mut(|stems| {
            if let Some(stem) = stems.get(&token.text) {
                token.text.clear();
                token.text.push_str(stem);
                return;
            }
            let stem = stemmer.stem(&token.text).into_owned();
            if stems.len() >= MAX_REMEMBERED {
                stems.clear();
            }
            let word = std::mem::replace(&mut token.text, stem);
            stems.insert(word, token.text.clone());
        });
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{Language, Stemmer};

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut out = Vec::new();
        analyzer
            .token_stream(text)
            .process(&mut |t| out.push((t.text.clone(), t.offset_from, t.offset_to, t.position)));
        out
    }

    #[test]
    fn the_same_tokens_as_tantivys_en_stem_on_the_public_corpus() {
        let mut builtin = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::English))
            .build();
        let mut ours = analyzer();
        // The public corpus beside the repository (see tests/anonymise.rs).
        let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let corpus = ["../../../shared/corpus", "../../../../shared/corpus"]
            .iter()
            .map(|p| manifest.join(p).join("icco-postmortems"))
            .find(|p| p.is_dir())
            .expect("the shared corpus beside the repository");
        let mut compared = 0;
        for entry in std::fs::read_dir(&corpus).expect("corpus").flatten() {
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            // Twice: the second pass answers from the remembered stems.
            for _ in 0..2 {
                assert_eq!(
                    tokens(&mut ours, &text),
                    tokens(&mut builtin, &text),
                    "{}",
                    entry.path().display()
                );
            }
            compared += 1;
        }
        assert!(compared > 200, "compared {compared} files");
    }

    #[test]
    fn the_map_starts_over_when_full_and_stems_stay_right() {
        let mut ours = analyzer();
        let words: String = (0..MAX_REMEMBERED + 10)
            .map(|i| format!("running{i} "))
            .collect();
        let all = tokens(&mut ours, &words);
        assert_eq!(all.len(), MAX_REMEMBERED + 10);
        assert_eq!(tokens(&mut ours, "Running RUNS")[0].0, "run");
        assert_eq!(tokens(&mut ours, "Running RUNS")[1].0, "run");
    }
}
