//! Fuzz smoke runs on stable Rust: seeded mutation of a committed seed
//! corpus, fed to every parser of outside input — front matter (through the
//! importer), the list-document importer, Markdown rendering plus the
//! sanitizer, the search query language, the briefing's diff parser, and
//! the team's story, reading-list and glossary files.
//!
//! This is not coverage-guided fuzzing (cargo-fuzz needs a nightly
//! toolchain this project does not use); it is a mutation fuzzer with
//! nesting-oriented mutations (repeating a slice, inserting syntax tokens),
//! which is what found the rendering blow-ups. A failure is a panic, a
//! rendering over its work budget, sanitized HTML with a script or event
//! handler, or an input slower than the slow limit. A failing input is
//! written to `target/tmp/fuzz-failures/` and its path printed: commit it
//! to `tests/fuzz_corpus/<target>/` so it is replayed on every run.
//!
//! `KINTSUGI_FUZZ_SECONDS` (default 2) is the CPU budget per target,
//! `KINTSUGI_FUZZ_SEED` the seed, `KINTSUGI_FUZZ_SLOW_MS` (default 1000,
//! generous for debug builds on a busy machine; inputs are at most 64 KB)
//! the slow limit. The CPU time spent is printed for docs/reliability.md.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use kintsugi_core::markdown::render::{budget, render};
use uuid::Uuid;

/// Largest input a run builds (the issue's "64 KB input" limit).
const MAX_INPUT: usize = 64 * 1024;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// One parser under test: its seed folder, syntax tokens, and the check.
struct Target {
    name: &'static str,
    tokens: &'static [&'static str],
    check: fn(&[u8]),
}

const MARKDOWN_TOKENS: &[&str] = &[
    ">",
    "> ",
    "*",
    "_",
    "**",
    "[",
    "](",
    ")",
    "![",
    "`",
    "```\n",
    "~~~",
    "|",
    "|---|\n",
    "- ",
    "1. ",
    "  ",
    "\n",
    "\n\n",
    "#",
    "<",
    "</",
    ">",
    "<style>",
    "<!--",
    "-->",
    "<b>",
    "<a href=",
    "\"",
    "&amp;",
    "[^1]",
    "[^1]: ",
    "[a]: ",
    "\\",
    "    ",
    "- [ ] ",
    "<script>",
    "javascript:",
    "onerror=",
    "<svg>",
    "<textarea>",
    "<plaintext>",
];

fn targets() -> Vec<Target> {
    vec![
        Target {
            name: "markdown",
            tokens: MARKDOWN_TOKENS,
            check: check_markdown,
        },
        Target {
            name: "front_matter",
            tokens: &[
                "---\n",
                "title: ",
                "tags: [",
                "]",
                ": ",
                "- ",
                "\n",
                "  ",
                "&a ",
                "*a",
                "!!str ",
                "{",
                "}",
                "'",
                "\"",
                "uuid: ",
                "date: ",
                "severity: ",
                "|\n",
                ">\n",
                "? ",
            ],
            check: |b| {
                drop(kintsugi_core::import::parse_text(
                    Path::new("fuzz.md"),
                    &text(b),
                ))
            },
        },
        Target {
            name: "list_document",
            tokens: &[
                "## ", "- [", "](", "https://", ")", ". ", "\n", "* ", "[", "]",
            ],
            check: |b| drop(kintsugi_core::import::list_document::parse(&text(b))),
        },
        Target {
            name: "query",
            tokens: &[
                "\"",
                "-",
                "tag:",
                "company:",
                "severity:",
                "after:",
                "before:",
                " ",
                "(",
                ")",
                "*",
                "OR",
                ":",
                "2024-",
                "sev1",
            ],
            check: |b| drop(kintsugi_core::search::parse(&text(b))),
        },
        Target {
            name: "diff",
            tokens: &[
                "diff --git a/",
                " b/",
                "\n",
                "--- a/",
                "+++ b/",
                "@@ -1,3 +1,4 @@",
                "+",
                "-",
                " ",
                "\\ No newline at end of file\n",
                "commit ",
                "Binary files ",
                "@@@ ",
                "new file mode 100644\n",
                "rename from ",
            ],
            check: |b| drop(kintsugi_core::brief::diff::parse("fuzz", b)),
        },
        Target {
            name: "team_file",
            tokens: &[
                "---\n", "title: ", "\n", "## ", "- ", ": ", "extra:\n", "  ", "[", "]",
            ],
            check: check_team_files,
        },
    ]
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn check_markdown(bytes: &[u8]) {
    let source = text(bytes);
    let rendered = render(&source);
    // Over budget, rendering stops at the first event past it.
    assert!(
        rendered.work <= budget(source.len()) + 1 + source.len() as u64,
        "render spent {} of a budget of {}",
        rendered.work,
        budget(source.len())
    );
    // Text is escaped, so every literal `<` starts a real tag: look there.
    let lower = rendered.html.to_ascii_lowercase();
    for tag in lower.split('<').skip(1) {
        let head = tag.split('>').next().unwrap_or("");
        for banned in [
            "script", "style", "iframe", "textarea", "svg", "math", "object", "embed",
        ] {
            assert!(
                !head.starts_with(banned),
                "<{banned}> survived the sanitizer"
            );
        }
        // Attributes are serialized as name="value" with quotes escaped.
        let mut rest = head;
        while let Some(eq) = rest.find("=\"") {
            let attr = rest[..eq].split_whitespace().last().unwrap_or("");
            let after = &rest[eq + 2..];
            let close = after.find('"').unwrap_or(after.len());
            let value: String = after[..close]
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            assert!(!attr.starts_with("on"), "event handler survived: {head}");
            if attr == "href" {
                for scheme in ["javascript:", "vbscript:", "data:"] {
                    assert!(!value.starts_with(scheme), "{scheme} URL survived: {head}");
                }
            }
            rest = &after[(close + 1).min(after.len())..];
        }
    }
}

fn check_team_files(bytes: &[u8]) {
    let id = Uuid::from_u128(7);
    let path = kintsugi_core::team::file::path_of(id);
    drop(kintsugi_core::team::file::parse(&path, id, bytes));
    drop(kintsugi_core::team::documents::parse_list(
        "lists/x.yaml",
        id,
        bytes,
    ));
    drop(kintsugi_core::team::documents::parse_glossary(bytes));
}

fn corpus_dir(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_corpus")
        .join(target)
}

fn seeds(target: &str) -> Vec<Vec<u8>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir(target))
        .unwrap_or_else(|e| panic!("seed corpus for {target}: {e}"))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files.iter().map(|f| std::fs::read(f).unwrap()).collect()
}

