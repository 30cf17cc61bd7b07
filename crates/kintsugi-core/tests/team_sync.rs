//! The team library with real git: a bare repository and two or three
//! libraries on disk syncing through it, scenario by scenario.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

mod team_support;

use std::cell::RefCell;

use kintsugi_core::story::Severity;
use kintsugi_core::team::{Resolution, SyncProgress, SyncStage};
use kintsugi_core::{ErrorCode, StoryContent};
use serde_json::json;
use team_support::{assert_clean_repository, git, state, story, sync, Team};

#[test]
fn an_empty_remote_receives_the_library_and_a_second_library_gets_it() {
    let team = Team::new();
    let alice = team.open("alice");
    let a = alice.create_story(story("Cron ran twice")).unwrap();
    let report = alice
        .team_connect(
            &team.remote_str(),
            Some(team_support::author("Alice")),
            &mut |_| {},
        )
        .unwrap();
    assert_eq!(report.pushed, 1);
    let files = team.remote_files();
    assert!(files.contains_key("kintsugi.toml"));
    assert!(files.contains_key(".gitattributes"));
    let file = &files[&format!("stories/{}.md", a.id)];
    assert!(
        file.starts_with(&format!("---\nuuid: {}\n", a.id)),
        "{file}"
    );
    assert!(!file.contains("updated_at") && !file.contains("revision"));

    let bob = team.join("bob");
    assert_eq!(state(&bob), state(&alice));
    let history = bob.story_history(a.id).unwrap();
    assert_eq!(history[0].author.as_deref(), Some("Alice"), "{history:?}");
    // Nothing new: a sync changes nothing and makes no commit.
    let before = git(&team.remote(), &["rev-parse", "main"]);
    let report = sync(&bob);
    assert_eq!((report.pulled, report.pushed, report.merged), (0, 0, 0));
    assert_eq!(git(&team.remote(), &["rev-parse", "main"]), before);
    let status = bob.team_status().unwrap();
    assert!(status.connected);
    assert_eq!(
        (status.ahead, status.behind, status.local_changes),
        (0, 0, 0)
    );
}

#[test]
fn a_non_empty_remote_is_merged_into_a_library_with_stories() {
    let team = Team::new();
    let alice = team.open("alice");
    alice.create_story(story("Alice's story")).unwrap();
    alice
        .team_connect(
            &team.remote_str(),
            Some(team_support::author("Alice")),
            &mut |_| {},
        )
        .unwrap();
    let bob = team.open("bob");
    bob.create_story(story("Bob's story")).unwrap();
    let report = bob
        .team_connect(
            &team.remote_str(),
            Some(team_support::author("Bob")),
            &mut |_| {},
        )
        .unwrap();
    assert_eq!((report.pulled, report.pushed), (1, 1));
    sync(&alice);
    assert_eq!(state(&alice), state(&bob));
    assert_eq!(alice.list_stories().unwrap().len(), 2);
}

#[test]
fn different_stories_and_different_fields_merge_without_conflict() {
    let team = Team::new();
    let alice = team.join("alice");
    let shared = alice.create_story(story("Shared story")).unwrap();
    sync(&alice);
    let bob = team.join("bob");

    alice.create_story(story("Only Alice")).unwrap();
    bob.create_story(story("Only Bob")).unwrap();
    let mut a = alice.get_story(shared.id).unwrap().content;
    a.title = "Shared story, retitled".into();
    a.body = a
        .body
        .replace("First paragraph.", "First paragraph, by Alice.");
    alice.update_story(shared.id, a, None).unwrap();
    let mut b = bob.get_story(shared.id).unwrap().content;
    b.severity = Some(Severity::Sev1);
    b.body = b
        .body
        .replace("Third paragraph.", "Third paragraph, by Bob.");
    b.parts.lessons.push("Bob's lesson".into());
    bob.update_story(shared.id, b, None).unwrap();

    sync(&alice);
    let report = sync(&bob);
    assert!(report.conflicts.is_empty(), "{report:?}");
    assert!(report.merged >= 1);
    sync(&alice);
    assert_eq!(state(&alice), state(&bob));
    let merged = bob.get_story(shared.id).unwrap().content;
    assert_eq!(merged.title, "Shared story, retitled");
    assert_eq!(merged.severity, Some(Severity::Sev1));
    assert!(merged.body.contains("by Alice") && merged.body.contains("by Bob"));
    assert_eq!(merged.parts.lessons, vec!["Bob's lesson"]);
    assert_eq!(alice.list_stories().unwrap().len(), 3);
    // History is a merge commit with two parents, never a rewrite.
    let parents = git(&team.remote(), &["log", "-1", "--format=%P", "main"]);
    assert_eq!(parents.split_whitespace().count(), 2, "{parents}");
    assert!(bob.list_conflicts().unwrap().is_empty() && alice.list_conflicts().unwrap().is_empty());
    assert_clean_repository(&team);
}

