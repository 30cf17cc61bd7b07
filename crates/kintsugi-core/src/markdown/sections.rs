//! The headed sections of a postmortem body and the structured parts they hold.
//!
//! On import, sections such as "Timeline", "What went well" or "Action items"
//! (any heading level, common synonyms accepted) are lifted out of the body
//! into [`StoryParts`]; everything else stays in the narrative. On export,
//! [`write`] produces exactly the form [`split`] reads back, so a story
//! survives an export/import round trip unchanged.

use chrono::{NaiveDate, SecondsFormat};

use crate::story::{
    collapse_whitespace, parse_timestamp, ActionItem, ActionStatus, StoryParts, TimelineEvent,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Timeline,
    WentWell,
    WentWrong,
    GotLucky,
    Surprises,
    ContributingFactors,
    Lessons,
    ActionItems,
}

/// Section titles written on export, in order.
const CANONICAL: [(Part, &str); 8] = [
    (Part::Timeline, "Timeline"),
    (Part::WentWell, "What went well"),
    (Part::WentWrong, "What went wrong"),
    (Part::GotLucky, "Where we got lucky"),
    (Part::Surprises, "What surprised us"),
    (Part::ContributingFactors, "Contributing factors"),
    (Part::Lessons, "Lessons"),
    (Part::ActionItems, "Action items"),
];

fn part_for_heading(heading: &str) -> Option<Part> {
    // "What surprised us?" and "Lessons:" name the same sections as
    // "What surprised us" and "Lessons".
    let h = heading
        .trim_end_matches(|c: char| c == ':' || c == '?' || c.is_whitespace())
        .trim_start()
        .to_lowercase()
        .replace('’', "'");
    let part = match h.as_str() {
        "timeline" | "incident timeline" | "timeline of events" | "sequence of events"
        | "detailed timeline" => Part::Timeline,
        "what went well" | "went well" | "things that went well" | "what worked" => Part::WentWell,
        "what went wrong"
        | "went wrong"
        | "things that went wrong"
        | "what didn't go well"
        | "what went poorly" => Part::WentWrong,
        "where we got lucky"
        | "where we were lucky"
        | "got lucky"
        | "where we got lucky:"
        | "lucky" => Part::GotLucky,
        "what surprised us"
        | "surprises"
        | "surprised us"
        | "what surprised us most"
        | "what was surprising"
        | "things that surprised us" => Part::Surprises,
        "contributing factors"
        | "contributing factor"
        | "causes"
        | "root cause"
        | "root causes"
        | "root cause analysis" => Part::ContributingFactors,
        "lessons" | "lessons learned" | "lessons learnt" | "learnings" | "takeaways"
        | "key takeaways" => Part::Lessons,
        "action items"
        | "action items and follow-ups"
        | "follow-ups"
        | "follow ups"
        | "followups"
        | "follow-up actions"
        | "remediation"
        | "remediations"
        | "corrective actions"
        | "next steps" => Part::ActionItems,
        _ => return None,
    };
    Some(part)
}

/// Splits a Markdown body into narrative and structured parts.
pub fn split(body: &str) -> (String, StoryParts) {
    let mut narrative: Vec<&str> = Vec::new();
    let mut parts = StoryParts::default();
    let mut current: Option<(Part, usize, Vec<&str>)> = None;
    let mut fence: Option<&str> = None;
    for line in body.lines() {
        let trimmed = line.trim_start();
        if let Some(marker) = fence {
            if trimmed.starts_with(marker) {
                fence = None;
            }
        } else if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
        } else if let Some((level, title)) = atx_heading(line) {
            // A known section always starts anew; other headings end a
            // section only at its own level or above.
            let part = part_for_heading(title);
            let ends_current =
                part.is_some() || current.as_ref().is_some_and(|(_, l, _)| level <= *l);
            if ends_current {
                if let Some((part, _, lines)) = current.take() {
                    fill(&mut parts, part, &lines);
                }
            }
            if let Some(part) = part {
                current = Some((part, level, Vec::new()));
                continue;
            }
        }
        match &mut current {
            Some((_, _, lines)) => lines.push(line),
            None => narrative.push(line),
        }
    }
    if let Some((part, _, lines)) = current {
        fill(&mut parts, part, &lines);
    }
    (narrative.join("\n").trim().to_string(), parts)
}

