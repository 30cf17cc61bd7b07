//! Chat handles: `@name` mentions and IRC-style `<nick>` line prefixes.
//!
//! Invariants: broadcast mentions (`@here`, `@channel`, `@everyone`,
//! `@all`), scoped packages and paths (`@types/node`), e-mail local parts
//! and HTML tags are not handles.

use super::super::finding::{char_after, char_before, Found};
use super::super::ReplacementKind;

regex!(HANDLE, r"@[A-Za-z0-9_][A-Za-z0-9_.-]*");
regex!(
    NICK,
    r"(?m)^[ \t]*(?:\[?\d{1,2}:\d{2}(?::\d{2})?\]?[ \t]*)?<([A-Za-z][A-Za-z0-9_.-]{0,30})>"
);

pub(super) fn handles(text: &str) -> Vec<Found> {
    let mut found = Vec::new();
    for m in HANDLE.find_iter(text) {
        let handle = m.as_str().trim_end_matches(['.', '-']);
        let end = m.start() + handle.len();
        if char_before(text, m.start())
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '/' | '\\'))
            || matches!(char_after(text, end), Some('/' | '('))
        {
            continue;
        }
        let name = handle[1..].to_lowercase();
        if matches!(name.as_str(), "here" | "channel" | "everyone" | "all") {
            continue;
        }
        found.push(Found {
            start: m.start(),
            end,
            kind: ReplacementKind::Handle,
            key: name,
        });
    }
    for caps in NICK.captures_iter(text) {
        let Some(nick) = caps.get(1) else { continue };
        const HTML: &[&str] = &[
            "details",
            "summary",
            "br",
            "p",
            "div",
            "span",
            "pre",
            "code",
            "img",
            "a",
            "b",
            "i",
            "em",
            "strong",
            "table",
            "tr",
            "td",
            "th",
            "ul",
            "ol",
            "li",
            "sup",
            "sub",
            "kbd",
            "hr",
            "blockquote",
            "script",
            "style",
            "html",
            "head",
            "body",
        ];
        if HTML.contains(&nick.as_str().to_lowercase().as_str()) {
            continue;
        }
        found.push(Found {
            start: nick.start(),
            end: nick.end(),
            kind: ReplacementKind::Handle,
            key: nick.as_str().to_lowercase(),
        });
    }
    found
}
