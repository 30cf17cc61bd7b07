//! Pattern-shaped data: e-mail addresses, URL hosts, IP addresses, host
//! names, phone numbers, chat handles and channels, one family per file.
//!
//! Invariant: what only looks like such data (a public domain, a version
//! number, a cloud region, a time, a colour, an issue number, a
//! preprocessor directive) is left alone; each file says which lookalikes
//! it leaves.

mod channel;
mod email;
mod handle;
mod host;
mod ip;
mod phone;

pub(crate) use host::urls;

use super::finding::Found;
use super::terms::Terms;

/// Pattern-shaped data: e-mail, URL hosts, IPs, hosts, phones, handles, channels.
pub(crate) fn patterns(text: &str, terms: &Terms) -> Vec<Found> {
    let mut found = email::emails(text);
    found.extend(host::url_hosts_found(text, terms));
    found.extend(ip::ips(text));
    found.extend(host::hosts(text, terms));
    found.extend(phone::phones(text));
    found.extend(handle::handles(text));
    found.extend(channel::channels(text));
    found
}

#[cfg(test)]
mod tests {
    use super::super::overlaps::kinds;
    use super::super::ReplacementKind;

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
}
