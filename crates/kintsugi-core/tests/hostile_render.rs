//! Hostile Markdown renders in bounded work with every word visible: the
//! files of issue 11 (50–60 KB of nested quotes, spaced quotes, deep
//! lists, emphasis and links, unclosed raw-text tags) through the reader's
//! renderer, the HTML export and a search snippet.
//!
//! Bounds are asserted on the renderer's work counter, never on the wall
//! clock; the elapsed time is printed (`--nocapture`) for docs/reliability.md.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

mod common;

use std::time::Instant;

use kintsugi_core::export::ExportFormat;
use kintsugi_core::markdown::render::{
    budget, render, render_with_budget, to_html, OVER_BUDGET_NOTE,
};
use kintsugi_core::StoryContent;

/// A hostile document and the words that must stay visible.
struct Hostile {
    name: &'static str,
    text: String,
    words: Vec<String>,
}

fn word(i: usize) -> String {
    format!("w{i}x")
}

/// Builds a document from numbered pieces until it is `size` bytes long.
fn grow(name: &'static str, size: usize, mut piece: impl FnMut(usize, &str) -> String) -> Hostile {
    let mut text = String::new();
    let mut words = Vec::new();
    let mut i = 0;
    while text.len() < size {
        let w = word(i);
        text.push_str(&piece(i, &w));
        words.push(w);
        i += 1;
    }
    Hostile { name, text, words }
}

fn hostile_files() -> Vec<Hostile> {
    let mut files = vec![
        grow(
            "nested quotes, one deeper per line (50 KB)",
            50_000,
            |i, w| format!("{} {w}\n", ">".repeat(i.min(400))),
        ),
        grow("nested quotes, 60 KB", 60_000, |i, w| {
            format!("{}{w}\n", ">".repeat(i % 997))
        }),
        grow("spaced quotes > > > (50 KB)", 50_000, |i, w| {
            format!("{}{w}\n", "> ".repeat(i % 499))
        }),
        grow("deeply nested lists", 60_000, |i, w| {
            format!("{}- {w}\n", "  ".repeat(i % 200))
        }),
        grow("ordered lists in quotes", 60_000, |i, w| {
            format!("{}1. {w}\n", "> 1. ".repeat(i % 150))
        }),
        grow("nested emphasis", 60_000, |_, w| format!("*_**{w} ")),
        grow("nested links", 60_000, |_, w| format!("[{w} ")),
        grow("closed nested links", 60_000, |i, w| {
            format!(
                "{}{w}{}\n\n",
                "[".repeat(i % 300),
                "](https://e.x)".repeat(i % 300)
            )
        }),
        grow("unclosed raw tags", 60_000, |_, w| {
            format!("<b><i><div>{w} ")
        }),
    ];
    // One line of 50 000 quote markers, then words.
    let mut words = Vec::new();
    let mut text = ">".repeat(50_000);
    for i in 0..200 {
        text.push_str(&format!(" {}", word(i)));
        words.push(word(i));
    }
    files.push(Hostile {
        name: "one line of 50 000 '>'",
        text,
        words,
    });
    files
}

fn assert_all_visible(html: &str, words: &[String], name: &str) {
    for w in words {
        assert!(html.contains(w.as_str()), "{name}: {w} vanished");
    }
}

#[test]
fn hostile_files_render_within_budget_with_every_word_visible() {
    for file in hostile_files() {
        let started = Instant::now();
        let rendered = render(&file.text);
        let elapsed = started.elapsed();
        eprintln!(
            "{:<45} {:>6} bytes  work {:>8} (budget {:>8})  over budget: {:<5}  {:?}",
            file.name,
            file.text.len(),
            rendered.work,
            budget(file.text.len()),
            rendered.over_budget,
            elapsed
        );
        assert!(
            rendered.work <= budget(file.text.len()) + 1,
            "{}",
            file.name
        );
        assert!(!rendered.over_budget, "{} fell back to source", file.name);
        assert_all_visible(&rendered.html, &file.words, file.name);
    }
}

