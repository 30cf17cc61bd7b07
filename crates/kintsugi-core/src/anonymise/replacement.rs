//! What a replacement is (its kind, its field and where it sits in that
//! field's original text) and how replacements are spliced into a text.
//!
//! Invariant: splicing skips a replacement that no longer matches its text
//! or overlaps one spliced before it, so a stale or doubled one never
//! corrupts the text.

use serde::Serialize;
use ts_rs::TS;

use super::fields::FieldPath;

/// What a replacement stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum ReplacementKind {
    /// A person's name → "Engineer A".
    Person,
    /// An e-mail address → "engineer-a@example.com".
    Email,
    /// A phone number → "+1-555-0100".
    Phone,
    /// An IPv4 or IPv6 address → "203.0.113.1", "2001:db8::1".
    Ip,
    /// A host name or internal domain → "host-1".
    Host,
    /// The host of a URL → "host-1"; or a whole source URL, dropped.
    Url,
    /// A chat handle → "@handle-1".
    Handle,
    /// A chat channel → "#channel-1".
    Channel,
    /// A company → "Company X".
    Company,
    /// A customer → "Customer 1".
    Customer,
    /// A product → "Product P".
    Product,
}

impl ReplacementKind {
    /// Which kind wins when two detectors claim the same span (lower wins).
    pub(super) fn priority(self) -> u8 {
        match self {
            ReplacementKind::Customer => 0,
            ReplacementKind::Company => 1,
            ReplacementKind::Product => 2,
            ReplacementKind::Email => 3,
            ReplacementKind::Url => 4,
            ReplacementKind::Ip => 5,
            ReplacementKind::Host => 6,
            ReplacementKind::Phone => 7,
            ReplacementKind::Handle => 8,
            ReplacementKind::Channel => 9,
            ReplacementKind::Person => 10,
        }
    }

    /// Names and organisations get a slug form inside URLs and tags.
    pub(super) fn is_wordy(self) -> bool {
        matches!(
            self,
            ReplacementKind::Person
                | ReplacementKind::Company
                | ReplacementKind::Customer
                | ReplacementKind::Product
        )
    }
}

/// One replacement, located in the original text of one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Replacement {
    /// The text replaced.
    pub original: String,
    /// What it was replaced with (empty: the field is dropped).
    pub replacement: String,
    /// What it stands for.
    pub kind: ReplacementKind,
    /// The field it sits in (`{"name": "text"}` for `anonymise_text`).
    pub field: FieldPath,
    /// Byte offset of the start in the field's original text.
    pub start: usize,
    /// Byte offset of the end in the field's original text.
    pub end: usize,
}

/// Applies replacements (sorted, overlap-free, still matching) to a text.
pub(super) fn splice(text: &str, replacements: &[&Replacement]) -> String {
    let mut sorted: Vec<&&Replacement> = replacements.iter().collect();
    sorted.sort_by_key(|r| (r.start, r.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for r in sorted {
        let matches = r.start >= at
            && r.end <= text.len()
            && text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end)
            && text[r.start..r.end] == r.original;
        if !matches {
            continue;
        }
        out.push_str(&text[at..r.start]);
        out.push_str(&r.replacement);
        at = r.end;
    }
    out.push_str(&text[at..]);
    out
}
