//! The terminal briefing: short, aligned, readable at a glance; ANSI
//! colour only when the caller asks (the CLI asks and strips it when the
//! output is not a terminal).

use std::fmt::Write;

use super::{location, short_id, shorten};
use crate::brief::Briefing;

struct Paint(bool);

impl Paint {
    fn code(&self, code: &str, text: &str) -> String {
        if self.0 {
            format!("\u{1b}[{code}m{text}\u{1b}[0m")
        } else {
            text.to_string()
        }
    }
    fn bold(&self, t: &str) -> String {
        self.code("1", t)
    }
    fn dim(&self, t: &str) -> String {
        self.code("2", t)
    }
    fn red(&self, t: &str) -> String {
        self.code("31", t)
    }
    fn yellow(&self, t: &str) -> String {
        self.code("33", t)
    }
    fn cyan(&self, t: &str) -> String {
        self.code("36", t)
    }
    fn green(&self, t: &str) -> String {
        self.code("32", t)
    }
}

/// Pads `text` (which may hold colour codes) to `width` visible characters.
fn pad(text: &str, visible: usize, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(visible)))
}

/// The briefing as terminal text.
pub fn render(briefing: &Briefing, colour: bool) -> String {
    let p = Paint(colour);
    let mut out = String::new();
    let c = briefing.change;
    let _ = writeln!(
        out,
        "{} {} file{}, +{} -{}",
        p.bold("Briefing:"),
        c.files,
        if c.files == 1 { "" } else { "s" },
        c.added,
        c.removed
    );
    if !briefing.tripwires.is_empty() {
        let _ = writeln!(out, "\n{}", p.bold(&p.red("Tripwires")));
        for t in &briefing.tripwires {
            let _ = writeln!(
                out,
                "  {} {}  {}",
                p.red("!"),
                p.bold(&t.rule),
                location(&t.file, t.line)
            );
            let _ = writeln!(out, "    {}", t.message);
            let _ = writeln!(
                out,
                "    {}",
                p.dim(&format!(
                    "from \u{201c}{}\u{201d} ({})",
                    t.story_title,
                    short_id(&t.story_id)
                ))
            );
        }
    }
    if !briefing.signals.is_empty() {
        let _ = writeln!(out, "\n{}", p.bold("Signals"));
        let tag_w = briefing
            .signals
            .iter()
            .map(|s| s.tag.chars().count())
            .max()
            .unwrap_or(0);
        let rule_w = briefing
            .signals
            .iter()
            .map(|s| s.rule.chars().count())
            .max()
            .unwrap_or(0);
        for s in &briefing.signals {
            let tag = pad(&p.cyan(&s.tag), s.tag.chars().count(), tag_w);
            let rule = pad(&p.yellow(&s.rule), s.rule.chars().count(), rule_w);
            let _ = writeln!(out, "  {tag}  {rule}  {}", location(&s.file, s.line));
            let indent = " ".repeat(tag_w + rule_w + 6);
            if !s.text.is_empty() {
                let _ = writeln!(out, "{indent}{}", p.dim(&shorten(&s.text, 100)));
            }
            let _ = writeln!(out, "{indent}{}", shorten(&s.why, 140));
        }
    }
    if briefing.stories.is_empty() {
        let what = if briefing.signals.is_empty() && briefing.change.files == 0 {
            "Nothing to brief."
        } else {
            "No past stories match this change."
        };
        let _ = writeln!(out, "\n{what}");
    } else {
        let _ = writeln!(out, "\n{}", p.bold("Stories that apply"));
        for (n, s) in briefing.stories.iter().enumerate() {
            let severity = s
                .severity
                .map(|v| format!("  {}", p.red(v.as_str())))
                .unwrap_or_default();
            let date = s
                .date
                .map(|d| format!("  {}", d.format("%Y-%m-%d")))
                .unwrap_or_default();
            let seen = if s.seen_before {
                format!("  {}", p.red("seen before"))
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "  {}. {}{severity}{date}{seen}  {}",
                n + 1,
                p.bold(&s.title),
                p.dim(&short_id(&s.id))
            );
            for reason in s.why.iter().take(4) {
                let _ = writeln!(out, "     {} {}", p.dim("why"), shorten(reason, 150));
            }
            for lesson in s.lessons.iter().take(2) {
                let _ = writeln!(out, "     {} {}", p.green("lesson"), shorten(lesson, 150));
            }
            for note in s.lucky.iter().take(1) {
                let _ = writeln!(out, "     {} {}", p.yellow("lucky"), shorten(note, 150));
            }
            for action in s.open_actions.iter().take(2) {
                let mut detail = Vec::new();
                if let Some(owner) = &action.owner {
                    detail.push(owner.clone());
                }
                if let Some(due) = action.due {
                    detail.push(format!("due {due}"));
                }
                let detail = if detail.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", detail.join(", "))
                };
                let mark = if action.overlaps {
                    p.red(" \u{2190} overlaps this change")
                } else {
                    String::new()
                };
                let _ = writeln!(
                    out,
                    "     {} [ ] {}{detail}{mark}",
                    p.cyan("open"),
                    shorten(&action.text, 120)
                );
            }
        }
        let _ = writeln!(out, "\n{}", p.dim("kintsugi show ID for the whole story"));
    }
    if !briefing.notes.is_empty() {
        let _ = writeln!(out, "\n{}", p.dim("Notes"));
        for note in &briefing.notes {
            let _ = writeln!(out, "  {}", p.dim(note));
        }
    }
    out
}
