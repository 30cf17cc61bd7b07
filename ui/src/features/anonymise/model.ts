// Locating the anonymiser's replacements in a story's fields. A field is a
// typed `FieldPath` from the core, read here by its `name`, never parsed
// from a string. Offsets are UTF-8 byte offsets into the field's original text.
import type { FieldPath, PartList, Replacement, ReplacementRef, StoryContent } from "../../ipc";

/** A piece of a field: plain text, or one replacement. */
export type Segment = { text: string } | { text: string; rep: Replacement; key: string };

/** A stable key for a field (for maps, `{#each}` keys and test ids):
 * `title`, `body`, `tags[0]`, `parts.lessons[2]`, `parts.action_items[0].owner`, …. */
export function fieldKey(path: FieldPath): string {
  switch (path.name) {
    case "tag":
      return `tags[${path.index}]`;
    case "timeline_text":
      return `parts.timeline[${path.index}].text`;
    case "part":
      return `parts.${path.part}[${path.index}]`;
    case "action_text":
      return `parts.action_items[${path.index}].text`;
    case "action_owner":
      return `parts.action_items[${path.index}].owner`;
    default:
      return path.name;
  }
}

export const keyOf = (r: ReplacementRef): string => `${fieldKey(r.field)}:${r.start}-${r.end}`;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The text of the field at `path` ("" when the story has no such field). */
export function fieldText(content: StoryContent, path: FieldPath): string {
  switch (path.name) {
    case "title":
    case "summary":
    case "body":
      return content[path.name];
    case "company":
    case "product":
    case "source_url":
      return content[path.name] ?? "";
    case "tag":
      return content.tags.at(path.index) ?? "";
    case "timeline_text":
      return content.parts.timeline.at(path.index)?.text ?? "";
    case "part":
      return content.parts[path.part].at(path.index) ?? "";
    case "action_text":
      return content.parts.action_items.at(path.index)?.text ?? "";
    case "action_owner":
      return content.parts.action_items.at(path.index)?.owner ?? "";
    case "text":
      return "";
  }
}

/** Splits `text` into plain runs and the (non-overlapping) replacements in it. */
export function segments(text: string, replacements: Replacement[]): Segment[] {
  const bytes = encoder.encode(text);
  const sorted = [...replacements].sort((a, b) => a.start - b.start);
  const out: Segment[] = [];
  let at = 0;
  for (const rep of sorted) {
    if (rep.start < at || rep.end > bytes.length) continue;
    if (rep.start > at) out.push({ text: decoder.decode(bytes.slice(at, rep.start)) });
    out.push({ text: decoder.decode(bytes.slice(rep.start, rep.end)), rep, key: keyOf(rep) });
    at = rep.end;
  }
  if (at < bytes.length) out.push({ text: decoder.decode(bytes.slice(at)) });
  return out;
}

const partLabels: Record<PartList, string> = {
  went_well: "Went well",
  went_wrong: "Went wrong",
  got_lucky: "Got lucky",
  surprises: "Surprise",
  contributing_factors: "Contributing factor",
  lessons: "Lesson",
};

/** Human label of a field ("Lesson 3", "Action item 1"; positions count from 1). */
export function fieldLabel(path: FieldPath): string {
  switch (path.name) {
    case "text":
      return "Text";
    case "title":
      return "Title";
    case "summary":
      return "Summary";
    case "body":
      return "Story";
    case "company":
      return "Company";
    case "product":
      return "Product";
    case "source_url":
      return "Source link";
    case "tag":
      return `Tag ${path.index + 1}`;
    case "timeline_text":
      return `Timeline ${path.index + 1}`;
    case "part":
      return `${partLabels[path.part]} ${path.index + 1}`;
    case "action_text":
    case "action_owner":
      return `Action item ${path.index + 1}`;
  }
}

/** The fields to show side by side: title, summary and lessons always, any
 * other field with a replacement, and the story body last. */
export function reviewFields(content: StoryContent, replacements: Replacement[]): FieldPath[] {
  const fields: FieldPath[] = [{ name: "title" }];
  if (content.summary) fields.push({ name: "summary" });
  content.parts.lessons.forEach((_, index) => fields.push({ name: "part", part: "lessons", index }));
  const shown = new Set(fields.map(fieldKey));
  for (const r of replacements) {
    const key = fieldKey(r.field);
    if (!shown.has(key) && r.field.name !== "body") {
      fields.push(r.field);
      shown.add(key);
    }
  }
  if (content.body) fields.push({ name: "body" });
  return fields;
}
