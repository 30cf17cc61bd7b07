//! The insights as one self-contained HTML report: inline style, inline
//! SVG bars, no script and nothing fetched, readable in light and dark.
//!
//! Every bar is followed by the stories it counts, so the printed report
//! answers "which ones?" as the screen does.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

use uuid::Uuid;

use super::{InsightStory, Insights, LuckKind};
use crate::export::html::escape;

const STYLE: &str = "body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1f2328;background:#faf8f4}\
h1{font-size:1.8rem}h2{font-size:1.2rem;margin-top:2rem;border-top:1px solid #e4ded3;padding-top:1rem}\
.muted{color:#6e737b}.figures{display:flex;gap:2rem}.figures b{display:block;font-size:1.6rem}\
details{margin:.2rem 0}summary{cursor:pointer}svg{vertical-align:middle}.a{fill:#b8860b}.d{fill:#b42318}.g{fill:#2f7d4f}\
ul.s{margin:.2rem 0 .6rem 1.5rem;font-size:.9rem}table{border-collapse:collapse}td,th{padding:.2rem .6rem;text-align:left;border-bottom:1px solid #e4ded3}\
@media (prefers-color-scheme:dark){body{background:#16181c;color:#e7e4dd}.muted{color:#8d8a84}.a{fill:#d4a017}.d{fill:#e5534b}.g{fill:#57ab5a}h2,td,th{border-color:#2e3238}}";

/// The report for `insights`, titled `title`.
pub fn html(title: &str, insights: &Insights) -> String {
    let stories: HashMap<Uuid, &InsightStory> =
        insights.stories.iter().map(|s| (s.id, s)).collect();
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{t}</title>\
         <meta name=\"viewport\" content=\"width=device-width\"><style>{STYLE}</style></head><body><h1>{t}</h1>",
        t = escape(title)
    );
    let a = &insights.actions;
    let _ = write!(
        out,
        "<div class=\"figures\"><div><b>{}</b>stories</div><div><b>{}</b>actions open</div>\
         <div><b>{}</b>done</div><div><b>{}</b>overdue on {}</div></div>",
        insights.totals.stories, a.open, a.done, a.overdue, insights.today
    );

    out.push_str("<h2>Recurring themes</h2>");
    if insights.recurring.is_empty() {
        out.push_str("<p class=\"muted\">No contributing factor, lesson or action item recurs in two stories yet.</p>");
    }
    let max = insights
        .recurring
        .iter()
        .map(|t| t.count)
        .max()
        .unwrap_or(1);
    for t in insights.recurring.iter().take(50) {
        let detail = format!("{} · {}", t.kind.as_str(), t.tags.join(", "));
        item(
            &mut out,
            &t.theme,
            &detail,
            &[(t.count, "a")],
            max,
            &t.stories,
            &stories,
        );
    }

    out.push_str("<h2>Where we got lucky and what surprised us</h2>");
    let mut luck: BTreeMap<(std::cmp::Reverse<usize>, LuckKind, String), Vec<Uuid>> =
        BTreeMap::new();
    for l in &insights.lucky {
        let ids = luck
            .entry((std::cmp::Reverse(l.theme_count), l.kind, l.theme.clone()))
            .or_default();
        if !ids.contains(&l.story_id) {
            ids.push(l.story_id);
        }
    }
    if luck.is_empty() {
        out.push_str(
            "<p class=\"muted\">No story records where it got lucky or what surprised it.</p>",
        );
    }
    let max = luck.values().map(Vec::len).max().unwrap_or(1);
    for ((_, kind, theme), ids) in luck.iter().take(50) {
        let tone = if ids.len() > 1 { "d" } else { "a" };
        let detail = match kind {
            LuckKind::Lucky => "",
            LuckKind::Surprise => "surprise",
        };
        item(
            &mut out,
            theme,
            detail,
            &[(ids.len(), tone)],
            max,
            ids,
            &stories,
        );
    }

    out.push_str(
        "<h2>Follow-through by tag</h2><p class=\"muted\">red overdue · gold open · green done</p>",
    );
    let max = insights
        .actions_by_tag
        .iter()
        .map(|g| g.counts.open + g.counts.done)
        .max()
        .unwrap_or(1);
    for g in insights.actions_by_tag.iter().take(20) {
        let c = g.counts;
        let bars = [(c.overdue, "d"), (c.open - c.overdue, "a"), (c.done, "g")];
        item(&mut out, &g.key, "", &bars, max, &[], &stories);
    }

    out.push_str("<h2>Repeat incidents</h2>");
    if insights.repeats.is_empty() {
        out.push_str("<p class=\"muted\">None found.</p>");
    }
    out.push_str("<ul>");
    for r in &insights.repeats {
        let _ = write!(
            out,
            "<li>{} <span class=\"muted\">after {} ({} action items still open then) · {}</span></li>",
            name(&stories, r.story_id),
            name(&stories, r.earlier_story_id),
            r.open_actions,
            escape(&r.factor)
        );
    }
    out.push_str("</ul>");

    out.push_str(
        "<h2>Incidents and times per quarter</h2><table><tr><th>quarter</th><th>stories</th>\
                  <th>median to detect</th><th>median to resolve</th><th>top tags</th></tr>",
    );
    for t in &insights.times {
        let tags: Vec<String> = insights
            .by_quarter
            .iter()
            .filter(|q| q.quarter == t.quarter)
            .take(4)
            .map(|q| format!("{} {}", escape(&q.tag), q.count))
            .collect();
        let m = |v: Option<f64>| v.map_or("–".to_string(), |v| format!("{v:.0} min"));
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            t.quarter,
            t.stories,
            m(t.detect_minutes),
            m(t.resolve_minutes),
            tags.join(", ")
        );
    }
    out.push_str("</table>");
    if !insights.pulse.is_empty() {
        out.push_str("<h2>Learning pulse</h2><ul>");
        for p in &insights.pulse {
            let _ = write!(
                out,
                "<li>{}: {} retros, {} learned something, {} would come again</li>",
                p.quarter, p.retros, p.learned, p.would_come_again
            );
        }
        out.push_str("</ul>");
    }
    out.push_str("</body></html>\n");
    out
}

