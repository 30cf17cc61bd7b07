//! Markdown: safe rendering to HTML, and the headed sections that hold a
//! postmortem's structured parts.

pub mod render;
pub mod sections;
