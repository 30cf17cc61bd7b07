//! Ranking the library for a briefing, and saying why.
//!
//! Evidence from the change is of four kinds: the signals' tags (matched
//! with [`tag_key`], so `migration`/`Migrations` agree), the names of
//! entities (tables, columns, jobs, flags, hosts, services), the diff's own
//! identifiers and the free text; each word is weighed by how rare it is in
//! the library. The index picks candidates with one weighted query; only
//! those are loaded and scored here, field by field, so every point of a
//! score has a reason in `why`. A story's "where we got lucky" and "what
//! surprised us" notes count as evidence like its lessons do. Fingerprints
//! (`changes:`) touched again and fired tripwires add strong evidence
//! ("seen before").

use std::collections::{BTreeMap, HashMap, HashSet};

use uuid::Uuid;

use super::changes::ChangedFile;
use super::entities::Entities;
use super::report::{BriefStory, OpenAction, Signal};
use super::rules;
use super::vocabulary::{common, split_identifier, TAG_RELATIVES};
use crate::error::Result;
use crate::search::brief::BriefQuery;
use crate::search::SearchIndex;
use crate::store::Store;
use crate::story::{ActionStatus, Story};
use crate::tag::tag_key;

/// Candidates the index returns.
const CANDIDATES: usize = 40;
/// Most weighted words sent to the index.
const MAX_TERMS: usize = 60;
/// Distinct identifiers weighed (the most frequent).
const MAX_IDENTIFIERS: usize = 400;
/// Added lines read for identifiers.
const MAX_IDENTIFIER_LINES: usize = 4000;
/// A story needs at least this score to be shown.
const MIN_SCORE: f32 = 2.5;
/// Stories scoring under this share of the best one are left out.
const RELATIVE_CUTOFF: f32 = 0.5;
/// What a fingerprint touched again adds.
const SEEN_BEFORE: f32 = 8.0;
/// What a fired tripwire adds to its story.
const TRIPPED: f32 = 4.0;

/// Where a word of evidence came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Origin {
    /// A name of a table, column, job, flag, host or service.
    Entity,
    /// The free text (a pull request's title and description).
    Text,
    /// A signal's tag, as words.
    Tag,
    /// An identifier of the diff.
    Identifier,
    /// The vocabulary of a rule that fired (its why).
    Rule,
}

/// A tag the signals share with stories.
#[derive(Debug, Clone)]
pub struct TagEvidence {
    /// Matching key.
    pub key: String,
    /// As shown.
    pub tag: String,
    /// Weight in the score.
    pub weight: f32,
    /// Rules that emitted it.
    pub rules: Vec<String>,
}

/// A word of evidence.
#[derive(Debug, Clone)]
pub struct TermEvidence {
    /// The analyzed token (as the index stores it).
    pub token: String,
    /// The word as found.
    pub word: String,
    /// Weight in the score (already scaled by rarity).
    pub weight: f32,
    /// Where it came from (the strongest origin).
    pub origin: Origin,
}

/// Everything a change offers for matching.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    /// Tags, strongest first.
    pub tags: Vec<TagEvidence>,
    /// Words, strongest first.
    pub terms: Vec<TermEvidence>,
}