/// `(level, title)` of an ATX heading line.
fn atx_heading(line: &str) -> Option<(usize, &str)> {
    if line.starts_with("    ") {
        return None;
    }
    let t = line.trim_start();
    let level = t.chars().take_while(|c| *c == '#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &t[level..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    Some((level, rest.trim().trim_end_matches('#').trim()))
}

fn fill(parts: &mut StoryParts, part: Part, lines: &[&str]) {
    let entries = entries(lines);
    match part {
        Part::Timeline => parts
            .timeline
            .extend(entries.iter().map(|e| timeline_event(e))),
        Part::WentWell => parts.went_well.extend(entries),
        Part::WentWrong => parts.went_wrong.extend(entries),
        Part::GotLucky => parts.got_lucky.extend(entries),
        Part::Surprises => parts.surprises.extend(entries),
        Part::ContributingFactors => parts.contributing_factors.extend(entries),
        Part::Lessons => parts.lessons.extend(entries),
        Part::ActionItems => parts
            .action_items
            .extend(entries.iter().map(|e| action_item(e))),
    }
}

/// List items of a section; a section without a list gives its paragraphs.
fn entries(lines: &[&str]) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    let mut paragraphs: Vec<String> = Vec::new();
    let mut paragraph = String::new();
    let mut in_item = false;
    for line in lines {
        let trimmed = line.trim();
        if let Some(item) = list_item(line) {
            items.push(item.to_string());
            in_item = true;
        } else if trimmed.is_empty() {
            in_item = false;
            if !paragraph.is_empty() {
                paragraphs.push(std::mem::take(&mut paragraph));
            }
        } else if in_item || (line.starts_with([' ', '\t']) && !items.is_empty()) {
            let last = items.last_mut().expect("in_item implies an item");
            last.push(' ');
            last.push_str(trimmed);
        } else {
            if !paragraph.is_empty() {
                paragraph.push(' ');
            }
            paragraph.push_str(trimmed);
        }
    }
    if !paragraph.is_empty() {
        paragraphs.push(paragraph);
    }
    if items.is_empty() {
        paragraphs
    } else {
        items
    }
}

