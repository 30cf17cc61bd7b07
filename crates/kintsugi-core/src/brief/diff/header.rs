//! Reading the header lines of a unified diff: hunk ranges, commit lines of
//! patches and logs, and file paths as git writes them (prefixes, C-style
//! quoting of unusual names, `a/P b/P` headers without `---`/`+++`).
//!
//! Invariant: every function here reads one line and never fails; a line it
//! cannot read gives `None` or the text as it is.

/// `@@ -a[,b] +c[,d] @@ section` → (b, c, d, section).
pub(super) fn hunk_header(line: &str) -> Option<(u32, u32, u32, String)> {
    let rest = line.strip_prefix("@@ -")?;
    let (ranges, section) = rest.split_once(" @@").unwrap_or((rest, ""));
    let (old, new) = ranges.split_once(" +")?;
    let range = |r: &str| -> Option<(u32, u32)> {
        match r.split_once(',') {
            Some((start, len)) => Some((start.parse().ok()?, len.parse().ok()?)),
            None => Some((r.parse().ok()?, 1)),
        }
    };
    let (_, old_len) = range(old)?;
    let (new_start, new_len) = range(new.trim())?;
    Some((old_len, new_start, new_len, section.trim().to_string()))
}

/// `From <40 hex> Mon Sep 17 00:00:00 2001` or `commit <hex>` → the id.
pub(super) fn commit_line(line: &str) -> Option<String> {
    let rest = line
        .strip_prefix("From ")
        .filter(|r| r.ends_with(" 2001"))
        .or_else(|| line.strip_prefix("commit "))?;
    let id = rest.split_whitespace().next()?;
    let hex = id.len() >= 7 && id.len() <= 64 && id.chars().all(|c| c.is_ascii_hexdigit());
    hex.then(|| id.to_ascii_lowercase())
}

/// The new path from what follows `diff --git `.
pub(super) fn git_header_path(rest: &str) -> String {
    if let Some(stripped) = rest.strip_prefix('"') {
        // `"a/x y" "b/x y"` or `"a/x" b/x`.
        if let Some(end) = closing_quote(stripped) {
            let second = stripped[end + 1..].trim();
            return strip_git_prefix(&unquote(second)).to_string();
        }
    }
    if let Some(pos) = rest.rfind(" \"") {
        return strip_git_prefix(&unquote(&rest[pos + 1..])).to_string();
    }
    // `a/P b/P`: both halves are equal unless renamed; then rename lines follow.
    let n = rest.len();
    if n % 2 == 1 {
        let half = n / 2;
        if rest.is_char_boundary(half) && rest.as_bytes()[half] == b' ' {
            let (a, b) = (&rest[..half], &rest[half + 1..]);
            if strip_git_prefix(a) == strip_git_prefix(b) {
                return strip_git_prefix(b).to_string();
            }
        }
    }
    match rest.rsplit_once(" b/") {
        Some((_, b)) => b.to_string(),
        None => rest.rsplit(' ').next().unwrap_or(rest).to_string(),
    }
}

fn closing_quote(s: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return Some(i),
            _ => escaped = false,
        }
    }
    None
}

/// `a/x`, `b/x`, or git's mnemonic `i/x`, `w/x`, `c/x`, `o/x` → `x`.
pub(super) fn strip_git_prefix(path: &str) -> &str {
    let bytes = path.as_bytes();
    if bytes.len() > 2 && bytes[1] == b'/' && bytes[0].is_ascii_lowercase() {
        &path[2..]
    } else {
        path
    }
}

/// Undoes git's C-style quoting of unusual paths (`"caf\303\251.txt"`).
pub(super) fn unquote(path: &str) -> String {
    let path = path.trim();
    let Some(inner) = path.strip_prefix('"').and_then(|p| p.strip_suffix('"')) else {
        return path.to_string();
    };
    let mut bytes = Vec::with_capacity(inner.len());
    let mut chars = inner.bytes().peekable();
    while let Some(b) = chars.next() {
        if b != b'\\' {
            bytes.push(b);
            continue;
        }
        match chars.next() {
            Some(b'n') => bytes.push(b'\n'),
            Some(b't') => bytes.push(b'\t'),
            Some(b'"') => bytes.push(b'"'),
            Some(b'\\') => bytes.push(b'\\'),
            Some(d @ b'0'..=b'7') => {
                let mut value = u32::from(d - b'0');
                for _ in 0..2 {
                    match chars.peek() {
                        Some(&o @ b'0'..=b'7') => {
                            value = value * 8 + u32::from(o - b'0');
                            chars.next();
                        }
                        _ => break,
                    }
                }
                bytes.push(value as u8);
            }
            Some(other) => bytes.push(other),
            None => bytes.push(b'\\'),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_and_quoted_paths() {
        assert_eq!(
            hunk_header("@@ -3,4 +5,6 @@ def down"),
            Some((4, 5, 6, "def down".into()))
        );
        assert_eq!(hunk_header("@@ -1 +1 @@"), Some((1, 1, 1, String::new())));
        assert_eq!(hunk_header("@@ nope @@"), None);
        assert_eq!(
            commit_line("commit 3F2B1C4D5E6F"),
            Some("3f2b1c4d5e6f".into())
        );
        assert_eq!(commit_line("From someone@example.com Mon"), None);
        assert_eq!(git_header_path("a/x y.rb b/x y.rb"), "x y.rb");
        assert_eq!(
            git_header_path("\"a/caf\\303\\251\" \"b/caf\\303\\251\""),
            "café"
        );
        assert_eq!(unquote("\"tab\\there\""), "tab\there");
        assert_eq!(strip_git_prefix("w/src/x.rs"), "src/x.rs");
        assert_eq!(strip_git_prefix("src/x.rs"), "src/x.rs");
    }
}
