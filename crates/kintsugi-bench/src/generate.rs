//! The deterministic generator of realistic postmortems: Markdown files with
//! YAML front matter in the format `kintsugi import` reads (the same keys
//! as `kintsugi export`), about 4 KB each, with headed sections (Timeline,
//! What went wrong/well, Where we got lucky, Contributing factors, Lessons,
//! Action items).
//!
//! Invariants: story `i` depends only on the seed, `i` and the sentence list
//! (so the same N, seed and corpus give byte-identical files, and 1,000
//! stories are a prefix of 10,000); tags and companies follow a Zipf-like
//! law; a broad word such as `database` is in most stories and a phrase such
//! as `retry storm` in few, as in a real library.

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDate, NaiveDateTime};

use crate::corpus::Sentences;
use crate::prng::{Prng, Zipf};
use crate::vocabulary as v;

/// Bytes of narrative prose aimed at per story (the rest is front matter
/// and sections), so a story is about 4 KB.
const NARRATIVE_BYTES: (usize, usize) = (1_600, 2_600);
/// Share of narrative sentences drawn from the story's own topics.
const ON_TOPIC: f64 = 0.35;
/// First incident date; stories spread over the following years.
const FIRST_DAY: (i32, u32, u32) = (2012, 1, 1);
/// Days covered by incident dates.
const DAYS: usize = 14 * 365;

/// Generates stories from a seed and a sentence list.
pub struct Generator {
    seed: u64,
    sentences: Sentences,
    /// Sentence indexes per topic, in [`v::TOPICS`] order.
    topical: Vec<Vec<usize>>,
    topics: Zipf,
    companies: Zipf,
}

/// One generated story file.
#[derive(Debug, Clone)]
pub struct StoryFile {
    /// File name inside the output folder.
    pub name: String,
    /// Markdown with front matter.
    pub text: String,
}

impl Generator {
    /// A generator for `seed` over `sentences`.
    pub fn new(seed: u64, sentences: Sentences) -> Generator {
        let topical = v::TOPICS
            .iter()
            .map(|t| sentences.matching(t.keywords))
            .collect();
        Generator {
            seed,
            sentences,
            topical,
            topics: Zipf::new(v::TOPICS.len(), 1.0),
            companies: Zipf::new(v::COMPANIES.len(), 0.9),
        }
    }

    /// The sentences in use.
    pub fn sentences(&self) -> &Sentences {
        &self.sentences
    }

    /// Story number `index`.
    pub fn story(&self, index: u64) -> StoryFile {
        let mut rng = Prng::for_item(self.seed, index);
        let uuid = uuid_from(&mut rng);
        let topics = self.draw_topics(&mut rng);
        let main = v::TOPICS[topics[0]];
        let slots = Slots {
            noun: main.noun,
            product: rng.pick::<&str>(v::PRODUCTS),
            change: rng.pick::<&str>(v::CHANGES),
            impact: rng.pick::<&str>(v::IMPACTS),
            minutes: rng.range(8, 480),
        };
        let title = capitalise(&slots.fill(rng.pick::<&str>(v::TITLES)));
        let title = if main.tag == "retries" && rng.chance(0.5) {
            format!("Retry storm: {}", lower_first(&title))
        } else {
            title
        };
        let summary = format!(
            "{} {}",
            capitalise(&slots.fill(rng.pick::<&str>(v::SUMMARY_OPENINGS))),
            self.sentence(&mut rng, &topics)
        );
        let company = v::COMPANIES[self.companies.sample(&mut rng)];
        let severity = match rng.below(100) {
            0..=5 => Some("SEV1"),
            6..=27 => Some("SEV2"),
            28..=72 => Some("SEV3"),
            73..=95 => Some("SEV4"),
            _ => None,
        };
        let start = start_time(&mut rng);
        let detected = start + Duration::minutes(rng.range(1, 40) as i64);
        let resolved = detected + Duration::minutes(slots.minutes as i64);
        let end = resolved + Duration::minutes(rng.range(5, 120) as i64);

        let mut text = String::with_capacity(5_000);
        text.push_str("---\n");
        let _ = writeln!(text, "uuid: {uuid}");
        text.push_str("kind: postmortem\n");
        let _ = writeln!(text, "title: {}", yaml(&title));
        let _ = writeln!(text, "summary: {}", yaml(&summary));
        text.push_str("tags:\n");
        for t in &topics {
            let _ = writeln!(text, "- {}", v::TOPICS[*t].tag);
        }
        let _ = writeln!(text, "company: {}", yaml(company));
        let _ = writeln!(text, "product: {}", yaml(slots.product));
        if let Some(severity) = severity {
            let _ = writeln!(text, "severity: {severity}");
        }
        for (key, time) in [
            ("start_time", start),
            ("detected_time", detected),
            ("resolved_time", resolved),
            ("end_time", end),
        ] {
            let _ = writeln!(text, "{key}: {}", time.format("%Y-%m-%dT%H:%M:%SZ"));
        }
        text.push_str("---\n\n");
        self.narrative(&mut rng, &topics, &mut text);
        self.sections(
            &mut rng,
            &topics,
            &slots,
            [start, detected, resolved, end],
            &mut text,
        );
        StoryFile {
            name: format!("{index:07}-{}.md", &uuid[..8]),
            text,
        }
    }

