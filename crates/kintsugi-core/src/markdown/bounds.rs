//! Limits on rendering, so that any story under the import size limit
//! renders in time and memory proportional to its length.
//!
//! Two limits, applied to pulldown-cmark's event stream before any HTML is
//! written:
//!
//! - **Nesting depth.** Elements nested deeper than [`MAX_DEPTH`] (quotes in
//!   quotes, lists in lists, emphasis in links in emphasis…) are flattened:
//!   their text is kept, in place, but their tags are not written. A
//!   browser's HTML parser (and the sanitizer's) does work proportional to
//!   the depth of open elements for every tag, so 50 000 nested quotes made
//!   rendering quadratic; at most [`MAX_DEPTH`] levels keep it linear.
//! - **Work budget.** Every event costs one unit plus the bytes it carries
//!   (text, URLs, titles). A document whose events cost more than
//!   [`budget`] of its length stops rendering; the caller then shows the
//!   source as text. Ordinary stories spend about one unit a byte; only
//!   text expanded many times could spend more, and pulldown-cmark already
//!   caps the expansion of link reference definitions, so the budget is a
//!   safety net that no known input reaches.
//!
//! Raw HTML is handed to [`RawHtml`] fragment by fragment (an HTML block is
//! gathered whole first), so it is bounded by the same counters.
//!
//! Invariant: no text event is dropped unless the budget ran out, and then
//! the caller shows the whole source instead.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::raw_html::RawHtml;

/// Deepest nesting of elements that is written as such.
pub const MAX_DEPTH: usize = 32;

/// Work units a document of `len` bytes may spend: generous for anything
/// written by hand (the public corpus spends about one a byte), and above
/// pulldown-cmark's own cap on reference expansion (the larger of the
/// length and 100 000 bytes).
pub fn budget(len: usize) -> u64 {
    8 * len as u64 + 250_000
}

/// The event stream with both limits applied; see the module docs.
pub struct Bounded<'a, I> {
    events: I,
    /// For each open element: whether its start tag was written.
    open: Vec<bool>,
    /// How many of the open elements were written.
    depth: usize,
    work: u64,
    budget: u64,
    over_budget: bool,
    raw: RawHtml,
    /// An HTML block being gathered, when one is open.
    html_block: Option<String>,
    /// An event produced while handling the previous one, to hand out next.
    pending: Option<Event<'a>>,
}

impl<'a, I: Iterator<Item = Event<'a>>> Bounded<'a, I> {
    /// Wraps `events`, to spend at most `budget` work units.
    pub fn new(events: I, budget: u64) -> Self {
        Bounded {
            events,
            open: Vec::new(),
            depth: 0,
            work: 0,
            budget,
            over_budget: false,
            raw: RawHtml::default(),
            html_block: None,
            pending: None,
        }
    }

    /// Work units spent so far.
    pub fn work(&self) -> u64 {
        self.work
    }

    /// Whether the budget ran out (the stream then ended early).
    pub fn over_budget(&self) -> bool {
        self.over_budget
    }

    fn charge(&mut self, event: &Event<'_>) -> bool {
        let bytes = match event {
            Event::Text(t)
            | Event::Code(t)
            | Event::Html(t)
            | Event::InlineHtml(t)
            | Event::InlineMath(t)
            | Event::DisplayMath(t)
            | Event::FootnoteReference(t) => t.len(),
            Event::Start(Tag::Link {
                dest_url, title, ..
            })
            | Event::Start(Tag::Image {
                dest_url, title, ..
            }) => dest_url.len() + title.len(),
            _ => 0,
        };
        self.work += 1 + bytes as u64;
        if self.work > self.budget {
            self.over_budget = true;
        }
        !self.over_budget
    }

    /// One event after the limits, or `None` to skip it.
    fn limit(&mut self, event: Event<'a>) -> Option<Event<'a>> {
        match event {
            Event::Start(Tag::HtmlBlock) => {
                self.html_block = Some(String::new());
                self.start(Event::Start(Tag::HtmlBlock))
            }
            Event::Html(text) if self.html_block.is_some() => {
                if let Some(block) = self.html_block.as_mut() {
                    block.push_str(&text);
                }
                None
            }
            Event::End(TagEnd::HtmlBlock) => {
                let block = self.html_block.take().unwrap_or_default();
                let safe = Event::Html(CowStr::from(self.raw.fragment(&block)));
                match self.end(Event::End(TagEnd::HtmlBlock)) {
                    Some(end) => {
                        self.pending = Some(end);
                        Some(safe)
                    }
                    None => Some(safe),
                }
            }
            Event::Html(text) | Event::InlineHtml(text) => {
                Some(Event::Html(CowStr::from(self.raw.fragment(&text))))
            }
            start @ Event::Start(_) => self.start(start),
            end @ Event::End(_) => self.end(end),
            other => Some(other),
        }
    }

    fn start(&mut self, start: Event<'a>) -> Option<Event<'a>> {
        let written = self.depth < MAX_DEPTH;
        self.open.push(written);
        if written {
            self.depth += 1;
            Some(start)
        } else {
            None
        }
    }

    fn end(&mut self, end: Event<'a>) -> Option<Event<'a>> {
        if self.open.pop().unwrap_or(false) {
            self.depth -= 1;
            Some(end)
        } else if is_block_end(&end) {
            // Keeps the words of flattened blocks apart.
            Some(Event::Text(CowStr::Borrowed("\n")))
        } else {
            None
        }
    }
}

fn is_block_end(event: &Event<'_>) -> bool {
    matches!(
        event,
        Event::End(
            TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::HtmlBlock
                | TagEnd::List(_)
                | TagEnd::Item
                | TagEnd::FootnoteDefinition
                | TagEnd::Table
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::TableCell
                | TagEnd::DefinitionList
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition
        )
    )
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for Bounded<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(event) = self.pending.take() {
            return Some(event);
        }
        loop {
            if self.over_budget {
                return None;
            }
            let event = self.events.next()?;
            if !self.charge(&event) {
                return None;
            }
            if let Some(out) = self.limit(event) {
                return Some(out);
            }
        }
    }
}
