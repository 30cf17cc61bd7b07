//! End-to-end: the Insights screen on the sample library, following a
//! chart mark to its stories and on to one of them (see
//! `tests/e2e/README.md` for the harness).

use std::time::Duration;

use kintsugi_e2e::{ensure, poll, time_limit, timed, App, Result, WAIT};
use serde_json::json;

/// Time limit of the test (a normal run takes a few seconds).
const TEST_LIMIT: Duration = Duration::from_secs(90);
/// The sample library's twelve stories.
const SAMPLE_COUNT: usize = 12;
/// Two sample stories share the contributing factor "no schema validation
/// of job configs ran in CI": the sample's one recurring theme.
const YAML_STORY: &str = "When 22:30 meant 1350 and the rollup ran at midnight";

/// Titles listed in the panel of picked stories.
async fn listed(app: &App) -> Result<Vec<String>> {
    let v = app
        .js(
            "return Array.from(document.querySelectorAll('[data-testid=\"insight-story\"]')).map(e => e.textContent.trim());",
            vec![],
        )
        .await?;
    Ok(v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default())
}

#[tokio::test]
async fn a_chart_mark_leads_to_its_stories() -> Result<()> {
    time_limit(TEST_LIMIT, async {
        let app = App::start("insights").await?;
        app.click("load-sample").await?;
        app.wait_results("the 12 sample stories", |rows| rows.len() == SAMPLE_COUNT)
            .await?;

        app.click("nav-insights").await?;
        app.find("chart-recurring").await?;
        app.find("chart-lucky").await?;
        app.find("chart-quarters").await?;

        // The recurring theme's bar lists its two stories.
        app.click_css("[data-testid=\"chart-recurring\"] [data-testid=\"chart-mark\"]")
            .await?;
        let titles = poll("the theme's stories", WAIT, || async {
            let t = listed(&app).await?;
            Ok((t.len() == 2).then_some(t))
        })
        .await?;
        ensure!(
            titles.iter().any(|t| t == YAML_STORY),
            "the recurring theme lists {titles:?}"
        );
        app.dismiss_toasts().await?;
        app.screenshot_for_docs("insights").await?;

        // And a story in the list opens in the reader.
        let ok = app
            .js(
                "const b = Array.from(document.querySelectorAll('[data-testid=\"insight-story\"]')).find(e => e.textContent.trim() === arguments[0]); if (!b) return false; b.click(); return true;",
                vec![json!(YAML_STORY)],
            )
            .await?;
        ensure!(ok == json!(true), "no listed story titled {YAML_STORY:?}");
        app.wait_reader(YAML_STORY).await?;

        // Readable at 1024 px in the dark theme too: every chart is there
        // and nothing spills sideways.
        app.click("nav-settings").await?;
        app.click("theme-dark").await?;
        timed("set_window_size", app.client().set_window_size(1024, 768))
            .await?
            .map_err(|e| kintsugi_e2e::Error::new(format!("resizing the window: {e:?}")))?;
        app.click("nav-insights").await?;
        for chart in ["chart-recurring", "chart-lucky", "chart-quarters"] {
            app.find(chart).await?;
        }
        let theme = app
            .js("return document.documentElement.dataset.theme ?? null;", vec![])
            .await?;
        ensure!(theme == json!("dark"), "the page's theme is {theme}");
        let spill = app
            .js(
                "return document.documentElement.scrollWidth - window.innerWidth;",
                vec![],
            )
            .await?;
        ensure!(
            spill.as_i64().is_some_and(|px| px <= 0),
            "the screen is {spill} px wider than the 1024 px window"
        );
        app.screenshot_for_docs("insights-dark-1024").await?;
        app.finish().await
    })
    .await
}
