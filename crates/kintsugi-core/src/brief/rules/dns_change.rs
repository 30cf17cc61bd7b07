//! `dns-change`: DNS records and their TTLs.
//!
//! Reason: resolvers and long-lived clients keep an answer for its TTL
//! (and some for longer), so after a record moves, the old target keeps
//! receiving traffic; lower the TTL well before a cutover and keep the old
//! target alive for the old TTL.
//! Source: RFC 1035 §3.2.1 and RFC 2181 §8 (TTL semantics); AWS Route 53
//! docs "Choosing TTL values".

use super::{is_comment, Change, Hit, Pattern, Rule};
use crate::brief::changes::ChangedFile;

/// The rule.
pub const RULE: Rule = Rule {
    name: "dns-change",
    tags: &["dns", "networking"],
    why: "clients keep the old DNS answer for its whole TTL: keep the old target alive and lower the TTL first",
    source: "RFC 1035 §3.2.1, RFC 2181 §8; AWS Route 53 Choosing TTL values",
    check,
};

static TTL: Pattern = Pattern::new(r#"\bttl\s*[:=]\s*"?\d+"#);
static RECORD: Pattern = Pattern::new(
    r#"\b(aws_route53_record|cloudflare_record|google_dns_record_set|azurerm_dns_\w+_record|digitalocean_record)\b|^\s*[\w@.*-]*\s+(\d+\s+)?IN\s+(A|AAAA|CNAME|MX|TXT|NS|SRV)\s|external-dns\.alpha\.kubernetes\.io/(hostname|ttl)|\bResourceRecordSet\b"#,
);
static DNS_FILE: Pattern = Pattern::new(r"\.(tf|zone|db|ya?ml|json)$|(^|/)(dns|zones?|route53)/");

fn check(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    if !DNS_FILE.is_match(&file.lower) {
        return;
    }
    let dns_context = file.path_has(&["dns/", "zones/", "route53", ".zone"])
        || file.visible().any(|l| RECORD.is_match(&l.text));
    if !dns_context {
        return;
    }
    if let Some(line) = file
        .added()
        .find(|l| !is_comment(&l.text) && (RECORD.is_match(&l.text) || TTL.is_match(&l.text)))
    {
        out.push(Hit::at(line));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines;
    use super::*;

    #[test]
    fn dns_records_and_ttls() {
        assert_eq!(
            lines(&RULE, "infra/dns/api.tf", "resource \"aws_route53_record\" \"api\" {\n  name    = \"api.example.com\"\n  type    = \"A\"\n  ttl     = 86400\n}"),
            [1]
        );
        assert_eq!(
            lines(
                &RULE,
                "zones/example.com.zone",
                "api 3600 IN A 203.0.113.10"
            ),
            [1]
        );
        assert_eq!(
            lines(
                &RULE,
                "k8s/ingress.yaml",
                "  annotations:\n    external-dns.alpha.kubernetes.io/hostname: api.example.com"
            ),
            [2]
        );
        assert!(lines(&RULE, "config/cache.yml", "ttl: 300").is_empty());
    }
}
