//! `image-latest`: a container image on `:latest` or with no tag at all.
//!
//! Reason: the image that runs is whatever was pushed last, so a deploy or
//! a node restart can change the code without a change of your own, two
//! pods can run different code, and a rollback has nothing to go back to.
//! Pin a version tag or a digest.
//! Source: kube-linter check `latest-tag`; hadolint DL3006/DL3007.

use super::{Change, Hit, Pattern, Rule};
use crate::brief::changes::ChangedFile;

/// The rule.
pub const RULE: Rule = Rule {
    name: "image-latest",
    tags: &["deploys", "config", "rollback"],
    why: "an unpinned image changes code without a change of yours, and a rollback has nothing to go back to",
    source: "kube-linter latest-tag; hadolint DL3006, DL3007",
    check,
};

static YAML_IMAGE: Pattern = Pattern::new(
    r#"^\s*-?\s*image\s*[:=]\s*["']?([\w.\-/]+(:\d+)?/)?([\w.\-]+)(:latest)?["']?\s*(#.*)?$"#,
);
static DOCKER_FROM: Pattern = Pattern::new(
    r"^\s*FROM\s+(--platform=\S+\s+)?([\w.\-/]+(:\d+)?/)?([\w.\-]+)(:latest)?(\s+as\s+\w+)?\s*$",
);
static STAGES: Pattern = Pattern::new(r"^\s*FROM\s+\S+\s+as\s+(\w+)");

fn check(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    let name = file.lower.rsplit('/').next().unwrap_or(&file.lower);
    let dockerfile = name.starts_with("dockerfile")
        || name.ends_with(".dockerfile")
        || name.starts_with("containerfile");
    let stages: Vec<String> = if dockerfile {
        file.visible()
            .filter_map(|l| {
                STAGES
                    .captures(&l.text)
                    .and_then(|c| c.get(1))
                    .map(|m| m.as_str().to_lowercase())
            })
            .collect()
    } else {
        Vec::new()
    };
    for line in file.added() {
        let text = &line.text;
        let image = if dockerfile {
            DOCKER_FROM
                .captures(text)
                .and_then(|c| c.get(4))
                .map(|m| m.as_str().to_lowercase())
        } else if file.is_yaml() || file.ext == "tf" {
            YAML_IMAGE
                .captures(text)
                .and_then(|c| c.get(3))
                .map(|m| m.as_str().to_lowercase())
        } else {
            None
        };
        let Some(image) = image else {
            continue;
        };
        if image == "scratch" || stages.contains(&image) || image.starts_with('$') {
            continue;
        }
        out.push(Hit::at(line));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines;
    use super::*;

    #[test]
    fn unpinned_images_in_manifests_and_dockerfiles() {
        assert_eq!(
            lines(&RULE, "k8s/api.yaml", "      containers:\n        - name: api\n          image: ghcr.io/acme/api:latest\n        - name: sidecar\n          image: envoyproxy/envoy\n        - name: pinned\n          image: redis:7.2.4"),
            [3, 5]
        );
        assert_eq!(
            lines(
                &RULE,
                "docker-compose.yml",
                "services:\n  cache:\n    image: \"redis\""
            ),
            [3]
        );
        assert_eq!(
            lines(
                &RULE,
                "Dockerfile",
                "FROM node:latest AS build\nFROM build\nFROM nginx:1.27\nFROM scratch"
            ),
            [1]
        );
        assert_eq!(lines(&RULE, "deploy/Dockerfile.worker", "FROM python"), [1]);
        assert!(lines(
            &RULE,
            "k8s/api.yaml",
            "image: registry.local:5000/api@sha256:abcd"
        )
        .is_empty());
    }
}
