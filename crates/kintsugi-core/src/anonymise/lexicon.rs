//! The word classes the detectors look words up in: technical vocabulary
//! (built-in and the glossary's allowed words), public vendors, common
//! English words, first names and surnames.
//!
//! Invariant: every lookup is case-insensitive; a word the user allows is
//! technical, never a name, whatever the built-in lists say.

use std::collections::HashSet;

use super::vocabulary;
use super::Glossary;

/// What a capitalised word most likely is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WordClass {
    /// Technical vocabulary or a user-allowed word.
    Technical,
    /// A public vendor or one of its products.
    Vendor,
    /// An everyday English word.
    Common,
    /// A common first name.
    FirstName,
    /// A common surname.
    Surname,
    /// Anything else.
    Unknown,
}

/// The word lists in lookup form.
pub(crate) struct Lexicon {
    technical: HashSet<String>,
    vendors: HashSet<&'static str>,
    common: HashSet<&'static str>,
    first: HashSet<&'static str>,
    surnames: HashSet<&'static str>,
}

impl Lexicon {
    pub(crate) fn new(glossary: &Glossary) -> Lexicon {
        let mut technical: HashSet<String> =
            vocabulary::ALLOW.iter().map(|s| s.to_string()).collect();
        technical.extend(glossary.allow.iter().map(|s| s.trim().to_lowercase()));
        Lexicon {
            technical,
            vendors: vocabulary::VENDORS.iter().copied().collect(),
            common: vocabulary::COMMON.iter().copied().collect(),
            first: vocabulary::FIRST_NAMES.iter().copied().collect(),
            surnames: vocabulary::SURNAMES.iter().copied().collect(),
        }
    }

    /// The class of one word; technical and user-allowed words win.
    pub(crate) fn class(&self, word: &str) -> WordClass {
        let w = word.to_lowercase();
        let w = w.trim_end_matches("'s").trim_end_matches("’s");
        if self.technical.contains(w) {
            WordClass::Technical
        } else if self.vendors.contains(w) {
            WordClass::Vendor
        } else if self.first.contains(w) {
            WordClass::FirstName
        } else if self.common.contains(w) {
            WordClass::Common
        } else if self.surnames.contains(w) {
            WordClass::Surname
        } else {
            WordClass::Unknown
        }
    }

    /// True for a technical word, vendor or common word (never a name on its own).
    pub(crate) fn is_vocabulary(&self, word: &str) -> bool {
        matches!(
            self.class(word),
            WordClass::Technical | WordClass::Vendor | WordClass::Common
        )
    }
}
