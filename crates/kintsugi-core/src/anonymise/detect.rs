//! Finding sensitive spans in one text: e-mail addresses, URLs' hosts, IP
//! addresses, host names, phone numbers, chat handles and channels, known
//! terms (glossary, the story's company and product, people already found)
//! and names found by heuristics (capitalised name pairs, first names,
//! speaker labels, "Acme Corp").
//!
//! Invariants: every span lies on `char` boundaries of the text it was found
//! in; [`resolve`] returns spans sorted by start that never overlap.

use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::LazyLock;

use regex::Regex;

use super::glossary::{Lexicon, WordClass};
use super::vocabulary;
use super::ReplacementKind;

/// One sensitive span: byte offsets into the text it was found in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    pub start: usize,
    pub end: usize,
    pub kind: ReplacementKind,
    /// What identifies the thing (lowercased for terms, hosts, handles):
    /// equal keys get equal pseudonyms.
    pub key: String,
}

/// A known sensitive term and what it is.
#[derive(Debug, Clone)]
pub(crate) struct Term {
    pub text: String,
    pub kind: ReplacementKind,
    /// Matched only as written (names the heuristics found: "General" the
    /// name part must not take "general" the word).
    pub case_sensitive: bool,
}

/// All known sensitive terms of one story, compiled for matching.
#[derive(Debug, Default)]
pub(crate) struct Terms {
    list: Vec<Term>,
    /// Case-insensitive and case-sensitive alternations, built on demand.
    regex: Option<(Option<Regex>, Option<Regex>)>,
}

impl Terms {
    /// Adds a term unless it is empty or already known (case-insensitively).
    pub fn add(&mut self, text: &str, kind: ReplacementKind, case_sensitive: bool) {
        let text = text.trim();
        if text.chars().count() < 2 || self.kind_of(text).is_some() {
            return;
        }
        self.list.push(Term {
            text: text.to_string(),
            kind,
            case_sensitive,
        });
        self.regex = None;
    }

    /// The kind of a known term.
    pub fn kind_of(&self, text: &str) -> Option<ReplacementKind> {
        let lower = text.trim().to_lowercase();
        self.list
            .iter()
            .find(|t| t.text.to_lowercase() == lower)
            .map(|t| t.kind)
    }

    /// True when a host name contains a sensitive (non-person) term, as in
    /// `amazonaws.com` for the company "Amazon".
    pub fn host_is_sensitive(&self, host: &str) -> bool {
        let host = host.to_lowercase();
        let squashed: String = host.chars().filter(char::is_ascii_alphanumeric).collect();
        let labels: Vec<&str> = host.split(['.', '-']).collect();
        self.list
            .iter()
            .filter(|t| t.kind != ReplacementKind::Person)
            .any(|t| {
                let term: String = t
                    .text
                    .to_lowercase()
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .collect();
                if term.len() >= 4 {
                    squashed.contains(&term)
                } else {
                    !term.is_empty() && labels.contains(&term.as_str())
                }
            })
    }

    fn compile(&mut self) {
        if self.regex.is_some() {
            return;
        }
        let build = |case_sensitive: bool| {
            let mut texts: Vec<&str> = self
                .list
                .iter()
                .filter(|t| t.case_sensitive == case_sensitive)
                .map(|t| t.text.as_str())
                .collect();
            if texts.is_empty() {
                return None;
            }
            texts.sort_by_key(|t| std::cmp::Reverse(t.len()));
            let alternation = texts
                .iter()
                .map(|t| {
                    // Any run of spaces in a term matches any run of white space.
                    t.split_whitespace()
                        .map(regex::escape)
                        .collect::<Vec<_>>()
                        .join(r"\s+")
                })
                .collect::<Vec<_>>()
                .join("|");
            let flags = if case_sensitive { "" } else { "(?i)" };
            Regex::new(&format!("{flags}(?:{alternation})")).ok()
        };
        self.regex = Some((build(false), build(true)));
    }

