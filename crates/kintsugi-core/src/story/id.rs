//! Story ids as people type and read them: a whole UUID, or the first
//! characters of one, and listings that abbreviate ids the way git
//! abbreviates commits — long enough to be unique in the library.

use uuid::Uuid;

use crate::error::{Error, Result};

/// Shortest prefix accepted when a person types an id.
pub const MIN_PREFIX: usize = 4;
/// Shortest abbreviation shown in listings (the UUID's first group).
pub const MIN_ABBREVIATION: usize = 8;

/// What a person typed to name a story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdText {
    /// A whole id.
    Whole(Uuid),
    /// The first characters of one, lowercased.
    Prefix(String),
}

impl IdText {
    /// Reads `text`: a UUID, or at least [`MIN_PREFIX`] hex digits (hyphens allowed).
    pub fn parse(text: &str) -> Result<IdText> {
        let text = text.trim();
        if let Ok(id) = Uuid::parse_str(text) {
            return Ok(IdText::Whole(id));
        }
        if text.len() < MIN_PREFIX || !text.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
            return Err(Error::field(
                "id",
                format!(
                    "`{text}` is not a story id (give at least {MIN_PREFIX} characters of one)"
                ),
            ));
        }
        Ok(IdText::Prefix(text.to_ascii_lowercase()))
    }

    /// The one id among `matches` (at most two looked up) that `prefix` names.
    pub fn pick(prefix: &str, matches: &[Uuid]) -> Result<Uuid> {
        match matches {
            [id] => Ok(*id),
            [] => Err(Error::field(
                "id",
                format!("no story id starts with `{prefix}`"),
            )),
            _ => Err(Error::field(
                "id",
                format!("`{prefix}` matches several stories; give more characters"),
            )),
        }
    }
}

/// The shortest prefix of `id` that none of `neighbours` (the ids sorted
/// just before and after it) starts with, and at least [`MIN_ABBREVIATION`]
/// characters. Neighbours in sort order are enough: any id sharing a longer
/// prefix with `id` sorts between it and them.
pub fn abbreviate(id: Uuid, neighbours: &[Uuid]) -> String {
    let text = id.to_string();
    let shared = neighbours
        .iter()
        .filter(|other| **other != id)
        .map(|other| {
            text.bytes()
                .zip(other.to_string().bytes())
                .take_while(|(a, b)| a == b)
                .count()
        })
        .max()
        .unwrap_or(0);
    let mut len = (shared + 1).max(MIN_ABBREVIATION).min(text.len());
    // A prefix ending in a hyphen reads as a typo; take the next digit too.
    if text.as_bytes().get(len - 1) == Some(&b'-') {
        len += 1;
    }
    text[..len].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> Uuid {
        Uuid::parse_str(s).unwrap()
    }

    #[test]
    fn unique_ids_get_the_first_group() {
        let a = id("1f3a5b2c-0000-4000-8000-000000000001");
        let b = id("9e3a5b2c-0000-4000-8000-000000000001");
        assert_eq!(abbreviate(a, &[b]), "1f3a5b2c");
        assert_eq!(abbreviate(a, &[]), "1f3a5b2c");
    }

    #[test]
    fn ids_sharing_the_first_group_are_told_apart() {
        let a = id("1f3a5b2c-a000-4000-8000-000000000001");
        let b = id("1f3a5b2c-b000-4000-8000-000000000001");
        assert_eq!(abbreviate(a, &[b]), "1f3a5b2c-a");
        assert_eq!(abbreviate(b, &[a]), "1f3a5b2c-b");
        let c = id("1f3a5b2c-a100-4000-8000-000000000001");
        assert_eq!(abbreviate(a, &[c]), "1f3a5b2c-a0");
    }

    #[test]
    fn typed_ids_are_checked() {
        assert!(matches!(IdText::parse("1f3a").unwrap(), IdText::Prefix(p) if p == "1f3a"));
        assert!(IdText::parse("1f3").is_err());
        assert!(IdText::parse("zzzz").is_err());
        let whole = "1f3a5b2c-a000-4000-8000-000000000001";
        assert_eq!(IdText::parse(whole).unwrap(), IdText::Whole(id(whole)));
        assert!(IdText::pick("1f3a", &[]).is_err());
        assert!(IdText::pick("1f3a", &[id(whole), id(whole)]).is_err());
    }
}
