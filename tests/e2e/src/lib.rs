//! Harness for end-to-end tests that drive the real Kintsugi window.
//!
//! [`App::start`] starts a private X server (Xvfb, on a display it picks
//! itself), a private D-Bus session running `tauri-driver` on free ports,
//! and opens a WebDriver session, which launches the app binary against a
//! fresh, empty library folder. Dropping the [`App`] ends every process it
//! started, by PID. One app runs at a time: `start` holds a process-wide lock
//! until the [`App`] is dropped, so the tests in one binary run one after
//! another even without `--test-threads=1`.
//!
//! Environment:
//! - `KINTSUGI_APP`: the app binary, absolute or relative to the repository
//!   root (default `<target>/debug/kintsugi-app`,
//!   where `<target>` is `CARGO_TARGET_DIR` or the workspace's `target/`).
//!   It must be built with the UI embedded; see `tests/e2e/README.md`.
//! - `TAURI_DRIVER`: the tauri-driver binary (default: `PATH`, then
//!   `~/.cargo/bin/tauri-driver`).
//! - `KINTSUGI_E2E_SCREENSHOTS=docs`: also copy the curated screenshots to
//!   `docs/screenshots/` (otherwise they only go to `tests/e2e/artifacts/`).

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::fs::{self, File};
use std::future::Future;
use std::io::{BufRead, BufReader, Read};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::error::CmdError;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};

/// How long a normal wait for the UI may take before the test fails.
pub const WAIT: Duration = Duration::from_secs(10);

/// The WebDriver key code for Enter (a `\n` in typed text is not a newline
/// in WebKitWebDriver).
pub const ENTER: &str = "\u{e007}";

/// The WebDriver key code for Escape.
pub const ESCAPE: &str = "\u{e00c}";

/// A test failure: what was expected and what was seen.
pub struct Error(String);

impl Error {
    /// A failure with this message.
    pub fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

// Debug is what `cargo test` prints for a failing `-> Result` test: keep it
// readable instead of `Error("…")`.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl From<CmdError> for Error {
    fn from(e: CmdError) -> Self {
        Self(format!("WebDriver command failed: {e}"))
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Self(format!("I/O error: {e}"))
    }
}

/// Result of a harness or test step.
pub type Result<T> = std::result::Result<T, Error>;

/// Fails the test with a formatted message unless `cond` holds.
#[macro_export]
macro_rules! ensure {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err($crate::Error::new(format!($($msg)+)));
        }
    };
}

/// The repository root (two levels above this crate).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Where screenshots and process logs of the last run go (gitignored).
pub fn artifacts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts")
}

/// The app binary the tests drive.
pub fn app_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("KINTSUGI_APP") {
        // Relative to the repository root (cargo runs tests in tests/e2e).
        return repo_root().join(path);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map_or_else(|| repo_root().join("target"), |t| repo_root().join(t));
    target.join("debug").join("kintsugi-app")
}

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}

fn tauri_driver() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("TAURI_DRIVER") {
        return Ok(PathBuf::from(path));
    }
    on_path("tauri-driver")
        .or_else(|| {
            std::env::var_os("HOME")
                .map(|home| PathBuf::from(home).join(".cargo/bin/tauri-driver"))
                .filter(|p| p.is_file())
        })
        .ok_or_else(|| {
            Error::new(
                "tauri-driver not found (PATH, ~/.cargo/bin, $TAURI_DRIVER): \
                 install it with `cargo install tauri-driver --locked`",
            )
        })
}

fn require_tool(name: &str, package: &str) -> Result<()> {
    match on_path(name) {
        Some(_) => Ok(()),
        None => Err(Error::new(format!(
            "`{name}` not found on PATH: install the Debian package `{package}`"
        ))),
    }
}

