//! A single Markdown document listing many stories, such as the public
//! "A List of Post-mortems!": `##` headings are categories, and each
//! paragraph that begins with a link followed by a sentence is one story.
//!
//! ```text
//! ## Config Errors
//!
//! [Company](https://…), [see also](https://…). What happened, in a paragraph.
//! ```
//!
//! Paragraphs that are only a link, or a link followed by anything other than
//! `.` and a description (reading lists, credits), are not stories.

use uuid::Uuid;

use super::ParsedStory;
use crate::story::{StoryContent, StoryKind};

/// Fewest entries for a front-matter-less file to count as a list document.
const MIN_ENTRIES: usize = 3;

/// One story entry of the list.
struct Entry<'a> {
    category: Option<&'a str>,
    name: &'a str,
    url: &'a str,
    /// The paragraph's links after the first, as `[text](url)`.
    more_links: Vec<&'a str>,
    description: String,
}

/// The stories of `text` if it is a list document, else `None`.
pub fn parse(text: &str) -> Option<Vec<ParsedStory>> {
    let entries = entries(text);
    if entries.len() < MIN_ENTRIES {
        return None;
    }
    Some(entries.into_iter().map(story).collect())
}

fn entries(text: &str) -> Vec<Entry<'_>> {
    let mut out = Vec::new();
    let mut category = None;
    for paragraph in paragraphs(text) {
        if let Some(heading) = paragraph.strip_prefix("## ") {
            category = Some(heading.trim());
            continue;
        }
        if let Some(entry) = entry(paragraph, category) {
            out.push(entry);
        }
    }
    out
}

fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    text.split("\n\n")
        .flat_map(|block| {
            // A heading line may sit directly on top of a paragraph.
            let mut parts = Vec::new();
            let mut rest = block.trim_matches(['\n', '\r']);
            while let Some(line_end) = rest.find('\n').filter(|_| rest.starts_with('#')) {
                parts.push(&rest[..line_end]);
                rest = rest[line_end + 1..].trim_start_matches(['\n', '\r']);
            }
            parts.push(rest);
            parts
        })
        .map(str::trim)
        .filter(|p| !p.is_empty())
}

fn entry<'a>(paragraph: &'a str, category: Option<&'a str>) -> Option<Entry<'a>> {
    let (name, url, mut rest) = link(paragraph)?;
    let mut more_links = Vec::new();
    while let Some(after_comma) = rest.strip_prefix(',').map(str::trim_start) {
        let (_, _, after) = link(after_comma)?;
        more_links.push(&after_comma[..after_comma.len() - after.len()]);
        rest = after;
    }
    let description = rest
        .strip_prefix('.')?
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if description.is_empty() {
        return None;
    }
    Some(Entry {
        category,
        name,
        url,
        more_links,
        description,
    })
}

/// A leading `[text](url)`: (text, url, rest of the paragraph).
fn link(s: &str) -> Option<(&str, &str, &str)> {
    let s = s.strip_prefix('[')?;
    let close = s.find("](")?;
    let name = &s[..close];
    let after = &s[close + 2..];
    let end = after.find(')')?;
    Some((name.trim(), after[..end].trim(), &after[end + 1..]))
}

fn story(entry: Entry<'_>) -> ParsedStory {
    let mut body = entry.description.clone();
    if !entry.more_links.is_empty() {
        body.push_str(&format!("\n\nSee also: {}", entry.more_links.join(", ")));
    }
    let content = StoryContent {
        kind: StoryKind::Postmortem,
        title: format!("{}: {}", entry.name, first_sentence(&entry.description, 90)),
        summary: entry.description,
        body,
        tags: entry
            .category
            .map(|c| vec![c.to_string()])
            .unwrap_or_default(),
        company: Some(entry.name.to_string()),
        source_url: Some(entry.url.to_string()),
        ..Default::default()
    };
    ParsedStory {
        id: Some(Uuid::new_v5(&Uuid::NAMESPACE_URL, entry.url.as_bytes())),
        content,
    }
}

/// The first sentence of `text`, cut at a word boundary to `max` characters.
pub(crate) fn first_sentence(text: &str, max: usize) -> String {
    let sentence = text
        .split_inclusive(". ")
        .next()
        .unwrap_or(text)
        .trim()
        .trim_end_matches('.');
    if sentence.chars().count() <= max {
        return sentence.to_string();
    }
    let mut cut = String::new();
    for word in sentence.split_whitespace() {
        if cut.chars().count() + word.chars().count() + 1 > max {
            break;
        }
        if !cut.is_empty() {
            cut.push(' ');
        }
        cut.push_str(word);
    }
    format!("{}…", cut.trim_end_matches([',', ';', ':']))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "# A list\n\n## Config Errors\n\n[Acme](https://a.example/1). A bad config took down routing. It was bad.\n\n[Beta](https://b.example/1), [see also](https://b.example/2). Two links, one story.\n\n## Time\n[Gamma](https://c.example/1). Leap second.\n\n## Other lists\n\n[Some list](https://d.example/)\n\n[Another](https://e.example/).\n\n[SRE Weekly](https://f.example) has outages.\n";

    #[test]
    fn one_story_per_entry_with_category_tag() {
        let stories = parse(DOC).expect("a list document");
        let titles: Vec<_> = stories.iter().map(|s| s.content.title.as_str()).collect();
        assert_eq!(
            titles,
            vec![
                "Acme: A bad config took down routing",
                "Beta: Two links, one story",
                "Gamma: Leap second"
            ]
        );
        assert_eq!(stories[0].content.tags, vec!["Config Errors"]);
        assert_eq!(stories[2].content.tags, vec!["Time"]);
        assert!(stories[1]
            .content
            .body
            .contains("[see also](https://b.example/2)"));
        assert_eq!(
            stories[0].content.source_url.as_deref(),
            Some("https://a.example/1")
        );
    }

    #[test]
    fn prose_is_not_a_list() {
        assert!(parse("Just [a link](https://x.example). And text.\n").is_none());
    }

    #[test]
    fn first_sentence_cuts_at_words() {
        assert_eq!(first_sentence("Short one. Second.", 90), "Short one");
        assert_eq!(first_sentence("alpha beta gamma delta", 12), "alpha beta…");
    }
}
