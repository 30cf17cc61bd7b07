//! The other peer: `grep -rli` over the stories exported as Markdown files,
//! the way someone without a search tool would look. Grep neither ranks nor
//! highlights; it lists every matching file, which is why its cost grows
//! with the library's size rather than with the number of hits. For the
//! brief, [`any_of`] lists the story files that name any of a change's
//! names (tables, columns, hosts), the naive alternative to a briefing.

use std::path::Path;
use std::process::Command;

/// What grep looks for in one query class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrepQuery {
    /// Files containing every one of these words (a pipeline of greps).
    AllWords(&'static [&'static str]),
    /// Files containing this exact text.
    Text(&'static str),
}

/// The command that runs `query` over the files in `dir`.
pub fn command(dir: &Path, query: &GrepQuery) -> Command {
    match query {
        GrepQuery::Text(text) => {
            let mut command = Command::new("grep");
            command.arg("-rli").arg("--").arg(text).arg(dir);
            command
        }
        GrepQuery::AllWords(words) => {
            // grep has no AND: the first word lists files, the rest narrow them.
            let mut script = String::from("grep -rli -- \"$1\" \"$0\"");
            for i in 2..=words.len() {
                script.push_str(&format!(" | xargs -r -d '\\n' grep -li -- \"${i}\""));
            }
            let mut command = Command::new("sh");
            command.arg("-c").arg(script).arg(dir).args(words.iter());
            command
        }
    }
}

/// `grep -rilE 'a|b|c' DIR`: files naming any of `names` (matched as
/// literal text, case-insensitively), the naive way to find the stories a
/// change is about.
pub fn any_of(dir: &Path, names: &[String]) -> Command {
    let pattern: Vec<String> = names.iter().map(|n| literal(n)).collect();
    let mut command = Command::new("grep");
    command
        .arg("-rilE")
        .arg("--")
        .arg(pattern.join("|"))
        .arg(dir);
    command
}

/// `text` with the extended regular expression's special characters escaped.
fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.^$|?*+()[]{}".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_files_naming_any_name_literally() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "The ORDERS table locked.").unwrap();
        std::fs::write(dir.path().join("b.md"), "api.example.com went down").unwrap();
        std::fs::write(dir.path().join("c.md"), "apixexample.com is not it").unwrap();
        let names = ["orders".to_string(), "api.example.com".to_string()];
        let out = any_of(dir.path(), &names).output().unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 2);
        assert_eq!(literal("a.b|c"), "a\\.b\\|c");
    }

    #[test]
    fn lists_files_with_every_word_or_the_text() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "A Retry storm hit.").unwrap();
        std::fs::write(dir.path().join("b.md"), "One retry, no storm? storm.").unwrap();
        std::fs::write(dir.path().join("c.md"), "Only a retry.").unwrap();
        let count = |q: GrepQuery| {
            let out = command(dir.path(), &q).output().unwrap();
            String::from_utf8_lossy(&out.stdout).lines().count()
        };
        assert_eq!(count(GrepQuery::AllWords(&["retry", "storm"])), 2);
        assert_eq!(count(GrepQuery::Text("retry storm")), 1);
        assert_eq!(count(GrepQuery::AllWords(&["absent", "storm"])), 0);
    }
}
