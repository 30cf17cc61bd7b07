//! Printing a [`Briefing`](super::Briefing): [`text`] for a terminal
//! (aligned, ANSI colour only when asked), [`markdown`] for a pull request
//! comment (one comment, found again by [`COMMENT_MARKER`] and updated in
//! place), [`sarif`] for code-scanning tools (SARIF 2.1.0).

pub mod markdown;
pub mod sarif;
pub mod text;

/// The hidden first line of a Markdown briefing: CI looks for it to update
/// its one comment instead of adding another.
pub const COMMENT_MARKER: &str = "<!-- kintsugi-brief -->";

/// `text` cut to `max` characters with an ellipsis, whitespace collapsed.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    let text = crate::story::collapse_whitespace(text);
    if text.chars().count() <= max {
        return text;
    }
    format!(
        "{}\u{2026}",
        text.chars()
            .take(max.saturating_sub(1))
            .collect::<String>()
            .trim_end()
    )
}

/// `file:line`, or just the file for line 0.
pub(crate) fn location(file: &str, line: u32) -> String {
    if line == 0 {
        file.to_string()
    } else {
        format!("{file}:{line}")
    }
}

/// The first eight characters of an id, as listings show them.
pub(crate) fn short_id(id: &uuid::Uuid) -> String {
    id.simple().to_string()[..8].to_string()
}
