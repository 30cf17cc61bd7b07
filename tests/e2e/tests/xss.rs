//! End-to-end: a story full of script payloads, in the real window. The
//! sanitizer's output is rendered by the webview; nothing in it may run,
//! navigate or reach the app's commands (see `tests/e2e/README.md`).

use std::time::Duration;

use kintsugi_e2e::{ensure, time_limit, App, Result};
use serde_json::{json, Value};

/// Time limit of one test (a normal run takes a few seconds).
const TEST_LIMIT: Duration = Duration::from_secs(90);

const XSS_BODY: &str = r##"Plain paragraph about pwnedprobe.

<script>window.__pwned = 'script'</script>

<img src=x onerror="window.__pwned = 'img'">

<svg onload="window.__pwned = 'svg'"><circle r="5"/></svg>

<a href="javascript:window.__pwned = 'raw-a'">raw javascript link</a>

<a href="#" onclick="window.__pwned = 'onclick'">onclick link</a>

<iframe srcdoc="<script>parent.__pwned = 'iframe'</script>"></iframe>

<object data="javascript:window.__pwned = 'object'"></object>

<details open ontoggle="window.__pwned = 'details'"><summary>details</summary>x</details>

<form action="javascript:window.__pwned = 'form'"><button>go</button></form>

<style>body { display: none }</style>

<p style="background: url(javascript:window.__pwned = 'style')">styled</p>

[markdown javascript link](javascript:window.__pwned='md')

[markdown data link](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX19wd25lZD0nZGF0YSc8L3NjcmlwdD4=)

[markdown vbscript link](vbscript:msgbox)

<javascript:window.__pwned='autolink'>

Inline code: `<script>window.__pwned = 'code'</script>`

## Lessons

- Lesson with <img src=x onerror="window.__pwned = 'lesson-img'"> in it
- [lesson javascript link](javascript:window.__pwned='lesson-md')
"##;

/// Title with markup: it must show as text.
const XSS_TITLE: &str = r#"XSS probe <script>window.__pwned = 'title'</script> <img src=x onerror="window.__pwned = 'title-img'">"#;

/// Script that lists anything active inside `root` (a selector): elements
/// that can run code, `on*` attributes, and code or data URLs.
const ACTIVE_CONTENT: &str = r#"
const root = document.querySelector(arguments[0]);
if (!root) return ['no ' + arguments[0]];
const bad = [];
for (const el of root.querySelectorAll('*')) {
  const tag = el.tagName.toLowerCase();
  if (['script', 'iframe', 'object', 'embed', 'svg', 'form', 'style', 'frame', 'base', 'meta', 'link'].includes(tag)) bad.push('<' + tag + '>');
  for (const a of el.attributes) {
    const v = a.value.replace(/\s/g, '').toLowerCase();
    if (a.name.startsWith('on')) bad.push(tag + '[' + a.name + ']');
    if (['href', 'src', 'action', 'data', 'formaction', 'xlink:href', 'srcdoc'].includes(a.name) && /^(javascript|data|vbscript):/.test(v)) bad.push(tag + '[' + a.name + '=' + a.value + ']');
    if (a.name === 'srcdoc' || a.name === 'style') bad.push(tag + '[' + a.name + ']');
  }
}
return bad;
"#;

async fn active_content(app: &App, selector: &str) -> Result<Value> {
    app.js(ACTIVE_CONTENT, vec![json!(selector)]).await
}

async fn not_pwned(app: &App, when: &str) -> Result<()> {
    let pwned = app
        .js(
            "return typeof window.__pwned === 'undefined' ? null : String(window.__pwned);",
            vec![],
        )
        .await?;
    ensure!(
        pwned.is_null(),
        "a payload ran {when}: window.__pwned = {pwned}"
    );
    Ok(())
}

#[tokio::test]
async fn story_content_cannot_run_script() -> Result<()> {
    time_limit(TEST_LIMIT, async {
        let app = App::start("xss").await?;
        let folder = app.scratch();
        std::fs::create_dir_all(&folder)?;
        let yaml_title = XSS_TITLE.replace('\'', "''");
        std::fs::write(
            folder.join("xss-probe.md"),
            format!(
                "---\ntitle: '{yaml_title}'\nsummary: 'Summary with <b onmouseover=\"window.__pwned = 1\">markup</b>'\ntags:\n- xss-probe\n---\n\n{XSS_BODY}"
            ),
        )?;
        app.click("nav-import").await?;
        app.type_into("import-path", &folder.to_string_lossy()).await?;
        app.click("import-run").await?;
        app.find("import-report").await?;
        let imported = app.text("import-imported").await?;
        ensure!(imported == "1", "imported {imported} probe stories, expected 1");

        // The search snippet is HTML from the backend too.
        app.search("pwnedprobe").await?;
        let rows = app.wait_results("the probe story", |rows| rows.len() == 1).await?;
        let bad = active_content(&app, "ol.results").await?;
        ensure!(bad == json!([]), "active content in the results: {bad}");
        let (id, title) = rows[0].clone();
        ensure!(title == XSS_TITLE, "the title shows as {title:?}, not as the text {XSS_TITLE:?}");

        app.open_result(&id, XSS_TITLE).await?;
        let before = app.js("return location.href;", vec![]).await?;
        let body = app.find("story-body").await?;
        let html = body.html(true).await?;
        ensure!(html.contains("pwnedprobe"), "story body lacks its text: {html:.300}");
        for part in ["article.story", "[data-testid=\"story-body\"]", "[data-testid=\"lessons\"]"] {
            let bad = active_content(&app, part).await?;
            ensure!(bad == json!([]), "active content in {part}: {bad}");
        }
        let code = app.js("return Array.from(document.querySelectorAll('[data-testid=\"story-body\"] code')).map(c => c.textContent);", vec![]).await?;
        ensure!(
            code == json!(["<script>window.__pwned = 'code'</script>"]),
            "inline code should show the payload as text, shows {code}"
        );
        let summary = app.text("story-summary").await?;
        ensure!(summary.contains("<b onmouseover="), "the summary's markup should show as text: {summary:?}");

        // Click every link in the story; none may run code or leave the app.
        let links = app
            .client()
            .find_all(fantoccini::Locator::Css("article.story a"))
            .await?;
        ensure!(links.len() >= 3, "only {} links in the story", links.len());
        for link in links {
            if link.is_displayed().await? {
                link.click().await?;
            }
        }
        // A negative check: give any payload that could fire a moment to do so.
        tokio::time::sleep(Duration::from_millis(500)).await;
        not_pwned(&app, "in the reader").await?;
        let after = app.js("return location.href;", vec![]).await?;
        ensure!(after == before, "a link navigated the window from {before} to {after}");
        app.wait_reader(XSS_TITLE).await?;
        app.js("document.querySelector('[data-testid=\"story-body\"]').scrollIntoView();", vec![]).await?;
        app.screenshot("xss-reader").await?;

        // The editor's live preview renders the same Markdown.
        app.click("edit-story").await?;
        app.wait_js(
            "the preview",
            kintsugi_e2e::WAIT,
            "const p = document.querySelector('[data-testid=\"editor-preview\"]'); return !!p && p.textContent.includes('pwnedprobe');",
        )
        .await?;
        let bad = active_content(&app, "[data-testid=\"editor-preview\"]").await?;
        ensure!(bad == json!([]), "active content in the editor preview: {bad}");
        tokio::time::sleep(Duration::from_millis(300)).await;
        not_pwned(&app, "in the editor").await?;
        app.finish().await
    })
    .await
}
