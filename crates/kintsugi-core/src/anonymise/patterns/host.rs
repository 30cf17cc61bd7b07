//! Hosts: the host of each URL, host names with a real top-level domain,
//! bare host names with a role and a number (`db-prod-3`), and cloud
//! instance ids (`i-0abc…`).
//!
//! Invariants: a well-known public domain (or a generic subdomain of one)
//! stays unless it contains a sensitive term of the story; a cloud region
//! (`us-east-1`) is not a host; an IPv4 URL host is left to the IP
//! detector.

use std::net::Ipv4Addr;

use super::super::finding::{char_after, char_before, Found};
use super::super::terms::Terms;
use super::super::vocabulary;
use super::super::ReplacementKind;

regex!(
    URL,
    r#"(?i)\b(?:https?|ftp|wss?|ssh|git)://[^\s<>"'`\[\]()]+"#
);
regex!(
    HOST,
    r"(?i)\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}\b"
);
regex!(BARE_HOST, r"\b[a-z][a-z0-9]*(?:-[a-z0-9]+)+\b");
regex!(
    INSTANCE_ID,
    r"\b(?:i|vol|eni|sg|subnet|vpc)-[0-9a-f]{8,17}\b"
);

/// The host of each URL that is not public.
pub(super) fn url_hosts_found(text: &str, terms: &Terms) -> Vec<Found> {
    let mut found = Vec::new();
    for (start, end) in url_hosts(text) {
        let host = &text[start..end];
        if host.parse::<Ipv4Addr>().is_ok() {
            continue; // left to the IP detector
        }
        if !is_public_host(host, terms) {
            found.push(Found {
                start,
                end,
                kind: ReplacementKind::Url,
                key: host.to_lowercase(),
            });
        }
    }
    found
}

/// Byte ranges of URLs in `text` (trailing punctuation excluded).
pub(crate) fn urls(text: &str) -> Vec<(usize, usize)> {
    URL.find_iter(text)
        .map(|m| {
            let trimmed = m
                .as_str()
                .trim_end_matches(['.', ',', ';', ':', '!', '?', '*', '_']);
            (m.start(), m.start() + trimmed.len())
        })
        .collect()
}

/// Byte ranges of the host part of each URL.
fn url_hosts(text: &str) -> Vec<(usize, usize)> {
    urls(text)
        .into_iter()
        .filter_map(|(start, end)| {
            let url = &text[start..end];
            let after_scheme = url.find("://")? + 3;
            let rest = &url[after_scheme..];
            let authority_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
            let authority = &rest[..authority_len];
            let host_start = authority.rfind('@').map_or(0, |i| i + 1);
            let host = &authority[host_start..];
            let host_len = if host.starts_with('[') {
                host.len()
            } else {
                host.find(':').unwrap_or(host.len())
            };
            let s = start + after_scheme + host_start;
            (host_len > 0).then_some((s, s + host_len))
        })
        .collect()
}

/// True for a well-known public domain (or a generic subdomain of one) that
/// contains no sensitive term of the story.
pub(crate) fn is_public_host(host: &str, terms: &Terms) -> bool {
    let host = host.trim_end_matches('.').to_lowercase();
    if terms.host_is_sensitive(&host) {
        return false;
    }
    vocabulary::PUBLIC_DOMAINS.iter().any(|domain| {
        host == *domain
            || host.strip_suffix(domain).is_some_and(|prefix| {
                prefix.strip_suffix('.').is_some_and(|sub| {
                    vocabulary::GENERIC_SUBDOMAINS.contains(&sub)
                        || sub
                            .split('.')
                            .all(|l| vocabulary::GENERIC_SUBDOMAINS.contains(&l))
                })
            })
    })
}

pub(super) fn hosts(text: &str, terms: &Terms) -> Vec<Found> {
    let mut found = Vec::new();
    for m in HOST.find_iter(text) {
        let host = m.as_str();
        let lower = host.to_lowercase();
        let tld = lower.rsplit('.').next().unwrap_or("");
        if !vocabulary::TLDS.contains(&tld) {
            continue;
        }
        if matches!(char_before(text, m.start()), Some('@' | '.' | '-' | '/'))
            && !is_url_host(text, m.start())
        {
            continue;
        }
        if char_after(text, m.end()) == Some('(') {
            continue; // a method call: `log.info(`
        }
        if is_public_host(&lower, terms) {
            continue;
        }
        found.push(Found {
            start: m.start(),
            end: m.end(),
            kind: ReplacementKind::Host,
            key: lower,
        });
    }
    for m in BARE_HOST.find_iter(text) {
        let host = m.as_str();
        let labels: Vec<&str> = host.split('-').collect();
        let last = labels.last().copied().unwrap_or("");
        let ends_in_number = last
            .trim_end_matches(|c: char| c.is_ascii_lowercase())
            .chars()
            .all(|c| c.is_ascii_digit())
            && last.chars().next().is_some_and(|c| c.is_ascii_digit());
        let first = labels.first().copied().unwrap_or("");
        let has_role = labels[..labels.len() - 1]
            .iter()
            .any(|l| vocabulary::HOST_ROLES.contains(l));
        if !ends_in_number
            || !has_role
            || vocabulary::NOT_HOST_PREFIXES.contains(&first)
            || is_region(host)
            || matches!(
                char_before(text, m.start()),
                Some('.' | '/' | '@' | '-' | '#' | '_' | ':' | '=')
            )
            || matches!(char_after(text, m.end()), Some('-' | '_' | '/' | '@'))
        {
            continue;
        }
        found.push(Found {
            start: m.start(),
            end: m.end(),
            kind: ReplacementKind::Host,
            key: host.to_string(),
        });
    }
    for m in INSTANCE_ID.find_iter(text) {
        found.push(Found {
            start: m.start(),
            end: m.end(),
            kind: ReplacementKind::Host,
            key: m.as_str().to_string(),
        });
    }
    found
}

fn is_url_host(text: &str, at: usize) -> bool {
    text[..at].ends_with("://")
}

/// Cloud regions and zones (`us-east-1`, `europe-west4-a`) are public.
fn is_region(name: &str) -> bool {
    let first = name.split('-').next().unwrap_or("");
    matches!(
        first,
        "us" | "eu"
            | "ap"
            | "sa"
            | "ca"
            | "me"
            | "af"
            | "il"
            | "mx"
            | "europe"
            | "asia"
            | "australia"
            | "northamerica"
            | "southamerica"
            | "uksouth"
            | "ukwest"
    )
}
