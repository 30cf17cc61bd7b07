//! Walking a story's text fields: every field the anonymiser reads, named
//! and in one fixed order.
//!
//! Invariant: the order is title, summary, body, tags, company, product,
//! source URL, then the parts (timeline, went well, went wrong, got lucky,
//! contributing factors, lessons, action items with their owners); a field
//! that is absent (`None`) is not visited.

use crate::story::StoryContent;

/// Calls `f` with the name and text of every text field, in a fixed order.
pub(super) fn visit_fields(content: &mut StoryContent, f: &mut dyn FnMut(&str, &mut String)) {
    f("title", &mut content.title);
    f("summary", &mut content.summary);
    f("body", &mut content.body);
    for (i, tag) in content.tags.iter_mut().enumerate() {
        f(&format!("tags[{i}]"), tag);
    }
    for (name, value) in [
        ("company", &mut content.company),
        ("product", &mut content.product),
        ("source_url", &mut content.source_url),
    ] {
        if let Some(v) = value.as_mut() {
            f(name, v);
        }
    }
    let parts = &mut content.parts;
    for (i, event) in parts.timeline.iter_mut().enumerate() {
        f(&format!("parts.timeline[{i}].text"), &mut event.text);
    }
    for (name, list) in [
        ("went_well", &mut parts.went_well),
        ("went_wrong", &mut parts.went_wrong),
        ("got_lucky", &mut parts.got_lucky),
        ("contributing_factors", &mut parts.contributing_factors),
        ("lessons", &mut parts.lessons),
    ] {
        for (i, entry) in list.iter_mut().enumerate() {
            f(&format!("parts.{name}[{i}]"), entry);
        }
    }
    for (i, item) in parts.action_items.iter_mut().enumerate() {
        f(&format!("parts.action_items[{i}].text"), &mut item.text);
        if let Some(owner) = item.owner.as_mut() {
            f(&format!("parts.action_items[{i}].owner"), owner);
        }
    }
}

/// (field name, text) of every text field.
pub(super) fn read_fields(content: &StoryContent) -> Vec<(String, String)> {
    let mut copy = content.clone();
    let mut fields = Vec::new();
    visit_fields(&mut copy, &mut |name, text| {
        fields.push((name.to_string(), text.clone()));
    });
    fields
}
