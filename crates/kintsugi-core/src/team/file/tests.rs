//! Unit tests of the canonical story file: rendering, parsing back every
//! field (fingerprints and tripwires included), unknown keys kept, errors
//! naming the field.

use super::*;
use crate::story::{Severity, StoryKind, StoryParts};

fn id() -> Uuid {
    "6f1c2a7e-0d3b-4c55-9a0e-3f2b1c4d5e6f".parse().unwrap()
}

fn full() -> StoryContent {
    StoryContent {
            kind: StoryKind::WarStory,
            title: "The cron job: it ran twice".into(),
            summary: "Line one.\nLine two: with a colon".into(),
            body: "Body with **Markdown**.\n\n## Timeline\n\nnot lifted: the body is verbatim\n\n---\n\nafter a rule".into(),
            tags: vec!["time-zones".into(), "cron".into()],
            company: Some("Fictional Co".into()),
            product: Some("yes".into()),
            severity: Some(Severity::Sev2),
            start_time: parse_timestamp("2021-10-31T01:30:00Z"),
            detected_time: parse_timestamp("2021-10-31T02:10:00.5Z"),
            resolved_time: None,
            end_time: parse_timestamp("2021-10-31T04:00:00Z"),
            source_url: Some("https://example.com/a#b".into()),
            anonymised: false,
            parts: StoryParts {
                timeline: vec![
                    TimelineEvent {
                        time: parse_timestamp("2021-10-31T01:30:00Z"),
                        text: "Job starts — twice".into(),
                    },
                    TimelineEvent {
                        time: None,
                        text: "2021-10-31 — looks like a time".into(),
                    },
                ],
                went_well: vec!["- a dash".into()],
                went_wrong: vec!["null".into(), "012".into()],
                got_lucky: vec!["multi\nline".into()],
                surprises: vec!["The replica: it lagged".into(), "yes".into()],
                contributing_factors: vec!["Local-time schedule".into()],
                lessons: vec!["Schedule in UTC (owner: nobody)".into()],
                action_items: vec![
                    ActionItem {
                        text: "Move cron to UTC".into(),
                        owner: Some("Billing team".into()),
                        status: ActionStatus::Done,
                        due: NaiveDate::from_ymd_opt(2021, 12, 1),
                        closed: NaiveDate::from_ymd_opt(2021, 11, 20),
                    },
                    ActionItem {
                        text: "Alert on double runs".into(),
                        owner: None,
                        status: ActionStatus::Done,
                        due: None,
                        closed: None,
                    },
                ],
            },
            changes: vec!["db/migrate/**".into(), "BillingJob#perform".into()],
            tripwires: vec![crate::story::Tripwire {
                name: "cron-in-local-time".into(),
                pattern: Some(r"cron:\s*'?\d".into()),
                path: None,
                message: "Schedules run in UTC: say so.".into(),
            }],
            extra: [
                ("archive_url".to_string(), serde_json::json!("https://a.example")),
                ("reviewers".to_string(), serde_json::json!(["a", "b"])),
            ]
            .into_iter()
            .collect(),
        }
        .normalize()
        .unwrap()
}

#[test]
fn render_then_parse_is_the_canonical_content() {
    let anonymised = StoryContent {
        anonymised: true,
        ..full()
    };
    for content in [
        full(),
        anonymised,
        StoryContent {
            title: "Only a title".into(),
            ..Default::default()
        },
    ] {
        let text = render(id(), &content);
        let back = parse("stories/x.md", id(), text.as_bytes()).unwrap();
        assert_eq!(back, canonical(&content), "{text}");
        assert_eq!(render(id(), &back), text, "rendering is stable");
    }
}