#[test]
fn the_same_field_is_a_conflict_with_both_values_kept_and_resolvable() {
    let team = Team::new();
    let alice = team.join("alice");
    let s = alice.create_story(story("Queue backlog")).unwrap();
    sync(&alice);
    let bob = team.join("bob");

    let edit = |title: &str, c: &StoryContent| StoryContent {
        title: title.into(),
        ..c.clone()
    };
    let a = edit("Title by Alice", &alice.get_story(s.id).unwrap().content);
    alice.update_story(s.id, a, None).unwrap();
    let b = edit("Title by Bob", &bob.get_story(s.id).unwrap().content);
    bob.update_story(s.id, b, None).unwrap();
    sync(&alice);
    let report = sync(&bob);
    assert_eq!(report.conflicts.len(), 1, "{report:?}");
    assert_eq!(report.conflicts[0].story_id, s.id);
    assert_eq!(report.conflicts[0].field, "title");
    sync(&alice);

    // Every machine converges on the team's value; Bob's is kept twice over.
    assert_eq!(state(&alice), state(&bob));
    assert_eq!(bob.get_story(s.id).unwrap().content.title, "Title by Alice");
    let conflicts = bob.list_conflicts().unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].mine, json!("Title by Bob"));
    assert_eq!(conflicts[0].theirs, json!("Title by Alice"));
    let titles: Vec<String> = bob
        .story_history(s.id)
        .unwrap()
        .iter()
        .map(|r| r.title.clone())
        .collect();
    assert!(titles.contains(&"Title by Bob".to_string()), "{titles:?}");
    assert!(alice.list_conflicts().unwrap().is_empty());
    assert_clean_repository(&team);

    // Taking mine is an edit that syncs to everyone.
    assert!(bob
        .resolve_conflict(s.id, "title", Resolution::Mine)
        .unwrap());
    assert!(bob.list_conflicts().unwrap().is_empty());
    sync(&bob);
    sync(&alice);
    assert_eq!(alice.get_story(s.id).unwrap().content.title, "Title by Bob");
    let err = bob
        .resolve_conflict(s.id, "title", Resolution::Theirs)
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::ConflictNotFound);
}

#[test]
fn modify_beats_delete_in_both_directions() {
    let team = Team::new();
    let alice = team.join("alice");
    let one = alice
        .create_story(story("Deleted by Alice, edited by Bob"))
        .unwrap();
    let two = alice
        .create_story(story("Edited by Alice, deleted by Bob"))
        .unwrap();
    let three = alice.create_story(story("Deleted by Alice only")).unwrap();
    sync(&alice);
    let bob = team.join("bob");

    alice.delete_story(one.id).unwrap();
    alice.delete_story(three.id).unwrap();
    let mut c = alice.get_story(two.id).unwrap().content;
    c.summary = "Alice changed it.".into();
    alice.update_story(two.id, c, None).unwrap();
    let mut c = bob.get_story(one.id).unwrap().content;
    c.summary = "Bob changed it.".into();
    bob.update_story(one.id, c, None).unwrap();
    bob.delete_story(two.id).unwrap();

    sync(&alice);
    sync(&bob);
    sync(&alice);
    assert_eq!(state(&alice), state(&bob));
    let live: Vec<_> = alice.list_stories().unwrap().iter().map(|s| s.id).collect();
    assert!(
        live.contains(&one.id) && live.contains(&two.id),
        "modified stories stay"
    );
    assert!(!live.contains(&three.id), "a plain delete is shared");
    assert_eq!(
        alice.get_story(one.id).unwrap().content.summary,
        "Bob changed it."
    );
    assert_eq!(
        bob.get_story(two.id).unwrap().content.summary,
        "Alice changed it."
    );
    // Deleted means in the trash, not gone.
    assert!(bob.list_trash().unwrap().iter().any(|t| t.id == three.id));
}

