//! `dependency-unpinned`: a dependency added without a pinned version (or
//! piped from the network into a shell).
//!
//! Reason: the next install picks whatever was published last, so a build
//! or a deploy changes code nobody reviewed, two machines run different
//! versions, and rolling back does not bring the old one back.
//! Source: npm docs "package.json dependencies" (`*`, `latest`, URLs);
//! pip "Repeatable Installs" (pin with `==` and hashes); Bundler docs
//! (version constraints); hadolint DL4006/SC2046-style `curl | sh` warnings.

use super::{Change, Hit, Pattern, Rule};
use crate::brief::changes::ChangedFile;

/// The rule.
pub const RULE: Rule = Rule {
    name: "dependency-unpinned",
    tags: &["third-party", "dependencies"],
    why: "an unpinned dependency changes code on the next install without a change of yours",
    source: "npm package.json docs; pip Repeatable Installs; Bundler version constraints",
    check,
};

static NPM: Pattern = Pattern::new(
    r##"^\s*"[@\w./-]+"\s*:\s*"(\*|latest|x|next|>=?[^"]*|git\+[^"#]*|github:[^"#]*|https?://[^"#]*)"\s*,?\s*$"##,
);
static PIP: Pattern = Pattern::new(r"^\s*[A-Za-z][\w.-]*(\[[\w,]+\])?\s*(>=?\s*[\d.]+\s*)?(#.*)?$");
static GEM: Pattern =
    Pattern::new(r#"^\s*gem\s+['"][\w.-]+['"]\s*(,\s*(git|github):\s*['"][^'"]+['"]\s*)?(#.*)?$"#);
static STAR: Pattern = Pattern::new(r#"^\s*[\w-]+\s*=\s*"\*"\s*$"#);
static PIPE_TO_SHELL: Pattern = Pattern::new(
    r"\b(curl|wget)\b[^|]*\|\s*(sudo\s+)?(ba|z)?sh\b|\bgo\s+install\s+\S+@latest\b|\bnpm\s+(i|install)\s+-g\s+[@\w/-]+\s*$",
);

fn check(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    let name = file.lower.rsplit('/').next().unwrap_or(&file.lower);
    let matcher: Option<&Pattern> = match name {
        "package.json" => Some(&NPM),
        n if n.starts_with("requirements") && n.ends_with(".txt") => Some(&PIP),
        "gemfile" => Some(&GEM),
        "cargo.toml" | "pipfile" | "pyproject.toml" => Some(&STAR),
        _ => None,
    };
    for line in file.added() {
        let text = &line.text;
        let unpinned = matcher.is_some_and(|m| {
            m.is_match(text) && !text.trim().is_empty() && !text.trim_start().starts_with('#')
        });
        let piped = PIPE_TO_SHELL.is_match(text) && !text.trim_start().starts_with('#');
        if unpinned || piped {
            let hit = Hit::at(line);
            out.push(if piped {
                hit.because("code downloaded and run at build or deploy time: a different script on the next run")
            } else {
                hit
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{changed, lines, run};
    use super::*;

    #[test]
    fn unpinned_dependencies_in_each_manager() {
        let npm = changed("web/package.json", "   \"dependencies\": {\n+    \"chat-widget\": \"latest\",\n+    \"left-pad\": \"^1.3.0\",\n+    \"tracker\": \"github:vendor/tracker\",");
        assert_eq!(run(&RULE, &npm).len(), 2);
        assert_eq!(
            lines(
                &RULE,
                "requirements.txt",
                "requests==2.32.3\nsentry-sdk\nurllib3>=1.26\n# comment"
            ),
            [2, 3]
        );
        assert_eq!(
            lines(
                &RULE,
                "Gemfile",
                "gem 'rails', '~> 7.1'\ngem 'vendor_sdk'\ngem 'tracker', github: 'vendor/tracker'"
            ),
            [2, 3]
        );
        assert_eq!(
            lines(
                &RULE,
                "Cargo.toml",
                "[dependencies]\nserde = \"*\"\nregex = \"1.11\""
            ),
            [2]
        );
        assert_eq!(
            lines(
                &RULE,
                "Dockerfile",
                "RUN curl -fsSL https://get.vendor.example/install.sh | sh"
            ),
            [1]
        );
    }
}
