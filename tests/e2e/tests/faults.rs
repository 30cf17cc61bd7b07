//! End-to-end: the app on a library it cannot write. On a read-only mount
//! and on a full disk, reading and search keep working in the window, a
//! change fails with a message naming the folder, and nothing stored is
//! lost. Mounting needs root: where it is refused, each test says it was
//! skipped (see `tests/e2e/README.md` for the harness).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use kintsugi_e2e::{ensure, poll, time_limit, App, Result, WAIT};
use serde_json::Value;

/// Time limit of each test (a normal run takes well under a minute).
const TEST_LIMIT: Duration = Duration::from_secs(240);
/// The sample library's twelve stories.
const SAMPLE_COUNT: usize = 12;
const CERT_STORY: &str = "Leaf certificates rotated daily, the intermediate expired anyway";

/// A mount made for one test, undone when dropped.
struct Mount(PathBuf);

/// Runs `mount` with `args`; false where this machine refuses it.
fn mount(args: &[&str]) -> bool {
    Command::new("mount")
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

impl Mount {
    /// `folder` mounted over itself, read-only: even root cannot write it.
    fn read_only(folder: &Path) -> Option<Mount> {
        let f = folder.to_str()?;
        if !mount(&["--bind", f, f]) {
            return None;
        }
        let bind = Mount(folder.to_path_buf());
        mount(&["-o", "remount,bind,ro", f]).then_some(bind)
    }

    /// A tmpfs of `size` at `folder`.
    fn small_disk(folder: &Path, size: &str) -> Option<Mount> {
        let f = folder.to_str()?;
        let options = format!("size={size}");
        mount(&["-t", "tmpfs", "-o", &options, "tmpfs", f]).then(|| Mount(folder.to_path_buf()))
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// Starts the app on `library`, loads the sample and closes the app.
async fn sample_library(name: &str, library: &Path) -> Result<()> {
    let app = App::start_on(name, library).await?;
    app.click("load-sample").await?;
    app.wait_results("the 12 sample stories", |rows| rows.len() == SAMPLE_COUNT)
        .await?;
    app.finish().await
}

/// Waits for an error toast and returns its text.
async fn error_toast(app: &App) -> Result<String> {
    let text = app
        .wait_js(
            "an error toast",
            WAIT,
            "const t = document.querySelector('.toasts .toast.error'); return t ? t.textContent : null;",
        )
        .await?;
    Ok(text.as_str().unwrap_or_default().to_owned())
}

/// Searches for the certificate story and opens it: reading and search work.
async fn read_the_certificate_story(app: &App) -> Result<()> {
    let id = app
        .search_for("intermediate certificate", CERT_STORY)
        .await?;
    app.open_result(&id, CERT_STORY).await
}

#[tokio::test]
async fn a_read_only_library_reads_searches_and_says_so() -> Result<()> {
    time_limit(TEST_LIMIT, async {
        let base = tempfile::Builder::new()
            .prefix("kintsugi-e2e-ro-")
            .tempdir()?;
        let library = base.path().join("library");
        sample_library("read-only-setup", &library).await?;
        let database = library.join("kintsugi.sqlite3");
        let before = std::fs::read(&database)?;
        let Some(mount) = Mount::read_only(&library) else {
            eprintln!("skipped: cannot mount the library folder read-only here (needs root)");
            return Ok(());
        };

        let app = App::start_on("read-only", &library).await?;
        let notice = app.text("read-only-notice").await?;
        let folder = library.display().to_string();
        ensure!(notice.contains(&folder), "the notice says {notice:?}");
        app.search("").await?;
        app.wait_results("all 12 stories", |rows| rows.len() == SAMPLE_COUNT)
            .await?;
        read_the_certificate_story(&app).await?;

        // A change fails, naming the folder, and the story stays.
        app.click("delete-story").await?;
        let message = error_toast(&app).await?;
        ensure!(
            message.contains("read-only") && message.contains(&folder),
            "the error says {message:?}"
        );
        app.screenshot_for_docs("read-only-library").await?;
        app.dismiss_toasts().await?;
        // The story is still there.
        app.search_for("intermediate certificate", CERT_STORY)
            .await?;
        app.finish().await?;
        drop(mount);
        ensure!(
            std::fs::read(&database)? == before,
            "the database file changed"
        );
        Ok(())
    })
    .await
}

/// A story of random words about `bytes` long: it neither compresses nor
/// shares index terms, so it needs about that much space on disk.
fn big_story(path: &Path, title: &str, bytes: usize) -> Result<()> {
    let mut body = format!("---\ntitle: {title}\n---\n\n");
    let mut n: u64 = 7;
    while body.len() < bytes {
        n = n.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        body.push_str(&format!("w{:x} ", n >> 44));
    }
    Ok(std::fs::write(path, body)?)
}

/// Fills the disk at `folder` with 64 KiB files until a write fails.
fn fill(folder: &Path) -> Result<Vec<PathBuf>> {
    let chunk = vec![0x5a_u8; 64 * 1024];
    let mut files = Vec::new();
    for i in 0.. {
        let file = folder.join(format!("filler-{i}"));
        let written = std::fs::write(&file, &chunk);
        files.push(file);
        if written.is_err() {
            break;
        }
    }
    Ok(files)
}

async fn import(app: &App, path: &Path) -> Result<()> {
    app.click("nav-import").await?;
    app.retype("import-path", &path.to_string_lossy()).await?;
    app.click("import-run").await
}

#[tokio::test]
async fn a_full_disk_is_named_and_reading_goes_on() -> Result<()> {
    time_limit(TEST_LIMIT, async {
        let base = tempfile::Builder::new().prefix("kintsugi-e2e-full-").tempdir()?;
        let disk = base.path().join("disk");
        std::fs::create_dir(&disk)?;
        let Some(_mount) = Mount::small_disk(&disk, "8m") else {
            eprintln!("skipped: cannot mount a small tmpfs here (needs root)");
            return Ok(());
        };
        let library = disk.join("library");
        let app = App::start_on("full-disk", &library).await?;
        app.click("load-sample").await?;
        app.wait_results("the 12 sample stories", |rows| rows.len() == SAMPLE_COUNT)
            .await?;

        // Fill the disk, then leave about 128 KiB: far less than the story.
        let fillers = fill(&disk)?;
        for file in fillers.iter().rev().take(3) {
            std::fs::remove_file(file)?;
        }
        let story = base.path().join("big.md");
        big_story(&story, "Too big for the disk", 1_400_000)?;
        app.dismiss_toasts().await?;
        import(&app, &story).await?;
        let message = app.text("import-error").await?;
        let folder = library.display().to_string();
        ensure!(
            message.contains("full") && message.contains(&folder),
            "the error says {message:?}"
        );
        app.screenshot_for_docs("full-disk").await?;

        // Reading and search go on, and every sample story is there.
        app.search("").await?;
        app.wait_results("all 12 stories", |rows| rows.len() == SAMPLE_COUNT)
            .await?;
        read_the_certificate_story(&app).await?;

        // With room again, the same import works.
        for file in &fillers {
            let _ = std::fs::remove_file(file);
        }
        import(&app, &story).await?;
        let imported = poll("the import report", Duration::from_secs(60), || async {
            let v: Value = app
                .js(
                    "const e = document.querySelector('[data-testid=\"import-imported\"]'); return e ? e.textContent : null;",
                    vec![],
                )
                .await?;
            Ok(v.as_str().map(str::to_owned))
        })
        .await?;
        ensure!(imported == "1", "imported {imported}");
        app.search("").await?;
        app.wait_results("13 stories", |rows| rows.len() == SAMPLE_COUNT + 1)
            .await?;
        app.finish().await
    })
    .await
}
