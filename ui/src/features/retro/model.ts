// Small pure helpers over the retro document (mirroring the core where the
// UI must act before a save: merging notes, the check trend, the preview).

import type { EventMarker, Retro, RetroNote, RetroPhase, RetroSummary } from "../../ipc";

export const PHASES: RetroPhase[] = [
  "set-stage",
  "timeline",
  "went-well",
  "went-wrong",
  "got-lucky",
  "contributing-factors",
  "action-items",
  "wrap-up",
];

/** The phases whose work is a list of notes. */
export const NOTE_PHASES: RetroPhase[] = ["went-well", "went-wrong", "got-lucky", "contributing-factors"];

export const MARKERS: { value: EventMarker; label: string }[] = [
  { value: "start", label: "Impact began" },
  { value: "detection", label: "Detected" },
  { value: "mitigation", label: "Mitigated" },
  { value: "resolution", label: "Resolved" },
];

/** A random (v4) UUID, also where crypto.randomUUID is unavailable. */
export function newId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Notes of a phase (not parked), in the order they were added. */
export function notesOf(retro: Retro, phase: RetroPhase): RetroNote[] {
  return retro.notes.filter((n) => n.phase === phase && !n.parked);
}

/** Same as the core's Retro::merge_notes: join texts, add votes, re-link actions, drop `from`. */
export function mergeNotes(retro: Retro, into: string, from: string): boolean {
  if (into === from) return false;
  const fromIndex = retro.notes.findIndex((n) => n.id === from);
  const target = retro.notes.find((n) => n.id === into);
  if (fromIndex < 0 || !target) return false;
  const [merged] = retro.notes.splice(fromIndex, 1);
  if (target.text.trim() !== merged.text.trim()) target.text = `${target.text.trim()} / ${merged.text.trim()}`;
  target.votes += merged.votes;
  for (const action of retro.actions) if (action.factor === from) action.factor = into;
  return true;
}

export interface CheckTrend {
  answered: number;
  learned: number;
  comeAgain: number;
}

/** How many retros answered the two questions, and how many said yes. */
export function checkTrend(retros: RetroSummary[]): CheckTrend {
  const answered = retros.filter((r) => r.check);
  return {
    answered: answered.length,
    learned: answered.filter((r) => r.check?.learned_something).length,
    comeAgain: answered.filter((r) => r.check?.would_come_again).length,
  };
}

/** Moves item `from` of `list` to `to` (clamped); returns the new index. */
export function move<T>(list: T[], from: number, to: number): number {
  const target = Math.max(0, Math.min(list.length - 1, to));
  if (target === from || from < 0 || from >= list.length) return from;
  const [item] = list.splice(from, 1);
  list.splice(target, 0, item);
  return target;
}
