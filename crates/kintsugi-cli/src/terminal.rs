//! Output for people: aligned columns, and colour only when stdout is a
//! terminal (anstream strips it otherwise and honours NO_COLOR).

use std::io::{self, Write};

use owo_colors::OwoColorize;

use kintsugi_core::actions::ActionItemEntry;
use kintsugi_core::import::ImportReport;
use kintsugi_core::lint::Finding;
use kintsugi_core::search::TagFacet;
use kintsugi_core::{CheckReport, SearchHit, SearchResults, Stats, StorySummary};
use kintsugi_core::{RevisionInfo, TagCount};

use crate::ids::ShortIds;

/// Where human output goes.
pub type Out = anstream::AutoStream<io::Stdout>;

/// A stdout that strips colour when it is not a terminal.
pub fn stdout() -> Out {
    anstream::stdout()
}

/// Turns a core snippet (escaped HTML with `<mark>`) into highlighted text.
fn snippet_text(html: &str) -> String {
    let marked = html
        .replace("<mark>", "\u{1}")
        .replace("</mark>", "\u{2}")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&");
    let flat = marked.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::new();
    for (i, piece) in flat.split(['\u{1}', '\u{2}']).enumerate() {
        if i % 2 == 1 {
            out.push_str(&piece.bold().yellow().to_string());
        } else {
            out.push_str(piece);
        }
    }
    out
}

fn hit_line(out: &mut Out, hit: &SearchHit, ids: &ShortIds) -> io::Result<()> {
    let date = hit
        .date
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "          ".into());
    let severity = hit.severity.map(|s| s.to_string()).unwrap_or_default();
    writeln!(
        out,
        "{}  {}  {:<4}  {}",
        ids.get(&hit.id).dimmed(),
        date,
        severity.red(),
        hit.title.bold()
    )?;
    let detail = if hit.snippet.is_empty() {
        hit.summary.clone()
    } else {
        snippet_text(&hit.snippet)
    };
    if !detail.is_empty() {
        writeln!(out, "          {}", truncate(&detail, 200))?;
    }
    if !hit.tags.is_empty() {
        writeln!(
            out,
            "          {}",
            hit.tags
                .iter()
                .map(|t| format!("#{t}"))
                .collect::<Vec<_>>()
                .join(" ")
                .cyan()
        )?;
    }
    Ok(())
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    format!("{}…", s.chars().take(max).collect::<String>())
}

/// `100000` as `100,000`: counts in a large library read at a glance.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// Search results with facets.
pub fn search(out: &mut Out, results: &SearchResults, ids: &ShortIds) -> io::Result<()> {
    if results.total == 0 {
        writeln!(out, "No stories match.")?;
        return did_you_mean(out, results);
    }
    if results.relaxed {
        writeln!(out, "No story has every word; showing the closest.")?;
        did_you_mean(out, results)?;
        writeln!(out)?;
    }
    for hit in &results.hits {
        hit_line(out, hit, ids)?;
    }
    writeln!(
        out,
        "\n{} of {} stories",
        results.hits.len(),
        grouped(results.total as u64)
    )?;
    facets(out, &results.tags)
}

/// The corrected query, when the search offers one.
fn did_you_mean(out: &mut Out, results: &SearchResults) -> io::Result<()> {
    match &results.did_you_mean {
        Some(query) => writeln!(out, "Did you mean: {}?", query.bold()),
        None => Ok(()),
    }
}

fn facets(out: &mut Out, tags: &[TagFacet]) -> io::Result<()> {
    if tags.is_empty() {
        return Ok(());
    }
    let top: Vec<String> = tags
        .iter()
        .take(12)
        .map(|t| format!("{} {}", t.tag.cyan(), t.count))
        .collect();
    writeln!(out, "tags: {}", top.join(", "))
}

/// Related stories.
pub fn hits(out: &mut Out, hits: &[SearchHit], ids: &ShortIds) -> io::Result<()> {
    if hits.is_empty() {
        return writeln!(out, "No related stories.");
    }
    hits.iter().try_for_each(|h| hit_line(out, h, ids))
}

/// An import report.
pub fn import(out: &mut Out, report: &ImportReport) -> io::Result<()> {
    writeln!(
        out,
        "{} imported, {} updated, {} unchanged, {} failed",
        report.imported.green(),
        report.updated,
        report.unchanged,
        report.errors.len()
    )
}

