//! Walking a story's text fields: every field the anonymiser reads, named
//! by a typed [`FieldPath`] and visited in one fixed order.
//!
//! Invariants: the order is title, summary, body, tags, company, product,
//! source URL, then the parts (timeline, went well, went wrong, got lucky,
//! surprises, contributing factors, lessons, action items with their
//! owners); a field that is absent (`None`) is not visited. A path is a
//! value, never a string to build or parse, on both sides of the IPC
//! boundary.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::story::StoryContent;

/// Which text a replacement sits in: one text field of a story, or the
/// single text given to `anonymise_text`.
///
/// JSON: `{"name": "title"}`, `{"name": "tag", "index": 0}`,
/// `{"name": "part", "part": "lessons", "index": 2}`,
/// `{"name": "action_owner", "index": 0}`, ….
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(tag = "name", rename_all = "snake_case")]
#[ts(export)]
pub enum FieldPath {
    /// The one text of [`super::anonymise_text`] (also a Markdown file
    /// without front matter).
    Text,
    /// The title.
    Title,
    /// The summary.
    Summary,
    /// The body (the narrative).
    Body,
    /// One tag (`tags[index]`).
    Tag {
        /// Position in the tags.
        index: usize,
    },
    /// The company field.
    Company,
    /// The product field.
    Product,
    /// The source URL (always dropped whole).
    SourceUrl,
    /// The text of one timeline event (`parts.timeline[index].text`).
    TimelineText {
        /// Position in the timeline.
        index: usize,
    },
    /// One entry of a part that is a list of texts (`parts.lessons[index]`, …).
    Part {
        /// Which part.
        part: PartList,
        /// Position in that part.
        index: usize,
    },
    /// The text of one action item (`parts.action_items[index].text`).
    ActionText {
        /// Position in the action items.
        index: usize,
    },
    /// The owner of one action item (`parts.action_items[index].owner`).
    ActionOwner {
        /// Position in the action items.
        index: usize,
    },
}

/// The parts of a story that are lists of plain texts, named as the
/// fields of `StoryParts`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PartList {
    /// What went well.
    WentWell,
    /// What went wrong.
    WentWrong,
    /// Where we got lucky.
    GotLucky,
    /// What surprised us.
    Surprises,
    /// Contributing factors.
    ContributingFactors,
    /// Lessons.
    Lessons,
}

/// Calls `f` with the path and text of every text field, in a fixed order.
pub(super) fn visit_fields(content: &mut StoryContent, f: &mut dyn FnMut(FieldPath, &mut String)) {
    f(FieldPath::Title, &mut content.title);
    f(FieldPath::Summary, &mut content.summary);
    f(FieldPath::Body, &mut content.body);
    for (index, tag) in content.tags.iter_mut().enumerate() {
        f(FieldPath::Tag { index }, tag);
    }
    for (path, value) in [
        (FieldPath::Company, &mut content.company),
        (FieldPath::Product, &mut content.product),
        (FieldPath::SourceUrl, &mut content.source_url),
    ] {
        if let Some(v) = value.as_mut() {
            f(path, v);
        }
    }
    let parts = &mut content.parts;
    for (index, event) in parts.timeline.iter_mut().enumerate() {
        f(FieldPath::TimelineText { index }, &mut event.text);
    }
    for (part, list) in [
        (PartList::WentWell, &mut parts.went_well),
        (PartList::WentWrong, &mut parts.went_wrong),
        (PartList::GotLucky, &mut parts.got_lucky),
        (PartList::Surprises, &mut parts.surprises),
        (
            PartList::ContributingFactors,
            &mut parts.contributing_factors,
        ),
        (PartList::Lessons, &mut parts.lessons),
    ] {
        for (index, entry) in list.iter_mut().enumerate() {
            f(FieldPath::Part { part, index }, entry);
        }
    }
    for (index, item) in parts.action_items.iter_mut().enumerate() {
        f(FieldPath::ActionText { index }, &mut item.text);
        if let Some(owner) = item.owner.as_mut() {
            f(FieldPath::ActionOwner { index }, owner);
        }
    }
}

/// (path, text) of every text field.
pub(super) fn read_fields(content: &StoryContent) -> Vec<(FieldPath, String)> {
    let mut copy = content.clone();
    let mut fields = Vec::new();
    visit_fields(&mut copy, &mut |path, text| {
        fields.push((path, text.clone()));
    });
    fields
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::story::{ActionItem, StoryParts, TimelineEvent};

    #[test]
    fn every_text_field_is_visited_in_order() {
        let content = StoryContent {
            title: "t".into(),
            tags: vec!["a".into(), "b".into()],
            product: Some("p".into()),
            parts: StoryParts {
                timeline: vec![TimelineEvent {
                    time: None,
                    text: "e".into(),
                }],
                got_lucky: vec!["g".into()],
                surprises: vec!["s".into()],
                lessons: vec!["l0".into(), "l1".into()],
                action_items: vec![
                    ActionItem {
                        text: "a0".into(),
                        owner: Some("o0".into()),
                        status: Default::default(),
                        due: None,
                        closed: None,
                    },
                    ActionItem {
                        text: "a1".into(),
                        owner: None,
                        status: Default::default(),
                        due: None,
                        closed: None,
                    },
                ],
                ..Default::default()
            },
            ..Default::default()
        };
        let paths: Vec<(FieldPath, String)> = read_fields(&content);
        use FieldPath::*;
        assert_eq!(
            paths,
            vec![
                (Title, "t".into()),
                (Summary, String::new()),
                (Body, String::new()),
                (Tag { index: 0 }, "a".into()),
                (Tag { index: 1 }, "b".into()),
                (Product, "p".into()),
                (TimelineText { index: 0 }, "e".into()),
                (
                    Part {
                        part: PartList::GotLucky,
                        index: 0
                    },
                    "g".into()
                ),
                (
                    Part {
                        part: PartList::Surprises,
                        index: 0
                    },
                    "s".into()
                ),
                (
                    Part {
                        part: PartList::Lessons,
                        index: 0
                    },
                    "l0".into()
                ),
                (
                    Part {
                        part: PartList::Lessons,
                        index: 1
                    },
                    "l1".into()
                ),
                (ActionText { index: 0 }, "a0".into()),
                (ActionOwner { index: 0 }, "o0".into()),
                (ActionText { index: 1 }, "a1".into()),
            ]
        );
    }

    #[test]
    fn paths_are_tagged_objects_in_json() {
        let cases = [
            (FieldPath::Title, r#"{"name":"title"}"#),
            (FieldPath::SourceUrl, r#"{"name":"source_url"}"#),
            (FieldPath::Tag { index: 3 }, r#"{"name":"tag","index":3}"#),
            (
                FieldPath::Part {
                    part: PartList::ContributingFactors,
                    index: 1,
                },
                r#"{"name":"part","part":"contributing_factors","index":1}"#,
            ),
            (
                FieldPath::ActionOwner { index: 0 },
                r#"{"name":"action_owner","index":0}"#,
            ),
        ];
        for (path, json) in cases {
            assert_eq!(serde_json::to_string(&path).unwrap(), json);
            assert_eq!(serde_json::from_str::<FieldPath>(json).unwrap(), path);
        }
        assert!(serde_json::from_str::<FieldPath>(r#"{"name":"tags[0]"}"#).is_err());
        assert!(serde_json::from_str::<FieldPath>(r#""title""#).is_err());
    }
}
