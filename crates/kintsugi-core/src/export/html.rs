//! The whole library as one self-contained, script-free HTML file.

use crate::markdown::render::{inline_to_html, to_html};
use crate::story::{ActionStatus, Story};

const STYLE: &str = "body{font:16px/1.55 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}\
h1{font-size:1.8rem}article{border-top:1px solid #ddd;margin-top:2.5rem;padding-top:1rem}\
.meta{color:#666;font-size:.9rem}.tag{display:inline-block;background:#eef;border-radius:.6rem;padding:0 .5rem;margin-right:.3rem;font-size:.85rem}\
pre{background:#f5f5f7;padding:.8rem;overflow:auto}code{font-size:.9em}\
@media (prefers-color-scheme:dark){body{background:#161618;color:#e8e8ea}.tag{background:#2a2a40}pre{background:#222}}";

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// One HTML document holding `stories`, with a table of contents.
pub fn document(title: &str, stories: &[Story]) -> String {
    let mut out = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src https:\">\
         <title>{}</title><style>{STYLE}</style></head><body>\n<h1>{}</h1>\n<nav><ol>\n",
        escape(title),
        escape(title)
    );
    for story in stories {
        out.push_str(&format!(
            "<li><a href=\"#s-{}\">{}</a></li>\n",
            story.id.simple(),
            escape(&story.content.title)
        ));
    }
    out.push_str("</ol></nav>\n");
    for story in stories {
        out.push_str(&article(story));
    }
    out.push_str("</body></html>\n");
    out
}

/// One story as an `<article>`.
pub fn article(story: &Story) -> String {
    let c = &story.content;
    let mut out = format!(
        "<article id=\"s-{}\">\n<h2>{}</h2>\n",
        story.id.simple(),
        escape(&c.title)
    );
    let mut meta = Vec::new();
    for v in [&c.company, &c.product].into_iter().flatten() {
        meta.push(escape(v));
    }
    if let Some(s) = c.severity {
        meta.push(s.to_string());
    }
    if let Some(d) = c.incident_date() {
        meta.push(d.format("%Y-%m-%d").to_string());
    }
    out.push_str(&format!("<p class=\"meta\">{}</p>\n", meta.join(" · ")));
    if !c.tags.is_empty() {
        let tags: Vec<String> = c
            .tags
            .iter()
            .map(|t| format!("<span class=\"tag\">{}</span>", escape(t)))
            .collect();
        out.push_str(&format!("<p>{}</p>\n", tags.join("")));
    }
    if !c.summary.is_empty() {
        out.push_str(&format!("<p><strong>{}</strong></p>\n", escape(&c.summary)));
    }
    out.push_str(&to_html(&c.body));
    let p = &c.parts;
    let timeline: Vec<String> = p
        .timeline
        .iter()
        .map(|e| match e.time {
            Some(t) => format!(
                "<time>{}</time> — {}",
                t.format("%Y-%m-%d %H:%M UTC"),
                inline_to_html(&e.text)
            ),
            None => inline_to_html(&e.text),
        })
        .collect();
    let render = |items: &[String]| items.iter().map(|s| inline_to_html(s)).collect::<Vec<_>>();
    let actions: Vec<String> = p
        .action_items
        .iter()
        .map(|a| {
            let mut s = format!(
                "{} {}",
                if a.status == ActionStatus::Done {
                    "☑"
                } else {
                    "☐"
                },
                inline_to_html(&a.text)
            );
            if let Some(owner) = &a.owner {
                s.push_str(&format!(" <em>({})</em>", escape(owner)));
            }
            if let Some(due) = a.due {
                s.push_str(&format!(" <em>due {due}</em>"));
            }
            if let (ActionStatus::Done, Some(closed)) = (a.status, a.closed) {
                s.push_str(&format!(" <em>done on {closed}</em>"));
            }
            s
        })
        .collect();
    for (heading, items) in [
        ("Lessons", render(&p.lessons)),
        ("Timeline", timeline),
        ("What went well", render(&p.went_well)),
        ("What went wrong", render(&p.went_wrong)),
        ("Where we got lucky", render(&p.got_lucky)),
        ("What surprised us", render(&p.surprises)),
        ("Contributing factors", render(&p.contributing_factors)),
        ("Action items", actions),
    ] {
        if items.is_empty() {
            continue;
        }
        out.push_str(&format!("<h3>{heading}</h3>\n<ul>\n"));
        for item in items {
            out.push_str(&format!("<li>{item}</li>\n"));
        }
        out.push_str("</ul>\n");
    }
    if let Some(url) = &c.source_url {
        out.push_str(&crate::markdown::render::sanitize(&format!(
            "<p class=\"meta\">Source: <a href=\"{}\">{}</a></p>\n",
            escape(url),
            escape(url)
        )));
    }
    out.push_str("</article>\n");
    out
}
