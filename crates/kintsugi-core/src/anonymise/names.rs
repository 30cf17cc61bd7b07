//! Name heuristics: people's names and company names that no glossary
//! lists, found by their shape and the words around them (name-shaped
//! runs beside a known first name or surname or in a person context,
//! speaker labels, lower-case names after "pinged", legal suffixes such as
//! "Globex Corp").
//!
//! Invariants: vocabulary (technical words, vendors, common English words)
//! is never a name on its own; a run that a known non-person term covers
//! is left to that term.

use super::finding::Found;
use super::lexicon::{Lexicon, WordClass};
use super::terms::Terms;
use super::ReplacementKind;

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

#[cfg(test)]
mod tests {
    use super::super::overlaps::kinds;
    use super::*;

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
