//! Tags: how they are written and how they are matched.
//!
//! A tag has a *display form* (lowercase kebab-case, as written: `migrations`,
//! `us-east`) and a *key* used for matching and counting. Keys make matching
//! forgiving: case, spaces, hyphens and underscores do not matter, singular
//! equals plural, and a small alias table maps common synonyms to one key.
//! Invariant: `tag_key(a) == tag_key(b)` means a story holds at most one of
//! `a` and `b`.

/// Synonyms that name the same concept; the right side is the key.
const ALIASES: &[(&str, &str)] = &[
    ("yml", "yaml"),
    ("orm-magic", "orm"),
    ("active-record", "orm"),
    ("activerecord", "orm"),
    ("k8s", "kubernetes"),
    ("postgres", "postgresql"),
    ("pg", "postgresql"),
    ("db", "database"),
    ("schema-migration", "migration"),
    ("crontab", "cron"),
    ("retry-storm", "retry"),
    ("rollbacks", "rollback"),
    ("tls", "certificate"),
    ("ssl", "certificate"),
    ("cert", "certificate"),
    ("config", "configuration"),
    ("feature-flag", "feature-flag"),
];

/// The display form: trimmed, lowercase, runs of space/`_`/`-` as one `-`.
pub fn display_form(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut pending_dash = false;
    for c in raw.trim().chars() {
        if c.is_whitespace() || c == '_' || c == '-' {
            pending_dash = !out.is_empty();
        } else {
            if pending_dash {
                out.push('-');
                pending_dash = false;
            }
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// The matching key of a tag (see the module docs).
pub fn tag_key(raw: &str) -> String {
    let display = display_form(raw);
    if let Some(key) = alias(&display) {
        return key.to_string();
    }
    let singular: Vec<String> = display.split('-').map(singularize).collect();
    let key = singular.join("-");
    alias(&key).map(str::to_string).unwrap_or(key)
}

fn alias(form: &str) -> Option<&'static str> {
    ALIASES
        .iter()
        .find(|(from, _)| *from == form)
        .map(|(_, to)| *to)
}

/// English singular of one word, for the plurals that occur in tags.
fn singularize(word: &str) -> String {
    let n = word.chars().count();
    if n <= 3 || !word.is_ascii() {
        return word.to_string();
    }
    if let Some(stem) = word.strip_suffix("ies") {
        return format!("{stem}y");
    }
    for suffix in ["sses", "shes", "ches", "xes"] {
        if word.ends_with(suffix) {
            return word[..word.len() - 2].to_string();
        }
    }
    if word.ends_with("ss") || word.ends_with("us") || word.ends_with("is") {
        return word.to_string();
    }
    let singular = word.strip_suffix('s').unwrap_or(word);
    // "caches" lost "es" above like "patches" did; drop the "e" of "cache"
    // too, so both spellings share a key ("cach"). Keys are never shown.
    for ending in ["che", "she", "xe"] {
        if singular.ends_with(ending) {
            return singular[..singular.len() - 1].to_string();
        }
    }
    singular.to_string()
}

/// Display forms of `raw`, empty ones dropped, first spelling of each key kept.
pub fn normalize_tags<'a>(raw: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    raw.into_iter()
        .map(display_form)
        .filter(|t| !t.is_empty())
        .filter(|t| seen.insert(tag_key(t)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_form_is_kebab_lowercase() {
        assert_eq!(display_form("  US East "), "us-east");
        assert_eq!(display_form("ORM_magic"), "orm-magic");
        assert_eq!(display_form("a -- b"), "a-b");
    }

    #[test]
    fn keys_forgive_case_separators_plurals_and_aliases() {
        assert_eq!(tag_key("Migrations"), tag_key("migration"));
        assert_eq!(tag_key("retry storm"), tag_key("retry_storm"));
        assert_eq!(tag_key("yml"), "yaml");
        assert_eq!(tag_key("ORM magic"), "orm");
        assert_eq!(tag_key("Feature flags"), tag_key("feature-flag"));
        assert_eq!(tag_key("caches"), tag_key("cache"));
        assert_eq!(tag_key("patches"), tag_key("patch"));
        assert_eq!(tag_key("indexes"), tag_key("index"));
        assert_eq!(tag_key("dependencies"), "dependency");
        assert_eq!(tag_key("dns"), "dns");
        assert_eq!(tag_key("status"), "status");
        assert_eq!(tag_key("k8s"), "kubernetes");
    }

    #[test]
    fn normalize_keeps_first_spelling() {
        assert_eq!(
            normalize_tags(["Cron", "crontab", "", "YAML", "yml"]),
            vec!["cron", "yaml"]
        );
    }
}