/// A TCP port nobody listens on right now.
fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Polls `probe` every 50 ms until it yields `Some`, or fails after `timeout`
/// naming `what` and the last error seen.
pub async fn poll<T, F, Fut>(what: &str, timeout: Duration, mut probe: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<T>>>,
{
    let deadline = Instant::now() + timeout;
    let mut last = String::new();
    loop {
        match probe().await {
            Ok(Some(value)) => return Ok(value),
            Ok(None) => {}
            Err(e) => last = e.0,
        }
        if Instant::now() >= deadline {
            let why = if last.is_empty() {
                String::new()
            } else {
                format!(" (last error: {last})")
            };
            return Err(Error::new(format!(
                "timed out after {timeout:?} waiting for {what}{why}"
            )));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Longest a single WebDriver command may take: a stuck page (say, a
/// command that never answers) fails the test instead of hanging it.
pub const COMMAND_TIMEOUT: Duration = Duration::from_secs(20);

/// Runs one WebDriver command (`what`, for the message) with [`COMMAND_TIMEOUT`].
pub async fn timed<T>(what: &str, command: impl Future<Output = T>) -> Result<T> {
    tokio::time::timeout(COMMAND_TIMEOUT, command)
        .await
        .map_err(|_| {
            Error::new(format!(
                "WebDriver command `{what}` got no answer within {COMMAND_TIMEOUT:?}"
            ))
        })
}

/// Runs a whole test with a time limit, so a hang anywhere fails it (and
/// dropping the test's [`App`] ends its processes).
pub async fn time_limit(limit: Duration, test: impl Future<Output = Result<()>>) -> Result<()> {
    tokio::time::timeout(limit, test)
        .await
        .map_err(|_| Error::new(format!("the test did not finish within {limit:?}")))?
}

/// CSS selector of the element with this `data-testid`.
pub fn testid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}

/// The running app, its WebDriver session and its private library folder.
pub struct App {
    client: Client,
    children: Vec<Child>,
    home: tempfile::TempDir,
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
        let library = home.path().join("library");
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

    /// Waits for a visible element matching the CSS selector.
    pub async fn find_css(&self, css: &str) -> Result<Element> {
        self.find_css_within(css, WAIT).await
    }

    /// Waits up to `timeout` for a visible element matching the CSS selector.
    pub async fn find_css_within(&self, css: &str, timeout: Duration) -> Result<Element> {
        let client = &self.client;
        poll(&format!("`{css}`"), timeout, || async move {
            match timed("find", client.find(Locator::Css(css))).await? {
                Ok(el)
                    if timed("is_displayed", el.is_displayed())
                        .await?
                        .unwrap_or(false) =>
                {
                    Ok(Some(el))
                }
                Ok(_) => Ok(None),
                Err(e) if e.is_no_such_element() => Ok(None),
                Err(e) => Err(e.into()),
            }
        })
        .await
    }

    /// Waits for the visible element with this `data-testid`.
    pub async fn find(&self, id: &str) -> Result<Element> {
        self.find_css(&testid(id)).await
    }

    /// Clicks the element matching `css` once it is visible, retrying while
    /// the UI re-renders it.
    pub async fn click_css(&self, css: &str) -> Result<()> {
        poll(&format!("a click on `{css}`"), WAIT, || async move {
            let el = self.find_css(css).await?;
            // A re-rendered (stale) or covered element is retried until
            // the deadline; the last error is reported if it never works.
            match timed("click", el.click()).await? {
                Ok(()) => Ok(Some(())),
                Err(e) => Err(e.into()),
            }
        })
        .await
    }

    /// Clicks the element with this `data-testid`.
    pub async fn click(&self, id: &str) -> Result<()> {
        self.click_css(&testid(id)).await
    }

    /// Types `text` into the element with this `data-testid` (after what is
    /// already there).
    pub async fn type_into(&self, id: &str, text: &str) -> Result<()> {
        let el = self.find(id).await?;
        timed("send_keys", el.send_keys(text)).await??;
        Ok(())
    }

    /// Replaces the text of the input with this `data-testid` by typing.
    pub async fn retype(&self, id: &str, text: &str) -> Result<()> {
        let el = self.find(id).await?;
        timed("clear", el.clear()).await??;
        if !text.is_empty() {
            timed("send_keys", el.send_keys(text)).await??;
        }
        let value = timed("prop", el.prop("value")).await??.unwrap_or_default();
        ensure!(
            value == text,
            "`{id}` holds {value:?} after typing {text:?}"
        );
        Ok(())
    }

    /// Runs `script` (a function body; arguments in `arguments`) in the page.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        Ok(timed("execute", self.client.execute(script, args)).await??)
    }

    /// Text content of the element with this `data-testid`, once visible.
    pub async fn text(&self, id: &str) -> Result<String> {
        Ok(timed("text", self.find(id).await?.text()).await??)
    }

    /// Waits until the page script `check` returns something other than
    /// `null`/`false`/`undefined`, and returns that.
    pub async fn wait_js(&self, what: &str, timeout: Duration, check: &str) -> Result<Value> {
        poll(what, timeout, || async move {
            let v = self.js(check, vec![]).await?;
            Ok(match v {
                Value::Null | Value::Bool(false) => None,
                v => Some(v),
            })
        })
        .await
    }

    /// The current search results as `(id, title)` pairs.
    pub async fn results(&self) -> Result<Vec<(String, String)>> {
        let v = self
            .js(
                "return Array.from(document.querySelectorAll('[data-testid=\"result\"]')).map(r => \
                 [r.dataset.id, r.querySelector('button.open').textContent.trim()]);",
                vec![],
            )
            .await?;
        Ok(v.as_array()
            .map(|rows| rows.iter().map(|r| (str_at(r, 0), str_at(r, 1))).collect())
            .unwrap_or_default())
    }

    /// Waits until the results satisfy `pred` (and no search is in flight),
    /// then returns them.
    pub async fn wait_results<P>(&self, what: &str, pred: P) -> Result<Vec<(String, String)>>
    where
        P: Fn(&[(String, String)]) -> bool,
    {
        let pred = &pred;
        let seen = std::cell::RefCell::new(Vec::new());
        let outcome = poll(what, WAIT, || {
            let seen = &seen;
            async move {
                let count = self.js(
                    "const c = document.querySelector('[data-testid=\"result-count\"]'); return c ? c.textContent : null;",
                    vec![],
                )
                .await?;
                let busy = count.as_str().is_none_or(|c| c.contains('…'));
                let rows = self.results().await?;
                let ok = !busy && pred(&rows);
                seen.replace(rows.clone());
                Ok(ok.then_some(rows))
            }
        })
        .await;
        outcome.map_err(|e| Error::new(format!("{e}; results were {:?}", seen.borrow())))
    }

    /// Goes to the library and searches for `query` by typing it.
    pub async fn search(&self, query: &str) -> Result<()> {
        self.click("nav-library").await?;
        let input = self.find("search-input").await?;
        timed("clear", input.clear()).await??;
        // Escape clears the query in the app itself, whatever clear() did.
        timed("send_keys", input.send_keys(ESCAPE)).await??;
        if !query.is_empty() {
            timed("send_keys", input.send_keys(query)).await??;
        }
        let value = timed("prop", input.prop("value"))
            .await??
            .unwrap_or_default();
        ensure!(
            value == query,
            "search box holds {value:?} after typing {query:?}"
        );
        Ok(())
    }

    /// Moves the mouse to an empty corner so no hover style shows.
    pub async fn park_pointer(&self) -> Result<()> {
        use fantoccini::actions::{InputSource, MouseActions, PointerAction};
        let park = MouseActions::new("mouse".to_owned()).then(PointerAction::MoveTo {
            duration: None,
            x: 4.0,
            y: 795.0,
        });
        timed("perform_actions", self.client.perform_actions(park)).await??;
        timed("release_actions", self.client.release_actions()).await??;
        Ok(())
    }

    /// Closes every toast now on screen.
    pub async fn dismiss_toasts(&self) -> Result<()> {
        self.js(
            "document.querySelectorAll('.toasts button[aria-label=\"Dismiss\"]').forEach(b => b.click());",
            vec![],
        )
        .await?;
        self.wait_js(
            "toasts to close",
            WAIT,
            "return document.querySelectorAll('.toasts .toast').length === 0;",
        )
        .await?;
        Ok(())
    }

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

fn str_at(v: &Value, i: usize) -> String {
    v.get(i)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// Starts `Xvfb` on a display it picks itself (`-displayfd`) and returns the
/// display number.
fn start_xvfb(children: &mut Vec<Child>, log: &Path) -> Result<u32> {
    let mut child = Command::new("Xvfb")
        .args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "1280x800x24",
            "-nolisten",
            "tcp",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(File::create(log)?)
        .process_group(0)
        .spawn()
        .map_err(|e| Error::new(format!("could not start Xvfb: {e}")))?;
    let stdout = child.stdout.take();
    children.push(child);
    let stdout = stdout.ok_or_else(|| Error::new("Xvfb has no stdout"))?;
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx.recv_timeout(Duration::from_secs(15)).map_err(|_| {
        Error::new(format!(
            "Xvfb did not report its display; see {}",
            log.display()
        ))
    })?;
    line.trim().parse().map_err(|_| {
        Error::new(format!(
            "Xvfb reported display {line:?}; see {}",
            log.display()
        ))
    })
}

/// Waits for tauri-driver to listen, then opens a session on the app.
async fn connect(port: u16, app: &Path, children: &mut [Child]) -> Result<Client> {
    let addr = format!("127.0.0.1:{port}");
    poll("tauri-driver to listen", Duration::from_secs(15), || {
        let exited = children
            .iter_mut()
            .any(|c| matches!(c.try_wait(), Ok(Some(_))));
        let addr = addr.clone();
        async move {
            if exited {
                return Err(Error::new("a helper process exited early"));
            }
            Ok(TcpStream::connect(&addr).is_ok().then_some(()))
        }
    })
    .await?;
    let mut caps = serde_json::Map::new();
    caps.insert("tauri:options".into(), json!({ "application": app }));
    let mut builder = ClientBuilder::new(HttpConnector::new());
    builder.capabilities(caps);
    let url = format!("http://{addr}");
    match tokio::time::timeout(Duration::from_secs(30), builder.connect(&url)).await {
        Ok(Ok(client)) => Ok(client),
        Ok(Err(e)) => Err(Error::new(format!(
            "could not open a WebDriver session on the app: {e}"
        ))),
        Err(_) => Err(Error::new("opening a WebDriver session took over 30 s")),
    }
}

fn log_tail(path: &Path) -> String {
    let mut text = String::new();
    if let Ok(mut f) = File::open(path) {
        let _ = f.read_to_string(&mut text);
    }
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

/// Parent and process group of every process, from `/proc`.
fn process_table() -> HashMap<u32, (u32, u32)> {
    let mut table = HashMap::new();
    let Ok(entries) = fs::read_dir("/proc") else {
        return table;
    };
    for entry in entries.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(stat) = fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // Fields after the `(comm)`, which may itself hold spaces and parens.
        let Some(rest) = stat.rfind(')').map(|i| &stat[i + 1..]) else {
            continue;
        };
        let fields: Vec<&str> = rest.split_whitespace().collect();
        if let (Some(ppid), Some(pgid)) = (
            fields.get(1).and_then(|s| s.parse().ok()),
            fields.get(2).and_then(|s| s.parse().ok()),
        ) {
            table.insert(pid, (ppid, pgid));
        }
    }
    table
}

/// Our children, their descendants, and anything left in their process
/// groups (each child leads its own group).
fn our_processes(roots: &[u32]) -> HashSet<u32> {
    let table = process_table();
    let mut ours: HashSet<u32> = roots
        .iter()
        .copied()
        .filter(|p| table.contains_key(p))
        .collect();
    for (pid, (_, pgid)) in &table {
        if roots.contains(pgid) {
            ours.insert(*pid);
        }
    }
    loop {
        let before = ours.len();
        for (pid, (ppid, _)) in &table {
            if ours.contains(ppid) {
                ours.insert(*pid);
            }
        }
        if ours.len() == before {
            return ours;
        }
    }
}

fn signal(sig: &str, pids: &HashSet<u32>) {
    if pids.is_empty() {
        return;
    }
    let _ = Command::new("kill")
        .arg(format!("-{sig}"))
        .arg("--")
        .args(pids.iter().map(u32::to_string))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// Ends the children and everything they started: TERM, up to 3 s to exit,
/// then KILL; reaps the direct children.
fn end_processes(children: &mut Vec<Child>) {
    let roots: Vec<u32> = children.iter().map(Child::id).collect();
    let ours = our_processes(&roots);
    signal("TERM", &ours);
    let deadline = Instant::now() + Duration::from_secs(3);
    loop {
        for child in children.iter_mut() {
            let _ = child.try_wait();
        }
        let alive: HashSet<u32> = ours
            .iter()
            .copied()
            .filter(|p| {
                fs::read_to_string(format!("/proc/{p}/stat"))
                    .map(|s| {
                        !s.rsplit(')')
                            .next()
                            .unwrap_or_default()
                            .trim_start()
                            .starts_with('Z')
                    })
                    .unwrap_or(false)
            })
            .collect();
        if alive.is_empty() {
            break;
        }
        if Instant::now() >= deadline {
            signal("KILL", &alive);
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    for mut child in children.drain(..) {
        let _ = child.kill();
        let _ = child.wait();
    }
}
