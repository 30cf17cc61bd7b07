//! Anonymised copies, the glossary, reading lists and read marks on a real
//! library folder: publish and re-publish, reading mode only ever showing
//! anonymised stories, and a reading list shared through a file.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

mod common;

use common::{library, search};
use kintsugi_core::anonymise::{FieldPath, Glossary, GlossaryKind};
use kintsugi_core::reading::ReplacementRef;
use kintsugi_core::{ErrorCode, Library, StoryContent, StoryParts};
use uuid::Uuid;

fn story() -> StoryContent {
    StoryContent {
        title: "Dana Whitfield and the runaway migration at Initech".into(),
        summary: "A schema migration on db-7.corp.initech.net locked the orders table.".into(),
        body: "Dana Whitfield (dana@initech.com) started the migration from bastion.initech.net. \
               Marcus Oyelaran paged #payments-oncall and rolled it back."
            .into(),
        company: Some("Initech".into()),
        tags: vec!["migrations".into()],
        parts: StoryParts {
            lessons: vec!["Run long migrations online, in batches.".into()],
            ..Default::default()
        },
        ..Default::default()
    }
}

fn publish_all(lib: &Library, id: Uuid) -> kintsugi_core::Story {
    let preview = lib.anonymise_preview(id).unwrap();
    lib.publish_replacements(id, &preview.replacements, &Glossary::default())
        .unwrap()
}

fn text_of(content: &StoryContent) -> String {
    serde_json::to_string(content).unwrap()
}

#[test]
fn publishing_makes_a_linked_flagged_copy_and_leaves_the_original_alone() {
    let (_dir, lib) = library();
    let original = lib.create_story(story()).unwrap();

    let copy = publish_all(&lib, original.id);
    assert_ne!(copy.id, original.id);
    assert!(copy.content.anonymised);
    let text = text_of(&copy.content);
    for secret in [
        "Dana",
        "Whitfield",
        "dana@initech.com",
        "initech",
        "Initech",
        "Marcus",
    ] {
        assert!(!text.contains(secret), "{secret} survived: {text}");
    }
    assert_eq!(copy.content.parts.lessons.len(), 1, "lessons are kept");
    assert_eq!(
        lib.get_story(original.id).unwrap(),
        original,
        "original untouched"
    );
    assert_eq!(
        lib.anonymised_copy_of(original.id)
            .unwrap()
            .unwrap()
            .copy_id,
        copy.id
    );
    assert_eq!(
        lib.original_of(copy.id).unwrap().unwrap().original_id,
        original.id
    );
    assert!(lib.original_of(original.id).unwrap().is_none());
    // The copy is a normal story: searchable at once.
    assert!(search(&lib, "batches").hits.iter().any(|h| h.id == copy.id));

    // Re-publishing with one replacement rejected updates the same copy.
    let preview = lib.anonymise_preview(original.id).unwrap();
    let keep_company = preview
        .replacements
        .iter()
        .find(|r| r.field == FieldPath::Company)
        .expect("the company is replaced");
    let again = lib
        .publish_anonymised(original.id, &[ReplacementRef::from(keep_company)])
        .unwrap();
    assert_eq!(again.id, copy.id, "one copy per original");
    assert_eq!(again.revision, 2, "re-publishing is a new revision");
    assert_eq!(again.content.company.as_deref(), Some("Initech"));
    assert_eq!(lib.story_history(copy.id).unwrap().len(), 2);
    assert_eq!(
        lib.get_story(original.id).unwrap(),
        original,
        "original untouched"
    );

    // Publishing the same thing again changes nothing.
    let same = lib
        .publish_anonymised(original.id, &[ReplacementRef::from(keep_company)])
        .unwrap();
    assert_eq!(same.revision, 2);

    // A copy cannot be anonymised again; a trashed copy comes back on publish.
    assert_eq!(
        lib.anonymise_preview(copy.id).unwrap_err().code(),
        ErrorCode::InvalidField
    );
    lib.delete_story(copy.id).unwrap();
    let back = publish_all(&lib, original.id);
    assert_eq!(back.id, copy.id);
    assert!(lib.get_story(copy.id).unwrap().deleted_at.is_none());
}

