//! [`App`]: one running app window and everything started for it — a
//! private display, a D-Bus session with tauri-driver, a fresh library —
//! and ending all of it, by PID, when the test is done.

use std::fs::{self, File};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use fantoccini::Client;

use crate::processes::{
    app_binary, artifacts_dir, connect, end_processes, free_port, log_tail, repo_root,
    require_tool, start_xvfb, tauri_driver,
};
use crate::{ensure, timed, Error, Result};

static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The running app, its WebDriver session and its private library folder.
pub struct App {
    pub(crate) client: Client,
    pub(crate) children: Vec<Child>,
    pub(crate) home: tempfile::TempDir,
    library: PathBuf,
    /// The log of tauri-driver and everything under it, the app included.
    log: PathBuf,
    /// Panics in the app log that [`App::finish`] lets pass (known bugs).
    tolerated: Vec<String>,
    // Held until drop: one app at a time in this process.
    _serial: tokio::sync::MutexGuard<'static, ()>,
}

impl App {
    /// Starts Xvfb, tauri-driver and the app with an empty library. `name`
    /// names this test's log files in the artifacts folder.
    pub async fn start(name: &str) -> Result<Self> {
        Self::launch(name, None).await
    }

    /// Like [`App::start`], on the library in folder `library` (which may
    /// already hold one, from an earlier app in the same test).
    pub async fn start_on(name: &str, library: &Path) -> Result<Self> {
        Self::launch(name, Some(library)).await
    }

    async fn launch(name: &str, library: Option<&Path>) -> Result<Self> {
        let serial = SERIAL.lock().await;

        let app = app_binary();
        if !app.is_file() {
            return Err(Error::new(format!(
                "app binary {} not found. Build it with the UI embedded first:\n  \
                 (cd ui && npm ci) && (cd src-tauri && npx --prefix ../ui tauri build --debug --no-bundle)\n\
                 or run scripts/e2e, or point KINTSUGI_APP at a binary built with the UI embedded.",
                app.display()
            )));
        }
        let driver = tauri_driver()?;
        require_tool("Xvfb", "xvfb")?;
        require_tool("WebKitWebDriver", "webkit2gtk-driver")?;
        require_tool("dbus-run-session", "dbus")?;

        let home = tempfile::Builder::new().prefix("kintsugi-e2e-").tempdir()?;
        let library = library.map_or_else(|| home.path().join("library"), Path::to_path_buf);
        for dir in ["library", "config", "data", "cache"] {
            fs::create_dir_all(home.path().join(dir))?;
        }
        let logs = artifacts_dir().join("logs");
        fs::create_dir_all(&logs)?;

        let mut children = Vec::new();
        let display = start_xvfb(&mut children, &logs.join(format!("{name}.xvfb.log")))
            .inspect_err(|_| end_processes(&mut children))?;

        let port = free_port()?;
        let native_port = free_port()?;
        let driver_log = logs.join(format!("{name}.tauri-driver.log"));
        let log = File::create(&driver_log)?;
        let spawned = Command::new("dbus-run-session")
            .arg("--")
            .arg(&driver)
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("DISPLAY", format!(":{display}"))
            .env("KINTSUGI_LIBRARY", &library)
            // Settings, WebKit storage (the new-story draft) and caches stay
            // inside this test's folder, never the user's.
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_CACHE_HOME", home.path().join("cache"))
            .env("NO_AT_BRIDGE", "1")
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .process_group(0)
            .spawn();
        match spawned {
            Ok(child) => children.push(child),
            Err(e) => {
                end_processes(&mut children);
                return Err(Error::new(format!("could not start tauri-driver: {e}")));
            }
        }

        let connected = connect(port, &app, &mut children).await;
        let client = match connected {
            Ok(client) => client,
            Err(e) => {
                end_processes(&mut children);
                let tail = log_tail(&driver_log);
                return Err(Error::new(format!(
                    "{e}\n--- {} ---\n{tail}",
                    driver_log.display()
                )));
            }
        };
        let app = Self {
            client,
            children,
            home,
            library,
            log: driver_log,
            tolerated: Vec::new(),
            _serial: serial,
        };
        // The window is ready once the main navigation is on screen.
        if let Err(e) = app.find("nav-library").await {
            let url = app
                .js("return location.href;", vec![])
                .await
                .unwrap_or_default();
            let hint = if url.as_str().is_some_and(|u| u.contains("localhost:5173")) {
                " - the binary loads the dev server: build it with the UI embedded (see tests/e2e/README.md)"
            } else {
                ""
            };
            return Err(Error::new(format!(
                "the app did not show its window: {e}; page is {url}{hint}"
            )));
        }
        Ok(app)
    }

    /// The WebDriver client, for anything the helpers below don't cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The library folder the app was started with.
    pub fn library(&self) -> &Path {
        &self.library
    }

    /// A private scratch folder for this test (removed on drop).
    pub fn scratch(&self) -> PathBuf {
        self.home.path().join("scratch")
    }
}

impl App {
    /// Saves a PNG of the window as `artifacts/<name>.png`.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf> {
        self.park_pointer().await?;
        // Let the page paint twice so the picture shows the settled screen.
        let frames = self.client.execute_async(
            "const done = arguments[arguments.length - 1]; \
             requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
            vec![],
        );
        timed("execute_async", frames).await??;
        let png = timed("screenshot", self.client.screenshot()).await??;
        let dir = artifacts_dir();
        fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{name}.png"));
        fs::write(&path, &png)?;
        Ok(path)
    }

    /// Like [`App::screenshot`]; with `KINTSUGI_E2E_SCREENSHOTS=docs` the
    /// picture also replaces `docs/screenshots/<name>.png` (the README's).
    pub async fn screenshot_for_docs(&self, name: &str) -> Result<PathBuf> {
        let path = self.screenshot(name).await?;
        if std::env::var("KINTSUGI_E2E_SCREENSHOTS").as_deref() == Ok("docs") {
            let docs = repo_root().join("docs").join("screenshots");
            fs::create_dir_all(&docs)?;
            fs::copy(&path, docs.join(format!("{name}.png")))?;
        }
        Ok(path)
    }

    /// Ends the WebDriver session (which closes the app) and every process
    /// this test started.
    ///
    /// Fails if the app panicked during the test (a panic inside a command
    /// can be invisible in the window), unless the panic's location contains
    /// a text given to [`App::tolerate_panic`].
    pub async fn finish(self) -> Result<()> {
        let closed = timed("close", self.client.clone().close()).await?;
        let log = fs::read_to_string(&self.log).unwrap_or_default();
        let panics: Vec<&str> = log
            .lines()
            .filter(|l| l.contains("panicked at"))
            .filter(|l| !self.tolerated.iter().any(|t| l.contains(t.as_str())))
            .collect();
        let log_path = self.log.clone();
        drop(self);
        closed.map_err(|e| Error::new(format!("closing the session failed: {e}")))?;
        ensure!(
            panics.is_empty(),
            "the app panicked: {}\n(full log: {})",
            panics.join("\n"),
            log_path.display()
        );
        Ok(())
    }

    /// Lets [`App::finish`] pass a panic whose location contains `location`:
    /// for a known, reported bug the test walks into, not to hide new ones.
    pub fn tolerate_panic(&mut self, location: &str) {
        self.tolerated.push(location.to_owned());
    }
}

impl Drop for App {
    fn drop(&mut self) {
        end_processes(&mut self.children);
    }
}
