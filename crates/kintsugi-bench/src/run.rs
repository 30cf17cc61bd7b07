//! One benchmark run: for each library size, generate the stories, import
//! them into Kintsugi (in process and as the `kintsugi import` process) and
//! into the FTS5 peer, export them for grep, then time every query class
//! with the contenders interleaved, and record memory and disk use; when
//! the sizes include [`HOOK_STORIES`], also the brief and team sync hooks.
//! Figures are printed as they are measured; the caller renders the report.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::classes::{QueryClass, CLASSES, RELATED_SEEDS};
use crate::corpus::Sentences;
use crate::figures::{mib, say, ClassResult, Figure, ImportFigure, SizeResult};
use crate::fts5::{self, Fts5};
use crate::generate::{self, Generator};
use crate::hooks::{self, HookFigures, HookSetup, HOOK_STORIES};
use crate::kintsugi::{self, Cli, Kintsugi};
use crate::measure::{self, Contender, Plan, Samples};
use crate::{grep, Result};

/// What to run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Library sizes, in stories.
    pub sizes: Vec<usize>,
    /// Generator seed.
    pub seed: u64,
    /// In-process measurement plan per query class.
    pub in_process: Plan,
    /// Whole-process measurement plan per query class.
    pub process: Plan,
    /// Import rounds per size; `None` picks 3 up to 10k stories, else 1.
    pub import_rounds: Option<usize>,
    /// Folder for generated stories and libraries.
    pub work: PathBuf,
    /// Keep the work folder's contents afterwards.
    pub keep: bool,
    /// The `kintsugi` binary.
    pub cli: Cli,
}

/// Runs every size in turn.
pub fn run(options: &Options, sentences: Sentences) -> Result<Vec<SizeResult>> {
    let generator = Generator::new(options.seed, sentences);
    let mut results = Vec::new();
    for &n in &options.sizes {
        let dir = options.work.join(format!("{n}-stories"));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        let result = size(options, &generator, n, &dir);
        if !options.keep {
            let _ = std::fs::remove_dir_all(&dir);
        }
        results.push(result?);
    }
    Ok(results)
}

/// The brief and team sync hooks at [`HOOK_STORIES`] stories, when the
/// sizes include it (nothing otherwise).
pub fn hooks(options: &Options, sentences: Sentences) -> Result<Vec<HookFigures>> {
    if !options.sizes.contains(&HOOK_STORIES) {
        return Ok(Vec::new());
    }
    let mut setup = HookSetup::new(&options.work, options.seed, sentences, options.cli.clone());
    setup.keep = options.keep;
    let mut measured = Vec::new();
    for figures in [hooks::brief(&setup, None)?, hooks::team_sync(&setup)?] {
        say(&hooks::describe(&figures));
        measured.push(figures);
    }
    Ok(measured)
}

