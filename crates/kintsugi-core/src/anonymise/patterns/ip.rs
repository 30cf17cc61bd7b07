//! IP addresses, v4 and v6.
//!
//! Invariants: loopback, unspecified and broadcast addresses stay; a dotted
//! quad that is part of a longer dotted number or follows a version word
//! ("Linux 2.6.26.6") is a version, and times (`12:30:45`) are never IPv6.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::super::finding::{boundary_after, boundary_before, char_before, Found};
use super::super::ReplacementKind;

regex!(IPV4, r"\b(?:\d{1,3}\.){3}\d{1,3}\b");
regex!(IPV6, r"(?i)[0-9a-f:]*:[0-9a-f:]*:[0-9a-f:.]*");

pub(super) fn ips(text: &str) -> Vec<Found> {
    let mut found = Vec::new();
    for m in IPV4.find_iter(text) {
        let before = char_before(text, m.start());
        let after = text[m.end()..].chars().take(2).collect::<Vec<_>>();
        let continues = matches!(after.as_slice(), ['.', c, ..] if c.is_ascii_digit());
        if before == Some('.') || continues || follows_version_word(text, m.start()) {
            continue; // a version number, not an address
        }
        let Ok(ip) = m.as_str().parse::<Ipv4Addr>() else {
            continue;
        };
        if ip.is_loopback() || ip.is_unspecified() || ip.is_broadcast() {
            continue;
        }
        found.push(Found {
            start: m.start(),
            end: m.end(),
            kind: ReplacementKind::Ip,
            key: ip.to_string(),
        });
    }
    for m in IPV6.find_iter(text) {
        let raw = m.as_str().trim_end_matches(['.', ':']);
        let (mut start, mut end) = (m.start(), m.start() + raw.len());
        // Leading colons of `::1` are part of the address; a lone `:` of
        // prose before it is not.
        let mut candidate = raw;
        if candidate.starts_with(':') && !candidate.starts_with("::") {
            candidate = &candidate[1..];
            start += 1;
        }
        if !boundary_before(text, start) || !boundary_after(text, end) {
            continue;
        }
        let Ok(ip) = candidate.parse::<Ipv6Addr>() else {
            continue;
        };
        let groups = candidate.split(':').filter(|g| !g.is_empty()).count();
        if ip.is_loopback() || ip.is_unspecified() || groups < 2 {
            continue;
        }
        // Times such as 12:30:45 never parse; guard a few more lookalikes.
        if candidate.chars().all(|c| c.is_ascii_digit() || c == ':') && !candidate.contains("::") {
            continue;
        }
        end = start + candidate.len();
        found.push(Found {
            start,
            end,
            kind: ReplacementKind::Ip,
            key: ip.to_string(),
        });
    }
    found
}

/// "Linux 2.6.26.6", "version 1.2.3.4": a dotted quad after these is a version.
fn follows_version_word(text: &str, at: usize) -> bool {
    const WORDS: &[&str] = &[
        "linux", "kernel", "version", "v", "release", "build", "firmware", "ios", "android",
        "macos", "windows", "chrome", "firefox", "java", "python", "node", "ruby", "go",
    ];
    let previous = text[..at]
        .trim_end()
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("")
        .to_lowercase();
    WORDS.contains(&previous.as_str()) || text[..at].ends_with('v')
}
