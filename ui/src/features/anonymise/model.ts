// Locating the anonymiser's replacements in a story's fields. Offsets from
// the core are UTF-8 byte offsets into the field's original text.
import type { Replacement, ReplacementRef, StoryContent } from "../../ipc";

/** A piece of a field: plain text, or one replacement. */
export type Segment = { text: string } | { text: string; rep: Replacement; key: string };

export const keyOf = (r: ReplacementRef): string => `${r.field}:${r.start}-${r.end}`;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The text of a field named as in `Replacement.field` (`parts.lessons[2]`, `tags[0]`, …). */
export function fieldText(content: StoryContent, field: string): string {
  let value: unknown = content;
  for (const part of field.split(".")) {
    const m = /^(\w+)(?:\[(\d+)\])?$/.exec(part);
    if (!m || value === null || typeof value !== "object") return "";
    value = (value as Record<string, unknown>)[m[1]];
    if (m[2] !== undefined) value = Array.isArray(value) ? value[Number(m[2])] : undefined;
  }
  return typeof value === "string" ? value : "";
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

/** Human label of a field name. */
export function fieldLabel(field: string): string {
  const names: Record<string, string> = {
    title: "Title",
    summary: "Summary",
    body: "Story",
    company: "Company",
    product: "Product",
    source_url: "Source link",
    tags: "Tag",
    "parts.lessons": "Lesson",
    "parts.timeline": "Timeline",
    "parts.went_well": "Went well",
    "parts.went_wrong": "Went wrong",
    "parts.got_lucky": "Got lucky",
    "parts.contributing_factors": "Contributing factor",
    "parts.action_items": "Action item",
  };
  const base = field.replace(/\[\d+\].*$/, "");
  const index = /\[(\d+)\]/.exec(field);
  const label = names[base] ?? field;
  return index ? `${label} ${Number(index[1]) + 1}` : label;
}

/** The fields to show side by side: title, summary and lessons always, any
 * other field with a replacement, and the story body last. */
export function reviewFields(content: StoryContent, replacements: Replacement[]): string[] {
  const fields = ["title"];
  if (content.summary) fields.push("summary");
  content.parts.lessons.forEach((_, i) => fields.push(`parts.lessons[${i}]`));
  for (const r of replacements) {
    if (!fields.includes(r.field) && r.field !== "body") fields.push(r.field);
  }
  if (content.body) fields.push("body");
  return fields;
}