#[test]
fn tags_added_and_removed_concurrently_merge_as_a_set() {
    let team = Team::new();
    let alice = team.join("alice");
    let s = alice.create_story(story("Tagged")).unwrap();
    sync(&alice);
    let bob = team.join("bob");

    let mut a = alice.get_story(s.id).unwrap().content;
    a.tags.retain(|t| t != "cron");
    a.tags.push("dst".into());
    alice.update_story(s.id, a, None).unwrap();
    let mut b = bob.get_story(s.id).unwrap().content;
    b.tags.retain(|t| t != "billing");
    b.tags.push("time-zones".into());
    bob.update_story(s.id, b, None).unwrap();
    sync(&alice);
    let report = sync(&bob);
    assert!(report.conflicts.is_empty());
    sync(&alice);
    let mut tags = alice.get_story(s.id).unwrap().content.tags;
    tags.sort();
    assert_eq!(tags, vec!["dst", "time-zones"]);
    assert_eq!(state(&alice), state(&bob));
}

#[test]
fn a_push_race_is_merged_and_pushed_again_never_forced() {
    let team = Team::new();
    let alice = team.join("alice");
    let s = alice.create_story(story("Raced")).unwrap();
    sync(&alice);
    let bob = RefCell::new(team.join("bob"));

    let mut a = alice.get_story(s.id).unwrap().content;
    a.summary = "Alice's summary.".into();
    alice.update_story(s.id, a, None).unwrap();
    {
        let bob = bob.borrow_mut();
        let mut b = bob.get_story(s.id).unwrap().content;
        b.tags.push("raced".into());
        bob.update_story(s.id, b, None).unwrap();
    }
    let mut raced = false;
    let mut attempts = Vec::new();
    let report = alice
        .sync_team(&mut |p: &SyncProgress| {
            attempts.push(p.attempt);
            // Between Alice's fetch and her push, Bob pushes.
            if p.stage == SyncStage::Pushing && !raced {
                raced = true;
                sync(&bob.borrow_mut());
            }
        })
        .unwrap();
    assert!(raced);
    assert_eq!(
        attempts.iter().max(),
        Some(&2),
        "the rejected push was retried"
    );
    assert!(report.conflicts.is_empty());
    let bob = bob.into_inner();
    sync(&bob);
    assert_eq!(state(&alice), state(&bob));
    let merged = bob.get_story(s.id).unwrap().content;
    assert_eq!(merged.summary, "Alice's summary.");
    assert!(merged.tags.contains(&"raced".to_string()));
    // Bob's commit is still in the team's history: nothing was forced.
    let bobs = git(&team.remote(), &["log", "--format=%an", "main"]);
    assert!(bobs.lines().any(|l| l == "bob"), "{bobs}");
}

