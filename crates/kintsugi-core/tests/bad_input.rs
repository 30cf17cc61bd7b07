//! Bad files are reported by name and problem; good files beside them are
//! imported, and nothing already stored is lost.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

mod common;

use std::path::{Path, PathBuf};

use common::{import, library, search};

const GOOD: &str =
    "---\ntitle: A good story about caches\ntags: [cache]\n---\n\nThe cache was cold.\n";

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn each_bad_file_is_named_with_its_problem_and_the_rest_is_imported() {
    let (_lib_dir, lib) = library();
    lib.load_sample().unwrap();
    let stored_before = lib.library_stats().unwrap().stories;

    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "good.md", GOOD.as_bytes());
    write(
        d,
        "malformed-yaml.md",
        b"---\ntitle: [unclosed\ntags: - x\n---\nbody\n",
    );
    write(
        d,
        "unclosed.md",
        b"---\ntitle: No end\nbody without closing fence\n",
    );
    write(d, "latin1.md", b"---\ntitle: caf\xe9\n---\nbody\n");
    write(d, "binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
    write(d, "empty.md", b"");
    write(d, "blank.md", b"  \n\n ");
    write(
        d,
        "bad-date.md",
        b"---\ntitle: Bad date\nstart_time: last tuesday\n---\nbody\n",
    );
    write(
        d,
        "bad-severity.md",
        b"---\ntitle: Bad sev\nseverity: apocalyptic\n---\nbody\n",
    );
    write(
        d,
        "bad-uuid.md",
        b"---\nuuid: not-a-uuid\ntitle: Bad id\n---\nbody\n",
    );
    write(d, "list-title.md", b"---\ntitle: [a, b]\n---\nbody\n");
    write(d, "scalar.md", b"---\njust a string\n---\nbody\n");
    write(d, "billion-laughs.md", billion_laughs().as_bytes());
    let huge = format!("---\ntitle: Huge\n---\n{}", "x".repeat(3 * 1024 * 1024));
    write(d, "huge.md", huge.as_bytes());
    write(
        d,
        "no-front-matter.md",
        b"# Plain Markdown title\n\nA story without front matter.\n",
    );
    write(d, "notes.txt", b"not markdown, ignored in folders");

    let report = import(&lib, &[d.to_path_buf(), d.join("missing.md")]);
    let message = |name: &str| -> String {
        report
            .errors
            .iter()
            .find(|e| e.path.ends_with(name))
            .unwrap_or_else(|| panic!("{name} reported; got {:#?}", report.errors))
            .message
            .clone()
    };
    assert!(message("malformed-yaml.md").contains("not valid YAML"));
    assert!(message("unclosed.md").contains("no closing `---`"));
    assert!(
        message("latin1.md").contains("not valid UTF-8")
            && message("latin1.md").contains("offset 14")
    );
    assert!(message("binary.md").contains("binary"));
    assert!(message("empty.md").contains("empty"));
    assert!(message("blank.md").contains("empty"));
    assert!(message("bad-date.md").contains("field `start_time`"));
    assert!(message("bad-severity.md").contains("field `severity`"));
    assert!(message("bad-uuid.md").contains("field `uuid`"));
    assert!(message("list-title.md").contains("field `title`"));
    assert!(message("scalar.md").contains("mapping"));
    assert!(!message("billion-laughs.md").is_empty());
    assert!(message("huge.md").contains("limit"));
    assert!(message("missing.md").contains("no such file"));
    assert_eq!(report.errors.len(), 14, "{:#?}", report.errors);

    assert_eq!(report.imported, 2, "good.md and no-front-matter.md");
    assert_eq!(lib.library_stats().unwrap().stories, stored_before + 2);
    assert_eq!(search(&lib, "\"plain markdown title\"").total, 1);
    assert_eq!(
        search(&lib, "tag:cache").total,
        2,
        "the sample's cache story is still there"
    );
}

#[test]
fn a_bad_version_of_a_stored_story_leaves_the_stored_one_alone() {
    let (_lib_dir, lib) = library();
    let dir = tempfile::tempdir().unwrap();
    let id = "5d0c9a4e-8a43-4a4e-9e0a-1b2c3d4e5f60";
    let path = write(
        dir.path(),
        "story.md",
        format!("---\nuuid: {id}\ntitle: Original\n---\nbody\n").as_bytes(),
    );
    assert_eq!(import(&lib, std::slice::from_ref(&path)).imported, 1);
    write(
        dir.path(),
        "story.md",
        format!("---\nuuid: {id}\ntitle: Broken\nstart_time: nope\n---\nbody\n").as_bytes(),
    );
    let report = import(&lib, &[path]);
    assert_eq!(report.errors.len(), 1);
    let story = lib.get_story(id.parse().unwrap()).unwrap();
    assert_eq!(
        (story.content.title.as_str(), story.revision),
        ("Original", 1)
    );
}

fn billion_laughs() -> String {
    let mut yaml = String::from(
        "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
    let mut prev = "a";
    for name in names {
        yaml.push_str(&format!("{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        prev = name;
    }
    yaml.push_str("title: laughs\n---\nbody\n");
    yaml
}
