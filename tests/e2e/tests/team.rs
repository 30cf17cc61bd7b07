//! End-to-end: the app connects its library to a bare git repository on
//! Settings → Team, a teammate (a plain git clone) retitles the story while
//! the app retitles it too, the app syncs, and the conflict is resolved on
//! the Conflicts screen with mine and theirs side by side; the teammate's
//! clone then receives the kept value (see `tests/e2e/README.md`).

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use kintsugi_e2e::{ensure, poll, testid, time_limit, App, Error, Result, WAIT};
use serde_json::json;

/// Time limit of the test (a normal run takes well under a minute).
const TEST_LIMIT: Duration = Duration::from_secs(150);

const TITLE: &str = "Ledger replay doubled the invoices";
const MINE: &str = "Ledger replay doubled every invoice";
const THEIRS: &str = "Invoice replay ran twice from the ledger";

/// Runs git with an empty configuration and a fixed identity.
fn git(dir: &Path, args: &[&str]) -> Result<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=Teammate",
            "-c",
            "user.email=teammate@example.com",
        ])
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()?;
    if !out.status.success() {
        return Err(Error::new(format!(
            "git {args:?} in {}: {}",
            dir.display(),
            String::from_utf8_lossy(&out.stderr)
        )));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Waits until the element with this `data-testid` has text containing `want`.
async fn wait_text(app: &App, id: &str, want: &str) -> Result<String> {
    poll(&format!("`{id}` to say {want:?}"), WAIT, || async move {
        let v = app
            .js(
                "const e = document.querySelector(arguments[0]); return e ? e.innerText : null;",
                vec![json!(testid(id))],
            )
            .await?;
        let text = v.as_str().unwrap_or_default().to_owned();
        Ok(text.contains(want).then_some(text))
    })
    .await
}

/// The one story file of the clone, and its id.
fn story_file(clone: &Path) -> Result<(std::path::PathBuf, String)> {
    let mut files = std::fs::read_dir(clone.join("stories"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect::<Vec<_>>();
    ensure!(files.len() == 1, "the team repository holds {files:?}");
    let file = files.remove(0);
    let id = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok((file, id))
}

#[tokio::test]
async fn connect_sync_and_resolve_a_conflict_in_the_window() -> Result<()> {
    time_limit(TEST_LIMIT, async {
        let app = App::start("team").await?;
        let scratch = app.scratch();
        std::fs::create_dir_all(&scratch)?;
        git(
            &scratch,
            &["init", "--bare", "--quiet", "-b", "main", "team.git"],
        )?;
        let remote = scratch.join("team.git");

        // A story, then Settings → Team → connect: the empty remote receives it.
        app.click("nav-new").await?;
        app.type_into("editor-title", TITLE).await?;
        app.type_into(
            "editor-summary",
            "A replayed ledger sent every invoice twice.",
        )
        .await?;
        app.click("editor-save").await?;
        app.wait_js(
            "the editor to switch to the saved story",
            WAIT,
            "return Array.from(document.querySelectorAll('h1')).some(h => h.textContent.trim() === 'Edit story');",
        )
        .await?;
        app.click("nav-settings").await?;
        app.click("settings-team").await?;
        app.type_into("team-remote", &remote.to_string_lossy())
            .await?;
        app.click("team-connect").await?;
        wait_text(&app, "team-remote-shown", &remote.to_string_lossy()).await?;
        wait_text(&app, "team-sync-outcome", "1 story sent").await?;

        // A teammate retitles it in their clone and pushes.
        git(
            &scratch,
            &["clone", "--quiet", &remote.to_string_lossy(), "clone"],
        )?;
        let clone = scratch.join("clone");
        let (file, id) = story_file(&clone)?;
        let text = std::fs::read_to_string(&file)?;
        ensure!(text.contains(TITLE), "the team file has the title: {text}");
        std::fs::write(&file, text.replace(TITLE, THEIRS))?;
        git(
            &clone,
            &["commit", "--quiet", "-am", "Retitle the ledger story"],
        )?;
        git(&clone, &["push", "--quiet", "origin", "main"])?;

        // Meanwhile the same title changes here.
        app.click("nav-library").await?;
        app.search("ledger").await?;
        app.wait_results("the story", |rows| rows.iter().any(|(i, _)| *i == id))
            .await?;
        app.open_result(&id, TITLE).await?;
        app.click("edit-story").await?;
        app.retype("editor-title", MINE).await?;
        app.click("editor-save").await?;
        wait_text(&app, "editor-status", "Saved as revision 2").await?;

        // Sync: a conflict, with the team's value in the story.
        app.click("nav-team").await?;
        app.click("team-sync").await?;
        wait_text(&app, "team-conflict-count", "1 field").await?;
        app.click("team-open-conflicts").await?;
        let mine = wait_text(&app, "conflict-mine", MINE).await?;
        let theirs = wait_text(&app, "conflict-theirs", THEIRS).await?;
        ensure!(
            !mine.contains(THEIRS) && !theirs.contains(MINE),
            "sides are mixed up: {mine:?} / {theirs:?}"
        );
        let field = app
            .js(
                "return document.querySelector('[data-testid=\"conflict\"]').dataset.field;",
                vec![],
            )
            .await?;
        ensure!(field == json!("title"), "the conflict is on {field}");
        app.dismiss_toasts().await?;
        app.screenshot_for_docs("conflicts").await?;

        // Keep mine: the list empties, the story has my title, the team gets it.
        app.click("conflict-keep-mine").await?;
        app.find("conflicts-empty").await?;
        app.click("nav-team").await?;
        app.find("team-no-conflicts").await?;
        app.click("team-sync").await?;
        wait_text(&app, "team-sync-outcome", "sent").await?;
        git(
            &clone,
            &["pull", "--quiet", "--no-rebase", "origin", "main"],
        )?;
        let pulled = std::fs::read_to_string(&file)?;
        ensure!(pulled.contains(MINE), "the teammate's clone has {pulled}");
        ensure!(!pulled.contains("<<<<<<<"), "conflict markers in {pulled}");
        app.finish().await
    })
    .await
}
