//! End-to-end tests: each starts the real app window on an empty library
//! and drives it like a person would (see `tests/e2e/README.md`).
//!
//! The tests run one at a time (the harness holds a lock while an app is
//! up); `--test-threads=1` keeps their output in order.

use std::path::PathBuf;
use std::time::Duration;

use kintsugi_e2e::{ensure, repo_root, testid, time_limit, App, Error, Result, ENTER};
use serde_json::json;

/// The sample library's twelve stories.
const SAMPLE_COUNT: usize = 12;
/// Title of the sample story about a retry storm.
const RETRY_STORM: &str = "A 35-second failover became a 50-minute retry storm";
/// Title of the only sample story tagged `yaml`.
const YAML_STORY: &str = "When 22:30 meant 1350 and the rollup ran at midnight";
/// Stories in the shared corpus (`../shared/corpus/icco-postmortems`).
const CORPUS_COUNT: &str = "242";
/// A story of that corpus and a word only a few of its stories use.
const SIMPLEDB_STORY: &str = "Amazon SimpleDB US East Region Disruption on June 13";

/// Time limit of one test (a normal run takes a few seconds).
const TEST_LIMIT: Duration = Duration::from_secs(90);
/// Time limit of the corpus import test.
const IMPORT_LIMIT: Duration = Duration::from_secs(180);

type Rows = Vec<(String, String)>;

fn has_title(rows: &[(String, String)], title: &str) -> bool {
    rows.iter().any(|(_, t)| t == title)
}

fn id_of(rows: &[(String, String)], title: &str) -> Result<String> {
    rows.iter()
        .find(|(_, t)| t == title)
        .map(|(id, _)| id.clone())
        .ok_or_else(|| Error::new(format!("no result titled {title:?} in {rows:?}")))
}

/// Loads the sample library from the empty-library screen and waits for it.
async fn load_sample(app: &App) -> Result<Rows> {
    app.click("load-sample").await?;
    app.wait_results("the 12 sample stories", |rows| rows.len() == SAMPLE_COUNT)
        .await
}

#[tokio::test]
async fn empty_library_loads_the_sample() -> Result<()> {
    time_limit(TEST_LIMIT, async {
        let app = App::start("sample").await?;
        let button = app.find("load-sample").await?;
        ensure!(
            app.results().await?.is_empty(),
            "an empty library shows results"
        );
        ensure!(button.is_enabled().await?, "load-sample is disabled");

        let rows = load_sample(&app).await?;
        ensure!(
            has_title(&rows, RETRY_STORM),
            "the retry-storm story is not among {rows:?}"
        );
        let count = app.text("result-count").await?;
        ensure!(count.contains("12 stories"), "result count says {count:?}");
        let facets = app
            .js(
                "return document.querySelectorAll('[data-testid=\"tag-facet\"]').length;",
                vec![],
            )
            .await?;
        ensure!(
            facets.as_u64().unwrap_or(0) > 0,
            "no tag facets after loading the sample"
        );
        let gone = app
            .js(
                "return document.querySelector('[data-testid=\"load-sample\"]') === null;",
                vec![],
            )
            .await?;
        ensure!(
            gone == json!(true),
            "the empty-library screen is still shown"
        );

        app.dismiss_toasts().await?;
        app.screenshot_for_docs("library").await?;
        app.finish().await
    })
    .await
}

