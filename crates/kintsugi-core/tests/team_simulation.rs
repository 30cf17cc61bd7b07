//! A seeded random simulation of several libraries sharing one team
//! repository: they create, edit (title, summary, body lines, tags,
//! lessons, severity), delete, restore, resolve conflicts and sync in
//! random order. Afterwards every library must equal the others, every
//! story ever created must exist everywhere, every value ever written must
//! be in a story, its history or the conflict list, and the repository must
//! hold only valid canonical files without conflict markers.
//!
//! CI runs a few seeds of a few dozen steps. For a longer run:
//! `KINTSUGI_SIM_SEEDS=50 KINTSUGI_SIM_STEPS=300 cargo test -p kintsugi-core
//! --test team_simulation -- --nocapture`; a failing seed is printed and
//! can be replayed alone with `KINTSUGI_SIM_SEED=<n>`.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

mod team_support;

use kintsugi_core::story::Severity;
use kintsugi_core::team::file;
use kintsugi_core::team::Resolution;
use kintsugi_core::Library;
use team_support::{assert_clean_repository, everything_about, state, story, sync, Team};
use uuid::Uuid;

/// splitmix64: small, seedable, good enough to pick operations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> Option<T> {
        (!items.is_empty()).then(|| items[self.below(items.len())])
    }
}

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn random_edits_and_syncs_converge_and_lose_nothing() {
    let seeds: Vec<u64> = match std::env::var("KINTSUGI_SIM_SEED") {
        Ok(one) => vec![one.parse().unwrap()],
        Err(_) => (1..=env("KINTSUGI_SIM_SEEDS", 3)).collect(),
    };
    let steps = env("KINTSUGI_SIM_STEPS", 40) as usize;
    for seed in seeds {
        let outcome = std::panic::catch_unwind(|| simulate(seed, 3, steps));
        if let Err(panic) = outcome {
            eprintln!("team simulation failed with seed {seed} ({steps} steps)");
            std::panic::resume_unwind(panic);
        }
    }
}

/// What a library wrote, to be found again at the end.
struct Written {
    library: usize,
    story: Uuid,
    value: String,
}