fn name(stories: &HashMap<Uuid, &InsightStory>, id: Uuid) -> String {
    stories
        .get(&id)
        .map_or_else(|| id.to_string(), |s| escape(&s.title))
}

/// One bar with its label and, folded, its stories.
fn item(
    out: &mut String,
    label: &str,
    detail: &str,
    bars: &[(usize, &str)],
    max: usize,
    ids: &[Uuid],
    stories: &HashMap<Uuid, &InsightStory>,
) {
    let total: usize = bars.iter().map(|b| b.0).sum();
    let mut svg = String::from("<svg width=\"210\" height=\"12\" role=\"img\">");
    let mut x = 0.0;
    for (value, tone) in bars {
        let w = *value as f64 / max.max(1) as f64 * 180.0;
        let _ = write!(
            svg,
            "<rect class=\"{tone}\" x=\"{x:.1}\" y=\"1\" width=\"{w:.1}\" height=\"10\"/>"
        );
        x += w;
    }
    let _ = write!(
        svg,
        "<text x=\"{:.1}\" y=\"10\" font-size=\"10\">{total}</text></svg>",
        x + 4.0
    );
    let detail = if detail.is_empty() {
        String::new()
    } else {
        format!(" <span class=\"muted\">{}</span>", escape(detail))
    };
    if ids.is_empty() {
        let _ = write!(out, "<div>{svg} {}{detail}</div>", escape(label));
        return;
    }
    let _ = write!(
        out,
        "<details><summary>{svg} {}{detail}</summary><ul class=\"s\">",
        escape(label)
    );
    for id in ids {
        let _ = write!(out, "<li>{}</li>", name(stories, *id));
    }
    out.push_str("</ul></details>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_is_one_script_free_page_with_escaped_text() {
        let mut row = super::super::test_row("<b>Locked</b>");
        row.parts.got_lucky = vec!["Traffic was <low>".into()];
        let insights = super::super::compute(&[row], &[], chrono::NaiveDate::MIN);
        let page = html("Insights", &insights);
        assert!(page.starts_with("<!doctype html>"));
        assert!(!page.contains("<script"));
        assert!(!page.contains("http"));
        assert!(page.contains("Traffic was &lt;low&gt;"));
        assert!(page.contains("&lt;b&gt;Locked&lt;/b&gt;"));
    }

    #[test]
    fn surprises_are_labelled_in_the_report() {
        let mut row = super::super::test_row("Lagging replica");
        row.parts.surprises = vec!["The replica was an hour behind".into()];
        let insights = super::super::compute(&[row], &[], chrono::NaiveDate::MIN);
        let page = html("Insights", &insights);
        assert!(page.contains("Where we got lucky and what surprised us"));
        assert!(
            page.contains("The replica was an hour behind <span class=\"muted\">surprise</span>")
        );
    }
}
