//! Consistent, readable pseudonyms: within one story the same person, host
//! or address always gets the same replacement, and different ones never
//! share one.
//!
//! People are "Engineer A", "Engineer B", … and keep their letter across
//! forms of their name ("Dana Whitfield", "Dana", "Whitfield", and an e-mail
//! such as dana.whitfield@… which becomes engineer-a@example.com). Companies
//! are "Company X" (the story's own), then Y, Z, …; products "Product P",
//! Q, …; customers "Customer 1", …; hosts "host-1", …; IPv4 addresses
//! 203.0.113.1, …; IPv6 2001:db8::1, …; phones +1-555-0100, …; handles
//! "@handle-1", …; channels "#channel-1", ….

use std::collections::HashMap;

use super::finding::Found;
use super::vocabulary;
use super::ReplacementKind;

const COMPANY_LETTERS: &[&str] = &["X", "Y", "Z", "W", "V", "U", "T", "S", "R", "Q"];
const PRODUCT_LETTERS: &[&str] = &["P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z"];

/// Hands out pseudonyms for one story.
#[derive(Debug, Default)]
pub(crate) struct Pseudonyms {
    /// Lowercased names and name parts → person number.
    person_of: HashMap<String, usize>,
    people: usize,
    /// Lowercased name parts → the full name they belong to.
    alias: HashMap<String, String>,
    /// (kind, key) → pseudonym for everything but people.
    assigned: HashMap<(ReplacementKind, String), String>,
    /// (kind, short form) → the full name it stands for ("brightwell" →
    /// "brightwell retail").
    short_forms: HashMap<(ReplacementKind, String), String>,
    /// Counters per kind (IPv6 counted apart from IPv4).
    counts: HashMap<(ReplacementKind, bool), usize>,
}

impl Pseudonyms {
    /// Reserves "Company X" for the story's own company and "Product P", Q, …
    /// for its products, in order.
    pub fn reserve(&mut self, kind: ReplacementKind, key: &str) {
        let _ = self.other(kind, &key.to_lowercase());
    }

    /// Records that `part` ("Whitfield") is part of the name `full` ("Dana
    /// Whitfield"), so both get one letter whichever appears first.
    pub fn alias(&mut self, part: &str, full: &str) {
        self.alias
            .entry(part.to_lowercase())
            .or_insert_with(|| full.to_lowercase());
    }

    /// Records that `short` stands for the organisation `full`.
    pub fn short_form(&mut self, kind: ReplacementKind, short: &str, full: &str) {
        self.short_forms
            .entry((kind, short.to_lowercase()))
            .or_insert_with(|| full.to_lowercase());
    }

    /// The pseudonym for a found span.
    pub fn pseudonym(&mut self, found: &Found) -> String {
        match found.kind {
            ReplacementKind::Person => format!("Engineer {}", letters(self.person(&found.key))),
            ReplacementKind::Email => self.email(&found.key),
            kind => self.other(kind, &found.key),
        }
    }

    /// The number of the person a name refers to; a new one if none of its
    /// parts is known yet. Registers the name and its parts.
    fn person(&mut self, name: &str) -> usize {
        let name = name.to_lowercase();
        let name = self.alias.get(&name).cloned().unwrap_or(name);
        let parts: Vec<String> = name
            .split(|c: char| c.is_whitespace() || c == '.' || c == '_')
            .filter(|p| p.chars().count() >= 2)
            .map(str::to_string)
            .collect();
        let id = self
            .person_of
            .get(&name)
            .copied()
            .or_else(|| parts.iter().find_map(|p| self.person_of.get(p).copied()))
            .unwrap_or_else(|| {
                self.people += 1;
                self.people - 1
            });
        self.person_of.entry(name).or_insert(id);
        for part in &parts {
            self.person_of.entry(part.clone()).or_insert(id);
        }
        if let (Some(first), Some(last)) = (parts.first(), parts.last()) {
            if parts.len() >= 2 {
                // Forms mailboxes are often made of: dana.whitfield, dwhitfield, danaw.
                let initial: String = first.chars().take(1).collect();
                let last_initial: String = last.chars().take(1).collect();
                for form in [
                    format!("{first}{last}"),
                    format!("{initial}{last}"),
                    format!("{first}{last_initial}"),
                ] {
                    self.person_of.entry(form).or_insert(id);
                }
            }
        }
        id
    }

    fn email(&mut self, address: &str) -> String {
        let key = (ReplacementKind::Email, address.to_lowercase());
        if let Some(done) = self.assigned.get(&key) {
            return done.clone();
        }
        let local = address.split('@').next().unwrap_or("").to_lowercase();
        let replacement = if vocabulary::ROLE_MAILBOXES.contains(&local.as_str()) {
            format!("{local}@example.com")
        } else {
            let parts: Vec<&str> = local
                .split(['.', '_', '-', '+'])
                .map(|p| p.trim_end_matches(|c: char| c.is_ascii_digit()))
                .filter(|p| p.len() >= 2)
                .collect();
            let known = self
                .person_of
                .get(&local)
                .or_else(|| self.person_of.get(&parts.concat()))
                .or_else(|| parts.iter().find_map(|p| self.person_of.get(*p)))
                .copied();
            let id = match known {
                Some(id) => id,
                None => self.person(&parts.join(" ")),
            };
            format!("engineer-{}@example.com", letters(id).to_lowercase())
        };
        self.assigned.insert(key, replacement.clone());
        replacement
    }