    /// Occurrences of known terms as whole words. A company, product or
    /// customer name of three or more letters also takes the rest of a word
    /// it starts ("Redditors", "Slackbot", "DUO1"), so no stem of it survives.
    pub fn find(&mut self, text: &str) -> Vec<Found> {
        self.compile();
        let Some((insensitive, sensitive)) = &self.regex else {
            return Vec::new();
        };
        let matches = insensitive
            .iter()
            .chain(sensitive.iter())
            .flat_map(|r| r.find_iter(text));
        let mut found = Vec::new();
        for m in matches {
            if !boundary_before(text, m.start()) {
                continue;
            }
            let matched = m.as_str();
            let Some(term) = self.list.iter().find(|t| {
                t.text.to_lowercase().split_whitespace().collect::<Vec<_>>()
                    == matched
                        .to_lowercase()
                        .split_whitespace()
                        .collect::<Vec<_>>()
            }) else {
                continue;
            };
            let mut end = m.end();
            if !boundary_after(text, end) {
                let extendable =
                    term.kind != ReplacementKind::Person && term.text.chars().count() >= 3;
                if !extendable {
                    continue;
                }
                end += text[end..]
                    .find(|c: char| !c.is_alphanumeric())
                    .unwrap_or(text.len() - end);
            }
            found.push(Found {
                start: m.start(),
                end,
                kind: term.kind,
                key: term.text.to_lowercase(),
            });
        }
        found
    }
}

/// Word boundaries for terms: `_` does not join words here, so `_Vasa_`
/// (Markdown emphasis) and `acme_prod` both contain a whole word.
fn boundary_before(text: &str, at: usize) -> bool {
    !text[..at]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
}

fn boundary_after(text: &str, at: usize) -> bool {
    !text[at..].chars().next().is_some_and(char::is_alphanumeric)
}

fn char_before(text: &str, at: usize) -> Option<char> {
    text[..at].chars().next_back()
}

fn char_after(text: &str, at: usize) -> Option<char> {
    text[at..].chars().next()
}

macro_rules! regex {
    ($name:ident, $re:expr) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| {
            #[allow(clippy::expect_used)]
            Regex::new($re).expect("built-in pattern compiles")
        });
    };
}

regex!(
    EMAIL,
    r"[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}"
);
regex!(
    URL,
    r#"(?i)\b(?:https?|ftp|wss?|ssh|git)://[^\s<>"'`\[\]()]+"#
);
regex!(IPV4, r"\b(?:\d{1,3}\.){3}\d{1,3}\b");
regex!(IPV6, r"(?i)[0-9a-f:]*:[0-9a-f:]*:[0-9a-f:.]*");
regex!(
    HOST,
    r"(?i)\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}\b"
);
regex!(BARE_HOST, r"\b[a-z][a-z0-9]*(?:-[a-z0-9]+)+\b");
regex!(
    INSTANCE_ID,
    r"\b(?:i|vol|eni|sg|subnet|vpc)-[0-9a-f]{8,17}\b"
);
regex!(
    PHONE,
    r"(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]\d{2,4}){1,4}"
);
regex!(HANDLE, r"@[A-Za-z0-9_][A-Za-z0-9_.-]*");
regex!(CHANNEL, r"#[a-z0-9][a-z0-9_-]*");
regex!(
    NICK,
    r"(?m)^[ \t]*(?:\[?\d{1,2}:\d{2}(?::\d{2})?\]?[ \t]*)?<([A-Za-z][A-Za-z0-9_.-]{0,30})>"
);
regex!(
    SPEAKER,
    r"(?m)^[ \t]*(?:[-*>][ \t]*)*(?:\[?\d{1,2}:\d{2}(?::\d{2})?\]?[ \t]*(?:UTC[ \t]*)?[-–—]?[ \t]*)?(?:\*\*|__)?(\p{Lu}[\p{L}'’-]+(?: \p{Lu}[\p{L}'’-]+)?)(?:\*\*|__)?:[ \t]+\S"
);
regex!(
    CONTACTED,
    r"\b(?:pinged|paged|asked|told|messaged|thanked|called|emailed|cc'd|cc|dm'd|dmed)\s+(\p{Ll}[\p{Ll}'’-]+)\b"
);
regex!(WORD, r"\p{L}[\p{L}\p{M}'’-]*");
regex!(
    COMPANY_SUFFIX,
    r"\b(?:Inc\.?|Incorporated|Corp\.?|Corporation|Ltd\.?|Limited|LLC|GmbH|AG|plc|PLC|S\.A\.|B\.V\.|Pty)(?:\W|$)"
);

