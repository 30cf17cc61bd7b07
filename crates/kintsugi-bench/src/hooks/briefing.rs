//! The brief hook: generate and import a library, then time, interleaved
//! in one run, `Library::brief` in process, the `kintsugi brief --diff`
//! process (what the git hook runs, library open included) and the naive
//! peer, `grep -rilE` of the diff's names over the generated story files.
//!
//! Invariants: the diff is the committed typical change unless one is
//! given; before timing, the in-process briefing must raise signals and the
//! process must succeed, so a figure never times a briefing that found
//! nothing because the diff did not parse.

use std::path::Path;
use std::time::{Duration, Instant};

use super::{HookFigures, HookRow, HookSetup, Target};
use crate::figures::{ms, ratio, thousands, Figure};
use crate::generate::{self, Generator};
use crate::kintsugi::Kintsugi;
use crate::measure::{self, Contender};
use crate::{grep, run, Result};

/// The typical change: a Rails migration adding a column with a default
/// and an index without `algorithm: :concurrently`, a model scope on the
/// new column, and a retry count raised from 3 to 8 in YAML.
pub const TYPICAL_DIFF: &[u8] = include_bytes!("../../fixtures/typical-change.diff");
/// Where [`TYPICAL_DIFF`] lives, for the report.
pub const TYPICAL_DIFF_PATH: &str = "crates/kintsugi-bench/fixtures/typical-change.diff";
/// The target for the hook (the `kintsugi brief` process).
pub const HOOK_TARGET: Duration = Duration::from_millis(300);

/// Runs the brief hook (see the module docs).
pub fn measure(setup: &HookSetup, diff: Option<&Path>) -> Result<HookFigures> {
    let folder = setup.folder("brief")?;
    let dir = folder.path();
    let load = run::load_average();
    let n = setup.stories;
    let (diff_name, bytes) = match diff {
        Some(path) => (path.display().to_string(), std::fs::read(path)?),
        None => (TYPICAL_DIFF_PATH.to_string(), TYPICAL_DIFF.to_vec()),
    };
    let diff_file = dir.join("change.diff");
    std::fs::write(&diff_file, &bytes)?;

    let stories = dir.join("stories");
    let t = Instant::now();
    let generator = Generator::new(setup.seed, setup.sentences.clone());
    generate::write_stories(&generator, &stories, n)?;
    let generated = t.elapsed();
    let library = dir.join("library");
    let t = Instant::now();
    let mut kintsugi = Kintsugi::open(&library)?;
    let imported = kintsugi.import(&stories)?;
    let import = t.elapsed();
    if imported != n {
        return Err(format!("brief: imported {imported} stories instead of {n}").into());
    }
    crate::figures::say(&format!(
        "brief: {n} stories generated in {:.1} s, imported in {:.1} s",
        generated.as_secs_f64(),
        import.as_secs_f64()
    ));

    let briefed = kintsugi.brief(&diff_name, &bytes)?;
    if briefed.signals == 0 {
        return Err(format!("brief: {diff_name} raised no signal; is it a unified diff?").into());
    }
    let mut names = briefed.names.clone();
    if names.is_empty() {
        // Nothing named: grep for what the signals are about instead.
        names.clone_from(&briefed.rules);
    }
    let grep_files =
        String::from_utf8_lossy(&measure::run_grep(&mut grep::any_of(&stories, &names))?)
            .lines()
            .count();
    let printed = measure::run(&mut setup.cli.brief(&library, &diff_file))?;
    if printed.is_empty() {
        return Err("`kintsugi brief --diff` printed nothing".into());
    }

    let mut contenders: Vec<Contender<'_>> = vec![
        (
            "Library::brief",
            Box::new(|| kintsugi.brief(&diff_name, &bytes).map(|_| ())),
        ),
        (
            "kintsugi brief",
            Box::new(|| measure::run(&mut setup.cli.brief(&library, &diff_file)).map(|_| ())),
        ),
        (
            "grep",
            Box::new(|| measure::run_grep(&mut grep::any_of(&stories, &names)).map(|_| ())),
        ),
    ];
    let samples = measure::interleaved(&mut contenders, setup.plan)?;
    drop(contenders);
    let [in_process, process, peer] = [
        Figure::from(&samples[0]),
        Figure::from(&samples[1]),
        Figure::from(&samples[2]),
    ];
    let rows = vec![
        HookRow {
            what: "`Library::brief`, in process".into(),
            figure: in_process,
            cpu: true,
            versus: Some(ratio(in_process.p50, peer.p50)),
        },
        HookRow {
            what: "`kintsugi brief --diff FILE` process (what the git hook runs)".into(),
            figure: process,
            cpu: false,
            versus: Some(ratio(process.p50, peer.p50)),
        },
        HookRow {
            // `\|`: a bar inside a table cell, even in code.
            what: format!("`grep -rilE '{}'` over the story files", names.join("\\|")),
            figure: peer,
            cpu: false,
            versus: None,
        },
    ];
    let notes = vec![
        format!(
            "Diff: `{diff_name}` ({} bytes). The briefing raised {} signals ({}), showed {} \
             stories and fired {} tripwires; the names it found: {}.",
            bytes.len(),
            briefed.signals,
            code_list(&briefed.rules),
            briefed.stories,
            briefed.tripwires,
            code_list(&briefed.names)
        ),
        format!(
            "Library: {} generated stories (seed {}), generated in {:.1} s and imported in \
             process in {:.1} s; grep matched {} of the story files.",
            thousands(n),
            setup.seed,
            generated.as_secs_f64(),
            import.as_secs_f64(),
            thousands(grep_files)
        ),
        format!(
            "Interleaved round by round after a warm-up; the process includes starting \
             `kintsugi`, opening the library and printing the briefing as text; it takes {} \
             the time of the briefing in process.",
            ratio(process.p50, in_process.p50)
        ),
    ];
    let targets = vec![
        Target {
            target: format!(
                "the hook (`kintsugi brief` process) under {} at p50",
                ms(HOOK_TARGET)
            ),
            measured: format!("p50 {}", ms(process.p50)),
            met: process.p50 < HOOK_TARGET,
        },
        Target {
            target: format!(
                "the hook (`kintsugi brief` process) under {} at p99",
                ms(HOOK_TARGET)
            ),
            measured: format!("p99 {} (n={})", ms(process.p99), process.samples),
            met: process.p99 < HOOK_TARGET,
        },
    ];
    Ok(HookFigures {
        title: "Brief for a typical diff".into(),
        stories: n,
        load: (load, run::load_average()),
        notes,
        rows,
        targets,
        versus: "ratio to grep",
    })
}

fn code_list(items: &[String]) -> String {
    if items.is_empty() {
        return "none".into();
    }
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
