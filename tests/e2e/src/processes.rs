//! The processes behind an app window: finding the binaries, a private X
//! server, the WebDriver connection through tauri-driver, and ending every
//! process a test started (by PID, children included).

use std::collections::{HashMap, HashSet};
use std::fs::{self, File};
use std::io::{BufRead, BufReader, Read};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

use crate::{poll, Error, Result};

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

pub(crate) fn tauri_driver() -> Result<PathBuf> {
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

pub(crate) fn require_tool(name: &str, package: &str) -> Result<()> {
    match on_path(name) {
        Some(_) => Ok(()),
        None => Err(Error::new(format!(
            "`{name}` not found on PATH: install the Debian package `{package}`"
        ))),
    }
}

/// A TCP port nobody listens on right now.
pub(crate) fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Starts `Xvfb` on a display it picks itself (`-displayfd`) and returns the
/// display number.
pub(crate) fn start_xvfb(children: &mut Vec<Child>, log: &Path) -> Result<u32> {
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
pub(crate) async fn connect(port: u16, app: &Path, children: &mut [Child]) -> Result<Client> {
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
    // tauri-driver listens before the WebKitWebDriver it starts does, and
    // forwards the first request at once: on a busy machine that request
    // meets a closed port. Such a refusal is retried until the deadline.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        match tokio::time::timeout(left, builder.connect(&url)).await {
            Ok(Ok(client)) => return Ok(client),
            Ok(Err(e))
                if tokio::time::Instant::now() < deadline
                    && e.to_string().contains("SendRequest") =>
            {
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            Ok(Err(e)) => {
                return Err(Error::new(format!(
                    "could not open a WebDriver session on the app: {e}"
                )))
            }
            Err(_) => return Err(Error::new("opening a WebDriver session took over 30 s")),
        }
    }
}

pub(crate) fn log_tail(path: &Path) -> String {
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
pub(crate) fn end_processes(children: &mut Vec<Child>) {
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
