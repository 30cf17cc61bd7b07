// Editor content helpers: empty stories, form values ↔ stored values.
import type { Story, StoryContent } from "../../ipc";

export function emptyContent(): StoryContent {
  return {
    kind: "postmortem",
    title: "",
    summary: "",
    body: "",
    tags: [],
    company: null,
    product: null,
    severity: null,
    start_time: null,
    detected_time: null,
    resolved_time: null,
    end_time: null,
    source_url: null,
    anonymised: false,
    changes: [],
    tripwires: [],
    parts: {
      timeline: [],
      went_well: [],
      went_wrong: [],
      got_lucky: [],
      surprises: [],
      contributing_factors: [],
      lessons: [],
      action_items: [],
    },
  };
}

/** The editable part of a stored story. */
export function contentOf(story: Story): StoryContent {
  // Everything but what the library keeps about the story: new content
  // fields (fingerprints, tripwires, …) are carried without listing them here.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { id, revision, created_at, updated_at, deleted_at, ...content } = story;
  return structuredClone(content);
}

/** A draft kept before a field existed (fingerprints, tripwires, surprises, close dates) gets its empty value; every other field is kept as it is. */
export function filledIn(content: StoryContent): StoryContent {
  return {
    ...content,
    changes: content.changes ?? [],
    tripwires: content.tripwires ?? [],
    parts: {
      ...content.parts,
      surprises: content.parts.surprises ?? [],
      action_items: content.parts.action_items.map((a) => ({ ...a, closed: a.closed ?? null })),
    },
  };
}

/** Today on the person's own calendar, as an `<input type="date">` value. */
export function todayInput(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function sameContent(a: StoryContent, b: StoryContent): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A stored UTC time → value of an `<input type="datetime-local">` (shown as UTC). */
export function toInputTime(iso: string | null): string {
  if (!iso) return "";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "" : d.toISOString().slice(0, 16);
}

/** An `<input type="datetime-local">` value, read as UTC → stored time. */
export function fromInputTime(value: string): string | null {
  return value ? `${value.length === 16 ? `${value}:00` : value}Z` : null;
}

/** Empty text → null, for optional fields. */
export const orNull = (value: string): string | null => (value.trim() === "" ? null : value);

// Content of a story not yet created lives in localStorage until its first
// save (the backend keeps drafts only for stored stories).
const NEW_DRAFT_KEY = "kintsugi.new-story-draft";

export function readNewDraft(): StoryContent | null {
  try {
    const text = localStorage.getItem(NEW_DRAFT_KEY);
    return text ? (JSON.parse(text) as StoryContent) : null;
  } catch {
    return null;
  }
}

export function writeNewDraft(content: StoryContent | null): void {
  try {
    if (content) localStorage.setItem(NEW_DRAFT_KEY, JSON.stringify(content));
    else localStorage.removeItem(NEW_DRAFT_KEY);
  } catch {
    // Storage full or unavailable: autosave is best effort.
  }
}
