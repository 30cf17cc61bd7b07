//! Markdown to HTML that is safe to put in a webview, in bounded time.
//!
//! Invariants:
//! - Every HTML string this crate hands out passes through [`sanitize`]
//!   last: ammonia's allow-list, so no `<script>`, `<iframe>`, `<object>`,
//!   event handler attribute, `style`, or `javascript:`/`data:` URL
//!   survives, whatever the input.
//! - Raw HTML in Markdown never reaches an HTML parser as written: each
//!   fragment is rebuilt by [`super::raw_html`] (allow-listed tags kept, the
//!   rest shown as text), so no unclosed tag or comment hides the words
//!   after it.
//! - Rendering is bounded ([`super::bounds`]): nesting beyond
//!   [`MAX_DEPTH`] is flattened with its text kept, and a document that
//!   spends more than its work budget is shown as its escaped source under
//!   a note ([`OVER_BUDGET_NOTE`]). The reader, the editor preview and the
//!   HTML export all render through [`to_html`]; search snippets are
//!   escaped text that passes [`sanitize`].

use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{html, Event, Options, Parser, Tag, TagEnd};

use super::bounds::Bounded;
pub use super::bounds::{budget, MAX_DEPTH};

/// The note above a story shown as source because it was over budget.
pub const OVER_BUDGET_NOTE: &str =
    "This story is too complex to format, so it is shown as written.";

/// A rendering and what it cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// Sanitized HTML.
    pub html: String,
    /// Work units spent (see [`super::bounds`]); past the budget by at most
    /// the one event that ran it out.
    pub work: u64,
    /// True when the budget ran out and `html` is the escaped source.
    pub over_budget: bool,
}

/// Renders Markdown (a whole document) to sanitized HTML.
pub fn to_html(markdown: &str) -> String {
    render(markdown).html
}

/// Renders Markdown to sanitized HTML and reports the work it took.
pub fn render(markdown: &str) -> Rendered {
    render_with_budget(markdown, budget(markdown.len()))
}

/// [`render`] with a given work budget instead of the one for its length
/// (for tests of what happens past it).
pub fn render_with_budget(markdown: &str, work_budget: u64) -> Rendered {
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
    let mut bounded = Bounded::new(events, work_budget);
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, &mut bounded);
    let work = bounded.work();
    if bounded.over_budget() {
        return Rendered {
            html: sanitize(&as_source(markdown)),
            work,
            over_budget: true,
        };
    }
    Rendered {
        html: sanitize(&raw),
        work,
        over_budget: false,
    }
}

/// `markdown` as escaped text under [`OVER_BUDGET_NOTE`].
fn as_source(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() + 128);
    out.push_str("<p><em>");
    out.push_str(OVER_BUDGET_NOTE);
    out.push_str("</em></p>\n<pre>");
    for c in markdown.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    out.push_str("</pre>\n");
    out
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
                (_, "href" | "src" | "cite") if looks_scripted(value) => None,
                _ => Some(value.into()),
            });
        b
    })
}

/// Whether a URL reads as a script or inline-data URL once every space and
/// control character is gone. Ammonia already drops such schemes when the
/// URL parses; a value like `jav ascript:` does not parse, so ammonia keeps
/// it as a relative link. Browsers treat that as harmless too, but the
/// rule here does not lean on every engine agreeing about which characters
/// a scheme may hide.
fn looks_scripted(url: &str) -> bool {
    let squeezed: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(16)
        .flat_map(char::to_lowercase)
        .collect();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|scheme| squeezed.starts_with(scheme))
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
    fn scripted_links_go_even_when_spaced_out() {
        for href in [
            "jav ascript:alert(1)",
            "java\u{c}script:x",
            " VB script:x",
            "da ta:text/html,x",
        ] {
            let html = sanitize(&format!(r#"<a href="{href}">x</a>"#));
            assert!(!html.contains("href"), "{href} kept: {html}");
        }
        let kept = sanitize(r#"<a href="docs/java script.md">x</a>"#);
        assert!(kept.contains("href"), "{kept}");
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