    fn other(&mut self, kind: ReplacementKind, key: &str) -> String {
        // URL hosts and host names share one numbering.
        let counted = if kind == ReplacementKind::Url {
            ReplacementKind::Host
        } else {
            kind
        };
        let key = self
            .short_forms
            .get(&(counted, key.to_string()))
            .cloned()
            .unwrap_or_else(|| key.to_string());
        let key = key.as_str();
        let map_key = (counted, key.to_string());
        if let Some(done) = self.assigned.get(&map_key) {
            return done.clone();
        }
        let n = {
            let v6 = counted == ReplacementKind::Ip && key.contains(':');
            let count = self.counts.entry((counted, v6)).or_insert(0);
            *count += 1;
            *count
        };
        let replacement = match counted {
            ReplacementKind::Company => COMPANY_LETTERS
                .get(n - 1)
                .map_or_else(|| format!("Company {n}"), |l| format!("Company {l}")),
            ReplacementKind::Product => PRODUCT_LETTERS
                .get(n - 1)
                .map_or_else(|| format!("Product {n}"), |l| format!("Product {l}")),
            ReplacementKind::Customer => format!("Customer {n}"),
            ReplacementKind::Host => format!("host-{n}"),
            ReplacementKind::Ip if key.contains(':') => format!("2001:db8::{n:x}"),
            ReplacementKind::Ip => documentation_ipv4(n),
            ReplacementKind::Phone => format!("+1-555-{:04}", 100 + (n - 1) % 100),
            ReplacementKind::Handle => format!("@handle-{n}"),
            ReplacementKind::Channel => format!("#channel-{n}"),
            ReplacementKind::Person | ReplacementKind::Email | ReplacementKind::Url => {
                format!("redacted-{n}")
            }
        };
        self.assigned.insert(map_key, replacement.clone());
        replacement
    }
}

/// The n-th (1-based) address of the documentation ranges 203.0.113.0/24,
/// then 198.51.100.0/24, then 192.0.2.0/24 (RFC 5737).
fn documentation_ipv4(n: usize) -> String {
    let (net, host) = ((n - 1) / 254, (n - 1) % 254 + 1);
    match net % 3 {
        0 => format!("203.0.113.{host}"),
        1 => format!("198.51.100.{host}"),
        _ => format!("192.0.2.{host}"),
    }
}

/// 0 → "A", 25 → "Z", 26 → "AA", 27 → "AB", ….
fn letters(mut n: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(char::from(b'A' + (n % 26) as u8));
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out.iter().rev().collect()
}

/// "Company X" → "company-x": the form used inside URLs and tags.
pub(crate) fn slug(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric() && c != '.' && c != '@')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(kind: ReplacementKind, key: &str) -> Found {
        Found {
            start: 0,
            end: 1,
            kind,
            key: key.into(),
        }
    }

    #[test]
    fn people_keep_their_letter_across_forms() {
        let mut p = Pseudonyms::default();
        let person = ReplacementKind::Person;
        assert_eq!(p.pseudonym(&found(person, "dana whitfield")), "Engineer A");
        assert_eq!(p.pseudonym(&found(person, "priya")), "Engineer B");
        assert_eq!(p.pseudonym(&found(person, "whitfield")), "Engineer A");
        assert_eq!(
            p.pseudonym(&found(ReplacementKind::Email, "d.whitfield@acme.io")),
            "engineer-a@example.com"
        );
        assert_eq!(
            p.pseudonym(&found(ReplacementKind::Email, "dwhitfield@acme.io")),
            "engineer-a@example.com"
        );
        assert_eq!(
            p.pseudonym(&found(ReplacementKind::Email, "oncall@acme.io")),
            "oncall@example.com"
        );
        assert_eq!(
            p.pseudonym(&found(ReplacementKind::Email, "sam.o@acme.io")),
            "engineer-c@example.com"
        );
    }

    #[test]
    fn numbering_is_per_kind_and_stable() {
        let mut p = Pseudonyms::default();
        p.reserve(ReplacementKind::Company, "Acme");
        assert_eq!(
            p.pseudonym(&found(ReplacementKind::Company, "globex")),
            "Company Y"
        );
        assert_eq!(
            p.pseudonym(&found(ReplacementKind::Company, "acme")),
            "Company X"
        );
        assert_eq!(
            p.pseudonym(&found(ReplacementKind::Ip, "10.0.0.1")),
            "203.0.113.1"
        );
        assert_eq!(
            p.pseudonym(&found(ReplacementKind::Ip, "fe80::1")),
            "2001:db8::1"
        );
        assert_eq!(
            p.pseudonym(&found(ReplacementKind::Ip, "10.0.0.1")),
            "203.0.113.1"
        );
        assert_eq!(
            p.pseudonym(&found(ReplacementKind::Host, "db1.acme.net")),
            "host-1"
        );
        assert_eq!(
            p.pseudonym(&found(ReplacementKind::Url, "db1.acme.net")),
            "host-1"
        );
        assert_eq!(
            p.pseudonym(&found(ReplacementKind::Phone, "14155550134")),
            "+1-555-0100"
        );
        assert_eq!(documentation_ipv4(255), "198.51.100.1");
        assert_eq!(letters(26), "AA");
        assert_eq!(slug("Company X"), "company-x");
    }
}
