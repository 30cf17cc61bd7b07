//! The sync cycle and the connection: connect, sync, status, disconnect.
//!
//! One sync, under the library's lock (`team.lock`, held with an OS file
//! lock, so a crash never leaves it behind):
//!
//! 1. settle conflicts of a merge an earlier, interrupted sync made;
//! 2. import what the local `main` holds beyond the last imported commit
//!    (only after a crash or a fresh connect);
//! 3. export locally changed stories and documents as one commit on `main`;
//! 4. fetch the team's `main`; fast-forward to it, or merge it per story
//!    into a two-parent merge commit;
//! 5. import the changed files as new revisions;
//! 6. push; when the push is rejected because the team moved on, go back to
//!    step 3, at most [`ATTEMPTS`] times. Never a force push.
//!
//! Every step is idempotent: it reads what to do from the database, the
//! local and fetched `main` and the last imported commit, and writes its
//! result (a ref moved with its expected old value, one SQLite transaction)
//! only when complete.

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::git::{Git, Signature, MAIN, REMOTE_MAIN};
use super::layout::{self, Manifest};
use super::{
    export, import, integrate, ConflictRef, InvalidFile, SyncProgress, SyncReport, SyncStage,
    TeamStatus, LOCK_FILE, REPOSITORY_DIR,
};
use crate::error::{Error, Result};
use crate::store::{Store, TeamRow};

/// Most fetch–merge–push rounds in one sync.
pub const ATTEMPTS: usize = 5;
/// How long a sync waits for another one to finish before giving up.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// The author of a library's commits and edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamAuthor {
    /// Name, as teammates see it in history.
    pub name: String,
    /// E-mail (any address; git needs one).
    pub email: String,
}

/// State shared by the steps of one sync.
pub(super) struct Cycle<'a> {
    pub store: &'a mut Store,
    pub git: Git,
    pub row: TeamRow,
    pub now: DateTime<Utc>,
    pub progress: &'a mut dyn FnMut(&SyncProgress),
    pub report: SyncReport,
    pub attempt: usize,
}

impl Cycle<'_> {
    pub fn signature(&self) -> Signature {
        Signature {
            name: self.row.author_name.clone(),
            email: self.row.author_email.clone(),
            at: self.now,
        }
    }

    pub fn step(&mut self, stage: SyncStage, done: usize, total: usize) {
        let attempt = self.attempt;
        (self.progress)(&SyncProgress {
            stage,
            done,
            total,
            attempt,
        });
    }

    pub fn invalid(&mut self, error: &Error, path: &str) {
        let message = match error {
            Error::Parse { message, .. } => message.clone(),
            other => other.to_string(),
        };
        if !self.report.invalid.iter().any(|i| i.path == path) {
            self.report.invalid.push(InvalidFile {
                path: path.to_string(),
                message,
            });
        }
    }

    pub fn conflict_found(&mut self, story_id: uuid::Uuid, field: &str) {
        let found = ConflictRef {
            story_id,
            field: field.to_string(),
        };
        if !self.report.conflicts.contains(&found) {
            self.report.conflicts.push(found);
        }
    }

    /// The last imported commit, as the database has it now.
    pub fn last_imported(&self) -> Result<Option<String>> {
        Ok(self.store.team()?.and_then(|t| t.last_imported_commit))
    }
}

/// Holds the library's sync lock until dropped.
struct SyncLock(#[allow(dead_code)] File);

fn lock(root: &Path) -> Result<SyncLock> {
    let path = root.join(LOCK_FILE);
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::io(&path, e))?;
    // A process killed while it was starting git can leave a child that
    // holds a copy of the lock for a moment (until it runs git): wait a
    // little before calling the library busy.
    let deadline = std::time::Instant::now() + LOCK_WAIT;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(SyncLock(file)),
            Err(TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            Err(TryLockError::WouldBlock) => return Err(Error::TeamBusy),
            Err(TryLockError::Error(e)) => return Err(Error::io(&path, e)),
        }
    }
}

fn repository(root: &Path) -> PathBuf {
    root.join(REPOSITORY_DIR)
}

