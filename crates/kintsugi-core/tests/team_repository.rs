//! The team repository's edges with real git: clear errors, a newer format,
//! one sync at a time, disconnecting, racing starts, a lost local copy,
//! foreign files and oversized ones. The merge scenarios are in
//! `team_sync.rs`.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

mod team_support;

use std::cell::RefCell;

use kintsugi_core::team::SyncStage;
use kintsugi_core::ErrorCode;
use team_support::{assert_clean_repository, git, state, story, sync, Team};

#[test]
fn errors_name_the_remote_and_what_to_do() {
    let team = Team::new();
    let lib = team.open("alice");
    let missing = team.dir.path().join("no-such-repo.git");
    std::fs::create_dir_all(&missing).unwrap();
    let err = lib
        .team_connect(
            &missing.to_string_lossy(),
            Some(team_support::author("A")),
            &mut |_| {},
        )
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::TeamUnreachable, "{err}");
    assert!(err.to_string().contains("no-such-repo.git"), "{err}");
    assert!(!lib.team_status().unwrap().connected, "nothing recorded");
}

#[test]
fn a_newer_repository_format_is_refused_before_anything_is_written() {
    let team = Team::new();
    team.join("alice");
    let carol = team.checkout("carol");
    let manifest = carol.join("kintsugi.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(
        &manifest,
        text.replace("format_version = 1", "format_version = 99"),
    )
    .unwrap();
    git(&carol, &["commit", "--quiet", "-am", "From the future"]);
    git(&carol, &["push", "--quiet", "origin", "main"]);
    let before = git(&team.remote(), &["rev-parse", "main"]);

    let bob = team.open("bob");
    bob.create_story(story("Not sent")).unwrap();
    let err = bob
        .team_connect(
            &team.remote_str(),
            Some(team_support::author("Bob")),
            &mut |_| {},
        )
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::TeamFormat);
    assert!(err.to_string().contains("upgrade Kintsugi"), "{err}");
    assert_eq!(git(&team.remote(), &["rev-parse", "main"]), before);
}

#[test]
fn one_sync_at_a_time_and_not_connected_is_clear() {
    let team = Team::new();
    let nobody = team.open("nobody");
    let err = nobody.sync_team(&mut |_| {}).unwrap_err();
    assert_eq!(err.code(), ErrorCode::TeamNotConnected);
    assert!(err.to_string().contains("team connect"));

    let alice = team.join("alice");
    let lock = std::fs::File::options()
        .write(true)
        .open(team.dir.path().join("alice").join("team.lock"))
        .unwrap();
    // Another test's freshly forked child may hold a copy of alice's last
    // lock until it runs its program: wait for it as the library does.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while lock.try_lock().is_err() {
        assert!(std::time::Instant::now() < deadline, "the lock stayed held");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let err = alice.sync_team(&mut |_| {}).unwrap_err();
    assert_eq!(err.code(), ErrorCode::TeamBusy);
    drop(lock);
    sync(&alice);
}

#[test]
fn disconnect_keeps_stories_and_connecting_again_converges() {
    let team = Team::new();
    let alice = team.join("alice");
    let s = alice.create_story(story("Kept")).unwrap();
    sync(&alice);
    alice.team_disconnect().unwrap();
    assert!(!alice.team_status().unwrap().connected);
    assert!(!team.dir.path().join("alice/team.git").exists());
    assert_eq!(alice.get_story(s.id).unwrap().content.title, "Kept");
    let mut c = alice.get_story(s.id).unwrap().content;
    c.summary = "Edited while disconnected.".into();
    alice.update_story(s.id, c, None).unwrap();
    let report = alice
        .team_connect(
            &team.remote_str(),
            Some(team_support::author("alice")),
            &mut |_| {},
        )
        .unwrap();
    assert!(report.conflicts.is_empty(), "{report:?}");
    let bob = team.join("bob");
    assert_eq!(
        bob.get_story(s.id).unwrap().content.summary,
        "Edited while disconnected."
    );
}

#[test]
fn two_libraries_starting_the_same_empty_repository_at_once_agree() {
    let team = Team::new();
    let alice = RefCell::new(team.open("alice"));
    alice.borrow().create_story(story("Alice first")).unwrap();
    let bob = team.open("bob");
    bob.create_story(story("Bob first")).unwrap();
    let mut raced = false;
    bob.team_connect(
        &team.remote_str(),
        Some(team_support::author("Bob")),
        &mut |p| {
            // Bob found the repository empty; Alice starts it before Bob pushes.
            if p.stage == SyncStage::Pushing && !raced {
                raced = true;
                alice
                    .borrow_mut()
                    .team_connect(
                        &team.remote_str(),
                        Some(team_support::author("Alice")),
                        &mut |_| {},
                    )
                    .unwrap();
            }
        },
    )
    .unwrap();
    assert!(raced);
    let alice = alice.into_inner();
    sync(&alice);
    assert_eq!(state(&alice), state(&bob));
    assert_eq!(alice.list_stories().unwrap().len(), 2);
    let (a, b) = (alice.team_status().unwrap(), bob.team_status().unwrap());
    assert!(a.library_id.is_some());
    assert_eq!(a.library_id, b.library_id, "one team library, one id");
    let manifest = &team.remote_files()["kintsugi.toml"];
    assert!(manifest.contains(a.library_id.as_deref().unwrap()));
    assert_clean_repository(&team);
}

