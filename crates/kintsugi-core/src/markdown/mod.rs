//! Markdown: safe, bounded rendering to HTML, and the headed sections that
//! hold a postmortem's structured parts.

mod bounds;
mod raw_html;
pub mod render;
pub mod sections;