/// Connects the library in `root` to the team repository `remote` (a path
/// or URL) and runs the first sync: an empty remote receives this library,
/// a non-empty one is merged into it. Nothing is recorded when the remote
/// cannot be reached or is not a team library this build may use.
pub fn connect(
    store: &mut Store,
    root: &Path,
    remote: &str,
    author: Option<TeamAuthor>,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(&SyncProgress),
) -> Result<SyncReport> {
    let _lock = lock(root)?;
    if let Some(team) = store.team()? {
        return Err(Error::TeamAlreadyConnected {
            remote: team.remote,
        });
    }
    let remote = normalize_remote(remote)?;
    let dir = repository(root);
    if dir.exists() {
        // Left by an earlier connection or an interrupted connect: start clean.
        std::fs::remove_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    }
    let mut git = Git::new(&dir, &remote);
    git.init()?;
    let author = match author {
        Some(a) => a,
        None => default_author(&git)?,
    };
    let fetched = git.fetch()?;
    let mut library_id = None;
    if let Some(theirs) = &fetched {
        library_id = check_remote(&git, theirs, None)?;
        git.move_main(theirs, None)?;
    }
    let same_library = library_id.is_some() && library_id == store.team_previous_library_id()?;
    store.team_connect(
        &TeamRow {
            remote: remote.clone(),
            library_id,
            author_name: author.name,
            author_email: author.email,
            connected_at: now,
            last_sync_at: None,
            last_imported_commit: None,
        },
        same_library,
    )?;
    run(store, git, now, progress)
}

/// Syncs the library in `root` with its team repository.
pub fn sync(
    store: &mut Store,
    root: &Path,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(&SyncProgress),
) -> Result<SyncReport> {
    let _lock = lock(root)?;
    let row = store.team()?.ok_or(Error::TeamNotConnected)?;
    let mut git = Git::new(&repository(root), &row.remote);
    git.init()?;
    run(store, git, now, progress)
}

fn run(
    store: &mut Store,
    git: Git,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(&SyncProgress),
) -> Result<SyncReport> {
    git.clear_stale_locks()?;
    let row = store.team()?.ok_or(Error::TeamNotConnected)?;
    let mut cycle = Cycle {
        store,
        git,
        row,
        now,
        progress,
        report: SyncReport::default(),
        attempt: 1,
    };
    let mut main = cycle.git.rev(MAIN)?;
    if main.is_none() {
        // A fresh copy (first sync, or `team.git` was lost): start from the
        // team's `main`, so local changes are committed on top of it.
        if let Some(theirs) = cycle.git.fetch()? {
            let known = cycle.row.library_id.clone();
            check_remote(&cycle.git, &theirs, known.as_deref())?;
            cycle.git.move_main(&theirs, None)?;
            main = Some(theirs);
        }
    }
    let last = cycle.last_imported()?;
    if let Some(last) = &last {
        if main.as_deref() != Some(last.as_str())
            && !main
                .as_deref()
                .is_some_and(|m| cycle.git.is_ancestor(last, m).unwrap_or(false))
        {
            // The local repository was lost or replaced: import it afresh.
            cycle.store.team_set_last_imported(None)?;
        }
    }
    import::settle_pending(&mut cycle)?;
    if let Some(main) = main {
        import::import(&mut cycle, &main, None)?;
    }
    loop {
        export::export(&mut cycle)?;
        cycle.step(SyncStage::Fetching, 0, 0);
        let theirs = cycle.git.fetch()?;
        if let Some(theirs) = &theirs {
            let known = cycle.row.library_id.clone();
            if let Some(id) = check_remote(&cycle.git, theirs, known.as_deref())? {
                if known.is_none() {
                    cycle.store.team_set_library_id(&id)?;
                    cycle.row.library_id = Some(id);
                }
            }
        }
        let before = cycle.git.rev(MAIN)?;
        integrate::integrate(&mut cycle, before.as_deref(), theirs.as_deref())?;
        let main = cycle.git.rev(MAIN)?;
        if let Some(main) = &main {
            import::import(&mut cycle, main, before.as_deref())?;
        }
        if main.is_none() || main == theirs {
            break;
        }
        cycle.step(SyncStage::Pushing, 0, 0);
        match cycle.git.push()? {
            super::git::PushOutcome::Pushed | super::git::PushOutcome::UpToDate => {
                cycle.step(SyncStage::Pushed, 0, 0);
                break;
            }
            super::git::PushOutcome::Rejected if cycle.attempt < ATTEMPTS => {
                cycle.attempt += 1;
            }
            super::git::PushOutcome::Rejected => {
                return Err(Error::Git {
                    command: "push".into(),
                    detail: format!(
                        "the team repository changed during each of {ATTEMPTS} attempts; sync again"
                    ),
                })
            }
        }
    }
    if cycle.row.library_id.is_none() {
        if let Some(main) = cycle.git.rev(MAIN)? {
            if let Some(id) = check_remote(&cycle.git, &main, None)? {
                cycle.store.team_set_library_id(&id)?;
            }
        }
    }
    cycle.store.team_set_last_sync(now)?;
    cycle.git.maintain()?;
    Ok(cycle.report)
}

