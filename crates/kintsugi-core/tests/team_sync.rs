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