#[tokio::test]
async fn search_by_text_and_by_tag() -> Result<()> {
    time_limit(TEST_LIMIT, async {
        let app = App::start("search").await?;
        load_sample(&app).await?;

        // Free text.
        app.search("retry").await?;
        let rows = app
            .wait_results("results for `retry`", |rows| has_title(rows, RETRY_STORM) && rows.len() < SAMPLE_COUNT)
            .await?;
        ensure!(!rows.is_empty(), "no results for retry");

        // A typed tag filter.
        app.search("tag:yaml").await?;
        app.wait_results("only the yaml story for `tag:yaml`", |rows| rows.len() == 1 && has_title(rows, YAML_STORY))
            .await?;

        // Nothing matches: an empty list and a hint, not an empty library.
        app.search("zzzunmatchedzzz").await?;
        app.wait_results("no results", <[_]>::is_empty).await?;
        let count = app.text("result-count").await?;
        ensure!(count.starts_with("0 stories"), "result count for no match says {count:?}");

        // Clicking a tag facet filters to the stories with that tag.
        app.search("").await?;
        app.wait_results("all stories again", |rows| rows.len() == SAMPLE_COUNT).await?;
        // The first facet shared by several (not all) stories; the sample's
        // tags may change, the behaviour may not.
        let picked = app
            .js(
                "return Array.from(document.querySelectorAll('[data-testid=\"tag-facet\"]'))
                   .map(f => [f.dataset.tag, Number(f.querySelector('.count').textContent)])
                   .find(([, n]) => n >= 2 && n < arguments[0]) ?? null;",
                vec![json!(SAMPLE_COUNT)],
            )
            .await?;
        let (tag, expected) = match (picked[0].as_str(), picked[1].as_u64()) {
            (Some(tag), Some(n)) => (tag.to_owned(), usize::try_from(n).unwrap_or(0)),
            _ => return Err(Error::new(format!("no tag facet with 2..{SAMPLE_COUNT} stories: {picked}"))),
        };
        let facet = format!("{}[data-tag=\"{tag}\"]", testid("tag-facet"));
        app.click_css(&facet).await?;
        let rows = app
            .wait_results(&format!("the {expected} stories tagged {tag}"), |rows| rows.len() == expected)
            .await?;
        let value = app.find("search-input").await?.prop("value").await?.unwrap_or_default();
        ensure!(value.trim() == format!("tag:{tag}"), "the facet put {value:?} in the search box");
        let pressed = app.find_css(&facet).await?.attr("aria-pressed").await?;
        ensure!(pressed.as_deref() == Some("true"), "the active facet has aria-pressed={pressed:?}");
        let untagged = app
            .js(
                "return Array.from(document.querySelectorAll('[data-testid=\"result\"]'))
                   .filter(r => !Array.from(r.querySelectorAll('.tags .tag')).some(t => t.textContent.trim() === '#' + arguments[0]))
                   .map(r => r.dataset.id);",
                vec![json!(tag)],
            )
            .await?;
        ensure!(untagged == json!([]), "results without #{tag}: {untagged} (all: {rows:?})");
        app.dismiss_toasts().await?;
        app.screenshot("search-tag").await?;

        // A second click removes the filter again.
        app.click_css(&facet).await?;
        app.wait_results("all stories after removing the tag", |rows| rows.len() == SAMPLE_COUNT).await?;
        app.finish().await
    })
    .await
}

#[tokio::test]
async fn reader_shows_a_story_with_its_lessons() -> Result<()> {
    time_limit(TEST_LIMIT, async {
        let app = App::start("reader").await?;
        load_sample(&app).await?;

        // Enter in the search box opens the best hit.
        app.search("retry storm").await?;
        app.wait_results("the retry storm first", |rows| {
            rows.first().is_some_and(|(_, t)| t == RETRY_STORM)
        })
        .await?;
        app.type_into("search-input", ENTER).await?;
        app.wait_reader(RETRY_STORM).await?;

        let body = app.find("story-body").await?;
        let html = body.html(true).await?;
        ensure!(
            html.contains("<p>") && html.contains("token vault"),
            "story body is not rendered Markdown: {html:.300}"
        );
        let lessons = app
            .js(
                "return document.querySelectorAll('[data-testid=\"lessons\"] li').length;",
                vec![],
            )
            .await?;
        ensure!(
            lessons.as_u64().unwrap_or(0) >= 1,
            "no lessons shown ({lessons})"
        );
        let summary = app.text("story-summary").await?;
        ensure!(summary.contains("token vault"), "summary is {summary:?}");
        let ttd = app.text("time-to-detect").await?;
        ensure!(!ttd.trim().is_empty(), "no time to detect");
        app.dismiss_toasts().await?;
        app.screenshot_for_docs("reader").await?;

        // Back, then open another story by clicking its title.
        app.click_css("button[aria-label=\"Back\"]").await?;
        app.search("tag:yaml").await?;
        let rows = app
            .wait_results("the yaml story", |rows| {
                rows.len() == 1 && has_title(rows, YAML_STORY)
            })
            .await?;
        app.open_result(&id_of(&rows, YAML_STORY)?, YAML_STORY)
            .await?;
        app.finish().await
    })
    .await
}