#[test]
fn the_file_is_canonical() {
    let text = render(id(), &full());
    assert!(!text.contains('\r'));
    assert!(
        text.find("- cron").unwrap() < text.find("- time-zones").unwrap(),
        "sorted tags"
    );
    let keys: Vec<&str> = text
        .lines()
        .skip(1)
        .take_while(|l| *l != "---")
        .filter(|l| !l.starts_with([' ', '-']) && l.contains(':'))
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert_eq!(keys[..4], ["uuid", "kind", "title", "summary"]);
    assert!(keys.ends_with(&["archive_url", "reviewers"]), "{keys:?}");
    assert!(!text.contains("updated_at") && !text.contains("revision"));
    // The same content with tags in another order gives the same bytes.
    let mut other = full();
    other.tags.reverse();
    assert_eq!(render(id(), &other), text);
}

#[test]
fn a_hand_edit_is_read_and_crlf_is_accepted() {
    let text = "---\r\nuuid: 6f1c2a7e-0d3b-4c55-9a0e-3f2b1c4d5e6f\r\ntitle: Edited by hand\r\ntags: [b, a]\r\nlessons:\r\n- One\r\ncolour: blue\r\n---\r\n\r\nBody\r\nline two\r\n";
    let c = parse("stories/x.md", id(), text.as_bytes()).unwrap();
    assert_eq!(c.title, "Edited by hand");
    assert_eq!(c.tags, vec!["a", "b"]);
    assert_eq!(c.body, "Body\nline two");
    assert_eq!(c.extra["colour"], serde_json::json!("blue"));
}

#[test]
fn invalid_files_name_path_and_field() {
    let cases = [
            ("no front matter", "just text", "front matter"),
            ("unclosed", "---\nuuid: x\n", "closing"),
            ("bad yaml", "---\ntitle: [unclosed\n---\n", "YAML"),
            ("no id", "---\ntitle: T\n---\n", "`uuid`"),
            ("other id", "---\nuuid: 0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d\ntitle: T\n---\n", "`uuid`"),
            ("severity", "---\nuuid: 6f1c2a7e-0d3b-4c55-9a0e-3f2b1c4d5e6f\ntitle: T\nseverity: SEV9\n---\n", "`severity`"),
            ("time", "---\nuuid: 6f1c2a7e-0d3b-4c55-9a0e-3f2b1c4d5e6f\ntitle: T\nstart_time: soon\n---\n", "`start_time`"),
            ("title", "---\nuuid: 6f1c2a7e-0d3b-4c55-9a0e-3f2b1c4d5e6f\ntitle: ''\n---\n", "`title`"),
            ("tags shape", "---\nuuid: 6f1c2a7e-0d3b-4c55-9a0e-3f2b1c4d5e6f\ntitle: T\ntags: {a: 1}\n---\n", "`tags`"),
            ("action", "---\nuuid: 6f1c2a7e-0d3b-4c55-9a0e-3f2b1c4d5e6f\ntitle: T\naction_items:\n- text: x\n  status: maybe\n---\n", "`action_items`"),
            ("bool", "---\nuuid: 6f1c2a7e-0d3b-4c55-9a0e-3f2b1c4d5e6f\ntitle: T\nanonymised: perhaps\n---\n", "`anonymised`"),
        ];
    for (name, text, needle) in cases {
        let err = parse("stories/6f1c.md", id(), text.as_bytes()).unwrap_err();
        let message = err.to_string();
        assert!(message.starts_with("stories/6f1c.md"), "{name}: {message}");
        assert!(message.contains(needle), "{name}: {message}");
    }
    let big = vec![b'a'; MAX_FILE_BYTES + 1];
    assert!(parse("s.md", id(), &big)
        .unwrap_err()
        .to_string()
        .contains("limit"));
    assert!(parse("s.md", id(), b"\xff\xfe")
        .unwrap_err()
        .to_string()
        .contains("UTF-8"));
}

#[test]
fn paths_and_ids() {
    assert_eq!(id_of(&path_of(id())), Some(id()));
    assert_eq!(id_of("stories/readme.md"), None);
    assert_eq!(
        id_of("stories/6F1C2A7E-0D3B-4C55-9A0E-3F2B1C4D5E6F.md"),
        None
    );
    assert_eq!(id_of("other/6f1c2a7e-0d3b-4c55-9a0e-3f2b1c4d5e6f.md"), None);
}
