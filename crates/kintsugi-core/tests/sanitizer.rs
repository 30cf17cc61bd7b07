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

fn assert_harmless(html: &str, payload: &str) {
    let lower = html.to_ascii_lowercase();
    for banned in [
        "<script",
        "<iframe",
        "<object",
        "<embed",
        "<style",
        "<form",
        "<meta",
        "<base",
        "<link",
        "<svg",
        "<math",
        "<template",
        "<noscript",
        "javascript:",
        "vbscript:",
        "data:",
        " style=",
    ] {
        assert!(
            !lower.contains(banned),
            "{banned:?} survived {payload:?}: {html}"
        );
    }
    // No attribute named on* in any tag.
    for tag in lower.split('<').skip(1) {
        let head = tag.split('>').next().unwrap_or("");
        for attr in head.split_whitespace().skip(1) {
            assert!(
                !attr.starts_with("on"),
                "event handler survived {payload:?}: {html}"
            );
        }
        for control in ["input", "button", "textarea", "select"] {
            assert!(!head.starts_with(control), "no form controls: {html}");
        }
    }
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