#[tokio::test]
async fn create_then_edit_a_story() -> Result<()> {
    time_limit(TEST_LIMIT, async {
        let app = App::start("editor").await?;
        load_sample(&app).await?;

        let title = "Quokka cache stampede after a config push";
        app.click("nav-new").await?;
        app.type_into("editor-title", title).await?;
        app.type_into(
            "editor-summary",
            "A config push emptied the zanzibarite cache and every worker refilled it at once.",
        )
        .await?;
        let body = [
            "The **zanzibarite** cache was flushed by a config push at 09:12.",
            "",
            "## What went wrong",
            "",
            "- Every worker refilled the cache at the same moment",
            "- No request coalescing",
            "",
            "## Lessons",
            "",
            "- Coalesce cache refills behind a single flight",
        ]
        .join(ENTER);
        app.type_into("editor-body", &body).await?;
        app.type_into("editor-tags", &format!("caching{ENTER}e2e-test{ENTER}")).await?;
        let chips = app.js("return Array.from(document.querySelectorAll('.tag-input .chip')).map(c => c.firstChild.textContent);", vec![]).await?;
        ensure!(chips == json!(["#caching", "#e2e-test"]), "tag chips are {chips}");
        app.wait_js(
            "the preview to render the body",
            kintsugi_e2e::WAIT,
            "const p = document.querySelector('[data-testid=\"editor-preview\"]'); return !!p && !!p.querySelector('strong') && p.textContent.includes('zanzibarite');",
        )
        .await?;
        app.dismiss_toasts().await?;
        app.js("window.scrollTo(0, 0);", vec![]).await?;
        app.screenshot_for_docs("editor").await?;

        app.click("editor-save").await?;
        app.wait_js(
            "the editor to switch to the saved story",
            kintsugi_e2e::WAIT,
            "return Array.from(document.querySelectorAll('h1')).some(h => h.textContent.trim() === 'Edit story');",
        )
        .await?;

        app.search("zanzibarite").await?;
        let rows = app.wait_results("the new story", |rows| rows.len() == 1 && has_title(rows, title)).await?;
        let id = id_of(&rows, title)?;
        app.open_result(&id, title).await?;
        let tags = app.js("return Array.from(document.querySelectorAll('.story header .tag')).map(t => t.textContent.trim());", vec![]).await?;
        ensure!(tags == json!(["#caching", "#e2e-test"]), "reader shows tags {tags}");

        // Edit the title; the search finds the new one and not the old one.
        let renamed = "Narwhal cache stampede after a config push";
        app.click("edit-story").await?;
        app.retype("editor-title", renamed).await?;
        app.click("editor-save").await?;
        app.wait_js(
            "the save to finish",
            kintsugi_e2e::WAIT,
            "const s = document.querySelector('[data-testid=\"editor-status\"]'); return !!s && s.textContent.includes('Saved as revision 2');",
        )
        .await?;
        app.search("narwhal").await?;
        let rows = app.wait_results("the renamed story", |rows| rows.len() == 1 && has_title(rows, renamed)).await?;
        ensure!(rows[0].0 == id, "the renamed story has a new id: {rows:?}");
        app.search("quokka").await?;
        app.wait_results("nothing under the old title", <[_]>::is_empty).await?;
        app.finish().await
    })
    .await
}

#[tokio::test]
async fn delete_undo_and_trash() -> Result<()> {
    time_limit(TEST_LIMIT, async {
        let app = App::start("trash").await?;
        load_sample(&app).await?;
        app.search("retry").await?;
        let rows = app
            .wait_results("the retry storm", |rows| has_title(rows, RETRY_STORM))
            .await?;
        let id = id_of(&rows, RETRY_STORM)?;

        app.open_result(&id, RETRY_STORM).await?;
        app.click("delete-story").await?;
        app.wait_results("the deleted story to leave the results", |rows| {
            !rows.iter().any(|(i, _)| *i == id)
        })
        .await?;

        app.click("undo").await?;
        app.wait_results("the story back after undo", |rows| {
            rows.iter().any(|(i, _)| *i == id)
        })
        .await?;

        // Delete again: now it waits in the trash.
        app.open_result(&id, RETRY_STORM).await?;
        app.click("delete-story").await?;
        app.wait_results("the deleted story to leave the results", |rows| {
            !rows.iter().any(|(i, _)| *i == id)
        })
        .await?;
        app.click("nav-trash").await?;
        let item = app
            .find_css(&format!("{}[data-id=\"{id}\"]", testid("trash-item")))
            .await?;
        let text = item.text().await?;
        ensure!(text.contains(RETRY_STORM), "trash item says {text:?}");
        let items = app
            .js(
                "return document.querySelectorAll('[data-testid=\"trash-item\"]').length;",
                vec![],
            )
            .await?;
        ensure!(
            items == json!(1),
            "{items} stories in the trash, expected 1"
        );
        app.dismiss_toasts().await?;
        app.screenshot_for_docs("trash").await?;

        // Restore from the trash: the trash empties and the story is searchable.
        app.click_css(&format!(
            "{}[data-id=\"{id}\"] {}",
            testid("trash-item"),
            testid("trash-restore")
        ))
        .await?;
        app.find("trash-empty").await?;
        app.search("retry").await?;
        app.wait_results("the restored story", |rows| {
            rows.iter().any(|(i, _)| *i == id)
        })
        .await?;
        app.finish().await
    })
    .await
}