/// The text of a top-level list item line (`- x`, `* x`, `+ x`, `1. x`, `1) x`).
fn list_item(line: &str) -> Option<&str> {
    let indent = line.len() - line.trim_start().len();
    if indent > 3 {
        return None;
    }
    let t = line.trim_start();
    if let Some(rest) = t.strip_prefix(['-', '*', '+']) {
        return rest.strip_prefix([' ', '\t']).map(str::trim);
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits < 10 {
        let rest = &t[digits..];
        return rest
            .strip_prefix(['.', ')'])
            .and_then(|r| r.strip_prefix([' ', '\t']))
            .map(str::trim);
    }
    None
}

const SEPARATORS: [&str; 4] = [" — ", " – ", " - ", ": "];

fn timeline_event(entry: &str) -> TimelineEvent {
    for sep in SEPARATORS {
        if let Some((time, text)) = entry.split_once(sep) {
            if let Some(time) = parse_timestamp(time.trim().trim_matches('*')) {
                return TimelineEvent {
                    time: Some(time),
                    text: text.trim().to_string(),
                };
            }
        }
    }
    TimelineEvent {
        time: None,
        text: entry.to_string(),
    }
}

fn action_item(entry: &str) -> ActionItem {
    let (status, rest) = if let Some(r) = entry.strip_prefix("[ ]") {
        (ActionStatus::Open, r)
    } else if let Some(r) = entry
        .strip_prefix("[x]")
        .or_else(|| entry.strip_prefix("[X]"))
    {
        (ActionStatus::Done, r)
    } else {
        (ActionStatus::Open, entry)
    };
    let rest = rest.trim();
    let mut item = ActionItem {
        text: rest.to_string(),
        owner: None,
        status,
        due: None,
        closed: None,
    };
    if let Some(open) = rest.rfind(" (") {
        let meta = &rest[open + 2..];
        if let Some(meta) = meta.strip_suffix(')') {
            let mut owner = None;
            let mut due = None;
            let mut closed = None;
            let date = |v: &str| NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").ok();
            let all_known = meta.split(',').all(|pair| match pair.split_once(':') {
                Some((k, v)) if k.trim() == "owner" => {
                    owner = Some(v.trim().to_string());
                    true
                }
                Some((k, v)) if k.trim() == "due" => {
                    due = date(v);
                    due.is_some()
                }
                // People write "done: …" on a ticked item; export writes "closed".
                Some((k, v)) if matches!(k.trim(), "closed" | "done") => {
                    closed = date(v);
                    closed.is_some()
                }
                _ => false,
            });
            if all_known {
                item.text = rest[..open].trim().to_string();
                item.owner = owner;
                item.due = due;
                item.closed = closed;
            }
        }
    }
    item
}

/// Markdown sections for the non-empty parts, in canonical order.
pub fn write(parts: &StoryParts) -> String {
    let mut out = String::new();
    for (part, title) in CANONICAL {
        let lines: Vec<String> = match part {
            Part::Timeline => parts
                .timeline
                .iter()
                .map(|e| match e.time {
                    Some(t) => format!(
                        "{} — {}",
                        t.to_rfc3339_opts(SecondsFormat::AutoSi, true),
                        collapse_whitespace(&e.text)
                    ),
                    None => collapse_whitespace(&e.text),
                })
                .collect(),
            Part::WentWell => parts
                .went_well
                .iter()
                .map(|s| collapse_whitespace(s))
                .collect(),
            Part::WentWrong => parts
                .went_wrong
                .iter()
                .map(|s| collapse_whitespace(s))
                .collect(),
            Part::GotLucky => parts
                .got_lucky
                .iter()
                .map(|s| collapse_whitespace(s))
                .collect(),
            Part::Surprises => parts
                .surprises
                .iter()
                .map(|s| collapse_whitespace(s))
                .collect(),
            Part::ContributingFactors => parts
                .contributing_factors
                .iter()
                .map(|s| collapse_whitespace(s))
                .collect(),
            Part::Lessons => parts
                .lessons
                .iter()
                .map(|s| collapse_whitespace(s))
                .collect(),
            Part::ActionItems => parts.action_items.iter().map(write_action_item).collect(),
        };
        if lines.is_empty() {
            continue;
        }
        out.push_str(&format!("\n\n## {title}\n\n"));
        for line in lines {
            out.push_str("- ");
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

fn write_action_item(item: &ActionItem) -> String {
    let check = match item.status {
        ActionStatus::Open => "[ ]",
        ActionStatus::Done => "[x]",
    };
    let mut meta = Vec::new();
    if let Some(owner) = &item.owner {
        meta.push(format!("owner: {}", owner.replace([',', ')'], " ")));
    }
    if let Some(due) = item.due {
        meta.push(format!("due: {due}"));
    }
    if let Some(closed) = item.closed {
        meta.push(format!("closed: {closed}"));
    }
    let meta = if meta.is_empty() {
        String::new()
    } else {
        format!(" ({})", meta.join(", "))
    };
    format!("{check} {}{meta}", collapse_whitespace(&item.text))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "Intro paragraph.\n\n## Timeline\n\n- 2024-03-12T14:05:00Z — Migration started.\n- **14:20** pager fired\n\n## What went well\n\n- Rollback was fast\n  and clean\n\n### Lessons learned\n\nParagraph lesson one.\n\nParagraph lesson two.\n\n## Action items\n\n- [ ] Add lint (owner: Platform team, due: 2024-04-15)\n- [x] Set lock_timeout (owner: DBA)\n- Plain follow-up (see ticket)\n\n## Appendix\n\n```\n## Lessons\nnot a heading\n```\n";

    #[test]
    fn splits_known_sections_out_of_the_body() {
        let (narrative, parts) = split(BODY);
        assert!(narrative.starts_with("Intro paragraph."));
        assert!(narrative.contains("## Appendix"));
        assert!(
            narrative.contains("not a heading"),
            "code fences are not parsed: {narrative}"
        );
        assert_eq!(parts.timeline.len(), 2);
        assert_eq!(parts.timeline[0].text, "Migration started.");
        assert!(parts.timeline[0].time.is_some());
        assert_eq!(parts.timeline[1].time, None);
        assert_eq!(parts.went_well, vec!["Rollback was fast and clean"]);
        assert_eq!(
            parts.lessons,
            vec!["Paragraph lesson one.", "Paragraph lesson two."]
        );
        let items = &parts.action_items;
        assert_eq!(items.len(), 3);
        assert_eq!(items[0].text, "Add lint");
        assert_eq!(items[0].owner.as_deref(), Some("Platform team"));
        assert_eq!(
            items[0].due.map(|d| d.to_string()).as_deref(),
            Some("2024-04-15")
        );
        assert_eq!(items[1].status, ActionStatus::Done);
        assert_eq!(items[2].text, "Plain follow-up (see ticket)");
    }

    #[test]
    fn surprises_are_lifted_under_any_of_their_headings() {
        for heading in [
            "What surprised us",
            "What surprised us?",
            "### Surprises:",
            "surprises",
        ] {
            let heading = if heading.starts_with('#') {
                heading.to_string()
            } else {
                format!("## {heading}")
            };
            let body = format!("Story.\n\n{heading}\n\n- The replica lagged\n- Nobody knew the cron ran twice\n\n## Lessons\n\n- Look\n");
            let (narrative, parts) = split(&body);
            assert_eq!(narrative, "Story.", "{heading}");
            assert_eq!(
                parts.surprises,
                vec!["The replica lagged", "Nobody knew the cron ran twice"],
                "{heading}"
            );
            assert!(parts.got_lucky.is_empty());
        }
        let (_, parts) = split(
            "## Where we got lucky\n\nQuiet day\n\n## What surprised us?\n\nIt took minutes\n",
        );
        assert_eq!(parts.got_lucky, vec!["Quiet day"]);
        assert_eq!(parts.surprises, vec!["It took minutes"]);
        let written = write(&parts);
        assert!(
            written.contains("## What surprised us\n\n- It took minutes"),
            "{written}"
        );
        assert_eq!(split(&written).1, parts);
    }

    #[test]
    fn an_action_item_s_close_date_is_read_and_written() {
        let (_, parts) = split("## Action items\n\n- [x] Set lock_timeout (owner: DBA, due: 2024-04-15, closed: 2024-04-10)\n- [x] Add lint (done: 2024-05-02)\n- [x] Unknown day (owner: SRE)\n- [ ] Reopened (closed: 2024-03-01)\n- [x] Not a date (closed: soon)\n");
        let items = &parts.action_items;
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        assert_eq!(items[0].text, "Set lock_timeout");
        assert_eq!(items[0].due, day("2024-04-15"));
        assert_eq!(items[0].closed, day("2024-04-10"));
        assert_eq!(items[1].closed, day("2024-05-02"));
        assert_eq!(items[2].closed, None);
        assert_eq!(items[2].status, ActionStatus::Done);
        // Kept as written: only the status says an item is done.
        assert_eq!(items[3].status, ActionStatus::Open);
        assert_eq!(items[3].closed, day("2024-03-01"));
        assert_eq!(items[4].text, "Not a date (closed: soon)");
        assert_eq!(items[4].closed, None);
        let written = write(&parts);
        assert!(
            written.contains(
                "- [x] Set lock_timeout (owner: DBA, due: 2024-04-15, closed: 2024-04-10)"
            ),
            "{written}"
        );
        assert!(written.contains("- [x] Add lint (closed: 2024-05-02)"));
        assert_eq!(split(&written).1, parts);
    }

    #[test]
    fn write_then_split_gives_the_same_parts() {
        let (_, parts) = split(BODY);
        let (narrative, again) = split(&write(&parts));
        assert_eq!(narrative, "");
        assert_eq!(again, parts);
    }
}
