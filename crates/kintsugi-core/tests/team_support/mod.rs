//! Fixtures of the team-library tests: a bare repository and libraries on
//! disk in one temporary folder, git isolated from the machine's
//! configuration (own HOME, empty global config, no system config), and a
//! plain git clone with a work tree for "a teammate editing by hand".

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report
#![allow(dead_code)] // each test binary uses a different subset

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Once;

use kintsugi_core::team::file::canonical;
use kintsugi_core::team::{SyncProgress, SyncReport, TeamAuthor};
use kintsugi_core::{Library, StoryContent};
use uuid::Uuid;

static ISOLATE: Once = Once::new();

/// Points git at an empty configuration for the whole test process.
pub fn isolate_git() {
    ISOLATE.call_once(|| {
        let home = std::env::temp_dir().join(format!("kintsugi-team-home-{}", std::process::id()));
        std::fs::create_dir_all(&home).unwrap();
        let config = home.join("gitconfig");
        std::fs::write(&config, "").unwrap();
        // Edition 2021: setting variables is safe; every test wants the same.
        std::env::set_var("HOME", &home);
        std::env::set_var("GIT_CONFIG_GLOBAL", &config);
        std::env::set_var("GIT_CONFIG_NOSYSTEM", "1");
        for var in [
            "GIT_AUTHOR_NAME",
            "GIT_AUTHOR_EMAIL",
            "GIT_COMMITTER_NAME",
            "GIT_COMMITTER_EMAIL",
            "GIT_DIR",
            "GIT_WORK_TREE",
            "KINTSUGI_GIT",
        ] {
            std::env::remove_var(var);
        }
    });
}

/// A bare team repository and the folder the libraries live in.
pub struct Team {
    pub dir: tempfile::TempDir,
}

impl Team {
    pub fn new() -> Team {
        isolate_git();
        let team = Team {
            dir: tempfile::tempdir().unwrap(),
        };
        git(
            team.dir.path(),
            &["init", "--bare", "--quiet", "-b", "main", "remote.git"],
        );
        team
    }

    pub fn remote(&self) -> PathBuf {
        self.dir.path().join("remote.git")
    }

    pub fn remote_str(&self) -> String {
        self.remote().to_string_lossy().to_string()
    }

    /// Opens (creating) the library `name`.
    pub fn open(&self, name: &str) -> Library {
        Library::open(&self.dir.path().join(name)).unwrap()
    }

    /// Opens the library `name` and connects it as author `name`.
    pub fn join(&self, name: &str) -> Library {
        let lib = self.open(name);
        lib.team_connect(&self.remote_str(), Some(author(name)), &mut |_| {})
            .unwrap();
        lib
    }

    /// A clone with a work tree, as a teammate editing by hand would have.
    pub fn checkout(&self, name: &str) -> PathBuf {
        let dir = self.dir.path().join(name);
        git(
            self.dir.path(),
            &["clone", "--quiet", &self.remote_str(), name],
        );
        git(&dir, &["config", "user.name", name]);
        git(
            &dir,
            &["config", "user.email", &format!("{name}@example.com")],
        );
        dir
    }

    /// Files of the remote's `main`: path → content.
    pub fn remote_files(&self) -> BTreeMap<String, String> {
        let remote = self.remote();
        let listing = git(&remote, &["ls-tree", "-r", "--name-only", "main"]);
        listing
            .lines()
            .map(|path| {
                (
                    path.to_string(),
                    git(&remote, &["show", &format!("main:{path}")]),
                )
            })
            .collect()
    }
}

pub fn author(name: &str) -> TeamAuthor {
    TeamAuthor {
        name: name.to_string(),
        email: format!("{}@example.com", name.to_lowercase()),
    }
}

/// Runs git in `dir`, failing the test on error; returns stdout.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "init.defaultBranch=main"])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_DATE", "2024-03-12T10:00:00Z")
        .env("GIT_COMMITTER_DATE", "2024-03-12T10:00:00Z")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?} in {}: {}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

pub fn sync(lib: &Library) -> SyncReport {
    lib.sync_team(&mut |_: &SyncProgress| {}).unwrap()
}

pub fn story(title: &str) -> StoryContent {
    StoryContent {
        title: title.to_string(),
        summary: format!("What happened in {title}."),
        body: "First paragraph.\n\nSecond paragraph.\n\nThird paragraph.".into(),
        tags: vec!["cron".into(), "billing".into()],
        ..Default::default()
    }
}

/// Every story of a library (live and trashed): id → (canonical content, live).
pub fn state(lib: &Library) -> BTreeMap<Uuid, (StoryContent, bool)> {
    let mut out = BTreeMap::new();
    for s in lib.list_stories().unwrap() {
        out.insert(s.id, (canonical(&s.content), true));
    }
    for t in lib.list_trash().unwrap() {
        let s = lib.get_story(t.id).unwrap();
        out.insert(s.id, (canonical(&s.content), false));
    }
    out
}

/// Everything a library still holds about a story, as text: its content,
/// every revision, and its open conflicts.
pub fn everything_about(lib: &Library, id: Uuid) -> String {
    let mut text = String::new();
    if let Ok(story) = lib.get_story(id) {
        text.push_str(&serde_json::to_string(&story.content).unwrap());
        for rev in lib.story_history(id).unwrap() {
            text.push_str(
                &serde_json::to_string(&lib.story_revision(id, rev.revision).unwrap()).unwrap(),
            );
        }
    }
    for c in lib.list_conflicts().unwrap() {
        if c.story_id == id {
            text.push_str(&c.mine.to_string());
            text.push_str(&c.theirs.to_string());
        }
    }
    text
}

/// Fails when any file on the remote's `main` holds conflict markers or is
/// not LF-only.
pub fn assert_clean_repository(team: &Team) {
    for (path, text) in team.remote_files() {
        for marker in ["<<<<<<<", ">>>>>>>", "\n=======\n"] {
            assert!(!text.contains(marker), "{path} holds a conflict marker");
        }
        assert!(!text.contains('\r'), "{path} has CR line ends");
    }
}