/// The shared corpus: `KINTSUGI_E2E_CORPUS`, else `../shared/corpus/icco-postmortems`
/// beside the repository.
fn corpus_dir() -> PathBuf {
    std::env::var_os("KINTSUGI_E2E_CORPUS").map_or_else(
        || repo_root().join("../shared/corpus/icco-postmortems"),
        PathBuf::from,
    )
}

#[tokio::test]
async fn import_a_folder_by_typed_path() -> Result<()> {
    time_limit(IMPORT_LIMIT, async {
        let corpus = corpus_dir();
        ensure!(
            corpus.is_dir(),
            "corpus folder {} is missing (set KINTSUGI_E2E_CORPUS or put shared/ beside the clone)",
            corpus.display()
        );
        let corpus = corpus.canonicalize()?;
        let app = App::start("import").await?;
        app.click("nav-import").await?;
        app.type_into("import-path", &corpus.to_string_lossy()).await?;
        app.click("import-run").await?;
        app.find_css_within(&testid("import-report"), Duration::from_secs(120)).await?;
        let imported = app.text("import-imported").await?;
        let failed = app.text("import-failed").await?;
        let failures = app.js("return Array.from(document.querySelectorAll('[data-testid=\"import-failure\"]')).map(f => f.textContent);", vec![]).await?;
        ensure!(imported == CORPUS_COUNT, "imported {imported}, expected {CORPUS_COUNT}");
        ensure!(failed == "0", "{failed} files failed: {failures}");
        app.screenshot_for_docs("import-report").await?;

        app.search("SimpleDB").await?;
        let rows = app.wait_results("the SimpleDB story", |rows| has_title(rows, SIMPLEDB_STORY)).await?;
        ensure!(rows.len() < 20, "SimpleDB matches {} stories", rows.len());
        app.finish().await
    })
    .await
}

/// Payloads that must never run. `window.__pwned` is set by any that does.
#[tokio::test]
async fn settings_show_the_library_folder() -> Result<()> {
    time_limit(TEST_LIMIT, async {
        let app = App::start("settings").await?;
        load_sample(&app).await?;
        app.dismiss_toasts().await?;
        app.click("nav-settings").await?;
        let shown = app.text("library-path").await?;
        let expected = app.library().to_string_lossy().into_owned();
        ensure!(
            shown == expected,
            "settings show library {shown:?}, expected {expected:?}"
        );
        let checked = app.find("theme-system").await?.prop("checked").await?;
        ensure!(
            checked.as_deref() == Some("true"),
            "the default theme is not `system` ({checked:?})"
        );
        app.screenshot_for_docs("settings").await?;
        app.finish().await
    })
    .await
}

#[tokio::test]
async fn a_misspelt_word_is_offered_the_library_s_spelling() -> Result<()> {
    const CERT_STORY: &str = "Leaf certificates rotated daily, the intermediate expired anyway";
    time_limit(TEST_LIMIT, async {
        let app = App::start("did-you-mean").await?;
        load_sample(&app).await?;
        app.search("intermediate certifcate").await?;
        let offered = app.text("did-you-mean").await?;
        ensure!(
            offered.starts_with("intermediate certificat"),
            "the suggestion is {offered:?}"
        );
        app.screenshot("did-you-mean").await?;
        app.click("did-you-mean").await?;
        let value = app
            .js(
                "return document.querySelector('[data-testid=\"search-input\"]').value;",
                vec![],
            )
            .await?;
        ensure!(
            value.as_str() == Some(offered.as_str()),
            "the search box holds {value} after choosing {offered:?}"
        );
        app.wait_results("the certificate story", |rows| has_title(rows, CERT_STORY))
            .await?;
        app.finish().await
    })
    .await
}
