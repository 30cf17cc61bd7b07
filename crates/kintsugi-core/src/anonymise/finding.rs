//! One finding (a sensitive span a detector reports) and what every
//! detector shares: word-boundary tests and built-in patterns compiled once.
//!
//! Invariant: a finding's `start..end` lies on `char` boundaries of the
//! text it was found in.

use super::ReplacementKind;

/// One sensitive span: byte offsets into the text it was found in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    pub start: usize,
    pub end: usize,
    pub kind: ReplacementKind,
    /// What identifies the thing (lowercased for terms, hosts, handles):
    /// equal keys get equal pseudonyms.
    pub key: String,
}

/// Word boundaries for terms: `_` does not join words here, so `_Vasa_`
/// (Markdown emphasis) and `acme_prod` both contain a whole word.
pub(super) fn boundary_before(text: &str, at: usize) -> bool {
    !text[..at]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
}

pub(super) fn boundary_after(text: &str, at: usize) -> bool {
    !text[at..].chars().next().is_some_and(char::is_alphanumeric)
}

pub(super) fn char_before(text: &str, at: usize) -> Option<char> {
    text[..at].chars().next_back()
}

pub(super) fn char_after(text: &str, at: usize) -> Option<char> {
    text[at..].chars().next()
}

/// A built-in pattern as a static compiled on first use.
macro_rules! regex {
    ($name:ident, $re:expr) => {
        static $name: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            #[allow(clippy::expect_used)]
            regex::Regex::new($re).expect("built-in pattern compiles")
        });
    };
}