/// Checks the team's `kintsugi.toml` at `commit`; returns its library id.
/// A repository without one is accepted only if it holds no stories (a new
/// repository with a README, say): the first export adds the layout.
fn check_remote(git: &Git, commit: &str, expected: Option<&str>) -> Result<Option<String>> {
    let Some(blob) = git.blob_at(commit, layout::MANIFEST)? else {
        if git.blob_at(commit, "stories")?.is_some() {
            return Err(Error::TeamFormat {
                remote: git.remote().to_string(),
                message: "it has a stories/ folder but no kintsugi.toml, so it is not a Kintsugi team library".into(),
            });
        }
        return Ok(None);
    };
    let bytes = git
        .read_blobs(&[blob])?
        .pop()
        .unwrap_or(super::git::Blob::Missing)
        .bytes(layout::MANIFEST)
        .map_err(|e| Error::TeamFormat {
            remote: git.remote().to_string(),
            message: e.to_string(),
        })?;
    let manifest =
        Manifest::parse(&String::from_utf8_lossy(&bytes)).map_err(|e| Error::TeamFormat {
            remote: git.remote().to_string(),
            message: e.to_string(),
        })?;
    manifest.check_supported(git.remote())?;
    if let Some(expected) = expected {
        if manifest.library_id != expected {
            return Err(Error::TeamFormat {
                remote: git.remote().to_string(),
                message: format!(
                    "it now holds another team library (id {}, this library synced with {expected}); run `kintsugi team disconnect` and connect again",
                    manifest.library_id
                ),
            });
        }
    }
    Ok(Some(manifest.library_id))
}

/// Forgets the team connection (stories, history, conflicts and the sync
/// base stay) and removes the library's copy of the repository.
pub fn disconnect(store: &mut Store, root: &Path) -> Result<()> {
    let _lock = lock(root)?;
    store.team()?.ok_or(Error::TeamNotConnected)?;
    store.team_disconnect()?;
    let dir = repository(root);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    }
    Ok(())
}

/// The connection, as far as this machine knows it (no network).
pub fn status(store: &Store, root: &Path) -> Result<TeamStatus> {
    let open_conflicts = store.team_conflicts()?.len();
    let Some(row) = store.team()? else {
        return Ok(TeamStatus {
            connected: false,
            remote: None,
            library_id: None,
            author: None,
            last_sync_at: None,
            ahead: 0,
            behind: 0,
            local_changes: 0,
            open_conflicts,
        });
    };
    let git = Git::new(&repository(root), &row.remote);
    let (ahead, behind) = match (
        git.rev(MAIN).unwrap_or_default(),
        git.rev(REMOTE_MAIN).unwrap_or_default(),
    ) {
        (Some(main), Some(remote)) => git.ahead_behind(&main, &remote)?,
        (Some(main), None) => (git.count(&main)?, 0),
        _ => (0, 0),
    };
    Ok(TeamStatus {
        connected: true,
        remote: Some(row.remote),
        library_id: row.library_id,
        author: Some(format!("{} <{}>", row.author_name, row.author_email)),
        last_sync_at: row.last_sync_at,
        ahead,
        behind,
        local_changes: store.team_unexported()?.len(),
        open_conflicts,
    })
}

/// A remote as git should see it: an existing local folder becomes an
/// absolute path (the library's repository lives elsewhere); anything else
/// (a URL, `host:path`) is kept as given.
fn normalize_remote(remote: &str) -> Result<String> {
    let remote = remote.trim();
    if remote.is_empty() {
        return Err(Error::field(
            "remote",
            "give the path or URL of the team repository",
        ));
    }
    let path = Path::new(remote);
    if path.exists() {
        let absolute = path.canonicalize().map_err(|e| Error::io(path, e))?;
        return Ok(absolute.to_string_lossy().to_string());
    }
    Ok(remote.to_string())
}

/// git's `user.name`/`user.email` if set, else the OS user at this host.
fn default_author(git: &Git) -> Result<TeamAuthor> {
    let user = ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()))
        .unwrap_or_else(|| "kintsugi".to_string());
    let host = std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".to_string());
    Ok(TeamAuthor {
        name: git.config("user.name")?.unwrap_or_else(|| user.clone()),
        email: git
            .config("user.email")?
            .unwrap_or_else(|| format!("{user}@{host}")),
    })
}
