//! End-to-end: the XSS payload corpus (`tests/e2e/fixtures/xss/payloads.txt`,
//! several hundred payloads: script tags, event handlers, URL schemes,
//! CSS, frames, mutation XSS, raw-text breakouts, app-scheme and IPC links
//! after the Joplin and Obsidian advisories) rendered in the real webview
//! wherever story HTML appears: search snippets, the reader (body, lessons,
//! summary), the editor's live preview and the anonymise review. A sentinel
//! proves no script ran (every dialog function and `__TAURI_INTERNALS__`
//! are trapped), the window never navigates, and nothing active is in the
//! DOM. See `tests/e2e/README.md`.

use std::time::Duration;

use kintsugi_e2e::{ensure, repo_root, testid, time_limit, App, Result, WAIT};
use serde_json::{json, Value};

/// Time limit of the test (a normal run takes about a minute).
const TEST_LIMIT: Duration = Duration::from_secs(300);
/// Payloads per story: each story renders a slice of the corpus.
const PER_STORY: usize = 40;

/// The payloads, one a line (`\n` inside a line is a line break).
fn payloads() -> Result<Vec<String>> {
    let path = repo_root().join("tests/e2e/fixtures/xss/payloads.txt");
    let text = std::fs::read_to_string(&path)?;
    let list: Vec<String> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("#! "))
        .map(|l| l.replace("\\n", "\n"))
        .collect();
    ensure!(
        list.len() >= 300,
        "only {} payloads in {}",
        list.len(),
        path.display()
    );
    Ok(list)
}

/// Installs the sentinel: anything a payload could call to prove it ran
/// records itself in `window.__pwned` instead.
const TRAP: &str = r#"
window.__pwned = window.__pwned || null;
const mark = (what) => () => { window.__pwned = window.__pwned || what; };
for (const name of ['alert', 'confirm', 'prompt', 'print', 'open']) window[name] = mark(name);
window.__kintsugiStart = window.__kintsugiStart || location.href;
"#;

/// Lists anything active inside `root`: elements that can run code, `on*`
/// attributes, and code or data URLs in URL attributes.
const ACTIVE_CONTENT: &str = r#"
const bad = [];
for (const root of document.querySelectorAll(arguments[0])) {
  for (const el of root.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    if (['script', 'iframe', 'object', 'embed', 'svg', 'math', 'form', 'style', 'frame', 'frameset', 'base', 'meta', 'link', 'template', 'noscript', 'applet'].includes(tag)) bad.push('<' + tag + '>');
    for (const a of el.attributes) {
      const v = a.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
      if (a.name.startsWith('on')) bad.push(tag + '[' + a.name + ']');
      if (['href', 'src', 'action', 'data', 'formaction', 'xlink:href', 'srcset', 'poster', 'background'].includes(a.name) && /^(javascript|data|vbscript|file|tauri|ipc|asset):/.test(v)) bad.push(tag + '[' + a.name + '=' + a.value.slice(0, 60) + ']');
      if (['srcdoc', 'style'].includes(a.name)) bad.push(tag + '[' + a.name + ']');
    }
  }
}
return bad;
"#;

async fn check(app: &App, selector: &str, when: &str) -> Result<()> {
    // A moment for anything that would fire on load or on a timer.
    tokio::time::sleep(Duration::from_millis(150)).await;
    let bad = app.js(ACTIVE_CONTENT, vec![json!(selector)]).await?;
    ensure!(
        bad == json!([]),
        "active content {when} ({selector}): {bad}"
    );
    let state = app
        .js(
            "return [window.__pwned, location.href === window.__kintsugiStart, location.href];",
            vec![],
        )
        .await?;
    ensure!(state[0].is_null(), "a payload ran {when}: {}", state[0]);
    ensure!(
        state[1] == json!(true),
        "the window navigated {when} to {}",
        state[2]
    );
    Ok(())
}