fn size(options: &Options, generator: &Generator, n: usize, dir: &Path) -> Result<SizeResult> {
    let load_before = load_average();
    say(&format!("== {n} stories (load average {load_before:.1})"));
    let stories = dir.join("stories");
    let t = Instant::now();
    let files = generate::write_stories(generator, &stories, n)?;
    let generate = t.elapsed();
    let bytes = disk_use(&stories);
    say(&format!(
        "generate: {n} stories, {} in {:.1} s",
        mib(bytes),
        generate.as_secs_f64()
    ));

    let (imports, library, cli_library, peer_db) = imports(options, n, dir, &stories, &files)?;
    let kintsugi = Kintsugi::open(&library)?;
    let export_dir = dir.join("export");
    let t = Instant::now();
    let exported = kintsugi.export_markdown(&export_dir)?;
    let export = t.elapsed();
    say(&format!(
        "export for grep: {exported} files in {:.1} s",
        export.as_secs_f64()
    ));
    let peer = Fts5::open(&peer_db)?;

    let mut classes = Vec::new();
    for class in CLASSES {
        classes.push(query_class(
            options,
            class,
            &kintsugi,
            &peer,
            &cli_library,
            &peer_db,
            &export_dir,
        )?);
    }

    let ids = kintsugi.ids(RELATED_SEEDS, 20)?;
    let mut next = 0;
    let related = single(options.in_process, || {
        next = (next + 1) % ids.len().max(1);
        match ids.get(next) {
            Some(id) => kintsugi.related(*id).map(|_| ()),
            None => Ok(()),
        }
    })?;
    say(&format!(
        "related stories: Kintsugi {}",
        related.describe_with_cpu()
    ));
    let open = single(options.in_process, || {
        Kintsugi::open(&cli_library).map(|_| ())
    })?;
    say(&format!("Library::open: {}", open.describe_with_cpu()));
    let stats_in_process = single(options.in_process, || kintsugi.stats().map(|_| ()))?;
    say(&format!(
        "Library::stats: {}",
        stats_in_process.describe_with_cpu()
    ));
    let stats_process = single(options.process, || {
        measure::run(&mut options.cli.stats(&cli_library)).map(|_| ())
    })?;
    say(&format!(
        "kintsugi stats (process): {}",
        stats_process.describe()
    ));

    // The analysis itself (each run removes what the last one cached), then
    // what every later run pays until the library changes.
    let cache = cli_library.join(kintsugi_core::INSIGHTS_CACHE_FILE);
    let insights_fresh = single(options.process, || {
        let _ = std::fs::remove_file(&cache);
        measure::run(&mut options.cli.insights(&cli_library)).map(|_| ())
    })?;
    say(&format!(
        "kintsugi insights, fresh (process): {}",
        insights_fresh.describe()
    ));
    let insights_cached = single(options.process, || {
        measure::run(&mut options.cli.insights(&cli_library)).map(|_| ())
    })?;
    say(&format!(
        "kintsugi insights, cached (process): {}",
        insights_cached.describe()
    ));

    let scratch = dir.join("scratch");
    std::fs::create_dir_all(&scratch)?;
    let mut rss = Vec::new();
    for class in CLASSES
        .iter()
        .filter(|c| matches!(c.name, "words" | "broad word"))
    {
        let label = format!("kintsugi search {}", quoted(class.kintsugi));
        let bytes = measure::peak_rss(&options.cli.search(&cli_library, class.kintsugi), &scratch)?;
        rss.push((label, bytes));
        let label = format!("sqlite3 {}", class.name);
        rss.push((
            label,
            measure::peak_rss(&fts5::sqlite3(&peer_db, &class.peer), &scratch)?,
        ));
    }
    rss.push((
        "kintsugi stats".to_string(),
        measure::peak_rss(&options.cli.stats(&cli_library), &scratch)?,
    ));
    let _ = std::fs::remove_file(&cache);
    rss.push((
        "kintsugi insights (fresh)".to_string(),
        measure::peak_rss(&options.cli.insights(&cli_library), &scratch)?,
    ));
    for (label, bytes) in &rss {
        say(&format!(
            "peak memory {label}: {}",
            bytes.map_or("not measured".into(), mib)
        ));
    }
    let disk = vec![
        ("Kintsugi library folder".to_string(), disk_use(&library)),
        ("FTS5 database".to_string(), disk_use(&peer_db)),
        ("generated Markdown files".to_string(), bytes),
    ];
    Ok(SizeResult {
        load: (load_before, load_average()),
        stories: n,
        bytes,
        generate,
        imports,
        export,
        classes,
        related,
        open,
        stats_in_process,
        stats_process,
        insights_fresh,
        insights_cached,
        rss,
        disk,
    })
}

type Imported = (Vec<ImportFigure>, PathBuf, PathBuf, PathBuf);

/// Imports the stories with each contender, round by round in rotating
/// order; returns the figures and the last round's library folders.
fn imports(
    options: &Options,
    n: usize,
    dir: &Path,
    stories: &Path,
    files: &[PathBuf],
) -> Result<Imported> {
    let rounds = options
        .import_rounds
        .unwrap_or(if n <= 10_000 { 3 } else { 1 })
        .max(1);
    let mut times = [Vec::new(), Vec::new(), Vec::new()];
    let mut cli_rss = None;
    let mut last = (PathBuf::new(), PathBuf::new(), PathBuf::new());
    for round in 0..rounds {
        let library = dir.join(format!("kintsugi-library-{round}"));
        let cli_library = dir.join(format!("kintsugi-cli-{round}"));
        let peer_db = dir.join(format!("fts5-{round}.sqlite3"));
        for k in 0..3 {
            let who = (round + k) % 3;
            let t = Instant::now();
            let count = match who {
                0 => Kintsugi::open(&library)?.import(stories)?,
                1 => {
                    let command = options.cli.import(&cli_library, stories);
                    let scratch = dir.join("scratch-import");
                    std::fs::create_dir_all(&scratch)?;
                    // Timed under GNU time when present, which adds a fork
                    // and reports the process's peak memory.
                    match measure::peak_rss(&command, &scratch)? {
                        Some(bytes) => cli_rss = Some(bytes),
                        None => {
                            measure::run(&mut options.cli.import(&cli_library, stories))?;
                        }
                    }
                    Kintsugi::open(&cli_library)?.stats()? as usize
                }
                _ => fts5::load(&peer_db, files)?,
            };
            let elapsed = t.elapsed();
            if count != n {
                return Err(format!("import {who}: {count} stories instead of {n}").into());
            }
            times[who].push(elapsed);
        }
        if round + 1 < rounds {
            std::fs::remove_dir_all(&library)?;
            std::fs::remove_dir_all(&cli_library)?;
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(dir.join(format!("fts5-{round}.sqlite3{suffix}")));
            }
        } else {
            last = (library, cli_library, peer_db);
        }
    }
    let names = [
        "Kintsugi, in process (Library::import)",
        "Kintsugi, `kintsugi import` process",
        "FTS5 loader (rusqlite, batched)",
    ];
    let mut figures = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let samples = Samples {
            times: std::mem::take(&mut times[i]),
            cpu: Vec::new(),
        };
        let figure = ImportFigure {
            name,
            median: samples.p50(),
            rounds,
            stories: n,
            rss: if i == 1 { cli_rss } else { None },
        };
        say(&format!(
            "import {name}: {:.2} s ({:.0} stories/s, median of {rounds})",
            figure.median.as_secs_f64(),
            figure.rate()
        ));
        figures.push(figure);
    }
    Ok((figures, last.0, last.1, last.2))
}