#[test]
fn a_lost_local_repository_copy_is_rebuilt_from_the_team() {
    let team = Team::new();
    let alice = team.join("alice");
    let s = alice.create_story(story("Survives")).unwrap();
    sync(&alice);
    let bob = team.join("bob");
    let mut c = bob.get_story(s.id).unwrap().content;
    c.summary = "Bob's summary.".into();
    bob.update_story(s.id, c, None).unwrap();
    sync(&bob);

    std::fs::remove_dir_all(team.dir.path().join("alice/team.git")).unwrap();
    let mut c = alice.get_story(s.id).unwrap().content;
    c.title = "Alice's title".into();
    alice.update_story(s.id, c, None).unwrap();
    let report = sync(&alice);
    assert!(report.conflicts.is_empty(), "{report:?}");
    sync(&bob);
    assert_eq!(state(&alice), state(&bob));
    let merged = bob.get_story(s.id).unwrap().content;
    assert_eq!(
        (merged.title.as_str(), merged.summary.as_str()),
        ("Alice's title", "Bob's summary.")
    );
    let roots = git(&team.remote(), &["rev-list", "--max-parents=0", "main"]);
    assert_eq!(roots.lines().count(), 1, "no second history was started");
}

#[test]
fn other_files_in_the_repository_keep_their_bytes_and_modes_through_merges() {
    let team = Team::new();
    let alice = team.join("alice");
    let s = alice.create_story(story("Alongside other files")).unwrap();
    sync(&alice);
    let carol = team.checkout("carol");
    std::fs::create_dir_all(carol.join("scripts")).unwrap();
    std::fs::write(carol.join("scripts/check.sh"), "#!/bin/sh\necho ok\n").unwrap();
    let png: Vec<u8> = (0u8..=255).chain([0, 13, 10, 0xff]).collect();
    std::fs::write(carol.join("logo.png"), &png).unwrap();
    std::fs::write(carol.join("README.md"), "Team postmortems\n").unwrap();
    git(&carol, &["add", "."]);
    git(&carol, &["update-index", "--chmod=+x", "scripts/check.sh"]);
    git(&carol, &["commit", "--quiet", "-m", "Tooling"]);
    git(&carol, &["push", "--quiet", "origin", "main"]);
    // Alice changes a story without having fetched: her sync merges.
    let mut c = alice.get_story(s.id).unwrap().content;
    c.summary = "Changed meanwhile.".into();
    alice.update_story(s.id, c, None).unwrap();
    sync(&alice);

    let remote = team.remote();
    let parents = git(&remote, &["log", "-1", "--format=%P", "main"]);
    assert_eq!(parents.split_whitespace().count(), 2, "a merge was made");
    let listing = git(&remote, &["ls-tree", "-r", "main"]);
    assert!(
        listing
            .lines()
            .any(|l| l.starts_with("100755") && l.ends_with("scripts/check.sh")),
        "{listing}"
    );
    let out = std::process::Command::new("git")
        .args(["show", "main:logo.png"])
        .current_dir(&remote)
        .output()
        .unwrap();
    assert_eq!(out.stdout, png, "binary file unchanged");
    let bob = team.join("bob");
    assert_eq!(state(&alice), state(&bob));
    assert!(sync(&bob).invalid.is_empty(), "other files are not stories");
}

#[test]
fn an_oversized_file_is_reported_and_not_read() {
    let team = Team::new();
    let alice = team.join("alice");
    let big = alice.create_story(story("Will be huge")).unwrap();
    let bigger = alice.create_story(story("Will be huger")).unwrap();
    sync(&alice);
    let carol = team.checkout("carol");
    for (id, mib) in [(big.id, 3), (bigger.id, 9)] {
        let path = carol.join(format!("stories/{id}.md"));
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str(&"padding line\n".repeat(mib * 1024 * 1024 / 13 + 1));
        std::fs::write(&path, text).unwrap();
    }
    git(&carol, &["commit", "--quiet", "-am", "Huge"]);
    git(&carol, &["push", "--quiet", "origin", "main"]);
    let bob = team.join("bob");
    assert!(
        bob.get_story(big.id).is_err(),
        "an unreadable file is not imported"
    );
    let report = sync(&alice);
    let mut paths: Vec<&str> = report.invalid.iter().map(|i| i.path.as_str()).collect();
    paths.sort();
    let mut expected = vec![
        format!("stories/{}.md", big.id),
        format!("stories/{}.md", bigger.id),
    ];
    expected.sort();
    assert_eq!(paths, expected, "{report:?}");
    assert!(report
        .invalid
        .iter()
        .all(|i| i.message.contains("limit") || i.message.contains("too large")));
    assert_eq!(
        alice.get_story(big.id).unwrap().content.title,
        "Will be huge"
    );
}