/// A mutation of `input`: flips, insertions of tokens, deletions, and the
/// repeats that build deep nesting.
fn mutate(rng: &mut Rng, input: &[u8], tokens: &[&str], pool: &[Vec<u8>]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(7) {
            0 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] ^= 1 << rng.below(8);
            }
            1 | 2 => {
                let token = tokens[rng.below(tokens.len())].as_bytes();
                out.splice(at..at, token.iter().copied());
            }
            3 if !out.is_empty() => {
                let len = rng.below(32).min(out.len() - at.min(out.len()));
                out.drain(at.min(out.len())..at.min(out.len()) + len);
            }
            4 => {
                // Repeat a short slice many times: nesting, long runs.
                let len = 1 + rng.below(8);
                let end = (at + len).min(out.len());
                let slice = out[at.min(end)..end].to_vec();
                let slice = if slice.is_empty() {
                    tokens[rng.below(tokens.len())].as_bytes().to_vec()
                } else {
                    slice
                };
                let times = 1 + rng.below(4000);
                let repeated: Vec<u8> = slice
                    .iter()
                    .copied()
                    .cycle()
                    .take(slice.len() * times)
                    .collect();
                out.splice(at..at, repeated);
            }
            5 => {
                let other = &pool[rng.below(pool.len())];
                let from = rng.below(other.len() + 1);
                let len = rng.below(other.len() - from + 1);
                out.splice(at..at, other[from..from + len].iter().copied());
            }
            _ => {
                let byte = [0u8, b'\n', b'\r', 0xff, 0xc3, b' ', b'\t'][rng.below(7)];
                out.insert(at, byte);
            }
        }
    }
    out.truncate(MAX_INPUT);
    out
}

/// CPU time of this thread (Linux), else wall time since `start`.
fn cpu_time(start: Instant) -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map_or_else(|| start.elapsed(), Duration::from_nanos)
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Runs one input; a panic or a slow run fails with the input saved.
fn run_one(target: &Target, input: &[u8], slow: Duration) {
    let started = Instant::now();
    let outcome = catch_unwind(AssertUnwindSafe(|| (target.check)(input)));
    let took = started.elapsed();
    let failure = match outcome {
        Err(panic) => Some(
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "panic".into()),
        ),
        Ok(()) if took > slow => Some(format!("slow: {took:?} for {} bytes", input.len())),
        Ok(()) => None,
    };
    if let Some(why) = failure {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-failures");
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join(format!("{}-{:016x}", target.name, fingerprint(input)));
        std::fs::write(&file, input).unwrap();
        panic!(
            "{} failed ({why}); input saved to {}",
            target.name,
            file.display()
        );
    }
}

fn fingerprint(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3)
    })
}

fn fuzz(name: &str) {
    let target = targets().into_iter().find(|t| t.name == name).unwrap();
    let seconds = env_number("KINTSUGI_FUZZ_SECONDS", 2);
    let slow = Duration::from_millis(env_number("KINTSUGI_FUZZ_SLOW_MS", 1000));
    let seed = env_number("KINTSUGI_FUZZ_SEED", 0x5eed) ^ fingerprint(name.as_bytes());
    let mut rng = Rng(seed);
    let mut pool = seeds(name);
    assert!(!pool.is_empty(), "{name} has no seeds");
    let start = Instant::now();
    let cpu_at_start = cpu_time(start);
    for input in &pool {
        run_one(&target, input, slow);
    }
    let mut runs = pool.len();
    let mut biggest = 0;
    while cpu_time(start) - cpu_at_start < Duration::from_secs(seconds) {
        let parent = &pool[rng.below(pool.len())];
        let input = mutate(&mut rng, parent, target.tokens, &pool);
        run_one(&target, &input, slow);
        biggest = biggest.max(input.len());
        runs += 1;
        // Keep some children as parents: mutations compound into depth.
        if pool.len() < 256 && rng.below(8) == 0 {
            pool.push(input);
        }
    }
    eprintln!(
        "fuzz {name}: {runs} inputs (largest {biggest} bytes) in {:?} CPU, seed {seed:#x}",
        cpu_time(start) - cpu_at_start
    );
}

#[test]
fn fuzz_markdown_render_and_sanitize() {
    fuzz("markdown");
}

#[test]
fn fuzz_front_matter() {
    fuzz("front_matter");
}

#[test]
fn fuzz_list_document() {
    fuzz("list_document");
}

#[test]
fn fuzz_query_parser() {
    fuzz("query");
}

#[test]
fn fuzz_brief_diff_parser() {
    fuzz("diff");
}

#[test]
fn fuzz_team_files() {
    fuzz("team_file");
}