/// Gathers and weighs the evidence of a change.
pub fn evidence(
    index: &SearchIndex,
    signals: &[Signal],
    entities: &Entities,
    files: &[ChangedFile<'_>],
    text: &str,
) -> Result<Evidence> {
    // Tags: the first tag of each rule counts most.
    let mut tags: BTreeMap<String, TagEvidence> = BTreeMap::new();
    let mut rule_words: Vec<(String, f32)> = Vec::new();
    for signal in signals {
        let Some(rule) = rules::rule(&signal.rule) else {
            continue;
        };
        for (i, tag) in rule.tags.iter().enumerate() {
            let weight = if i == 0 { 3.0 } else { 1.5 };
            let entry = tags.entry(tag_key(tag)).or_insert_with(|| TagEvidence {
                key: tag_key(tag),
                tag: tag.to_string(),
                weight: 0.0,
                rules: Vec::new(),
            });
            if entry.rules.contains(&rule.name.to_string()) {
                continue;
            }
            // A second rule with the same tag adds a little, never much.
            entry.weight = if entry.rules.is_empty() {
                weight
            } else {
                entry.weight.max(weight) + 0.25
            };
            entry.rules.push(rule.name.to_string());
        }
        let words = |why: &str| -> Vec<String> {
            why.split(|c: char| !c.is_alphanumeric())
                .map(str::to_lowercase)
                .collect()
        };
        rule_words.extend(words(rule.why).into_iter().map(|w| (w, 0.3)));
        // A hit's own why describes this very situation: it counts more.
        if signal.why != rule.why {
            rule_words.extend(words(&signal.why).into_iter().map(|w| (w, 0.6)));
        }
    }

    // Words, by origin, with a base weight each.
    let mut words: Vec<(String, f32, Origin)> = Vec::new();
    for name in entities.all() {
        for word in split_identifier(name) {
            words.push((word, 2.0, Origin::Entity));
        }
    }
    for word in text.split(|c: char| !c.is_alphanumeric() && c != '_' && c != '-') {
        for part in split_identifier(word) {
            words.push((part, 2.5, Origin::Text));
        }
    }
    for tag in tags.values() {
        for word in tag.tag.split('-') {
            words.push((word.to_string(), tag.weight / 4.0, Origin::Tag));
        }
    }
    let mut counts: HashMap<String, usize> = HashMap::new();
    for file in files {
        for part in file.path.split('/').flat_map(split_identifier) {
            *counts.entry(part).or_default() += 1;
        }
    }
    for line in files
        .iter()
        .flat_map(|f| f.added())
        .take(MAX_IDENTIFIER_LINES)
    {
        for raw in line.text.split(|c: char| !c.is_alphanumeric() && c != '_') {
            for part in split_identifier(raw) {
                *counts.entry(part).or_default() += 1;
            }
        }
    }
    // The most frequent identifiers are enough, and keep a huge diff cheap.
    let mut counts: Vec<(String, usize)> = counts.into_iter().filter(|(w, _)| !common(w)).collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counts.truncate(MAX_IDENTIFIERS);
    for (word, count) in counts {
        let weight = 0.6 + 0.4 * ((count as f32).ln_1p() / 4f32.ln()).min(1.0);
        words.push((word, weight, Origin::Identifier));
    }
    for (word, weight) in rule_words {
        words.push((word, weight, Origin::Rule));
    }

    // By analyzed token: strongest origin wins, several origins add a little.
    let mut by_token: HashMap<String, (String, f32, Origin, usize)> = HashMap::new();
    for (word, weight, origin) in words {
        if common(&word) {
            continue;
        }
        for token in index.brief_tokens(&word) {
            if token.len() < 3 {
                continue;
            }
            let entry = by_token
                .entry(token)
                .or_insert_with(|| (word.clone(), 0.0, origin, 0));
            if weight > entry.1 {
                entry.0 = word.clone();
                entry.1 = weight;
                entry.2 = origin;
            }
            entry.3 += 1;
        }
    }
    let mut terms = Vec::new();
    for (token, (word, weight, origin, origins)) in by_token {
        let (df, total) = index.brief_doc_freq(&token)?;
        if df == 0 || total == 0 {
            continue;
        }
        let share = df as f32 / total as f32;
        if total >= 20 && share > 0.3 && !matches!(origin, Origin::Entity | Origin::Text) {
            continue;
        }
        let rarity =
            ((1.0 + total as f32 / df as f32).ln() / (1.0 + total as f32).ln()).clamp(0.05, 1.0);
        let boost = if origins > 1 { 1.2 } else { 1.0 };
        terms.push(TermEvidence {
            token,
            word,
            weight: weight * rarity * boost,
            origin,
        });
    }
    terms.sort_by(|a, b| {
        b.weight
            .total_cmp(&a.weight)
            .then_with(|| a.token.cmp(&b.token))
    });
    terms.truncate(MAX_TERMS);
    let mut related = Vec::new();
    for tag in tags.values() {
        let relatives = TAG_RELATIVES
            .iter()
            .filter(|(key, _)| tag_key(key) == tag.key)
            .flat_map(|(_, r)| r.iter());
        for relative in relatives {
            let key = tag_key(relative);
            if !tags.contains_key(&key) {
                related.push(TagEvidence {
                    key,
                    tag: format!("{relative} (like {})", tag.tag),
                    weight: tag.weight / 2.0,
                    rules: tag.rules.clone(),
                });
            }
        }
    }
    let mut tags: Vec<TagEvidence> = tags.into_values().collect();
    for relative in related {
        if !tags.iter().any(|t| t.key == relative.key) {
            tags.push(relative);
        }
    }
    tags.sort_by(|a, b| {
        b.weight
            .total_cmp(&a.weight)
            .then_with(|| a.key.cmp(&b.key))
    });
    Ok(Evidence { tags, terms })
}

/// A story's text, analyzed, by part.
struct StoryTokens {
    parts: Vec<(&'static str, f32, HashSet<String>)>,
}

impl StoryTokens {
    fn new(index: &SearchIndex, story: &Story) -> StoryTokens {
        let c = &story.content;
        let p = &c.parts;
        let join = |items: &[String]| items.join("\n");
        let actions: Vec<String> = p.action_items.iter().map(|a| a.text.clone()).collect();
        let body: String = [c.body.as_str(), &join(&p.went_wrong), &join(&p.went_well)]
            .join("\n")
            .chars()
            .take(40_000)
            .collect();
        let timeline: Vec<String> = p.timeline.iter().map(|e| e.text.clone()).collect();
        let set = |text: &str| index.brief_tokens(text).into_iter().collect::<HashSet<_>>();
        StoryTokens {
            parts: vec![
                ("title", 1.5, set(&c.title)),
                ("where we got lucky", 1.4, set(&join(&p.got_lucky))),
                ("what surprised us", 1.3, set(&join(&p.surprises))),
                ("lessons", 1.3, set(&join(&p.lessons))),
                (
                    "contributing factors",
                    1.2,
                    set(&join(&p.contributing_factors)),
                ),
                ("action items", 1.2, set(&actions.join("\n"))),
                ("summary", 1.2, set(&c.summary)),
                ("tags", 1.2, set(&c.tags.join(" ").replace('-', " "))),
                ("timeline", 0.9, set(&timeline.join("\n"))),
                ("body", 0.8, set(&body)),
            ],
        }
    }

    /// The best part holding `token`: (part, factor).
    fn best(&self, token: &str) -> Option<(&'static str, f32)> {
        self.parts
            .iter()
            .filter(|(_, _, tokens)| tokens.contains(token))
            .map(|(name, factor, _)| (*name, *factor))
            .max_by(|a, b| a.1.total_cmp(&b.1))
    }
}

/// Ranks the library for the evidence: the best `limit` stories that pass
/// [`MIN_SCORE`], each with its reasons.
pub fn rank(
    index: &SearchIndex,
    store: &Store,
    evidence: &Evidence,
    seen: &HashMap<Uuid, Vec<String>>,
    tripped: &HashSet<Uuid>,
    limit: usize,
) -> Result<Vec<BriefStory>> {
    let query = BriefQuery {
        tags: evidence
            .tags
            .iter()
            .map(|t| (t.key.clone(), t.weight))
            .collect(),
        tokens: evidence
            .terms
            .iter()
            .map(|t| (t.token.clone(), t.weight))
            .collect(),
    };
    let hits = index.brief_search(&query, CANDIDATES)?;
    let top = hits.first().map_or(1.0, |h| h.score.max(f32::EPSILON));
    let index_score: HashMap<Uuid, f32> = hits.iter().map(|h| (h.id, h.score / top)).collect();
    let mut ids: Vec<Uuid> = hits.iter().map(|h| h.id).collect();
    for id in seen.keys().chain(tripped.iter()) {
        if !ids.contains(id) {
            ids.push(*id);
        }
    }
    let evidence_tokens: HashMap<&str, Origin> = evidence
        .terms
        .iter()
        .map(|t| (t.token.as_str(), t.origin))
        .collect();
    let mut ranked = Vec::new();
    for story in store.live_by_ids(&ids)? {
        let tokens = StoryTokens::new(index, &story);
        let keys: HashSet<String> = story.content.tags.iter().map(|t| tag_key(t)).collect();
        let mut score = 0.0f32;
        let mut why = seen.get(&story.id).cloned().unwrap_or_default();
        score += SEEN_BEFORE * why.len().min(3) as f32;
        if tripped.contains(&story.id) {
            score += TRIPPED;
            why.push("its tripwire fired on this change".to_string());
        }
        let shared_tags: Vec<&TagEvidence> = evidence
            .tags
            .iter()
            .filter(|t| keys.contains(&t.key))
            .collect();
        for tag in &shared_tags {
            score += tag.weight;
        }
        if !shared_tags.is_empty() {
            let names: Vec<String> = shared_tags
                .iter()
                .take(4)
                .map(|t| {
                    format!(
                        "{} ({})",
                        t.tag,
                        t.rules
                            .iter()
                            .take(2)
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                })
                .collect();
            why.push(format!("shares tags: {}", names.join("; ")));
        }
        let mut matched: Vec<(&TermEvidence, &'static str, f32)> = Vec::new();
        for term in &evidence.terms {
            let Some((part, factor)) = tokens.best(&term.token) else {
                continue;
            };
            // A tag's own words in the story's tags were counted as the tag.
            if part == "tags" && matches!(term.origin, Origin::Tag | Origin::Rule) {
                continue;
            }
            matched.push((term, part, term.weight * factor));
        }
        matched.sort_by(|a, b| b.2.total_cmp(&a.2));
        // Many weak words must not outweigh a few strong ones.
        let mut decay = 1.0;
        for (_, _, points) in &matched {
            score += points * decay;
            decay *= 0.85;
        }
        if !matched.is_empty() {
            let shown: Vec<String> = matched
                .iter()
                .take(6)
                .map(|(t, part, _)| format!("`{}` ({part})", t.word))
                .collect();
            why.push(format!("mentions {}", shown.join(", ")));
        }
        let lucky_hits: Vec<&String> = story
            .content
            .parts
            .got_lucky
            .iter()
            .filter(|note| overlaps(index, note, &evidence_tokens))
            .collect();
        if let Some(note) = lucky_hits.first() {
            why.push(format!(
                "near miss on record: \u{201c}{}\u{201d}",
                shorten(note, 140)
            ));
        }
        score += 0.5 * index_score.get(&story.id).copied().unwrap_or(0.0);
        let strong = !shared_tags.is_empty()
            || seen.contains_key(&story.id)
            || tripped.contains(&story.id)
            || matched.len() >= 2;
        if !strong || score < MIN_SCORE {
            continue;
        }
        ranked.push((score, story, why));
    }
    ranked.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then_with(|| {
                b.1.content
                    .incident_date()
                    .cmp(&a.1.content.incident_date())
            })
            .then_with(|| a.1.content.title.cmp(&b.1.content.title))
    });
    // Show what shares at least half as much as the best match: a briefing
    // is read in a hurry, and the tail is mostly coincidence.
    let best = ranked.first().map_or(0.0, |r| r.0);
    Ok(ranked
        .into_iter()
        .filter(|r| r.0 >= best * RELATIVE_CUTOFF)
        .take(limit)
        .map(|(score, story, why)| briefed(index, story, score, why, &evidence_tokens, seen))
        .collect())
}

/// Whether `text` shares the change's words: one name, identifier or word
/// of the free text, or three words of the signals' tags and rules.
fn overlaps(index: &SearchIndex, text: &str, evidence: &HashMap<&str, Origin>) -> bool {
    let mut strength = 0.0;
    let mut seen = HashSet::new();
    for token in index.brief_tokens(text) {
        if !seen.insert(token.clone()) {
            continue;
        }
        strength += match evidence.get(token.as_str()) {
            Some(Origin::Entity | Origin::Identifier | Origin::Text) => 1.0,
            Some(Origin::Tag | Origin::Rule) => 0.34,
            None => 0.0,
        };
    }
    strength >= 1.0
}

fn briefed(
    index: &SearchIndex,
    story: Story,
    score: f32,
    why: Vec<String>,
    evidence: &HashMap<&str, Origin>,
    seen: &HashMap<Uuid, Vec<String>>,
) -> BriefStory {
    let c = story.content;
    let mut open_actions: Vec<OpenAction> = c
        .parts
        .action_items
        .iter()
        .filter(|a| a.status == ActionStatus::Open)
        .map(|a| OpenAction {
            text: a.text.clone(),
            owner: a.owner.clone(),
            due: a.due,
            overlaps: overlaps(index, &a.text, evidence),
        })
        .collect();
    open_actions.sort_by_key(|a| !a.overlaps);
    BriefStory {
        id: story.id,
        date: c
            .start_time
            .or(c.detected_time)
            .or(c.resolved_time)
            .or(c.end_time),
        severity: c.severity,
        seen_before: seen.contains_key(&story.id),
        title: c.title,
        score: (score * 100.0).round() / 100.0,
        why,
        lessons: c.parts.lessons,
        lucky: c.parts.got_lucky,
        factors: c.parts.contributing_factors,
        open_actions,
    }
}

fn shorten(text: &str, max: usize) -> String {
    let text = crate::story::collapse_whitespace(text);
    if text.chars().count() <= max {
        return text;
    }
    format!(
        "{}\u{2026}",
        text.chars().take(max).collect::<String>().trim_end()
    )
}