#[test]
fn missed_terms_go_to_the_glossary_and_extra_terms_to_one_publish() {
    let (dir, lib) = library();
    let mut content = story();
    content.body.push_str(" The Frobnicator queue backed up.");
    let original = lib.create_story(content).unwrap();

    let before = lib.anonymise_preview(original.id).unwrap();
    assert!(before.content.body.contains("Frobnicator"));

    // One publish with an extra product term: replaced there, glossary unchanged.
    let extra = Glossary {
        products: vec!["Frobnicator".into()],
        ..Default::default()
    };
    let copy = lib
        .publish_replacements(original.id, &before.replacements, &extra)
        .unwrap();
    assert!(
        !copy.content.body.contains("Frobnicator"),
        "{}",
        copy.content.body
    );
    assert!(lib.get_glossary().unwrap().products.is_empty());

    // Marking it missed stores it; the next preview replaces it.
    let glossary = lib
        .add_glossary_term(GlossaryKind::Product, "Frobnicator")
        .unwrap();
    assert_eq!(glossary.products, vec!["Frobnicator".to_string()]);
    lib.add_glossary_term(GlossaryKind::Product, "frobnicator")
        .unwrap();
    assert_eq!(
        lib.get_glossary().unwrap().products.len(),
        1,
        "case-insensitive"
    );
    let after = lib.anonymise_preview(original.id).unwrap();
    assert!(!after.content.body.contains("Frobnicator"));

    let set = lib
        .set_glossary(Glossary {
            people: vec!["  Ola   Nordmann ".into(), "".into()],
            allow: vec!["Vitess".into()],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(set.people, vec!["Ola Nordmann".to_string()]);
    assert!(set.products.is_empty());
    assert!(lib.add_glossary_term(GlossaryKind::Person, " ").is_err());

    // The glossary survives reopening.
    drop(lib);
    let lib = Library::open(dir.path()).unwrap();
    assert_eq!(lib.get_glossary().unwrap(), set);
}

#[test]
fn reading_mode_lists_only_anonymised_stories_with_read_marks() {
    let (_dir, lib) = library();
    let a = lib.create_story(story()).unwrap();
    let mut second = story();
    second.title = "Cache stampede at Initech".into();
    second.body = "Dana Whitfield saw the cache stampede on cache-3.initech.net.".into();
    let b = lib.create_story(second).unwrap();
    let copy_a = publish_all(&lib, a.id);
    let copy_b = publish_all(&lib, b.id);

    let all = lib.list_anonymised("").unwrap();
    let ids: Vec<Uuid> = all.iter().map(|e| e.id).collect();
    assert_eq!(ids.len(), 2);
    assert!(ids.contains(&copy_a.id) && ids.contains(&copy_b.id));
    assert!(all.iter().all(|e| e.read_at.is_none()));

    // Search matches originals too, but reading mode drops them.
    assert!(search(&lib, "stampede").total >= 2);
    let hits = lib.list_anonymised("stampede").unwrap();
    assert_eq!(
        hits.iter().map(|e| e.id).collect::<Vec<_>>(),
        vec![copy_b.id]
    );

    lib.mark_read(copy_b.id, true).unwrap();
    assert_eq!(lib.read_ids().unwrap(), vec![copy_b.id]);
    let first_read = lib.list_anonymised("").unwrap();
    let at = first_read
        .iter()
        .find(|e| e.id == copy_b.id)
        .unwrap()
        .read_at;
    assert!(at.is_some());
    lib.mark_read(copy_b.id, true).unwrap();
    assert_eq!(
        lib.list_anonymised("")
            .unwrap()
            .iter()
            .find(|e| e.id == copy_b.id)
            .unwrap()
            .read_at,
        at,
        "marking read twice keeps the first time"
    );
    lib.mark_read(copy_b.id, false).unwrap();
    assert!(lib.read_ids().unwrap().is_empty());
    assert_eq!(
        lib.mark_read(Uuid::new_v4(), true).unwrap_err().code(),
        ErrorCode::NotFound
    );
}

#[test]
fn reading_lists_order_anonymised_stories_and_travel_as_one_file() {
    let (dir, lib) = library();
    let a = lib.create_story(story()).unwrap();
    let mut second = story();
    second.title = "Second incident at Initech".into();
    let b = lib.create_story(second).unwrap();
    let copy_a = publish_all(&lib, a.id);
    let copy_b = publish_all(&lib, b.id);

    let list = lib
        .create_reading_list(" First  week ", "Before your first on-call")
        .unwrap();
    assert_eq!(list.title, "First week");
    assert!(list.items.is_empty());
    assert!(lib.create_reading_list("  ", "").is_err());

    let list = lib
        .set_reading_list_items(list.id, vec![copy_b.id, copy_a.id, copy_b.id])
        .unwrap();
    assert_eq!(
        list.items,
        vec![copy_b.id, copy_a.id],
        "ordered, no repeats"
    );
    // Originals never enter a reading list.
    assert_eq!(
        lib.set_reading_list_items(list.id, vec![a.id])
            .unwrap_err()
            .code(),
        ErrorCode::InvalidField
    );
    // Reorder.
    let list = lib
        .set_reading_list_items(list.id, vec![copy_a.id, copy_b.id])
        .unwrap();
    assert_eq!(
        lib.get_reading_list(list.id).unwrap().items,
        vec![copy_a.id, copy_b.id]
    );

    let renamed = lib
        .update_reading_list(list.id, "Onboarding", "Read in order")
        .unwrap();
    assert_eq!(renamed.title, "Onboarding");
    assert_eq!(renamed.items, vec![copy_a.id, copy_b.id]);

    // A trashed story drops out of the list until restored.
    lib.delete_story(copy_b.id).unwrap();
    assert_eq!(
        lib.get_reading_list(list.id).unwrap().items,
        vec![copy_a.id]
    );
    lib.restore_story(copy_b.id).unwrap();
    assert_eq!(lib.list_reading_lists().unwrap()[0].items.len(), 2);

    // Export → import into another library.
    let file = dir.path().join("shared/onboarding.kintsugi-reading.json");
    lib.export_reading_list(list.id, &file).unwrap();
    let shared = std::fs::read_to_string(&file).unwrap();
    for secret in ["Dana", "Whitfield", "initech", "Initech"] {
        assert!(!shared.contains(secret), "{secret} in the shared file");
    }
    let (_other_dir, other) = library();
    let report = other.import_reading_list(&file).unwrap();
    assert_eq!(
        (report.imported, report.updated, report.unchanged),
        (2, 0, 0)
    );
    assert_eq!(report.list.id, list.id);
    assert_eq!(report.list.title, "Onboarding");
    assert_eq!(report.list.items, vec![copy_a.id, copy_b.id]);
    assert_eq!(other.list_anonymised("").unwrap().len(), 2);
    assert!(
        search(&other, "batches").total >= 1,
        "imported stories are indexed"
    );
    let again = other.import_reading_list(&file).unwrap();
    assert_eq!((again.imported, again.unchanged), (0, 2));
    assert_eq!(other.list_reading_lists().unwrap().len(), 1);

    // A file with an original in it is refused.
    let tampered = shared.replace("\"anonymised\": true", "\"anonymised\": false");
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, tampered).unwrap();
    let (_third_dir, third) = library();
    assert_eq!(
        third.import_reading_list(&bad).unwrap_err().code(),
        ErrorCode::Parse
    );
    std::fs::write(&bad, "{\"not\": \"a list\"}").unwrap();
    assert!(third.import_reading_list(&bad).is_err());

    // A shared story never overwrites a story that is not anonymised.
    let (_fourth_dir, fourth) = library();
    let mut clash = story();
    clash.title = "Mine".into();
    fourth
        .import_paths(
            &[write_story_with_id(dir.path(), copy_a.id, &clash)],
            &mut |_| {},
        )
        .unwrap();
    assert!(fourth.import_reading_list(&file).is_err());
    assert_eq!(fourth.get_story(copy_a.id).unwrap().content.title, "Mine");

    lib.delete_reading_list(list.id).unwrap();
    assert!(lib.list_reading_lists().unwrap().is_empty());
    assert_eq!(
        lib.delete_reading_list(list.id).unwrap_err().code(),
        ErrorCode::NotFound
    );
}

/// A Markdown file whose front matter gives the story `id`.
fn write_story_with_id(
    dir: &std::path::Path,
    id: Uuid,
    content: &StoryContent,
) -> std::path::PathBuf {
    let path = dir.join(format!("{id}.md"));
    std::fs::write(
        &path,
        format!(
            "---\nuuid: {id}\ntitle: {}\n---\n{}\n",
            content.title, content.body
        ),
    )
    .unwrap();
    path
}
