//! Chat channels: `#incident-42`, `#sre-oncall`.
//!
//! Invariants: colours (`#ffcc00`), issue numbers (`#123`), preprocessor
//! directives (`#include`), Markdown headings and `C#` are not channels.

use super::super::finding::{char_after, char_before, Found};
use super::super::ReplacementKind;

regex!(CHANNEL, r"#[a-z0-9][a-z0-9_-]*");

pub(super) fn channels(text: &str) -> Vec<Found> {
    const NOT_CHANNELS: &[&str] = &[
        "include",
        "define",
        "ifdef",
        "ifndef",
        "endif",
        "pragma",
        "if",
        "else",
        "elif",
        "undef",
        "region",
        "endregion",
        "error",
    ];
    let mut found = Vec::new();
    for m in CHANNEL.find_iter(text) {
        let name = m.as_str()[1..].trim_end_matches(['-', '_']);
        let end = m.start() + 1 + name.len();
        let prev_ok = char_before(text, m.start())
            .is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | '`' | '"' | '\'' | '*'));
        let is_colour = matches!(name.len(), 3 | 6) && name.chars().all(|c| c.is_ascii_hexdigit());
        if !prev_ok
            || is_colour
            || !name.chars().any(|c| c.is_ascii_lowercase())
            || NOT_CHANNELS.contains(&name)
            || char_after(text, end).is_some_and(|c| c.is_alphanumeric())
        {
            continue;
        }
        found.push(Found {
            start: m.start(),
            end,
            kind: ReplacementKind::Channel,
            key: name.to_string(),
        });
    }
    found
}