/// Known terms only, in any case (for tags: lower-case kebab-case words,
/// where "brightwell" is the company "Brightwell" however it was written).
pub(crate) fn find_terms(text: &str, terms: &Terms) -> Vec<Found> {
    let mut any_case = Terms::default();
    for term in &terms.list {
        any_case.list.push(Term {
            case_sensitive: false,
            ..term.clone()
        });
    }
    resolve(any_case.find(text))
}

/// Finds everything detectable in `text`: pattern-shaped data, known terms
/// and heuristic names, resolved so that no two spans overlap.
pub(crate) fn find_all(text: &str, terms: &mut Terms, lexicon: &Lexicon) -> Vec<Found> {
    let mut found = patterns(text, terms);
    found.extend(terms.find(text));
    found.extend(names(text, lexicon, terms));
    found.extend(companies(text, lexicon));
    resolve(found)
}

/// Pattern-shaped data: e-mail, URL hosts, IPs, hosts, phones, handles, channels.
pub(crate) fn patterns(text: &str, terms: &Terms) -> Vec<Found> {
    let mut found = Vec::new();
    for m in EMAIL.find_iter(text) {
        found.push(Found {
            start: m.start(),
            end: m.end(),
            kind: ReplacementKind::Email,
            key: m.as_str().to_lowercase(),
        });
    }
    for (start, end) in url_hosts(text) {
        let host = &text[start..end];
        if host.parse::<Ipv4Addr>().is_ok() {
            continue; // found as an IP below
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
    found.extend(ips(text));
    found.extend(hosts(text, terms));
    found.extend(phones(text));
    found.extend(handles(text));
    found.extend(channels(text));
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

fn ips(text: &str) -> Vec<Found> {
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

fn hosts(text: &str, terms: &Terms) -> Vec<Found> {
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

fn phones(text: &str) -> Vec<Found> {
    static SHAPE: LazyLock<Regex> = LazyLock::new(|| {
        #[allow(clippy::expect_used)]
        Regex::new(r"^(?:\d{3}[ .-]\d{3}[ .-]\d{4}|\d{3}-\d{4})$").expect("built-in pattern")
    });
    let mut found = Vec::new();
    for m in PHONE.find_iter(text) {
        let s = m.as_str();
        let digits = s.chars().filter(char::is_ascii_digit).count();
        let international = s.starts_with('+') || s.starts_with('(');
        if !(7..=15).contains(&digits) || !(international || SHAPE.is_match(s)) {
            continue;
        }
        if char_before(text, m.start())
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | ':' | '/' | '-' | '_'))
        {
            continue;
        }
        let after: Vec<char> = text[m.end()..].chars().take(2).collect();
        let glued = match after.as_slice() {
            [c, ..] if c.is_alphanumeric() || *c == '_' || *c == '/' => true,
            ['.' | '-' | ':', d, ..] if d.is_ascii_digit() => true,
            _ => false,
        };
        if glued {
            continue;
        }
        found.push(Found {
            start: m.start(),
            end: m.end(),
            kind: ReplacementKind::Phone,
            key: s.chars().filter(char::is_ascii_digit).collect(),
        });
    }
    found
}

fn handles(text: &str) -> Vec<Found> {
    let mut found = Vec::new();
    for m in HANDLE.find_iter(text) {
        let handle = m.as_str().trim_end_matches(['.', '-']);
        let end = m.start() + handle.len();
        if char_before(text, m.start())
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '/' | '\\'))
            || matches!(char_after(text, end), Some('/' | '('))
        {
            continue;
        }
        let name = handle[1..].to_lowercase();
        if matches!(name.as_str(), "here" | "channel" | "everyone" | "all") {
            continue;
        }
        found.push(Found {
            start: m.start(),
            end,
            kind: ReplacementKind::Handle,
            key: name,
        });
    }
    for caps in NICK.captures_iter(text) {
        let Some(nick) = caps.get(1) else { continue };
        const HTML: &[&str] = &[
            "details",
            "summary",
            "br",
            "p",
            "div",
            "span",
            "pre",
            "code",
            "img",
            "a",
            "b",
            "i",
            "em",
            "strong",
            "table",
            "tr",
            "td",
            "th",
            "ul",
            "ol",
            "li",
            "sup",
            "sub",
            "kbd",
            "hr",
            "blockquote",
            "script",
            "style",
            "html",
            "head",
            "body",
        ];
        if HTML.contains(&nick.as_str().to_lowercase().as_str()) {
            continue;
        }
        found.push(Found {
            start: nick.start(),
            end: nick.end(),
            kind: ReplacementKind::Handle,
            key: nick.as_str().to_lowercase(),
        });
    }
    found
}

fn channels(text: &str) -> Vec<Found> {
    const NOT_CHANNELS: &[&str] = &[
        "include",
        "define",
        "ifdef",
        "ifndef",
        "endif",
        "pragma",
        "if",
        "else",
        "elif",
        "undef",
        "region",
        "endregion",
        "error",
    ];
    let mut found = Vec::new();
    for m in CHANNEL.find_iter(text) {
        let name = m.as_str()[1..].trim_end_matches(['-', '_']);
        let end = m.start() + 1 + name.len();
        let prev_ok = char_before(text, m.start())
            .is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | '`' | '"' | '\'' | '*'));
        let is_colour = matches!(name.len(), 3 | 6) && name.chars().all(|c| c.is_ascii_hexdigit());
        if !prev_ok
            || is_colour
            || !name.chars().any(|c| c.is_ascii_lowercase())
            || NOT_CHANNELS.contains(&name)
            || char_after(text, end).is_some_and(|c| c.is_alphanumeric())
        {
            continue;
        }
        found.push(Found {
            start: m.start(),
            end,
            kind: ReplacementKind::Channel,
            key: name.to_string(),
        });
    }
    found
}