fn simulate(seed: u64, libraries: usize, steps: usize) {
    let team = Team::new();
    let mut rng = Rng(seed);
    let mut libs: Vec<Library> = Vec::new();
    let mut created: Vec<Uuid> = Vec::new();
    let mut written: Vec<Written> = Vec::new();
    for n in 0..libraries {
        let lib = team.join(&format!("lib{n}"));
        let title = format!("Seed {seed} story of lib{n}");
        let s = lib.create_story(story(&title)).unwrap();
        created.push(s.id);
        written.push(Written {
            library: n,
            story: s.id,
            value: title,
        });
        libs.push(lib);
    }
    for step in 0..steps {
        let l = rng.below(libraries);
        let tag = format!("s{seed}-{step}");
        let lib = &mut libs[l];
        let live: Vec<Uuid> = lib.list_stories().unwrap().iter().map(|s| s.id).collect();
        let op = rng.below(100);
        if op < 28 {
            sync(lib);
            continue;
        }
        if op < 36 {
            let title = format!("New story {tag}");
            let s = lib.create_story(story(&title)).unwrap();
            created.push(s.id);
            written.push(Written {
                library: l,
                story: s.id,
                value: title,
            });
            continue;
        }
        if op < 40 {
            if let Some(id) = rng.pick(&live) {
                lib.delete_story(id).unwrap();
            }
            continue;
        }
        if op < 43 {
            let trash: Vec<Uuid> = lib.list_trash().unwrap().iter().map(|t| t.id).collect();
            if let Some(id) = rng.pick(&trash) {
                lib.restore_story(id).unwrap();
            }
            continue;
        }
        if op < 47 {
            let conflicts = lib.list_conflicts().unwrap();
            if !conflicts.is_empty() {
                let c = &conflicts[rng.below(conflicts.len())];
                let side = if rng.below(2) == 0 {
                    Resolution::Mine
                } else {
                    Resolution::Theirs
                };
                lib.resolve_conflict(c.story_id, &c.field, side).unwrap();
            }
            continue;
        }
        let Some(id) = rng.pick(&live) else { continue };
        let mut c = lib.get_story(id).unwrap().content;
        let value = match rng.below(7) {
            0 => {
                c.title = format!("Title {tag}");
                Some(c.title.clone())
            }
            1 => {
                c.summary = format!("Summary {tag}.");
                Some(c.summary.clone())
            }
            2 => {
                let mut lines: Vec<String> = c.body.lines().map(str::to_string).collect();
                let line = format!("Body line {tag}.");
                if lines.is_empty() || rng.below(2) == 0 {
                    lines.push(String::new());
                    lines.push(line.clone());
                } else {
                    let at = rng.below(lines.len());
                    lines[at] = line.clone();
                }
                c.body = lines.join("\n");
                Some(line)
            }
            3 => {
                if !c.tags.is_empty() && rng.below(3) == 0 {
                    let at = rng.below(c.tags.len());
                    c.tags.remove(at);
                    None
                } else {
                    c.tags.push(tag.clone());
                    Some(tag.clone())
                }
            }
            4 => {
                if !c.parts.lessons.is_empty() && rng.below(3) == 0 {
                    let at = rng.below(c.parts.lessons.len());
                    c.parts.lessons.remove(at);
                    None
                } else {
                    let lesson = format!("Lesson {tag}");
                    c.parts.lessons.push(lesson.clone());
                    Some(lesson)
                }
            }
            5 => {
                c.severity = rng.pick(&Severity::ALL);
                None
            }
            _ => {
                c.company = Some(format!("Company {tag}"));
                c.company.clone()
            }
        };
        lib.update_story(id, c, None).unwrap();
        if let Some(value) = value {
            written.push(Written {
                library: l,
                story: id,
                value,
            });
        }
    }
    // Quiesce: everyone syncs until nothing moves.
    for _ in 0..3 {
        for lib in libs.iter_mut() {
            sync(lib);
        }
    }
    // A story deleted before it was ever synced stays in its library's
    // trash and never reaches the team; every other story is everywhere.
    let states: Vec<_> = libs.iter().map(state).collect();
    let shared = |id: &Uuid| {
        states
            .iter()
            .any(|s| s.get(id).is_some_and(|(_, live)| *live))
    };
    let first = &states[0];
    for (n, other) in states.iter().enumerate().skip(1) {
        for id in first.keys().chain(other.keys()).filter(|id| shared(id)) {
            assert_eq!(
                first.get(id),
                other.get(id),
                "seed {seed}: lib0 and lib{n} differ on story {id}"
            );
        }
    }
    for id in &created {
        assert!(
            states.iter().any(|s| s.contains_key(id)),
            "seed {seed}: story {id} was lost"
        );
    }
    for w in &written {
        let found = everything_about(&libs[w.library], w.story);
        assert!(
            found.contains(&w.value),
            "seed {seed}: {:?} written by lib{} to {} is nowhere",
            w.value,
            w.library,
            w.story
        );
    }
    assert_clean_repository(&team);
    for (path, text) in team.remote_files() {
        if let Some(id) = file::id_of(&path) {
            let content = file::parse(&path, id, text.as_bytes())
                .unwrap_or_else(|e| panic!("seed {seed}: {e}"));
            assert_eq!(
                file::render(id, &content),
                text,
                "seed {seed}: {path} is not canonical"
            );
            let (mine, live) = &first[&id];
            assert!(
                *live,
                "seed {seed}: {path} is in the repository but trashed here"
            );
            assert_eq!(
                mine, &content,
                "seed {seed}: {path} differs from the libraries"
            );
        }
    }
    let live_files = team
        .remote_files()
        .keys()
        .filter(|p| file::id_of(p).is_some())
        .count();
    assert_eq!(
        live_files,
        first.values().filter(|(_, live)| *live).count(),
        "seed {seed}: every live story has a file"
    );
}
