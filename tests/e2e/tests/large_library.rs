//! End-to-end, on demand: the window on a large library. With
//! `KINTSUGI_E2E_LARGE_LIBRARY=DIR` (a library folder: for the issue's
//! scale, 100,000 stories from `kintsugi-bench generate` imported with
//! `kintsugi import`), the app starts on it (in place) and the test
//! measures how long after the window is up the first results are listed,
//! checking at every look that the window never says the library is empty.
//! Without the variable it says it was skipped: a large library takes
//! minutes to build, too long for every run.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use kintsugi_e2e::{ensure, time_limit, App, Result};
use serde_json::Value;

/// How soon the first results must be listed once the window is up.
const FIRST_RESULTS: Duration = Duration::from_secs(1);

#[tokio::test]
async fn a_large_library_lists_results_at_once_and_never_looks_empty() -> Result<()> {
    let Some(library) = std::env::var_os("KINTSUGI_E2E_LARGE_LIBRARY").map(PathBuf::from) else {
        eprintln!("skipped: set KINTSUGI_E2E_LARGE_LIBRARY to a library folder");
        return Ok(());
    };
    time_limit(Duration::from_secs(120), async {
        let launched = Instant::now();
        let app = App::start_on("large-library", &library).await?;
        let up = launched.elapsed();
        let shown = Instant::now();
        let mut looks = 0;
        let first = loop {
            let v: Value = app
                .js(
                    "return [document.querySelectorAll('[data-testid=\"result\"]').length, \
                     document.body.innerText.includes('Your library is empty')];",
                    vec![],
                )
                .await?;
            looks += 1;
            ensure!(
                v[1] != Value::Bool(true),
                "the window said the library is empty (look {looks})"
            );
            if v[0].as_u64().unwrap_or(0) > 0 {
                break shown.elapsed();
            }
            ensure!(
                shown.elapsed() < Duration::from_secs(30),
                "no results after 30 s"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        app.screenshot("large-library-first-results").await?;
        eprintln!(
            "window up {up:?} after launch; first results {first:?} after that ({looks} looks)"
        );
        ensure!(
            first < FIRST_RESULTS,
            "the first results took {first:?} after the window was up"
        );
        app.finish().await
    })
    .await
}
