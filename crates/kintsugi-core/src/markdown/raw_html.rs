//! Raw HTML inside Markdown, one fragment at a time, so that no tag can hide
//! the text around it.
//!
//! A browser's HTML parser treats some elements as raw text: an unclosed
//! `<style>`, `<script>`, `<textarea>`, `<title>`, `<xmp>`, `<iframe>`,
//! `<noscript>`, `<noembed>`, `<noframes>` or `<plaintext>`, or an unclosed
//! `<!--`, swallows everything after it, and a sanitizer that then drops the
//! element drops the words with it. So raw HTML never reaches the HTML parser
//! as written. Each fragment pulldown-cmark reports (one inline tag, or one
//! whole HTML block) is rebuilt here:
//!
//! - a tag on the allow-list ([`ALLOWED`]: harmless inline and structural
//!   tags, none of them raw text) is written again in canonical form, with
//!   only its allowed attributes (`href` and `title`) kept;
//! - any other tag, and anything that does not parse as a tag, is shown as
//!   text, `<` and `>` escaped, so the reader sees what was written;
//! - a complete comment (`<!-- … -->`) is dropped, as Markdown authors mean
//!   it; an unclosed one is shown as text.
//!
//! Invariants: the output contains no element outside [`ALLOWED`], every
//! `<` in it starts a tag this module wrote, and at most [`MAX_OPEN`]
//! allow-listed elements are left open by raw HTML (a further opening tag is
//! shown as text), which bounds how deep raw HTML can nest. The result still
//! goes through the ammonia sanitizer afterwards (see [`super::render`]).

/// Tags raw HTML may use, with the attributes each may keep.
const ALLOWED: &[(&str, &[&str])] = &[
    ("a", &["href", "title"]),
    ("abbr", &["title"]),
    ("b", &[]),
    ("blockquote", &[]),
    ("br", &[]),
    ("caption", &[]),
    ("cite", &[]),
    ("code", &[]),
    ("dd", &[]),
    ("del", &[]),
    ("details", &[]),
    ("div", &[]),
    ("dl", &[]),
    ("dt", &[]),
    ("em", &[]),
    ("h1", &[]),
    ("h2", &[]),
    ("h3", &[]),
    ("h4", &[]),
    ("h5", &[]),
    ("h6", &[]),
    ("hr", &[]),
    ("i", &[]),
    ("ins", &[]),
    ("kbd", &[]),
    ("li", &[]),
    ("mark", &[]),
    ("ol", &[]),
    ("p", &[]),
    ("pre", &[]),
    ("q", &[]),
    ("s", &[]),
    ("samp", &[]),
    ("small", &[]),
    ("span", &[]),
    ("strong", &[]),
    ("sub", &[]),
    ("summary", &[]),
    ("sup", &[]),
    ("table", &[]),
    ("tbody", &[]),
    ("td", &[]),
    ("tfoot", &[]),
    ("th", &[]),
    ("thead", &[]),
    ("tr", &[]),
    ("u", &[]),
    ("ul", &[]),
    ("var", &[]),
    ("wbr", &[]),
];

/// Elements without content: they never stay open.
const VOID: &[&str] = &["br", "hr", "wbr"];

/// Most allow-listed elements raw HTML may leave open at once.
pub const MAX_OPEN: usize = 16;

/// Rebuilds raw HTML fragments of one document; remembers how many
/// elements earlier fragments left open.
#[derive(Debug, Default)]
pub struct RawHtml {
    open: usize,
}

impl RawHtml {
    /// The safe form of one raw fragment (see the module docs).
    pub fn fragment(&mut self, raw: &str) -> String {
        let mut out = String::with_capacity(raw.len() + 16);
        let mut rest = raw;
        while let Some(at) = rest.find('<') {
            push_text(&mut out, &rest[..at]);
            let from = &rest[at..];
            match parse(from) {
                Some((Piece::Comment, used)) => rest = &from[used..],
                Some((Piece::Tag(tag), used)) => {
                    if !self.write_tag(&mut out, &tag) {
                        push_text(&mut out, &from[..used]);
                    }
                    rest = &from[used..];
                }
                None => {
                    out.push_str("&lt;");
                    rest = &from[1..];
                }
            }
        }
        push_text(&mut out, rest);
        out
    }

    /// Writes `tag` canonically if it is allowed (and within the nesting
    /// bound); false when it must be shown as text instead.
    fn write_tag(&mut self, out: &mut String, tag: &Tag<'_>) -> bool {
        let name = tag.name.to_ascii_lowercase();
        let Some((_, allowed_attrs)) = ALLOWED.iter().find(|(n, _)| *n == name) else {
            return false;
        };
        let void = VOID.contains(&name.as_str());
        if tag.closing {
            if !void {
                self.open = self.open.saturating_sub(1);
                out.push_str("</");
                out.push_str(&name);
                out.push('>');
            }
            return true;
        }
        if !void {
            if self.open >= MAX_OPEN {
                return false;
            }
            self.open += 1;
        }
        out.push('<');
        out.push_str(&name);
        for (attr, value) in &tag.attrs {
            let attr = attr.to_ascii_lowercase();
            if allowed_attrs.contains(&attr.as_str()) {
                out.push(' ');
                out.push_str(&attr);
                out.push_str("=\"");
                for c in value.chars() {
                    match c {
                        '"' => out.push_str("&quot;"),
                        '<' => out.push_str("&lt;"),
                        '>' => out.push_str("&gt;"),
                        c => out.push(c),
                    }
                }
                out.push('"');
            }
        }
        out.push('>');
        true
    }
}

