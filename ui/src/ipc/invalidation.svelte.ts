// What changed, so that screens showing it reload. The generated command
// functions (./commands.ts) call `invalidate` after a write succeeds; a
// screen reads `changed(...)` inside an `$effect`, which then reruns
// whenever one of those topics changes. Screens never bump anything by hand.
import type { Topic } from "./commands";

class Invalidation {
  #versions: Record<string, number> = $state({});

  /** Marks `topics` changed; "library" (another folder, a restored backup) changes everything. */
  invalidate(...topics: Topic[]): void {
    for (const topic of topics) {
      this.#versions[topic] = (this.#versions[topic] ?? 0) + 1;
    }
  }

  /** A number that changes whenever any of `topics` (or the whole library) changes. */
  version(...topics: Topic[]): number {
    let sum = this.#versions["library"] ?? 0;
    for (const topic of topics) sum += this.#versions[topic] ?? 0;
    return sum;
  }
}

const invalidation = new Invalidation();

/** Marks `topics` changed (called by the generated command functions). */
export const invalidate = (...topics: Topic[]): void => invalidation.invalidate(...topics);

/** Read inside an `$effect` to rerun it when `topics` change. */
export const changed = (...topics: Topic[]): number => invalidation.version(...topics);
