//! `third-party-script`: a script, stylesheet or SDK loaded from another
//! company's servers into your pages.
//!
//! Reason: the vendor's CDN is now in your critical path: a synchronous
//! `<script>` in the head blocks rendering until it loads (no timeout on
//! slow connections), and without `integrity` whatever the vendor serves
//! runs with your users' sessions.
//! Source: web.dev "Efficiently load third-party JavaScript"; MDN
//! "Subresource Integrity"; Google SRE book ch. 22 (dependencies in the
//! critical path).

use super::{Change, Hit, Pattern, Rule};
use crate::brief::changes::ChangedFile;

/// The rule.
pub const RULE: Rule = Rule {
    name: "third-party-script",
    tags: &["third-party", "frontend"],
    why: "another company's server is now in your page's critical path, running with your users' sessions",
    source: "web.dev Efficiently load third-party JavaScript; MDN Subresource Integrity",
    check,
};

static EXTERNAL: Pattern = Pattern::new(
    r#"<script\b[^>]*\bsrc\s*=\s*["']?(https?:)?//|\bcreateElement\(\s*['"]script['"]\s*\)|\bimport\s+[^;]*\bfrom\s+['"]https?://|@import\s+url\(\s*['"]?https?://|<link\b[^>]*\bhref\s*=\s*["']https?://[^"']+\.(css|js)|googletagmanager\.com|connect\.facebook\.net|cdn\.segment\.com|static\.hotjar\.com|js\.stripe\.com|cdn\.jsdelivr\.net|unpkg\.com|cdnjs\.cloudflare\.com"#,
);
static ASYNC: Pattern = Pattern::new(r"\b(async|defer)\b");
static INTEGRITY: Pattern = Pattern::new(r"\bintegrity\s*=");

fn check(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    if file.is_test() || file.path_has(&[".md"]) {
        return;
    }
    for line in file.added() {
        let text = &line.text;
        if !EXTERNAL.is_match(text) {
            continue;
        }
        let mut problems = Vec::new();
        if text.contains("<script") && !ASYNC.is_match(text) {
            problems.push("a synchronous script blocks rendering until the vendor answers");
        }
        if (text.contains("<script") || text.contains("<link")) && !INTEGRITY.is_match(text) {
            problems.push("no integrity attribute: whatever the vendor serves runs");
        }
        let hit = Hit::at(line);
        out.push(if problems.is_empty() {
            hit
        } else {
            hit.because(format!(
                "third-party code in the page: {}",
                problems.join("; ")
            ))
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines;
    use super::*;

    #[test]
    fn third_party_code_in_pages() {
        for (path, body) in [
            (
                "app/views/layouts/checkout.html.erb",
                "<script src=\"https://cdn.reviews-widget.example/v3/widget.js\"></script>",
            ),
            (
                "templates/base.html",
                "<script async src=\"https://www.googletagmanager.com/gtag/js?id=G-1\"></script>",
            ),
            (
                "web/src/loadChat.ts",
                "const s = document.createElement('script'); s.src = CHAT_URL;",
            ),
            (
                "web/src/styles.css",
                "@import url('https://fonts.example.net/inter.css');",
            ),
        ] {
            assert_eq!(lines(&RULE, path, body).len(), 1, "{path}");
        }
        assert!(lines(
            &RULE,
            "templates/base.html",
            "<script src=\"/static/app.js\"></script>"
        )
        .is_empty());
    }
}
