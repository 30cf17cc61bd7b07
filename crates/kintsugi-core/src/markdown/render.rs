//! Markdown to HTML that is safe to put in a webview.
//!
//! Invariant: every HTML string this crate hands out passes through
//! [`sanitize`] last. Raw HTML in Markdown is allowed through pulldown-cmark
//! and then cleaned by ammonia's allow-list, so no `<script>`, `<iframe>`,
//! `<object>`, event handler attribute, `style`, or `javascript:`/`data:` URL
//! survives, whatever the input.

use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{html, Event, Options, Parser, Tag, TagEnd};

/// Renders Markdown (a whole document) to sanitized HTML.
pub fn to_html(markdown: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    options.insert(Options::ENABLE_FOOTNOTES);
    // Task-list boxes become characters: no form control ever reaches the
    // page. Images become links to them: the app loads nothing remote, so an
    // <img> could only ever show a broken icon (or leak a request elsewhere).
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::TaskListMarker(true) => Event::Text("☑ ".into()),
        Event::TaskListMarker(false) => Event::Text("☐ ".into()),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }),
        Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
        other => other,
    });
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, events);
    sanitize(&raw)
}

/// Renders one line of Markdown (a list entry) without the wrapping `<p>`.
pub fn inline_to_html(markdown: &str) -> String {
    let html = to_html(markdown);
    let trimmed = html.trim();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => trimmed.to_string(),
    }
}

/// Cleans HTML against the allow-list described in the module docs.
pub fn sanitize(html: &str) -> String {
    builder().clean(html).to_string()
}

fn builder() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.url_schemes(HashSet::from(["http", "https", "mailto"]))
            .link_rel(Some("noopener noreferrer nofollow"))
            .rm_tags(["img"])
            .add_tag_attributes("code", ["class"])
            .attribute_filter(|element, attribute, value| match (element, attribute) {
                ("code", "class") if !value.starts_with("language-") => None,
                _ => Some(value.into()),
            });
        b
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_common_markdown() {
        let html =
            to_html("# Title\n\nSome `code` and **bold**.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(html.contains("<h1>Title</h1>"));
        assert!(html.contains("<code>code</code>"));
        assert!(html.contains("<table>"));
    }

    #[test]
    fn inline_strips_paragraph() {
        assert_eq!(
            inline_to_html("Use `lock_timeout`"),
            "Use <code>lock_timeout</code>"
        );
    }

    #[test]
    fn images_become_links_and_raw_images_go() {
        let html = to_html("![diagram](https://example.com/d.png) <img src=x alt=y>");
        assert!(
            html.contains(r#"<a href="https://example.com/d.png""#),
            "{html}"
        );
        assert!(html.contains(">diagram</a>"), "{html}");
        assert!(!html.contains("<img"), "{html}");
    }

    #[test]
    fn links_get_safe_rel() {
        let html = to_html("[x](https://example.com)");
        assert!(
            html.contains(r#"rel="noopener noreferrer nofollow""#),
            "{html}"
        );
    }
}
