//! `persisted-format-change`: a change to a format that is stored or sent
//! and read by other versions: message and event schemas (Protobuf, Avro,
//! Thrift, JSON Schema), serializers, serialized field names, `Marshal` and
//! `pickle`, format version constants.
//!
//! Reason: during a deploy and after a rollback, old and new versions run
//! side by side: consumers not yet upgraded, the previous release, cached
//! entries and queued messages written by the other version all must still
//! be readable. Renamed or renumbered fields and new binary formats are not.
//! Source: Protocol Buffers docs "Updating A Message Type" (never reuse or
//! change field numbers); Confluent Schema Registry compatibility types;
//! Rails guides (`serialize`, `Marshal` cache format upgrades).

use super::{Change, Hit, Pattern, Rule};
use crate::brief::changes::ChangedFile;
use crate::brief::diff::LineKind;

/// The rule.
pub const RULE: Rule = Rule {
    name: "persisted-format-change",
    tags: &["rollback", "deploys"],
    why: "old and new versions read what the other wrote during a deploy and after a rollback",
    source: "Protocol Buffers \"Updating A Message Type\"; Confluent Schema Registry compatibility; Rails serialize/Marshal",
    check,
};

static SCHEMA_FILE: Pattern = Pattern::new(
    r"\.(proto|avsc|avdl|thrift|fbs)$|\.schema\.json$|(^|/)(schemas?|events?|messages?|serializers?|contracts?|payloads?|avro|protos?)/",
);
static FORMAT_LINE: Pattern = Pattern::new(
    r"\bMarshal\.(dump|load)\b|\bpickle\.(dumps?|loads?)\b|\bserialize\s+:\w+|@JsonProperty\(|\bjson:\x22[^\x22]+\x22|\bserde\(\s*rename|\bmsgpack\b|\b(SCHEMA|FORMAT|PAYLOAD|EVENT|MESSAGE|CACHE)_VERSION\s*=|\b(schema|format|payload)_version\s*[:=]|\bto_json\b|\bas_json\b|@SerializedName\(",
);
static PROTO_FIELD: Pattern = Pattern::new(r"=\s*\d+\s*[;\[]");

fn check(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    if file.is_test() || file.path_has(&[".md"]) || file.migration.is_some() {
        return;
    }
    let schema = SCHEMA_FILE.is_match(&file.lower);
    let mut reported_file = false;
    for hunk in &file.diff.hunks {
        let removed: Vec<&str> = hunk
            .lines
            .iter()
            .filter(|l| l.kind == LineKind::Removed)
            .map(|l| l.text.trim())
            .collect();
        for line in hunk.lines.iter().filter(|l| l.kind == LineKind::Added) {
            let text = line.text.trim();
            if schema && !removed.is_empty() && !reported_file && !text.is_empty() {
                reported_file = true;
                let why = if file.ext == "proto" && removed.iter().any(|r| PROTO_FIELD.is_match(r))
                {
                    "a Protobuf field was removed or renumbered: readers on the other version misread or drop it"
                } else {
                    "this schema changed in place: readers on the other version (a rollback, a lagging consumer) must still parse it"
                };
                out.push(Hit::at(line).because(why));
                continue;
            }
            if FORMAT_LINE.is_match(text) {
                let changed = removed.iter().any(|r| FORMAT_LINE.is_match(r));
                let new_binary = text.contains("Marshal")
                    || text.contains("pickle")
                    || text.contains("_VERSION")
                    || text.contains("_version");
                if changed || new_binary {
                    out.push(Hit::at(line));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{changed, lines, run};
    use super::*;

    #[test]
    fn schema_files_changed_in_place() {
        let proto = changed("proto/orders/v1/order.proto", " message Order {\n-  string customer = 3;\n+  string customer_id = 3;\n+  int64 placed_at = 4;\n }");
        assert_eq!(run(&RULE, &proto).len(), 1);
        let avro = changed("schemas/appointment.avsc", "-  {\"name\": \"starts_at\", \"type\": \"string\"},\n+  {\"name\": \"starts_at\", \"type\": \"long\"},");
        assert_eq!(run(&RULE, &avro).len(), 1);
        let added_only = super::super::testing::new_file(
            "proto/orders/v1/refund.proto",
            "message Refund {\n  string id = 1;\n}",
        );
        assert!(
            run(&RULE, &added_only).is_empty(),
            "a brand-new message is compatible"
        );
    }

    #[test]
    fn serialized_names_and_binary_formats() {
        let java = changed(
            "src/main/java/OrderEvent.java",
            "-  @JsonProperty(\"customer\")\n+  @JsonProperty(\"customerId\")",
        );
        assert_eq!(run(&RULE, &java).len(), 1);
        let go = changed(
            "internal/events/order.go",
            "-\tCustomer string `json:\"customer\"`\n+\tCustomer string `json:\"customer_id\"`",
        );
        assert_eq!(run(&RULE, &go).len(), 1);
        assert_eq!(
            lines(
                &RULE,
                "app/models/session_store.rb",
                "Rails.cache.write(key, Marshal.dump(cart))"
            ),
            [1]
        );
        assert_eq!(lines(&RULE, "svc/cache.py", "PAYLOAD_VERSION = 3"), [1]);
    }
}
