//! The machine and build a report was measured on: CPU model, cores, RAM,
//! OS, kernel, rustc, date and the commit of the repository, read from
//! /proc, /etc/os-release and git so a reader can tell whether two reports
//! are comparable.

use std::path::Path;
use std::process::Command;

/// Facts about where and what was measured.
#[derive(Debug, Clone)]
pub struct Machine {
    /// CPU model name.
    pub cpu: String,
    /// Cores the process may use.
    pub cores: usize,
    /// Total RAM in bytes.
    pub ram: u64,
    /// OS name and version.
    pub os: String,
    /// Kernel release.
    pub kernel: String,
    /// `rustc --version`.
    pub rustc: String,
    /// Whether this benchmark was built with optimisations.
    pub release: bool,
    /// UTC date and time of the run.
    pub date: String,
    /// Commit measured, with a note when the work tree had changes.
    pub commit: String,
    /// Last commit that changed Kintsugi's own code (core and CLI), which
    /// is what the figures are about.
    pub code_commit: String,
}

impl Machine {
    /// Reads the facts of this machine; unknown ones say so.
    pub fn detect() -> Machine {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu = cpuinfo
            .lines()
            .find_map(|l| l.strip_prefix("model name"))
            .and_then(|l| l.split_once(':'))
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_else(|| "unknown".into());
        let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
        let ram = meminfo
            .lines()
            .find_map(|l| l.strip_prefix("MemTotal:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map(|kib| kib * 1024)
            .unwrap_or(0);
        let os_release = std::fs::read_to_string("/etc/os-release").unwrap_or_default();
        let os = os_release
            .lines()
            .find_map(|l| l.strip_prefix("PRETTY_NAME="))
            .map(|v| v.trim_matches('"').to_string())
            .unwrap_or_else(|| std::env::consts::OS.to_string());
        let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease")
            .map(|s| s.trim().to_string())
            .unwrap_or_else(|_| "unknown".into());
        Machine {
            cpu,
            cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
            ram,
            os,
            kernel,
            rustc: output(Command::new("rustc").arg("--version"))
                .unwrap_or_else(|| "unknown".into()),
            release: !cfg!(debug_assertions),
            date: kintsugi_core::Clock::system()
                .now()
                .format("%Y-%m-%d %H:%M UTC")
                .to_string(),
            commit: commit(Path::new(env!("CARGO_MANIFEST_DIR"))),
            code_commit: code_commit(Path::new(env!("CARGO_MANIFEST_DIR"))),
        }
    }
}

/// `HEAD` of the repository holding `dir`, marked when the tree is dirty.
fn commit(dir: &Path) -> String {
    let Some(head) = output(
        Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["rev-parse", "HEAD"]),
    ) else {
        return "unknown".into();
    };
    let dirty = output(Command::new("git").arg("-C").arg(dir).args([
        "status",
        "--porcelain",
        "--untracked-files=no",
    ]))
    .is_some_and(|s| !s.is_empty());
    if dirty {
        format!("{head} (with uncommitted changes)")
    } else {
        head
    }
}

/// The last commit touching `crates/kintsugi-core` or `crates/kintsugi-cli`.
fn code_commit(dir: &Path) -> String {
    output(Command::new("git").arg("-C").arg(dir).args([
        "log",
        "-1",
        "--format=%h %s",
        "--",
        "../kintsugi-core",
        "../kintsugi-cli",
    ]))
    .filter(|s| !s.is_empty())
    .unwrap_or_else(|| "unknown".into())
}

fn output(command: &mut Command) -> Option<String> {
    let out = command.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_this_machine() {
        let m = Machine::detect();
        assert!(m.cores >= 1);
        assert!(!m.cpu.is_empty());
        assert!(!m.date.is_empty());
    }
}