/// The Markdown file of story `n` with its slice of payloads in the body
/// (one paragraph each) and in its lessons.
fn story(n: usize, slice: &[String]) -> String {
    let marker = format!("xsscorpus{n}");
    let body: Vec<String> = slice
        .iter()
        .map(|p| format!("{p}\n\n{marker} after\n"))
        .collect();
    let lessons: Vec<String> = slice
        .iter()
        .take(10)
        .map(|p| format!("- {}", p.replace('\n', " ")))
        .collect();
    format!(
        "---\ntitle: XSS corpus part {n}\nsummary: Payloads {marker}\ntags:\n- xss-corpus\n---\n\n{marker} first\n\n{}\n\n## Lessons\n\n{}\n",
        body.join("\n"),
        lessons.join("\n")
    )
}

#[tokio::test]
async fn the_payload_corpus_cannot_run_script_anywhere_story_html_is_shown() -> Result<()> {
    time_limit(TEST_LIMIT, async {
        let all = payloads()?;
        let app = App::start("xss-corpus").await?;
        let folder = app.scratch().join("xss");
        std::fs::create_dir_all(&folder)?;
        let parts: Vec<&[String]> = all.chunks(PER_STORY).collect();
        for (n, slice) in parts.iter().enumerate() {
            std::fs::write(folder.join(format!("part-{n:02}.md")), story(n, slice))?;
        }
        app.js(TRAP, vec![]).await?;
        app.click("nav-import").await?;
        app.type_into("import-path", &folder.to_string_lossy()).await?;
        app.click("import-run").await?;
        app.find("import-report").await?;
        let imported = app.text("import-imported").await?;
        ensure!(imported == parts.len().to_string(), "imported {imported} of {} parts", parts.len());

        app.search("xss-corpus").await?;
        let rows = app.wait_results("every part", |rows| rows.len() == parts.len()).await?;
        check(&app, "ol.results", "in the search results").await?;

        for (id, title) in &rows {
            let n: usize = title.rsplit(' ').next().unwrap_or_default().parse().unwrap_or(0);
            let marker = format!("xsscorpus{n}");
            // Search snippets: the part's marker sits between payloads.
            app.search(&marker).await?;
            app.wait_results("the part", |rows| rows.len() == 1).await?;
            check(&app, "ol.results", &format!("in the snippets of {title}")).await?;

            // The reader: summary, body, lessons; every link clicked.
            app.open_result(id, title).await?;
            check(&app, "article.story", &format!("in the reader ({title})")).await?;
            let text = app.text("story-body").await?;
            let visible = text.matches(&format!("{marker} after")).count();
            let expected = parts[n].len();
            ensure!(
                visible == expected,
                "{title}: {visible} of {expected} paragraphs after the payloads are visible (text was eaten)"
            );
            let links = app.client().find_all(fantoccini::Locator::Css("article.story a")).await?;
            for link in links {
                if link.is_displayed().await.unwrap_or(false) {
                    let _ = link.click().await;
                }
            }
            check(&app, "article.story", &format!("after clicking the links of {title}")).await?;
            if n == 0 {
                app.screenshot("xss-corpus-reader").await?;
            }

            // The editor's live preview renders the same Markdown.
            app.click("edit-story").await?;
            app.wait_js(
                "the preview",
                WAIT,
                "const p = document.querySelector('[data-testid=\"editor-preview\"]'); return !!p && p.textContent.includes('after');",
            )
            .await?;
            check(&app, &testid("editor-preview"), &format!("in the editor preview of {title}")).await?;

            // The anonymise review shows every field with its replacements.
            app.click("nav-library").await?;
            app.search(&marker).await?;
            app.wait_results("the part", |rows| rows.len() == 1).await?;
            app.open_result(id, title).await?;
            app.click("anonymise-story").await?;
            app.find("anonymise-counts").await?;
            check(
                &app,
                ".cell.original, .cell.anonymised",
                &format!("in the anonymise review of {title}"),
            )
            .await?;
            app.click("nav-library").await?;
        }
        let state: Value = app.js("return window.__pwned;", vec![]).await?;
        ensure!(state.is_null(), "a payload ran: {state}");
        app.finish().await
    })
    .await
}