/// A word as the name heuristics see it.
struct Word<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

/// Words of `text` with possessive `'s` and edge punctuation removed.
fn words(text: &str) -> Vec<Word<'_>> {
    WORD.find_iter(text)
        .map(|m| {
            let mut w = m.as_str();
            for suffix in ["'s", "’s", "'", "’", "-"] {
                if let Some(stripped) = w.strip_suffix(suffix) {
                    w = stripped;
                }
            }
            Word {
                start: m.start(),
                end: m.start() + w.len(),
                text: w,
            }
        })
        .filter(|w| !w.text.is_empty())
        .collect()
}

/// "Dana", "O'Brien", "Jean-Luc", "McAllister": capitalised, then lower case.
fn name_shaped(word: &str) -> bool {
    let titled = |p: &str| {
        let mut cs = p.chars();
        cs.next().is_some_and(char::is_uppercase) && cs.all(char::is_lowercase)
    };
    if word.chars().count() < 2 {
        return false;
    }
    if let Some(rest) = word.strip_prefix("Mc").or_else(|| word.strip_prefix("Mac")) {
        if titled(rest) {
            return true;
        }
    }
    word.split(['-', '\'', '’']).all(titled)
}

/// How a capitalised word counts for the name heuristics.
fn class_of(word: &str, lexicon: &Lexicon) -> WordClass {
    if word.contains(['-', '\'', '’']) {
        // A compound is a name only when no part of it is vocabulary.
        let parts: Vec<&str> = word
            .split(['-', '\'', '’'])
            .filter(|p| !p.is_empty())
            .collect();
        if parts.iter().any(|p| lexicon.is_vocabulary(p)) {
            return WordClass::Common;
        }
    }
    let class = lexicon.class(word);
    if class == WordClass::Unknown && has_word_suffix(word) {
        return WordClass::Common;
    }
    class
}

/// Endings of ordinary English words that names rarely have.
fn has_word_suffix(word: &str) -> bool {
    let w = word.to_lowercase();
    [
        "ing", "tion", "sion", "ment", "ness", "ity", "ies", "able", "ible", "ous", "ive", "ism",
        "ize", "ise", "ful", "less", "ence", "ance", "ics", "ed", "ally", "ated",
    ]
    .iter()
    .any(|s| w.len() > s.len() + 2 && w.ends_with(s))
}

fn may_continue_name(class: WordClass) -> bool {
    matches!(
        class,
        WordClass::Unknown | WordClass::FirstName | WordClass::Surname
    )
}

