//! Whatever a story contains, rendered HTML carries no script, event
//! handler, `javascript:`/`data:` URL, frame, object or style.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

use kintsugi_core::markdown::render::{inline_to_html, to_html};

const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<img src=\"javascript:alert(1)\">",
    "<svg onload=alert(1)><circle/></svg>",
    "<iframe src=\"https://evil.example\"></iframe>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<object data=\"x.swf\"></object><embed src=\"x.swf\">",
    "<a href=\"javascript:alert(1)\">click</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">click</a>",
    "<a href=\"  javascript:alert(1)\">click</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "[md link](javascript:alert(1))",
    "[md data](data:text/html,<script>alert(1)</script>)",
    "![img](javascript:alert(1))",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<style>body{display:none}</style>",
    "<form action=\"https://evil.example\"><input name=q><button>go</button></form>",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    "<details open ontoggle=alert(1)>",
    "<body onload=alert(1)>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"https://evil.example/\">",
    "<link rel=stylesheet href=\"https://evil.example/x.css\">",
    "<p onclick=\"alert(1)\">para</p>",
    "<scr<script>ipt>alert(1)</script>",
    "<<script>script>alert(1)<</script>/script>",
    "<a href=\"&#106;avascript:alert(1)\">entity</a>",
    "<a href=\"java\tscript:alert(1)\">tab</a>",
    "```html\n<script>alert(1)</script>\n```",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    "<template><script>alert(1)</script></template>",
    "<input type=\"text\" autofocus onfocus=\"alert(1)\">",
];

/// Elements the sanitizer may let through (ammonia's defaults, less `img`).
const SAFE_TAGS: &[&str] = &[
    "acronym",
    "area",
    "article",
    "aside",
    "bdi",
    "bdo",
    "center",
    "col",
    "colgroup",
    "data",
    "dfn",
    "figcaption",
    "figure",
    "footer",
    "header",
    "hgroup",
    "map",
    "nav",
    "rp",
    "rt",
    "rtc",
    "ruby",
    "strike",
    "time",
    "tt",
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
    "sup",
    "section",
];

/// Checks the real tags of sanitized `html` (text is escaped, so every
/// literal `<` starts one): only safe elements, no event handler or style
/// attribute, and no URL with a scheme other than http, https or mailto.
fn assert_harmless(html: &str, payload: &str) {
    for tag in html.split('<').skip(1) {
        let head = tag.split('>').next().unwrap_or("");
        let head = head.strip_prefix('/').unwrap_or(head);
        let name_len = head
            .find(|c: char| c.is_whitespace() || c == '/')
            .unwrap_or(head.len());
        let name = head[..name_len].to_ascii_lowercase();
        assert!(
            SAFE_TAGS.contains(&name.as_str()),
            "<{name}> survived {payload:?}: {html}"
        );
        let mut rest = &head[name_len..];
        while let Some(eq) = rest.find("=\"") {
            let attr = rest[..eq].trim().to_ascii_lowercase();
            let after = &rest[eq + 2..];
            let close = after.find('"').unwrap_or(after.len());
            let value = after[..close]
                .replace("&amp;", "&")
                .to_ascii_lowercase()
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>();
            assert!(
                !attr.starts_with("on") && attr != "style" && attr != "srcdoc",
                "attribute {attr} survived {payload:?}: {html}"
            );
            if [
                "href",
                "src",
                "action",
                "formaction",
                "xlink:href",
                "poster",
                "background",
                "cite",
            ]
            .contains(&attr.as_str())
            {
                let scheme_end = value.find([':', '/', '?', '#']);
                if let Some(i) = scheme_end.filter(|i| value[*i..].starts_with(':')) {
                    let scheme = &value[..i];
                    // Not a scheme (a browser reads it as a relative path).
                    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                        && scheme
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
                    assert!(
                        !is_scheme || ["http", "https", "mailto"].contains(&scheme),
                        "{scheme}: URL survived {payload:?}: {html}"
                    );
                }
            }
            rest = &after[(close + 1).min(after.len())..];
        }
    }
}

/// The payload corpus shared with the end-to-end tests.
fn corpus() -> Vec<String> {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/e2e/fixtures/xss/payloads.txt");
    std::fs::read_to_string(&file)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("#! ") && !l.is_empty())
        .map(|l| {
            let mut out = String::new();
            let mut chars = l.chars();
            while let Some(c) = chars.next() {
                match (c, c == '\\') {
                    (_, true) => match chars.next() {
                        Some('n') => out.push('\n'),
                        Some(other) => out.push(other),
                        None => out.push('\\'),
                    },
                    (c, false) => out.push(c),
                }
            }
            out
        })
        .collect()
}

#[test]
fn the_payload_corpus_renders_harmless_everywhere() {
    let payloads = corpus();
    assert!(payloads.len() >= 300, "{} payloads", payloads.len());
    for payload in &payloads {
        assert_harmless(&to_html(payload), payload);
        assert_harmless(&inline_to_html(payload), payload);
        for context in [
            format!("Before.\n\n{payload}\n\nAfter words."),
            format!("> {payload}"),
            format!("- {payload}\n- after words"),
            format!("**{payload}** after words"),
            format!("| a |\n|---|\n| {payload} |\n\nafter words"),
        ] {
            let html = to_html(&context);
            assert_harmless(&html, payload);
            // A code fence in the payload may take the next line as its
            // info string: Markdown, not HTML, decides that.
            if context.contains("after words") && !payload.contains("```") {
                assert!(html.contains("after words"), "{payload:?} hid text: {html}");
            }
        }
        assert_harmless(&kintsugi_core::markdown::render::sanitize(payload), payload);
    }
    let all = payloads.join("\n\n");
    assert_harmless(&to_html(&all), "all of them");
}

#[test]
fn every_payload_renders_harmless() {
    for payload in PAYLOADS {
        assert_harmless(&to_html(payload), payload);
        assert_harmless(&inline_to_html(payload), payload);
        assert_harmless(
            &to_html(&format!("Text before.\n\n{payload}\n\nText after.")),
            payload,
        );
    }
}

#[test]
fn all_payloads_in_one_story_render_harmless_and_keep_the_text() {
    let doc = PAYLOADS.join("\n\n");
    let html = to_html(&format!("# Title\n\nSome **text** survives.\n\n{doc}"));
    assert_harmless(&html, "all");
    assert!(html.contains("<strong>text</strong>"));
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "code block shows the script as text"
    );
}

#[test]
fn task_lists_and_safe_links_survive() {
    let html = to_html("- [x] done\n- [ ] open\n\n[ok](https://example.com) <a href=\"mailto:a@example.com\">mail</a>");
    assert!(html.contains("☑ done") && html.contains("☐ open"), "{html}");
    assert!(html.contains("href=\"https://example.com\""));
    assert!(html.contains("href=\"mailto:a@example.com\""));
}
