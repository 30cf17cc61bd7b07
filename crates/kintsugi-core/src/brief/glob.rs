//! Path globs for fingerprints and tripwires: `**` (any folders), `*` (any
//! characters but `/`), `?` (one character but `/`), `{a,b}` (either), and
//! everything else literal. A glob without `/` matches the file name in any
//! folder, the way `.gitignore` patterns do.
//!
//! Invariant: a glob compiles to an anchored regular expression of bounded
//! size (globs are at most [`MAX_GLOB_CHARS`] long, braces do not nest), so
//! matching is linear in the path.

use regex::{Regex, RegexBuilder};

/// Longest glob accepted.
pub const MAX_GLOB_CHARS: usize = 300;

/// A compiled path glob.
#[derive(Debug, Clone)]
pub struct Glob {
    regex: Regex,
}

impl Glob {
    /// Compiles `glob`, or says what is wrong with it.
    pub fn new(glob: &str) -> Result<Glob, String> {
        let glob = glob.trim().trim_start_matches("./");
        if glob.is_empty() {
            return Err("empty path glob".into());
        }
        if glob.chars().count() > MAX_GLOB_CHARS {
            return Err(format!("path glob longer than {MAX_GLOB_CHARS} characters"));
        }
        let anchored_anywhere = !glob.trim_end_matches('/').contains('/');
        let mut out = String::from(if anchored_anywhere { "^(?:.*/)?" } else { "^" });
        let glob = glob.trim_start_matches('/');
        let chars: Vec<char> = glob.chars().collect();
        let mut i = 0;
        let mut in_brace = false;
        while i < chars.len() {
            let c = chars[i];
            match c {
                '*' if chars.get(i + 1) == Some(&'*') => {
                    i += 1;
                    if chars.get(i + 1) == Some(&'/') {
                        i += 1;
                        out.push_str("(?:.*/)?");
                    } else {
                        out.push_str(".*");
                    }
                }
                '*' => out.push_str("[^/]*"),
                '?' => out.push_str("[^/]"),
                '{' if !in_brace => {
                    in_brace = true;
                    out.push_str("(?:");
                }
                '{' => return Err("nested `{` in path glob".into()),
                ',' if in_brace => out.push('|'),
                '}' if in_brace => {
                    in_brace = false;
                    out.push(')');
                }
                other => out.push_str(&regex::escape(&other.to_string())),
            }
            i += 1;
        }
        if in_brace {
            return Err("unclosed `{` in path glob".into());
        }
        // A folder glob (`db/migrate/`) matches everything inside it.
        if glob.ends_with('/') {
            out.push_str(".*");
        }
        out.push('$');
        let regex = RegexBuilder::new(&out)
            .size_limit(1 << 20)
            .build()
            .map_err(|e| format!("path glob does not compile: {e}"))?;
        Ok(Glob { regex })
    }

    /// Whether `path` (relative, `/`-separated) matches.
    pub fn matches(&self, path: &str) -> bool {
        self.regex.is_match(path.trim_start_matches("./"))
    }
}

/// File name endings that make a bare `name.ext` a file rather than a
/// `table.column` or `Class.method` symbol.
const FILE_ENDINGS: &[&str] = &[
    "rb",
    "py",
    "js",
    "mjs",
    "ts",
    "jsx",
    "tsx",
    "go",
    "rs",
    "java",
    "kt",
    "scala",
    "cs",
    "php",
    "ex",
    "exs",
    "sql",
    "yml",
    "yaml",
    "json",
    "toml",
    "xml",
    "ini",
    "cfg",
    "conf",
    "env",
    "sh",
    "tf",
    "hcl",
    "proto",
    "avsc",
    "cron",
    "erb",
    "html",
    "gradle",
    "properties",
    "lock",
    "md",
];

/// Whether `text` looks like a glob or a path rather than a symbol.
pub fn looks_like_path(text: &str) -> bool {
    text.contains('/')
        || text.contains('*')
        || text.contains('{')
        || text
            .rsplit_once('.')
            .is_some_and(|(stem, ext)| !stem.is_empty() && FILE_ENDINGS.contains(&ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(glob: &str, path: &str) -> bool {
        Glob::new(glob).unwrap().matches(path)
    }

    #[test]
    fn globs_match_like_gitignore() {
        assert!(m("db/migrate/**", "db/migrate/2024_add.rb"));
        assert!(m("db/migrate/", "db/migrate/x/y.rb"));
        assert!(m("**/schedule.yml", "config/schedule.yml"));
        assert!(m("schedule.yml", "config/schedule.yml"));
        assert!(m("*.sql", "migrations/V3__orders.sql"));
        assert!(!m("app/*.rb", "app/models/order.rb"));
        assert!(m("app/**/*.rb", "app/models/order.rb"));
        assert!(m("app/**/order.rb", "app/order.rb"));
        assert!(m("config/{cron,schedule}.yml", "config/cron.yml"));
        assert!(!m("config/{cron,schedule}.yml", "config/other.yml"));
        assert!(m("src/a?c.ts", "src/abc.ts"));
        assert!(
            m("a+b(c).txt", "a+b(c).txt"),
            "regex characters are literal"
        );
    }

    #[test]
    fn bad_globs_say_why() {
        assert!(Glob::new("").unwrap_err().contains("empty"));
        assert!(Glob::new("a/{b,c").unwrap_err().contains("unclosed"));
        assert!(Glob::new("{a,{b}}").unwrap_err().contains("nested"));
        assert!(Glob::new(&"x".repeat(400)).unwrap_err().contains("longer"));
    }

    #[test]
    fn paths_and_symbols_are_told_apart() {
        assert!(looks_like_path("db/migrate/**"));
        assert!(looks_like_path("config/schedule.yml"));
        assert!(looks_like_path("schedule.yml"));
        assert!(!looks_like_path("BillingRunJob"));
        assert!(!looks_like_path("Order#cancel!"));
        assert!(
            !looks_like_path("orders.status"),
            "table.column is a symbol"
        );
        assert!(!looks_like_path("orders.total"));
        assert!(looks_like_path("Dockerfile.*"));
    }
}
