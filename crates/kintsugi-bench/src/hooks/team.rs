//! The team sync hook: a bare git repository (`git init --bare -b main`),
//! library A with the generated stories connected to it (the first push),
//! then timed: connecting fresh libraries B to that remote (each a new
//! folder: open, connect, first full pull), and rounds of one changed
//! story (edit a summary in A, `sync_team` A pushes it, `sync_team` B pulls
//! it).
//!
//! Invariants: git runs isolated from the user's configuration (an empty
//! global config, no system config) and every commit
//! names its author explicitly, so no identity or setting of the machine
//! changes what is timed; every connect must bring all stories and every
//! pull exactly the edited one, with its new summary, and no conflict.

use std::process::Command;
use std::time::{Duration, Instant};

use super::{HookFigures, HookRow, HookSetup, Target};
use crate::figures::{ms, say, thousands, Figure};
use crate::generate::{self, Generator};
use crate::kintsugi::{Kintsugi, Synced};
use crate::measure::{self, Samples};
use crate::{run, Result};

/// The target for syncing one changed story (push plus pull).
pub const CHANGED_TARGET: Duration = Duration::from_secs(1);
/// The target for connecting a fresh library to the remote.
pub const CONNECT_TARGET: Duration = Duration::from_secs(30);

/// Runs the team sync hook (see the module docs).
pub fn measure(setup: &HookSetup) -> Result<HookFigures> {
    let folder = setup.folder("team-sync")?;
    let dir = folder.path();
    isolate_git();
    let load = run::load_average();
    let n = setup.stories;
    let remote = dir.join("team.git");
    measure::run(
        Command::new("git")
            .args(["init", "--bare", "--quiet", "-b", "main"])
            .arg(&remote),
    )?;

    let stories = dir.join("stories");
    let generator = Generator::new(setup.seed, setup.sentences.clone());
    generate::write_stories(&generator, &stories, n)?;
    let t = Instant::now();
    let mut a = Kintsugi::open(&dir.join("library-a"))?;
    let imported = a.import(&stories)?;
    let import = t.elapsed();
    if imported != n {
        return Err(format!("team sync: imported {imported} stories instead of {n}").into());
    }
    let t = Instant::now();
    let first = a.team_connect(&remote, "Bench A")?;
    let first_push = t.elapsed();
    clean("connecting library A", &first)?;
    say(&format!(
        "team sync: {n} stories imported in {:.1} s, library A connected (first push, {} stories) in {:.1} s",
        import.as_secs_f64(),
        first.pushed,
        first_push.as_secs_f64()
    ));

    let mut connects = Samples::default();
    let mut b = None;
    for i in 0..setup.connects.max(1) {
        // The previous library B goes first, so disk use stays that of one.
        drop(b.take());
        let root = dir.join(format!("library-b-{i}"));
        if i > 0 {
            let _ = std::fs::remove_dir_all(dir.join(format!("library-b-{}", i - 1)));
        }
        let t = Instant::now();
        let library = Kintsugi::open(&root)?;
        let synced = library.team_connect(&remote, "Bench B")?;
        connects.times.push(t.elapsed());
        clean("connecting library B", &synced)?;
        let live = library.stats()? as usize;
        if live != n {
            return Err(format!("team sync: library B has {live} stories instead of {n}").into());
        }
        say(&format!(
            "team sync: fresh library connected in {:.1} s",
            t.elapsed().as_secs_f64()
        ));
        b = Some(library);
    }
    let b = b.ok_or("team sync: no library B")?;

    let id = *a
        .ids("", 1)?
        .first()
        .ok_or("team sync: library A has no story")?;
    let (mut push, mut pull, mut across) =
        (Samples::default(), Samples::default(), Samples::default());
    for round in 0..setup.rounds.max(1) {
        let summary = format!("{} (edited in round {round})", a.summary(id)?);
        a.edit_summary(id, &summary)?;
        let t = Instant::now();
        let pushed = a.sync_team()?;
        let pushing = t.elapsed();
        let t = Instant::now();
        let pulled = b.sync_team()?;
        let pulling = t.elapsed();
        clean("syncing library A", &pushed)?;
        clean("syncing library B", &pulled)?;
        if pushed.pushed != 1 || pulled.pulled != 1 || b.summary(id)? != summary {
            return Err(format!(
                "team sync round {round}: pushed {}, pulled {}; library B does not have the edit",
                pushed.pushed, pulled.pulled
            )
            .into());
        }
        push.times.push(pushing);
        pull.times.push(pulling);
        across.times.push(pushing + pulling);
    }
    drop(a);

    let [connect, push, pull, across] = [&connects, &push, &pull, &across].map(Figure::from);
    let row = |what: &str, figure: Figure| HookRow {
        what: what.to_string(),
        figure,
        cpu: false,
        versus: None,
    };
    let rows = vec![
        row(
            "connect a fresh library to the remote (open, connect, first full pull)",
            connect,
        ),
        row(
            "one changed story: `sync_team` in the library that changed it (export, fetch, push)",
            push,
        ),
        row(
            "one changed story: `sync_team` in the other library (fetch, fast-forward, import)",
            pull,
        ),
        row("one changed story across: push plus pull", across),
    ];
    let notes = vec![
        format!(
            "Library A: {} generated stories (seed {}), imported in {:.1} s, then connected to \
             an empty bare repository in the hook's folder: the first sync pushed {} stories in \
             {:.1} s (once, not repeated).",
            thousands(n),
            setup.seed,
            import.as_secs_f64(),
            thousands(first.pushed),
            first_push.as_secs_f64()
        ),
        format!(
            "Fresh connects: {} libraries, each a new folder, each checked to hold all {} \
             stories. Changed story: {} rounds, each editing one story's summary in A, syncing \
             A, then B, checked to pull exactly that story with its new summary, no conflict.",
            connect.samples,
            thousands(n),
            across.samples
        ),
        "git is the machine's `git`, with an empty global configuration and no system one; \
         the remote is a local path, so no network time is included. Every round is counted \
         (no warm-up): a sync is a one-off, and the p99 of a few samples is their maximum."
            .to_string(),
    ];
    let targets = vec![
        Target {
            target: format!(
                "one changed story across (push plus pull) under {}",
                ms(CHANGED_TARGET)
            ),
            measured: format!("p50 {}, p99 {}", ms(across.p50), ms(across.p99)),
            met: across.p99 < CHANGED_TARGET,
        },
        Target {
            target: format!(
                "connecting a fresh library under {:.0} s",
                CONNECT_TARGET.as_secs_f64()
            ),
            measured: format!(
                "p50 {:.1} s, p99 {:.1} s",
                connect.p50.as_secs_f64(),
                connect.p99.as_secs_f64()
            ),
            met: connect.p99 < CONNECT_TARGET,
        },
    ];
    Ok(HookFigures {
        title: "Team sync".into(),
        stories: n,
        load: (load, run::load_average()),
        notes,
        rows,
        targets,
        versus: "ratio",
    })
}

/// Fails when a sync recorded a conflict or skipped a file: the figures
/// would time something else than a clean sync.
fn clean(what: &str, synced: &Synced) -> Result<()> {
    if synced.conflicts > 0 || synced.invalid > 0 {
        return Err(format!(
            "team sync: {what}: {} conflicts, {} invalid files",
            synced.conflicts, synced.invalid
        )
        .into());
    }
    Ok(())
}

/// Points this process's git (and the git the core runs) at an empty
/// global configuration and no system configuration, for the rest of the
/// process.
fn isolate_git() {
    // Edition 2021: setting variables is safe. Every hook run sets the same
    // values; nothing else in the benchmark reads them.
    std::env::set_var("GIT_CONFIG_GLOBAL", "/dev/null");
    std::env::set_var("GIT_CONFIG_NOSYSTEM", "1");
    for var in [
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
    ] {
        std::env::remove_var(var);
    }
}
