//! Unit tests of the unified-diff parser: headers, hunks, renames, binary
//! and deleted files, bounds and malformed input.

use super::*;

fn added(file: &FileDiff) -> Vec<(u32, &str)> {
    file.lines()
        .filter(|l| l.kind == LineKind::Added)
        .map(|l| (l.number, l.text.as_str()))
        .collect()
}

const GIT: &str = "diff --git a/db/migrate/1_add.rb b/db/migrate/1_add.rb
new file mode 100644
index 0000000..e69de29
--- /dev/null
+++ b/db/migrate/1_add.rb
@@ -0,0 +1,3 @@
+class Add < ActiveRecord::Migration[7.1]
+  def change; end
+end
diff --git a/schema.sql b/schema.sql
index 1111111..2222222 100644
--- a/schema.sql
+++ b/schema.sql
@@ -10,4 +10,4 @@ CREATE TABLE orders (
 id bigint,
--- the old comment
+-- the new comment
 total numeric
\\ No newline at end of file
";

#[test]
fn git_diff_new_and_modified_files_with_new_line_numbers() {
    let diff = parse("stdin", GIT.as_bytes()).unwrap();
    assert_eq!(diff.files.len(), 2);
    let new = &diff.files[0];
    assert_eq!(new.path, "db/migrate/1_add.rb");
    assert_eq!(new.status, FileStatus::Added);
    assert_eq!(added(new)[2], (3, "end"));
    let sql = &diff.files[1];
    assert_eq!(sql.status, FileStatus::Modified);
    assert_eq!(sql.hunks[0].section, "CREATE TABLE orders (");
    // `--- the old comment` is a removed line, not a file header.
    assert_eq!(sql.counts(), (1, 1));
    assert_eq!(added(sql), vec![(11, "-- the new comment")]);
    assert!(diff.notes.is_empty());
}

#[test]
fn renames_deletions_binaries_and_quoted_paths() {
    let text = "diff --git a/old name.py b/new name.py
similarity index 90%
rename from old name.py
rename to new name.py
--- a/old name.py
+++ b/new name.py
@@ -1 +1 @@
-x = 1
+x = 2
diff --git a/gone.yml b/gone.yml
deleted file mode 100644
--- a/gone.yml
+++ /dev/null
@@ -1,2 +0,0 @@
-a: 1
-b: 2
diff --git a/logo.png b/logo.png
index 1..2 100644
Binary files a/logo.png and b/logo.png differ
diff --git \"a/caf\\303\\251.txt\" \"b/caf\\303\\251.txt\"
--- \"a/caf\\303\\251.txt\"
+++ \"b/caf\\303\\251.txt\"
@@ -0,0 +1 @@
+menu
";
    let diff = parse("x.diff", text.as_bytes()).unwrap();
    let paths: Vec<&str> = diff.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["new name.py", "gone.yml", "logo.png", "café.txt"]);
    assert_eq!(diff.files[0].status, FileStatus::Renamed);
    assert_eq!(diff.files[0].old_path.as_deref(), Some("old name.py"));
    assert_eq!(diff.files[1].status, FileStatus::Deleted);
    assert_eq!(diff.files[1].counts(), (0, 2));
    assert!(diff.files[2].binary);
    assert_eq!(diff.files[3].counts(), (1, 0));
}

#[test]
fn plain_diff_u_crlf_and_format_patch_commits() {
    let text = "From 3f2b1c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b Mon Sep 17 00:00:00 2001\r
Subject: [PATCH] Lower the token vault timeout\r
\r
--- a/config/vault.yml\t2024-01-01\r
+++ b/config/vault.yml\t2024-01-02\r
@@ -1,2 +1,2 @@\r
-timeout: 30\r
+timeout: 5\r
 retries: 3\r
";
    let diff = parse("patch", text.as_bytes()).unwrap();
    assert_eq!(diff.commits.len(), 1);
    assert!(diff.commits[0].id.starts_with("3f2b1c4d"));
    assert!(diff.commits[0].message.contains("token vault timeout"));
    assert_eq!(diff.files[0].path, "config/vault.yml");
    assert_eq!(added(&diff.files[0]), vec![(1, "timeout: 5")]);
}

#[test]
fn invalid_utf8_is_replaced_with_a_note_naming_the_file() {
    let mut bytes =
        b"diff --git a/l.txt b/l.txt\n--- a/l.txt\n+++ b/l.txt\n@@ -0,0 +1 @@\n+caf".to_vec();
    bytes.extend([0xff, 0xfe, b'\n']);
    let diff = parse("stdin", &bytes).unwrap();
    assert_eq!(added(&diff.files[0]), vec![(1, "caf\u{fffd}\u{fffd}")]);
    assert!(diff.notes[0].contains("l.txt") && diff.notes[0].contains("UTF-8"));
}

#[test]
fn hostile_input_is_bounded_and_named() {
    let huge = vec![b'+'; MAX_DIFF_BYTES + 1];
    let err = parse("big.diff", &huge).unwrap_err();
    assert_eq!(err.code(), crate::ErrorCode::Diff);
    assert!(err.to_string().starts_with("big.diff:"), "{err}");

    let err = parse("stdin", b"hello, this is not a diff\n").unwrap_err();
    assert!(err.to_string().contains("no unified diff"), "{err}");
    assert!(parse("stdin", b"").unwrap().files.is_empty());
    assert!(parse("stdin", b"\n \n").unwrap().files.is_empty());

    let long = format!(
        "--- a/m.js\n+++ b/m.js\n@@ -0,0 +1 @@\n+{}\n",
        "x".repeat(MAX_LINE_CHARS * 3)
    );
    let diff = parse("stdin", long.as_bytes()).unwrap();
    assert_eq!(
        diff.files[0].hunks[0].lines[0].text.chars().count(),
        MAX_LINE_CHARS
    );
    assert!(diff.notes[0].contains("cut"));

    let mut many = String::new();
    for i in 0..=MAX_FILES {
        many.push_str(&format!("diff --git a/f{i} b/f{i}\n"));
    }
    let err = parse("stdin", many.as_bytes()).unwrap_err();
    assert!(err.to_string().contains("files"), "{err}");
}

#[test]
fn malformed_hunks_end_early_with_a_note() {
    let text = "--- a/x\n+++ b/x\n@@ -1,5 +1,5 @@\n+one\nnot a diff line\n@@ bogus @@\n@@ -9,1 +9,1 @@\n-a\n+b\n";
    let diff = parse("stdin", text.as_bytes()).unwrap();
    assert_eq!(diff.files.len(), 1);
    assert_eq!(
        added(&diff.files[0]),
        vec![(1, "one"), (9, "b")],
        "{:?}",
        diff.notes
    );
    assert_eq!(diff.notes.len(), 2, "{:?}", diff.notes);
}

#[test]
fn removed_lines_carry_their_new_position() {
    let text = "--- a/f\n+++ b/f\n@@ -3,3 +3,2 @@\n keep\n-gone\n after\n";
    let diff = parse("stdin", text.as_bytes()).unwrap();
    let lines: Vec<(LineKind, u32)> = diff.files[0].lines().map(|l| (l.kind, l.number)).collect();
    assert_eq!(
        lines,
        [
            (LineKind::Context, 3),
            (LineKind::Removed, 4),
            (LineKind::Context, 4)
        ]
    );
}