/// True when the words around `start..end` say it is a person: a title or
/// role before it, a speaker colon, a possessive, or a verb after it.
fn person_context(text: &str, start: usize, end: usize) -> bool {
    const BEFORE: &[&str] = &[
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "engineer",
        "manager",
        "commander",
        "lead",
        "by",
        "with",
        "and",
        "thanks",
        "cc",
        "ping",
        "pinged",
        "asked",
        "told",
        "paged",
        "called",
        "contacted",
        "colleague",
        "sre",
        "developer",
        "admin",
        "administrator",
        "director",
        "cto",
        "ceo",
        "vp",
        "intern",
        "contractor",
        "on-call",
        "oncall",
        "teammate",
    ];
    const AFTER: &[&str] = &[
        "said", "says", "wrote", "writes", "was", "is", "had", "has", "took", "takes", "ran",
        "runs", "found", "finds", "saw", "sees", "led", "leads", "made", "makes", "got", "went",
        "told", "tells", "asked", "asks", "will", "would", "could", "should", "and", "who",
        "noticed", "paged", "pushed", "joined", "began", "started", "knew", "thought", "did",
        "does", "came", "left", "kept", "set", "put", "sent", "built", "wrote",
    ];
    let after = &text[end..];
    if after.starts_with(':') || after.starts_with("'s") || after.starts_with("’s") {
        return true;
    }
    // "Marcus Oyelaran (marcus@initech.com)" or "… <marcus@…>": a contact line.
    if let Some(inner) = after
        .strip_prefix(" (")
        .or_else(|| after.strip_prefix(" <"))
    {
        let contact = inner.split([')', '>']).next().unwrap_or("");
        if contact.contains('@') && !contact.contains(' ') {
            return true;
        }
    }
    let next = after
        .strip_prefix(' ')
        .and_then(|a| a.split(|c: char| !c.is_alphabetic()).next())
        .unwrap_or("");
    if !next.is_empty()
        && next.chars().all(char::is_lowercase)
        && (AFTER.contains(&next) || (next.len() > 4 && next.ends_with("ed")))
    {
        return true;
    }
    let previous = text[..start]
        .trim_end_matches([' ', ','])
        .rsplit(|c: char| !(c.is_alphabetic() || c == '-'))
        .next()
        .unwrap_or("")
        .to_lowercase();
    BEFORE.contains(&previous.trim_end_matches('.'))
}

/// Context strong enough for a single unknown capitalised word to be a person.
fn lone_name_context(text: &str, start: usize, end: usize) -> bool {
    const TITLES: &[&str] = &["mr", "mrs", "ms", "dr", "prof"];
    let previous = text[..start]
        .trim_end()
        .trim_end_matches('.')
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("")
        .to_lowercase();
    if TITLES.contains(&previous.as_str()) {
        return true;
    }
    let next = text[end..]
        .strip_prefix(' ')
        .and_then(|a| a.split(|c: char| !c.is_alphabetic()).next())
        .unwrap_or("");
    HUMAN_VERBS.contains(&next)
}

/// Verbs whose subject is a person, not a system.
const HUMAN_VERBS: &[&str] = &[
    "said",
    "says",
    "wrote",
    "told",
    "asked",
    "thought",
    "pushed",
    "pinged",
    "paged",
    "watched",
    "noticed",
    "joined",
    "approved",
    "agreed",
    "replied",
    "explained",
    "suggested",
    "realised",
    "realized",
    "decided",
    "volunteered",
    "remembered",
    "apologised",
    "apologized",
    "laughed",
    "answered",
    "called",
    "emailed",
    "messaged",
    "reviewed",
];

/// Lower-case names right after a verb of contacting someone ("pinged
/// siobhan"), when the word is no vocabulary.
fn contacted(text: &str, lexicon: &Lexicon, terms: &Terms) -> Vec<Found> {
    let mut found = Vec::new();
    for caps in CONTACTED.captures_iter(text) {
        let Some(name) = caps.get(1) else { continue };
        let word = name.as_str();
        let class = lexicon.class(word);
        if word.chars().count() >= 3
            && matches!(class, WordClass::Unknown | WordClass::FirstName)
            && !has_word_suffix(word)
            && terms
                .kind_of(word)
                .is_none_or(|k| k == ReplacementKind::Person)
        {
            found.push(Found {
                start: name.start(),
                end: name.end(),
                kind: ReplacementKind::Person,
                key: word.to_lowercase(),
            });
        }
    }
    found
}

/// True when `at` starts a sentence: start of text or line, or after `. ! ? :`.
fn sentence_start(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end_matches([' ', '\t', '*', '_', '"', '(', '>', '-', '#']);
    before.is_empty() || before.ends_with(['.', '!', '?', ':', '\n'])
}

