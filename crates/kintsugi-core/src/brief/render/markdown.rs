//! The briefing as a pull request comment body. It starts with
//! [`COMMENT_MARKER`](super::COMMENT_MARKER) so CI can find its one comment
//! and update it in place, stays under GitHub's 65,536-character limit, and
//! escapes everything that came from the diff or the library.

use std::fmt::Write;

use super::{location, short_id, shorten, COMMENT_MARKER};
use crate::brief::Briefing;

/// GitHub refuses comments longer than 65,536 characters; stay well under.
const MAX_CHARS: usize = 60_000;

/// Escapes text for Markdown: no HTML, no tables broken by `|`, no stray emphasis.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '|' => out.push_str("\\|"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            other => out.push(other),
        }
    }
    out
}

/// Inline code that cannot be broken out of (backticks in the text are kept).
fn code(text: &str) -> String {
    let text = text.replace(['\n', '\r'], " ").replace('|', "\u{2758}");
    let fence = if text.contains("``") {
        "```"
    } else if text.contains('`') {
        "``"
    } else {
        "`"
    };
    format!("{fence} {text} {fence}")
}

/// The comment body.
pub fn render(briefing: &Briefing) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{COMMENT_MARKER}");
    let n = briefing.stories.len();
    let headline = match n {
        0 => "no past incidents match this change".to_string(),
        1 => "1 past incident applies to this change".to_string(),
        n => format!("{n} past incidents apply to this change"),
    };
    let _ = writeln!(out, "### Kintsugi briefing: {headline}\n");
    let c = briefing.change;
    let _ = writeln!(
        out,
        "<sub>{} files, +{} \u{2212}{} \u{00b7} {} signals \u{00b7} {} tripwires</sub>\n",
        c.files,
        c.added,
        c.removed,
        briefing.signals.len(),
        briefing.tripwires.len()
    );
    if !briefing.tripwires.is_empty() {
        let _ = writeln!(out, "#### Tripwires\n");
        for t in &briefing.tripwires {
            let _ = writeln!(
                out,
                "- :warning: **{}** in {}: {} _(from \u{201c}{}\u{201d}, `{}`)_",
                escape(&t.rule),
                code(&location(&t.file, t.line)),
                escape(&t.message),
                escape(&t.story_title),
                short_id(&t.story_id)
            );
        }
        out.push('\n');
    }
    if !briefing.stories.is_empty() {
        let _ = writeln!(out, "#### Stories\n");
        for s in &briefing.stories {
            let mut meta = Vec::new();
            if let Some(sev) = s.severity {
                meta.push(sev.as_str().to_string());
            }
            if let Some(d) = s.date {
                meta.push(d.format("%Y-%m-%d").to_string());
            }
            if s.seen_before {
                meta.push("**seen before**".to_string());
            }
            meta.push(format!("`{}`", short_id(&s.id)));
            let _ = writeln!(
                out,
                "<details open><summary><b>{}</b> \u{00b7} {}</summary>\n",
                escape(&s.title),
                meta.join(" \u{00b7} ")
            );
            for reason in s.why.iter().take(5) {
                let _ = writeln!(out, "- {}", escape(&shorten(reason, 300)));
            }
            let list = |out: &mut String, title: &str, items: &[String], max: usize| {
                if items.is_empty() {
                    return;
                }
                let _ = writeln!(out, "\n**{title}**\n");
                for item in items.iter().take(max) {
                    let _ = writeln!(out, "- {}", escape(&shorten(item, 400)));
                }
            };
            list(&mut out, "Lessons", &s.lessons, 4);
            list(&mut out, "Where we got lucky", &s.lucky, 2);
            list(&mut out, "Contributing factors", &s.factors, 3);
            if !s.open_actions.is_empty() {
                let _ = writeln!(out, "\n**Open action items**\n");
                for a in s.open_actions.iter().take(4) {
                    let mut detail = Vec::new();
                    if let Some(owner) = &a.owner {
                        detail.push(escape(owner));
                    }
                    if let Some(due) = a.due {
                        detail.push(format!("due {due}"));
                    }
                    let detail = if detail.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", detail.join(", "))
                    };
                    let overlap = if a.overlaps {
                        " \u{2014} **overlaps this change**"
                    } else {
                        ""
                    };
                    let _ = writeln!(
                        out,
                        "- [ ] {}{detail}{overlap}",
                        escape(&shorten(&a.text, 300))
                    );
                }
            }
            let _ = writeln!(out, "\n</details>\n");
        }
    }
    if !briefing.signals.is_empty() {
        let _ = writeln!(
            out,
            "<details><summary>{} signals</summary>\n",
            briefing.signals.len()
        );
        let _ = writeln!(
            out,
            "| tag | rule | where | why |\n| --- | --- | --- | --- |"
        );
        for (i, s) in briefing.signals.iter().enumerate() {
            if out.len() > MAX_CHARS {
                let _ = writeln!(
                    out,
                    "| \u{2026} | {} more | | |",
                    briefing.signals.len() - i
                );
                break;
            }
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                escape(&s.tag),
                code(&s.rule),
                code(&location(&s.file, s.line)),
                escape(&shorten(&s.why, 200))
            );
        }
        let _ = writeln!(out, "\n</details>\n");
    }
    if !briefing.notes.is_empty() {
        for note in briefing.notes.iter().take(10) {
            let _ = writeln!(out, "> {}", escape(&shorten(note, 300)));
        }
        out.push('\n');
    }
    let _ = writeln!(out, "<sub>Generated by `kintsugi brief` from the team's own postmortems. Silence a line with `kintsugi-ignore`, a rule with `kintsugi-ignore: RULE`.</sub>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_from_the_diff_cannot_inject_markup() {
        assert_eq!(escape("<script>|**x**"), "&lt;script&gt;\\|\\*\\*x\\*\\*");
        assert_eq!(code("a`b"), "`` a`b ``");
        assert_eq!(code("a|b"), "` a\u{2758}b `");
    }
}