/// Import failures go to stderr, one per line.
pub fn import_errors(report: &ImportReport) -> io::Result<()> {
    let mut err = anstream::stderr();
    for e in &report.errors {
        writeln!(err, "{}: {}", e.path.red(), e.message)?;
    }
    Ok(())
}

/// Story lines (trash).
pub fn summaries(
    out: &mut Out,
    stories: &[StorySummary],
    ids: &ShortIds,
    empty: &str,
) -> io::Result<()> {
    if stories.is_empty() {
        return writeln!(out, "{empty}");
    }
    for s in stories {
        let deleted = s
            .deleted_at
            .map(|d| d.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default();
        writeln!(out, "{}  {}  {}", ids.get(&s.id).dimmed(), deleted, s.title)?;
    }
    Ok(())
}

/// A story's history.
pub fn history(out: &mut Out, revisions: &[RevisionInfo]) -> io::Result<()> {
    for r in revisions {
        let marker = if r.current { " (current)" } else { "" };
        let by = r
            .author
            .as_deref()
            .map(|a| format!("  by {a}"))
            .unwrap_or_default();
        writeln!(
            out,
            "{:>4}  {}  {}{}{}",
            r.revision,
            r.saved_at.format("%Y-%m-%d %H:%M:%S"),
            r.title,
            by.dimmed(),
            marker.green()
        )?;
    }
    Ok(())
}

/// Tags with counts, aligned.
pub fn tags(out: &mut Out, tags: &[TagCount]) -> io::Result<()> {
    let width = tags
        .iter()
        .map(|t| t.tag.chars().count())
        .max()
        .unwrap_or(0);
    for t in tags {
        writeln!(
            out,
            "{:<width$}  {:>5}",
            t.tag.cyan(),
            t.count,
            width = width
        )?;
    }
    Ok(())
}

/// Library counts.
pub fn stats(out: &mut Out, stats: &Stats) -> io::Result<()> {
    writeln!(out, "stories  {:>7}", grouped(stats.stories))?;
    writeln!(out, "trash    {:>7}", grouped(stats.deleted))?;
    writeln!(out, "tags     {:>7}", grouped(stats.tags))
}

/// Index check results.
pub fn check(out: &mut Out, report: &CheckReport) -> io::Result<()> {
    if report.problems.is_empty() {
        return writeln!(out, "{} index and database agree", "ok:".green());
    }
    for p in &report.problems {
        writeln!(out, "{} {p}", "problem:".red())?;
    }
    if report.repaired {
        writeln!(
            out,
            "{} index rebuilt from the database",
            "repaired:".green()
        )?;
    } else {
        writeln!(out, "run `kintsugi check --repair` to rebuild the index")?;
    }
    Ok(())
}

/// Lint findings, compiler style: `file:line:column rule: text`.
pub fn findings(out: &mut Out, name: &str, findings: &[Finding]) -> io::Result<()> {
    if findings.is_empty() {
        return writeln!(
            out,
            "{} no blame or hindsight language found",
            "ok:".green()
        );
    }
    for f in findings {
        writeln!(
            out,
            "{name}:{}:{} {} \"{}\"",
            f.line,
            f.column,
            f.rule.yellow(),
            f.text.bold()
        )?;
        writeln!(out, "    {}", f.message)?;
        writeln!(out, "    {} {}", "try:".green(), f.suggestion)?;
    }
    writeln!(out, "\n{} finding(s)", findings.len())
}

/// Action items with their stories.
pub fn action_items(out: &mut Out, items: &[ActionItemEntry], ids: &ShortIds) -> io::Result<()> {
    if items.is_empty() {
        return writeln!(out, "No action items match.");
    }
    for e in items {
        let check = if e.item.status == kintsugi_core::ActionStatus::Done {
            "[x]"
        } else {
            "[ ]"
        };
        let due = e.item.due.map(|d| format!(" due {d}")).unwrap_or_default();
        let due = if e.overdue {
            due.red().to_string()
        } else {
            due
        };
        let closed = match (e.item.status, e.item.closed) {
            (kintsugi_core::ActionStatus::Done, Some(d)) => {
                format!(" done on {d}").green().to_string()
            }
            _ => String::new(),
        };
        let owner = e
            .item
            .owner
            .as_deref()
            .map(|o| format!(" ({o})"))
            .unwrap_or_default();
        writeln!(out, "{check} {}{}{due}{closed}", e.item.text, owner.cyan())?;
        writeln!(
            out,
            "    {} #{} {}",
            ids.get(&e.story_id).dimmed(),
            e.index + 1,
            e.story_title.dimmed()
        )?;
    }
    Ok(())
}
