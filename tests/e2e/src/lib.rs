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
//! Files: [`app`] starts and ends an app and its processes ([`processes`]);
//! [`page`] holds what a test does in the window (find, click, type, search).
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

mod app;
mod page;
mod processes;

use std::fmt;
use std::future::Future;
use std::time::{Duration, Instant};

use fantoccini::error::CmdError;

pub use app::App;
pub use processes::{app_binary, artifacts_dir, repo_root};

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
