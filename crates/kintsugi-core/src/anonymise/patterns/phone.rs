//! Phone numbers: international (`+44 20 7946 0958`, `(415) 555-0134`) or
//! North American shaped (`415 555 0134`, `555-0134`).
//!
//! Invariant: seven to fifteen digits, not glued to a word, path, version
//! or longer number.

use std::sync::LazyLock;

use regex::Regex;

use super::super::finding::{char_before, Found};
use super::super::ReplacementKind;

regex!(
    PHONE,
    r"(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]\d{2,4}){1,4}"
);

pub(super) fn phones(text: &str) -> Vec<Found> {
    static SHAPE: LazyLock<Regex> = LazyLock::new(|| {
        #[allow(clippy::expect_used)]
        Regex::new(r"^(?:\d{3}[ .-]\d{3}[ .-]\d{4}|\d{3}-\d{4})$").expect("built-in pattern")
    });
    let mut found = Vec::new();
    for m in PHONE.find_iter(text) {
        let s = m.as_str();
        let digits = s.chars().filter(char::is_ascii_digit).count();
        let international = s.starts_with('+') || s.starts_with('(');
        if !(7..=15).contains(&digits) || !(international || SHAPE.is_match(s)) {
            continue;
        }
        if char_before(text, m.start())
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | ':' | '/' | '-' | '_'))
        {
            continue;
        }
        let after: Vec<char> = text[m.end()..].chars().take(2).collect();
        let glued = match after.as_slice() {
            [c, ..] if c.is_alphanumeric() || *c == '_' || *c == '/' => true,
            ['.' | '-' | ':', d, ..] if d.is_ascii_digit() => true,
            _ => false,
        };
        if glued {
            continue;
        }
        found.push(Found {
            start: m.start(),
            end: m.end(),
            kind: ReplacementKind::Phone,
            key: s.chars().filter(char::is_ascii_digit).collect(),
        });
    }
    found
}