    /// One to five distinct topics, the first the story's main one.
    fn draw_topics(&self, rng: &mut Prng) -> Vec<usize> {
        let want = 1 + rng.below(3) + usize::from(rng.chance(0.3)) + usize::from(rng.chance(0.1));
        let mut topics: Vec<usize> = Vec::with_capacity(want);
        // Bounded: a few draws past `want` then stop, so the tail cannot loop.
        for _ in 0..want * 8 {
            if topics.len() == want {
                break;
            }
            let t = self.topics.sample(rng);
            if !topics.contains(&t) {
                topics.push(t);
            }
        }
        topics
    }

    /// A corpus sentence, on one of the story's topics with [`ON_TOPIC`] odds.
    fn sentence(&self, rng: &mut Prng, topics: &[usize]) -> &str {
        if rng.chance(ON_TOPIC) {
            let pool = &self.topical[*rng.pick(topics)];
            if !pool.is_empty() {
                return &self.sentences.all[*rng.pick(pool)];
            }
        }
        rng.pick(&self.sentences.all).as_str()
    }

    fn narrative(&self, rng: &mut Prng, topics: &[usize], out: &mut String) {
        let target = rng.range(NARRATIVE_BYTES.0, NARRATIVE_BYTES.1);
        let mut written = 0;
        let mut in_paragraph = 0;
        while written < target {
            let s = self.sentence(rng, topics);
            if in_paragraph > 0 {
                out.push(' ');
            }
            out.push_str(s);
            written += s.len() + 1;
            in_paragraph += 1;
            if in_paragraph >= rng.range(3, 6) {
                out.push_str("\n\n");
                in_paragraph = 0;
            }
        }
        if in_paragraph > 0 {
            out.push_str("\n\n");
        }
    }

    fn sections(
        &self,
        rng: &mut Prng,
        topics: &[usize],
        slots: &Slots,
        times: [NaiveDateTime; 4],
        out: &mut String,
    ) {
        let specific: Vec<&str> = topics
            .iter()
            .flat_map(|t| v::TOPICS[*t].specific.iter().copied())
            .collect();

        out.push_str("## Timeline\n\n");
        let steps = v::TIMELINE.len();
        for (i, template) in v::TIMELINE.iter().enumerate() {
            let span = (times[3] - times[0]).num_minutes().max(1);
            let at = times[0] + Duration::minutes(span * i as i64 / (steps as i64 - 1).max(1));
            let _ = writeln!(
                out,
                "- {} — {}",
                at.format("%Y-%m-%dT%H:%M:%SZ"),
                slots.fill(template)
            );
        }
        let mut section = |title: &str, lines: Vec<String>| {
            if lines.is_empty() {
                return;
            }
            let _ = write!(out, "\n## {title}\n\n");
            for line in lines {
                let _ = writeln!(out, "- {line}");
            }
        };
        let pick = |rng: &mut Prng, templates: &[&str], lo: usize, hi: usize| -> Vec<String> {
            let n = rng.range(lo, hi);
            let mut chosen: Vec<String> = Vec::new();
            for _ in 0..n * 4 {
                if chosen.len() == n {
                    break;
                }
                let line = slots.fill(rng.pick::<&str>(templates));
                if !chosen.contains(&line) {
                    chosen.push(line);
                }
            }
            chosen
        };
        let wrong = pick(rng, v::WENT_WRONG, 1, 2);
        section("What went wrong", wrong);
        if rng.chance(0.6) {
            let well = pick(rng, v::WENT_WELL, 1, 1);
            section("What went well", well);
        }
        let lucky = pick(rng, v::GOT_LUCKY, 1, 2);
        section("Where we got lucky", lucky);
        let mut factors = pick(rng, v::FACTORS, 1, 2);
        factors.extend(specific.iter().take(2).map(|s| s.to_string()));
        factors.push(self.sentence(rng, topics).to_string());
        section("Contributing factors", factors);
        let lessons = pick(rng, v::LESSONS, 1, 3);
        section("Lessons", lessons);
        let start = times[0].date();
        let actions = pick(rng, v::ACTIONS, 2, 4)
            .into_iter()
            .map(|text| {
                let check = if rng.chance(0.45) { "x" } else { " " };
                let owner = rng.pick(v::TEAMS);
                let due = start + Duration::days(rng.range(7, 90) as i64);
                format!("[{check}] {text} (owner: {owner}, due: {due})")
            })
            .collect();
        section("Action items", actions);
    }
}

