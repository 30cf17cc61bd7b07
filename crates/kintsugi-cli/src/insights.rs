//! `insights` and `seen-before`: what the library teaches, for a terminal
//! or as JSON (the shape is in `docs/cli.md`).

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use owo_colors::OwoColorize;
use uuid::Uuid;

use kintsugi_core::insights::{Insights, LuckKind, SeenBefore};
use kintsugi_core::Library;

use crate::ids::ShortIds;
use crate::output::{json, Outcome};
use crate::terminal::Out;

/// Most lines of each section in the terminal form.
const SHOWN: usize = 10;

/// Prints the library's insights, or writes them as an HTML report to `html`.
pub fn insights(library: &Library, out: &mut Out, as_json: bool, html: Option<&Path>) -> Outcome {
    if let Some(path) = html {
        let page = library.insights_report()?;
        std::fs::write(path, page).map_err(|source| kintsugi_core::Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        writeln!(out, "wrote {}", path.display())?;
        return Ok(ExitCode::SUCCESS);
    }
    let insights = library.insights()?;
    if as_json {
        json(out, &*insights)?;
    } else {
        let ids = ShortIds::of(library, insights.stories.iter().map(|s| s.id))?;
        report(out, &insights, &ids)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints the earlier stories that share `text`.
pub fn seen_before(
    library: &Library,
    out: &mut Out,
    text: &str,
    limit: usize,
    as_json: bool,
) -> Outcome {
    let hits = library.seen_before(text, None, limit)?;
    if as_json {
        json(out, &hits)?;
    } else {
        let ids = ShortIds::of(library, hits.iter().map(|h| h.story_id))?;
        seen(out, &hits, &ids)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn seen(out: &mut Out, hits: &[SeenBefore], ids: &ShortIds) -> io::Result<()> {
    if hits.is_empty() {
        return writeln!(out, "Not seen before.");
    }
    for hit in hits {
        writeln!(
            out,
            "{}  {}  {}",
            ids.get(&hit.story_id).dimmed(),
            date(hit.date),
            hit.title.bold()
        )?;
        writeln!(out, "          {}: {}", hit.kind.as_str(), hit.text)?;
    }
    Ok(())
}

fn date(d: Option<chrono::DateTime<chrono::Utc>>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "          ".into())
}

fn heading(out: &mut Out, title: &str, shown: usize, total: usize) -> io::Result<()> {
    let more = if total > shown {
        format!(" ({shown} of {total})")
    } else {
        String::new()
    };
    writeln!(out, "\n{}{}", title.bold().underline(), more.dimmed())
}

/// The terminal form: each section's first lines, heaviest first.
fn report(out: &mut Out, i: &Insights, ids: &ShortIds) -> io::Result<()> {
    let titles: HashMap<Uuid, &str> = i.stories.iter().map(|s| (s.id, s.title.as_str())).collect();
    let story = |id: &Uuid| {
        format!(
            "{} {}",
            ids.get(id).dimmed(),
            titles.get(id).copied().unwrap_or("")
        )
    };
    writeln!(
        out,
        "{} stories · action items: {} open, {} done, {} overdue (today {})",
        i.totals.stories,
        i.actions.open,
        i.actions.done,
        i.actions.overdue.red(),
        i.today
    )?;

    heading(
        out,
        "Recurring themes",
        i.recurring.len().min(SHOWN),
        i.totals.recurring,
    )?;
    if i.recurring.is_empty() {
        writeln!(
            out,
            "  none yet: no factor, lesson or action recurs in two stories"
        )?;
    }
    for t in i.recurring.iter().take(SHOWN) {
        let span = match (t.first_seen, t.last_seen) {
            (Some(a), Some(b)) => format!("{} – {}", a.format("%Y-%m"), b.format("%Y-%m")),
            _ => String::new(),
        };
        writeln!(
            out,
            "  {:>3}× {} {}",
            t.count,
            t.theme.bold(),
            format!("({}) {span}", t.kind.as_str()).dimmed()
        )?;
        if !t.tags.is_empty() {
            let tags: Vec<String> = t.tags.iter().map(|x| format!("#{x}")).collect();
            writeln!(out, "       {}", tags.join(" ").cyan())?;
        }
    }

    heading(
        out,
        "Where we got lucky and what surprised us",
        i.lucky.len().min(SHOWN),
        i.totals.lucky,
    )?;
    if i.lucky.is_empty() {
        writeln!(
            out,
            "  no story records where it got lucky or what surprised it"
        )?;
    }
    for l in i.lucky.iter().take(SHOWN) {
        let again = if l.theme_count > 1 {
            format!(" [{}× {}]", l.theme_count, l.theme)
                .yellow()
                .to_string()
        } else {
            String::new()
        };
        let kind = match l.kind {
            LuckKind::Lucky => String::new(),
            LuckKind::Surprise => format!("{} ", "surprise:".cyan()),
        };
        writeln!(out, "  {kind}{}{again}", l.text)?;
        writeln!(out, "       {}", story(&l.story_id))?;
    }

    heading(
        out,
        "Repeat incidents",
        i.repeats.len().min(SHOWN),
        i.totals.repeats,
    )?;
    if i.repeats.is_empty() {
        writeln!(out, "  none found")?;
    }
    for r in i.repeats.iter().take(SHOWN) {
        writeln!(out, "  {}", story(&r.story_id))?;
        writeln!(
            out,
            "    after {} with {} action items still open then; shared: {}",
            story(&r.earlier_story_id),
            r.open_actions,
            r.factor.italic()
        )?;
    }

    heading(
        out,
        "Open action items by owner",
        i.actions_by_owner.len().min(SHOWN),
        i.actions_by_owner.len(),
    )?;
    for g in i.actions_by_owner.iter().take(SHOWN) {
        writeln!(
            out,
            "  {:<28} {:>4} open {:>4} done {:>4} overdue",
            g.key, g.counts.open, g.counts.done, g.counts.overdue
        )?;
    }

    let quarters: Vec<&str> = {
        let mut q: Vec<&str> = i.by_quarter.iter().map(|c| c.quarter.as_str()).collect();
        q.dedup();
        q
    };
    heading(
        out,
        "Incidents by quarter (top tags)",
        quarters.len().min(SHOWN),
        quarters.len(),
    )?;
    for q in quarters.iter().rev().take(SHOWN) {
        let tags: Vec<String> = i
            .by_quarter
            .iter()
            .filter(|c| c.quarter == *q)
            .take(4)
            .map(|c| format!("{} {}", c.tag.cyan(), c.count))
            .collect();
        writeln!(out, "  {q}  {}", tags.join(", "))?;
    }
    let timed: Vec<_> = i
        .times
        .iter()
        .filter(|t| t.resolve_known + t.detect_known > 0)
        .collect();
    if !timed.is_empty() {
        heading(
            out,
            "Median minutes to detect / resolve",
            timed.len().min(SHOWN),
            timed.len(),
        )?;
        for t in timed.iter().rev().take(SHOWN) {
            let m = |v: Option<f64>| v.map_or("–".into(), |v| format!("{v:.0}"));
            writeln!(
                out,
                "  {}  detect {:>6}  resolve {:>6}",
                t.quarter,
                m(t.detect_minutes),
                m(t.resolve_minutes)
            )?;
        }
    }
    if !i.pulse.is_empty() {
        heading(out, "Learning pulse (retros)", i.pulse.len(), i.pulse.len())?;
        for p in &i.pulse {
            writeln!(
                out,
                "  {}  {} retros: {} learned something, {} would come again",
                p.quarter, p.retros, p.learned, p.would_come_again
            )?;
        }
    }
    Ok(())
}