#[test]
fn reference_expansion_stays_within_budget() {
    // 20 000 uses of a 1 KB link: pulldown-cmark caps the expansion.
    let mut text = format!("[a]: https://e.x/{}\n\n", "p".repeat(1_000));
    for i in 0..20_000 {
        text.push_str(&format!("[a] {} ", word(i)));
    }
    let rendered = render(&text);
    assert!(rendered.work <= budget(text.len()) + 1);
    let words: Vec<String> = (0..20_000).map(word).collect();
    assert_all_visible(&rendered.html, &words, "references");
}

#[test]
fn over_budget_shows_the_source_with_a_note() {
    let text = "# Title\n\n> quoted <b>w1x</b> & w2x\n\n- w3x\n".repeat(50);
    let rendered = render_with_budget(&text, 100);
    assert!(rendered.over_budget);
    assert!(rendered.html.contains(OVER_BUDGET_NOTE));
    assert!(rendered.html.contains("<pre>"));
    assert!(rendered
        .html
        .contains("&gt; quoted &lt;b&gt;w1x&lt;/b&gt; &amp; w2x"));
    assert_eq!(rendered.html.matches("w3x").count(), 50);
}

#[test]
fn ordinary_stories_stay_far_under_budget() {
    let dir = common::icco();
    let mut worst = 0f64;
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let rendered = render(&text);
        assert!(!rendered.over_budget);
        worst = worst.max(rendered.work as f64 / text.len().max(1) as f64);
    }
    eprintln!("corpus: worst work per byte {worst:.2}");
    assert!(worst < 4.0, "ordinary stories cost {worst} units a byte");
}

#[test]
fn reader_export_and_snippets_survive_hostile_stories() {
    let (dir, lib) = common::library();
    for file in hostile_files() {
        let story = lib
            .create_story(StoryContent {
                title: file.name.to_string(),
                body: file.text.clone(),
                ..Default::default()
            })
            .unwrap();
        let shown = lib.render_story(story.id).unwrap();
        assert_all_visible(&shown.body_html, &file.words, file.name);
    }
    let out = dir.path().join("export");
    lib.export_library(&out, ExportFormat::Html).unwrap();
    let page: String = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap_or_default())
        .collect();
    for file in hostile_files() {
        assert_all_visible(&page, &file.words, file.name);
    }
    let hits = common::search(&lib, "w7x");
    assert!(!hits.hits.is_empty());
    for hit in &hits.hits {
        assert!(hit.snippet.contains("<mark>w7x</mark>"), "{}", hit.snippet);
    }
}

#[test]
fn unclosed_raw_text_elements_hide_nothing() {
    for tag in [
        "<style>",
        "<script>",
        "<textarea>",
        "<title>",
        "<xmp>",
        "<plaintext>",
        "<noscript>",
        "<noembed>",
        "<noframes>",
        "<iframe>",
        "<!--",
        "<svg><style>",
        "<math><mtext><table><mglyph><style>",
        "<select><option>",
        "<a href=\"https://e.x\" title=\"",
    ] {
        for doc in [
            format!("Before {tag} middle words\n\nafter paragraph"),
            format!("{tag}\n\nafter paragraph\n\n- list item words"),
            format!("Inline {tag} and more words\n\n# after heading"),
        ] {
            let html = to_html(&doc);
            for w in ["after", "words"] {
                assert!(html.contains(w), "{tag:?} hid {w:?}: {html}");
            }
        }
    }
}

#[test]
fn allowed_inline_html_still_formats() {
    let html = to_html("Press <kbd>Ctrl</kbd>+<b>C</b>, see <a href=\"https://e.x\">docs</a>.");
    assert!(html.contains("<kbd>Ctrl</kbd>"), "{html}");
    assert!(html.contains("<b>C</b>"), "{html}");
    assert!(html.contains("href=\"https://e.x\""), "{html}");
    let html = to_html("<details>\n<summary>Logs</summary>\n\nline one\n\n</details>\n");
    assert!(html.contains("<details>") && html.contains("<summary>Logs</summary>"));
    let html = to_html("<style>p{}</style> and <custom-tag>");
    assert!(html.contains("&lt;style&gt;p{}&lt;/style&gt;"), "{html}");
    assert!(html.contains("&lt;custom-tag&gt;"), "{html}");
}
