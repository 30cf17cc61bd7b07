//! Importing the real public corpora.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

mod common;

use common::{danluu, icco, import, library, search};

#[test]
fn every_icco_file_imports_and_a_second_import_adds_nothing() {
    let (_dir, lib) = library();
    let first = import(&lib, &[icco()]);
    assert_eq!(first.errors, vec![], "no file fails");
    assert_eq!(first.imported, 242);
    assert_eq!(lib.library_stats().unwrap().stories, 242);

    let second = import(&lib, &[icco()]);
    assert_eq!(
        (second.imported, second.updated, second.unchanged),
        (0, 0, 242)
    );
    assert!(second.errors.is_empty());
    assert_eq!(lib.library_stats().unwrap().stories, 242);
    for story in lib.list_stories().unwrap() {
        assert_eq!(
            story.revision, 1,
            "re-import made no revision of {}",
            story.content.title
        );
        assert!(
            !story.content.title.trim().is_empty(),
            "every story has a title"
        );
    }
}

#[test]
fn icco_front_matter_fields_are_read() {
    let (_dir, lib) = library();
    import(
        &lib,
        &[icco().join("00b7f759-21f8-4767-8803-f09d863005cd.md")],
    );
    let id = "00b7f759-21f8-4767-8803-f09d863005cd".parse().unwrap();
    let story = lib.get_story(id).unwrap();
    let c = &story.content;
    assert_eq!(
        c.title,
        "Amazon SimpleDB US East Region Disruption on June 13"
    );
    assert_eq!(c.company.as_deref(), Some("Amazon"));
    assert_eq!(c.product.as_deref(), Some("SimpleDB"));
    assert_eq!(
        c.source_url.as_deref(),
        Some("https://aws.amazon.com/message/65649/")
    );
    assert!(c
        .summary
        .starts_with("Multiple SimpleDB storage nodes lost power"));
    // categories and keywords become tags
    assert!(c.tags.contains(&"cloud".to_string()));
    assert!(c.tags.contains(&"handshake-timeout".to_string()));
}

#[test]
fn icco_files_without_title_get_a_derived_one() {
    let (_dir, lib) = library();
    let dir = icco();
    let untitled: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .filter(|p| !std::fs::read_to_string(p).unwrap().contains("\ntitle:"))
        .collect();
    assert!(untitled.len() >= 40, "the corpus has files without a title");
    let report = import(&lib, &untitled);
    assert!(report.errors.is_empty());
    for story in lib.list_stories().unwrap() {
        let title = &story.content.title;
        assert!(
            title.chars().count() >= 8 && title.chars().count() <= 100,
            "sensible title: {title:?}"
        );
    }
}

#[test]
fn danluu_list_gives_one_story_per_entry_tagged_with_its_category() {
    let (_dir, lib) = library();
    let text = std::fs::read_to_string(danluu()).unwrap();
    // Entries: a paragraph starting with a link in the story sections.
    let story_sections =
        &text[text.find("## Config Errors").unwrap()..text.find("## Other lists").unwrap()];
    let expected = story_sections
        .split("\n\n")
        .filter(|p| p.trim_start().starts_with('['))
        .count();
    let report = import(&lib, &[danluu()]);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.imported, expected);
    assert_eq!(lib.library_stats().unwrap().stories as usize, expected);

    for (category, tag) in [
        ("Config Errors", "config-errors"),
        ("Hardware/Power Failures", "hardware/power-failures"),
        ("Time", "time"),
        ("Database", "database"),
    ] {
        let section_start = text.find(&format!("## {category}\n")).unwrap() + category.len() + 4;
        let section_end = text[section_start..]
            .find("\n## ")
            .map_or(text.len(), |i| section_start + i);
        let in_section = text[section_start..section_end]
            .split("\n\n")
            .filter(|p| p.trim_start().starts_with('['))
            .count();
        assert_eq!(
            search(&lib, &format!("tag:\"{tag}\"")).total,
            in_section,
            "category {category}"
        );
    }
    let again = import(&lib, &[danluu()]);
    assert_eq!(
        (again.imported, again.updated, again.unchanged),
        (0, 0, expected)
    );
}