/// Values the templates are filled with, fixed per story.
struct Slots {
    noun: &'static str,
    product: &'static str,
    change: &'static str,
    impact: &'static str,
    minutes: usize,
}

impl Slots {
    fn fill(&self, template: &str) -> String {
        template
            .replace("{noun}", self.noun)
            .replace("{product}", self.product)
            .replace("{change}", self.change)
            .replace("{impact}", self.impact)
            .replace("{minutes}", &self.minutes.to_string())
    }
}

/// Incident start: later years are likelier (libraries fill up over time).
fn start_time(rng: &mut Prng) -> NaiveDateTime {
    let day = (DAYS as f64 * rng.unit().sqrt()) as i64;
    let first = NaiveDate::from_ymd_opt(FIRST_DAY.0, FIRST_DAY.1, FIRST_DAY.2).unwrap_or_default();
    let minute = rng.below(24 * 60) as i64;
    first.and_time(chrono::NaiveTime::MIN) + Duration::days(day) + Duration::minutes(minute)
}

/// A version-4-shaped UUID from the stream, so ids are stable per seed.
fn uuid_from(rng: &mut Prng) -> String {
    let hi = rng.next_u64();
    let lo = rng.next_u64();
    let hi = (hi & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000;
    let lo = (lo & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000;
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        hi >> 32,
        (hi >> 16) & 0xFFFF,
        hi & 0xFFFF,
        lo >> 48,
        lo & 0xFFFF_FFFF_FFFF
    )
}

/// A YAML double-quoted scalar.
fn yaml(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Writes stories `0..count` into `dir` (created if missing), returning
/// the paths in order.
pub fn write_stories(generator: &Generator, dir: &Path, count: usize) -> io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut paths = Vec::with_capacity(count);
    for i in 0..count {
        let story = generator.story(i as u64);
        let path = dir.join(&story.name);
        std::fs::write(&path, story.text)?;
        paths.push(path);
    }
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{self, Sentences};

    fn generator() -> Generator {
        Generator::new(7, Sentences::load(Some(&corpus::default_dir())))
    }

    #[test]
    fn same_seed_same_bytes_and_a_prefix_for_smaller_runs() {
        let a = generator();
        let b = generator();
        for i in [0, 1, 999, 12_345] {
            assert_eq!(a.story(i).text, b.story(i).text);
            assert_eq!(a.story(i).name, b.story(i).name);
        }
        assert_ne!(a.story(1).text, a.story(2).text);
        let other = Generator::new(8, Sentences::load(Some(&corpus::default_dir())));
        assert_ne!(a.story(1).text, other.story(1).text);
    }

    #[test]
    fn stories_are_about_four_kilobytes_with_every_section() {
        let g = generator();
        let sizes: Vec<usize> = (0..200).map(|i| g.story(i).text.len()).collect();
        let mean = sizes.iter().sum::<usize>() / sizes.len();
        assert!((3_000..=5_500).contains(&mean), "mean size {mean}");
        let story = g.story(3).text;
        for heading in [
            "## Timeline",
            "## Where we got lucky",
            "## Contributing factors",
            "## Lessons",
            "## Action items",
        ] {
            assert!(story.contains(heading), "{heading} missing:\n{story}");
        }
    }

    #[test]
    fn broad_words_are_common_and_rare_phrases_are_rare() {
        let g = generator();
        let n = 2_000;
        let lower: Vec<String> = (0..n).map(|i| g.story(i).text.to_lowercase()).collect();
        let share =
            |needle: &str| lower.iter().filter(|t| t.contains(needle)).count() as f64 / n as f64;
        assert!(share("database") > 0.5, "database {}", share("database"));
        assert!(
            share("retry storm") < 0.05,
            "retry storm {}",
            share("retry storm")
        );
        assert!(share("retry storm") > 0.0);
        let tags = |tag: &str| {
            lower
                .iter()
                .filter(|t| t.contains(&format!("\n- {tag}\n")))
                .count()
        };
        assert!(tags("database") > tags("migrations") * 3 / 2);
        assert!(tags("migrations") > tags("leap-second"));
    }

    #[test]
    fn yaml_scalars_are_quoted_and_escaped() {
        assert_eq!(yaml(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(yaml("line\nbreak"), "\"line break\"");
    }

    #[test]
    fn uuids_have_the_version_four_shape() {
        let mut rng = Prng::new(1);
        let id = uuid_from(&mut rng);
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
        assert!(matches!(&id[19..20], "8" | "9" | "a" | "b"), "{id}");
    }
}