/// People's names found by heuristics: name-shaped word runs of one known
/// first name or two or three non-vocabulary words, and speaker labels.
/// Runs that a known non-person term covers are left to the term.
pub(crate) fn names(text: &str, lexicon: &Lexicon, terms: &Terms) -> Vec<Found> {
    let mut found = Vec::new();
    let all = words(text);
    let mut i = 0;
    while i < all.len() {
        // Collect a run of name-shaped words separated by single spaces.
        let mut run = vec![&all[i]];
        let mut j = i + 1;
        while j < all.len()
            && name_shaped(all[j - 1].text)
            && name_shaped(all[j].text)
            && &text[all[j - 1].end..all[j].start] == " "
        {
            run.push(&all[j]);
            j += 1;
        }
        if !name_shaped(all[i].text) {
            i += 1;
            continue;
        }
        i = j;
        let classes: Vec<WordClass> = run.iter().map(|w| class_of(w.text, lexicon)).collect();
        let mut k = 0;
        while k < run.len() {
            let class = classes[k];
            if !matches!(class, WordClass::FirstName | WordClass::Unknown) {
                k += 1;
                continue;
            }
            // An unknown capitalised word opening a sentence before a first
            // name ("Afterwards Priya …") is not part of the name.
            if class == WordClass::Unknown
                && classes.get(k + 1) == Some(&WordClass::FirstName)
                && sentence_start(text, run[k].start)
            {
                k += 1;
                continue;
            }
            let mut end = k + 1;
            while end < run.len() && end - k < 3 && may_continue_name(classes[end]) {
                end += 1;
            }
            let too_long = end < run.len() && classes[end] == WordClass::Unknown;
            // Two unknown capitalised words are as often a title-case phrase
            // ("Lesser General", "Stock Exchange") as a name: they count
            // only where people are ("… Bakare checked", "Mr …", "…:").
            let named = class == WordClass::FirstName
                || classes[k + 1..end].contains(&WordClass::FirstName)
                || classes[k + 1..end].contains(&WordClass::Surname);
            // One unknown word is a surname only beside a title ("Mr
            // Halvorsen") or a verb only people do ("Okafor watched").
            let lone_surname = class == WordClass::Unknown
                && end - k == 1
                && lone_name_context(text, run[k].start, run[k].end);
            let accepted = lone_surname
                || !too_long
                    && (class == WordClass::FirstName && end - k == 1
                        || end - k >= 2
                            && (named || person_context(text, run[k].start, run[end - 1].end)));
            if accepted {
                let (start, stop) = (run[k].start, run[end - 1].end);
                let name = &text[start..stop];
                if terms
                    .kind_of(name)
                    .is_none_or(|kind| kind == ReplacementKind::Person)
                {
                    found.push(Found {
                        start,
                        end: stop,
                        kind: ReplacementKind::Person,
                        key: name.to_lowercase(),
                    });
                }
            }
            k = end;
        }
    }
    found.extend(contacted(text, lexicon, terms));
    for caps in SPEAKER.captures_iter(text) {
        let Some(label) = caps.get(1) else { continue };
        let all_names = label
            .as_str()
            .split(' ')
            .all(|w| name_shaped(w) && may_continue_name(class_of(w, lexicon)));
        if all_names && terms.kind_of(label.as_str()).is_none() {
            found.push(Found {
                start: label.start(),
                end: label.end(),
                kind: ReplacementKind::Person,
                key: label.as_str().to_lowercase(),
            });
        }
    }
    found
}

