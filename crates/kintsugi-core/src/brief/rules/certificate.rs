//! `certificate-change`: certificates, issuers and TLS verification.
//!
//! Reason: certificates expire on a date nobody is watching (often the
//! intermediate or the CA, not the leaf that is rotated), a new issuer or
//! duration changes when that happens, and turning verification off to
//! get past an error removes the protection for good.
//! Source: Let's Encrypt "Chain of Trust" and expiry notices; cert-manager
//! docs (`duration`, `renewBefore`); OWASP Transport Layer Security Cheat
//! Sheet (never disable verification).

use super::{is_comment, Change, Hit, Pattern, Rule};
use crate::brief::changes::ChangedFile;

/// The rule.
pub const RULE: Rule = Rule {
    name: "certificate-change",
    tags: &["certificates", "tls"],
    why: "certificates expire on a date nobody watches, and disabled verification stays disabled",
    source:
        "Let's Encrypt Chain of Trust; cert-manager duration/renewBefore; OWASP TLS Cheat Sheet",
    check,
};

static CERT: Pattern = Pattern::new(
    r"^kind:\s*(Certificate|Issuer|ClusterIssuer)\s*$|^\s*(duration|renewBefore)\s*:|-----BEGIN CERTIFICATE-----|\b(ssl_certificate|ssl_trusted_certificate|ca_file|cafile|ca_bundle|ssl_ca|tls_ca|caBundle)\b|\baws_acm_certificate\b|\bopenssl\s+(req|x509)\b.*-days\s+\d+|\bInsecureSkipVerify:\s*true|\bverify\s*=\s*False\b|\brejectUnauthorized:\s*false|\bVERIFY_NONE\b|\bssl_verify\w*\s*[:=]\s*(false|0|no)\b|-k\s+https://|--insecure\b",
);

fn check(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    if file.is_test() || file.path_has(&[".md"]) {
        return;
    }
    let cert_file = matches!(file.ext.as_str(), "pem" | "crt" | "cer");
    if cert_file {
        if let Some(line) = file.added().next() {
            out.push(Hit::at(line).because(
                "a certificate file changed: check its expiry and the chain that signs it",
            ));
        }
        return;
    }
    for line in file.added() {
        if !is_comment(&line.text) && CERT.is_match(&line.text) {
            let text = line.text.to_lowercase();
            let insecure = [
                "insecureskipverify",
                "verify = false",
                "verify=false",
                "rejectunauthorized",
                "verify_none",
                "--insecure",
                "-k https",
            ]
            .iter()
            .any(|w| text.replace(' ', "").contains(&w.replace(' ', "")));
            let hit = Hit::at(line);
            out.push(if insecure {
                hit.because(
                    "TLS verification turned off: anyone on the path can impersonate the server",
                )
            } else {
                hit
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines;
    use super::*;

    #[test]
    fn certificates_issuers_and_verification() {
        assert_eq!(lines(&RULE, "k8s/mtls-cert.yaml", "apiVersion: cert-manager.io/v1\nkind: Certificate\nspec:\n  duration: 24h\n  renewBefore: 8h"), [2, 4, 5]);
        assert_eq!(
            lines(
                &RULE,
                "certs/intermediate.pem",
                "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"
            ),
            [1]
        );
        assert_eq!(
            lines(
                &RULE,
                "internal/client/tls.go",
                "tlsConfig := &tls.Config{InsecureSkipVerify: true}"
            ),
            [1]
        );
        assert_eq!(
            lines(
                &RULE,
                "svc/client.py",
                "resp = requests.get(url, verify=False)"
            ),
            [1]
        );
        assert!(lines(
            &RULE,
            "svc/client.py",
            "resp = requests.get(url, timeout=5)"
        )
        .is_empty());
    }
}