#[test]
fn a_hand_edit_is_a_new_revision_by_its_author_and_an_invalid_one_is_skipped() {
    let team = Team::new();
    let alice = team.join("alice");
    let good = alice.create_story(story("Edited by hand")).unwrap();
    let bad = alice.create_story(story("Broken by hand")).unwrap();
    sync(&alice);
    let bob = team.join("bob");
    let other = bob.create_story(story("Bob's new story")).unwrap();
    sync(&bob);

    let carol = team.checkout("carol");
    let good_path = carol.join(format!("stories/{}.md", good.id));
    let text = std::fs::read_to_string(&good_path).unwrap();
    let text = text.replace(
        "title: Edited by hand",
        "title: Edited by Carol\nreviewed_by: Carol",
    );
    std::fs::write(&good_path, text).unwrap();
    let bad_path = carol.join(format!("stories/{}.md", bad.id));
    let text = std::fs::read_to_string(&bad_path).unwrap();
    std::fs::write(
        &bad_path,
        text.replace("title: Broken by hand", "title: Broken\nseverity: SEV9"),
    )
    .unwrap();
    git(&carol, &["commit", "--quiet", "-am", "Hand edits"]);
    git(&carol, &["push", "--quiet", "origin", "main"]);

    let report = sync(&alice);
    assert_eq!(report.invalid.len(), 1, "{report:?}");
    assert_eq!(report.invalid[0].path, format!("stories/{}.md", bad.id));
    assert!(report.invalid[0].message.contains("severity"), "{report:?}");
    // Everything else synced: Bob's story and Carol's valid edit.
    assert!(alice.get_story(other.id).is_ok());
    let edited = alice.get_story(good.id).unwrap();
    assert_eq!(edited.content.title, "Edited by Carol");
    assert_eq!(edited.content.extra["reviewed_by"], json!("Carol"));
    let history = alice.story_history(good.id).unwrap();
    assert_eq!(history[0].author.as_deref(), Some("carol"));
    assert_eq!(history.len(), 2, "one new revision");
    assert_eq!(
        alice.get_story(bad.id).unwrap().content.title,
        "Broken by hand"
    );

    // Fixed by hand later: imported.
    git(
        &carol,
        &["pull", "--quiet", "--no-rebase", "origin", "main"],
    );
    let text = std::fs::read_to_string(&bad_path).unwrap();
    std::fs::write(&bad_path, text.replace("severity: SEV9", "severity: SEV3")).unwrap();
    git(&carol, &["commit", "--quiet", "-am", "Fix severity"]);
    git(&carol, &["push", "--quiet", "origin", "main"]);
    let report = sync(&alice);
    assert!(report.invalid.is_empty());
    assert_eq!(
        alice.get_story(bad.id).unwrap().content.severity,
        Some(Severity::Sev3)
    );
    // The unknown key survives a sync from another machine untouched.
    sync(&bob);
    let mut c = bob.get_story(good.id).unwrap().content;
    c.summary = "Bob adds a summary.".into();
    bob.update_story(good.id, c, None).unwrap();
    sync(&bob);
    assert!(team.remote_files()[&format!("stories/{}.md", good.id)].contains("reviewed_by: Carol"));
}

#[test]
fn glossary_and_reading_lists_are_shared_read_marks_are_not() {
    let team = Team::new();
    let alice = team.join("alice");
    alice
        .add_glossary_term(
            kintsugi_core::anonymise::GlossaryKind::Person,
            "Dana Whitfield",
        )
        .unwrap();
    let copy = alice
        .create_story(StoryContent {
            anonymised: true,
            ..story("Anonymised for newcomers")
        })
        .unwrap();
    let list = alice
        .create_reading_list("First week", "Read these.")
        .unwrap();
    alice
        .set_reading_list_items(list.id, vec![copy.id])
        .unwrap();
    alice.mark_read(copy.id, true).unwrap();
    sync(&alice);

    let bob = team.join("bob");
    assert_eq!(bob.get_glossary().unwrap().people, vec!["Dana Whitfield"]);
    let lists = bob.list_reading_lists().unwrap();
    assert_eq!(lists.len(), 1);
    assert_eq!(lists[0].title, "First week");
    assert_eq!(lists[0].items, vec![copy.id]);
    assert!(bob.read_ids().unwrap().is_empty(), "read marks stay local");

    // Concurrent glossary additions merge as a set.
    alice
        .add_glossary_term(kintsugi_core::anonymise::GlossaryKind::Customer, "Globex")
        .unwrap();
    bob.add_glossary_term(kintsugi_core::anonymise::GlossaryKind::Person, "Sam Okafor")
        .unwrap();
    bob.update_reading_list(list.id, "Week one", "Read these.")
        .unwrap();
    sync(&alice);
    sync(&bob);
    sync(&alice);
    for lib in [&alice, &bob] {
        let g = lib.get_glossary().unwrap();
        assert!(g.people.contains(&"Sam Okafor".to_string()), "{g:?}");
        assert_eq!(g.customers, vec!["Globex"]);
        assert_eq!(lib.list_reading_lists().unwrap()[0].title, "Week one");
    }
}

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
    lock.try_lock().unwrap();
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