/// Company names with a legal suffix: "Globex Inc.", "Initech Corp".
pub(crate) fn companies(text: &str, lexicon: &Lexicon) -> Vec<Found> {
    let mut found = Vec::new();
    let all = words(text);
    for m in COMPANY_SUFFIX.find_iter(text) {
        // The suffix without what follows it, and without an abbreviation's
        // period (which may also end the sentence).
        let suffix = m
            .as_str()
            .trim_end_matches(|c: char| !c.is_alphanumeric() && c != '.');
        let suffix = if suffix.ends_with("S.A.") || suffix.ends_with("B.V.") {
            suffix
        } else {
            suffix.trim_end_matches('.')
        };
        let suffix_end = m.start() + suffix.len();
        // Up to three capitalised words right before the suffix.
        let before: Vec<&Word<'_>> = all.iter().filter(|w| w.end <= m.start()).collect();
        let mut name_words: Vec<&Word<'_>> = Vec::new();
        let mut cursor = m.start();
        for w in before.iter().rev() {
            let gap = &text[w.end..cursor];
            if !(gap == " " || gap == ", ") || name_words.len() == 3 {
                break;
            }
            if !w.text.chars().next().is_some_and(char::is_uppercase) {
                break;
            }
            name_words.push(w);
            cursor = w.start;
        }
        // Leading everyday words ("The") are not part of the name.
        while name_words
            .last()
            .is_some_and(|w| lexicon.class(w.text) == WordClass::Common)
        {
            name_words.pop();
        }
        let Some(first) = name_words.last() else {
            continue;
        };
        if name_words.iter().all(|w| {
            matches!(
                lexicon.class(w.text),
                WordClass::Technical | WordClass::Vendor
            )
        }) {
            continue;
        }
        let name_end = name_words.first().map_or(first.end, |w| w.end);
        found.push(Found {
            start: first.start,
            end: suffix_end,
            kind: ReplacementKind::Company,
            key: text[first.start..name_end].to_lowercase(),
        });
    }
    found
}

/// Keeps the leftmost, then longest, then most specific span where spans
/// overlap. The result is sorted by start and overlap-free.
pub(crate) fn resolve(mut found: Vec<Found>) -> Vec<Found> {
    found.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then(a.kind.priority().cmp(&b.kind.priority()))
    });
    let mut kept: Vec<Found> = Vec::new();
    for f in found {
        if f.start >= f.end {
            continue;
        }
        if kept.last().is_some_and(|last| f.start < last.end) {
            continue;
        }
        kept.push(f);
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anonymise::Glossary;

    fn kinds(text: &str) -> Vec<(String, ReplacementKind)> {
        let lexicon = Lexicon::new(&Glossary::default());
        let mut terms = Terms::default();
        find_all(text, &mut terms, &lexicon)
            .into_iter()
            .map(|f| (text[f.start..f.end].to_string(), f.kind))
            .collect()
    }

    #[test]
    fn finds_pattern_shaped_data() {
        use ReplacementKind::*;
        let found = kinds(
            "Mail dana.w@acme.io or call +1 415 555 0134; db-prod-3.internal.acme.net \
             (10.2.3.4, fe80::1ff:fe23:4567:890a) paged @dana in #incident-42.",
        );
        assert_eq!(
            found,
            vec![
                ("dana.w@acme.io".into(), Email),
                ("+1 415 555 0134".into(), Phone),
                ("db-prod-3.internal.acme.net".into(), Host),
                ("10.2.3.4".into(), Ip),
                ("fe80::1ff:fe23:4567:890a".into(), Ip),
                ("@dana".into(), Handle),
                ("#incident-42".into(), Channel),
            ]
        );
    }

    #[test]
    fn leaves_technical_lookalikes() {
        for text in [
            "Upgraded PostgreSQL 15.4 to 16.1 on 2024-03-12 at 14:05:30 UTC.",
            "See main.rs, config.yaml and README.md; std::io::Error was returned.",
            "Use utf-8 in us-east-1; sha-256 sums matched; #include <stdio.h>",
            "Colour #ffcc00 and issue #123; npm install @types/node; C# and F#.",
            "Kafka Connect lagged while Redis Sentinel failed over on Monday.",
            "The Root Cause Analysis said Black Friday traffic doubled.",
            "We host code on https://github.com/ and docs at docs.github.com.",
        ] {
            assert!(kinds(text).is_empty(), "{text}: {:?}", kinds(text));
        }
    }

    #[test]
    fn finds_a_name_before_its_email() {
        let found = kinds("Escalated to Marcus Oyelaran (marcus@initech.com) at noon.");
        assert!(
            found
                .iter()
                .any(|(t, k)| t == "Marcus Oyelaran" && *k == ReplacementKind::Person),
            "{found:?}"
        );
    }

    #[test]
    fn finds_names_by_heuristics() {
        use ReplacementKind::*;
        assert_eq!(
            kinds("Afterwards Priya Raman paged Tom. Okonkwo Adebayo: restarting now"),
            vec![
                ("Priya Raman".into(), Person),
                ("Tom".into(), Person),
                ("Okonkwo Adebayo".into(), Person),
            ]
        );
        assert_eq!(
            kinds("We moved off Globex Corp. last year."),
            vec![("Globex Corp".into(), Company)]
        );
    }
}