fn query_class(
    options: &Options,
    class: &QueryClass,
    kintsugi: &Kintsugi,
    peer: &Fts5,
    cli_library: &Path,
    peer_db: &Path,
    export_dir: &Path,
) -> Result<ClassResult> {
    let found = kintsugi.search(class.kintsugi)?;
    let peer_hits = peer.count(&class.peer)?;
    let grep_hits = match &class.grep {
        Some(q) => Some(
            String::from_utf8_lossy(&measure::run_grep(&mut grep::command(export_dir, q))?)
                .lines()
                .count(),
        ),
        None => None,
    };
    let cli_total = kintsugi::total_from_json(&measure::run(
        &mut options.cli.search(cli_library, class.kintsugi),
    )?);
    if cli_total != Some(found.total) {
        return Err(format!(
            "`kintsugi search {}` found {cli_total:?}, Library::search {}",
            class.kintsugi, found.total
        )
        .into());
    }

    let mut in_process: Vec<Contender<'_>> = vec![
        (
            "kintsugi",
            Box::new(|| kintsugi.search(class.kintsugi).map(|_| ())),
        ),
        ("fts5", Box::new(|| peer.run(&class.peer).map(|_| ()))),
    ];
    let samples = measure::interleaved(&mut in_process, options.in_process)?;
    let in_process = [Figure::from(&samples[0]), Figure::from(&samples[1])];

    let mut process: Vec<Contender<'_>> = vec![
        (
            "kintsugi",
            Box::new(|| {
                measure::run(&mut options.cli.search(cli_library, class.kintsugi)).map(|_| ())
            }),
        ),
        (
            "sqlite3",
            Box::new(|| measure::run(&mut fts5::sqlite3(peer_db, &class.peer)).map(|_| ())),
        ),
    ];
    if let Some(q) = class.grep {
        process.push((
            "grep",
            Box::new(move || measure::run_grep(&mut grep::command(export_dir, &q)).map(|_| ())),
        ));
    }
    let samples = measure::interleaved(&mut process, options.process)?;
    let process = [
        Some(Figure::from(&samples[0])),
        Some(Figure::from(&samples[1])),
        samples.get(2).map(Figure::from),
    ];
    let result = ClassResult {
        class: *class,
        hits: [Some(found.total), Some(peer_hits), grep_hits],
        in_process,
        process,
    };
    say(&result.describe());
    Ok(result)
}

/// Times one contender alone (after a warm-up run).
fn single(plan: Plan, work: impl FnMut() -> Result<()>) -> Result<Figure> {
    let mut contenders: Vec<Contender<'_>> = vec![("only", Box::new(work))];
    let samples = measure::interleaved(&mut contenders, plan)?;
    Ok(Figure::from(&samples[0]))
}

/// The 1-minute load average, which says how busy the shared machine was.
pub fn load_average() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0.0)
}

/// Bytes under `path` (a file or a folder).
pub fn disk_use(path: &Path) -> u64 {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return 0;
    };
    if !meta.is_dir() {
        return meta.len();
    }
    std::fs::read_dir(path)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| disk_use(&e.path()))
                .sum()
        })
        .unwrap_or(0)
}

fn quoted(query: &str) -> String {
    if query.is_empty() {
        "''".to_string()
    } else {
        format!("'{query}'")
    }
}

/// Default time budget for a whole-process measurement of one class.
pub const PROCESS_BUDGET: Duration = Duration::from_secs(30);
/// Default time budget for an in-process measurement of one class.
pub const IN_PROCESS_BUDGET: Duration = Duration::from_secs(20);