/// Text between tags: `<` and `>` escaped, character references left for
/// the HTML parser to decode (they cannot hide text).
fn push_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

enum Piece<'a> {
    Comment,
    Tag(Tag<'a>),
}

struct Tag<'a> {
    name: &'a str,
    closing: bool,
    attrs: Vec<(&'a str, &'a str)>,
}

/// Parses the tag or comment `s` starts with (`s` starts with `<`); returns
/// it and the bytes it takes, or `None` when it is not one.
fn parse(s: &str) -> Option<(Piece<'_>, usize)> {
    if let Some(body) = s.strip_prefix("<!--") {
        let end = body.find("-->")?;
        return Some((Piece::Comment, 4 + end + 3));
    }
    let b = s.as_bytes();
    let mut i = 1;
    let closing = b.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let name_start = i;
    if !b.get(i)?.is_ascii_alphabetic() {
        return None;
    }
    while b
        .get(i)
        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'-')
    {
        i += 1;
    }
    let name = &s[name_start..i];
    let mut attrs = Vec::new();
    loop {
        let before_space = i;
        while b.get(i)?.is_ascii_whitespace() {
            i += 1;
        }
        match b.get(i)? {
            b'>' => {
                return Some((
                    Piece::Tag(Tag {
                        name,
                        closing,
                        attrs,
                    }),
                    i + 1,
                ))
            }
            b'/' if b.get(i + 1) == Some(&b'>') => {
                return Some((
                    Piece::Tag(Tag {
                        name,
                        closing,
                        attrs,
                    }),
                    i + 2,
                ))
            }
            _ if closing || i == before_space => return None,
            _ => {}
        }
        let attr_start = i;
        while b
            .get(i)
            .is_some_and(|c| !c.is_ascii_whitespace() && !b"\"'>/=<`".contains(c))
        {
            i += 1;
        }
        if i == attr_start {
            return None;
        }
        let attr = &s[attr_start..i];
        let mut j = i;
        while b.get(j).is_some_and(u8::is_ascii_whitespace) {
            j += 1;
        }
        let mut value = "";
        if b.get(j) == Some(&b'=') {
            j += 1;
            while b.get(j).is_some_and(u8::is_ascii_whitespace) {
                j += 1;
            }
            match *b.get(j)? {
                q @ (b'"' | b'\'') => {
                    let len = s[j + 1..].find(q as char)?;
                    value = &s[j + 1..j + 1 + len];
                    i = j + 1 + len + 1;
                }
                _ => {
                    let v = j;
                    while b
                        .get(j)
                        .is_some_and(|c| !c.is_ascii_whitespace() && !b"\"'=<>`".contains(c))
                    {
                        j += 1;
                    }
                    if j == v {
                        return None;
                    }
                    value = &s[v..j];
                    i = j;
                }
            }
        }
        attrs.push((attr, value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn safe(raw: &str) -> String {
        RawHtml::default().fragment(raw)
    }

    #[test]
    fn allowed_tags_are_rebuilt_with_allowed_attributes_only() {
        assert_eq!(safe("<B onclick=x>"), "<b>");
        assert_eq!(
            safe("<a href='https://e.x/?a=1&amp;b' style=x title=\"t\">"),
            "<a href=\"https://e.x/?a=1&amp;b\" title=\"t\">"
        );
        assert_eq!(safe("</em>"), "</em>");
        assert_eq!(safe("<br/>"), "<br>");
    }

    #[test]
    fn other_tags_and_broken_markup_become_text() {
        assert_eq!(safe("<style>"), "&lt;style&gt;");
        assert_eq!(
            safe("<script src=x>a</script>"),
            "&lt;script src=x&gt;a&lt;/script&gt;"
        );
        assert_eq!(safe("<!-- open"), "&lt;!-- open");
        assert_eq!(safe("a <!-- note --> b"), "a  b");
        assert_eq!(safe("<a href=\"x"), "&lt;a href=\"x");
        assert_eq!(safe("1 < 2 > 0"), "1 &lt; 2 &gt; 0");
    }

    #[test]
    fn raw_nesting_is_bounded() {
        let html = safe(&"<b>".repeat(100));
        assert_eq!(html.matches("<b>").count(), MAX_OPEN);
        assert_eq!(html.matches("&lt;b&gt;").count(), 100 - MAX_OPEN);
    }
}
