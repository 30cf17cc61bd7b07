// One team sync at a time, shared by the Team screen and automatic sync:
// whoever starts it, every screen sees the same progress and outcome, and a
// second request while one runs waits for it instead of starting another.
import { errorMessage, syncTeam, type SyncProgress, type SyncReport, type SyncStage } from "../ipc";

const stageLabels: Record<SyncStage, string> = {
  exporting: "Writing local changes",
  committed: "Writing local changes",
  fetching: "Fetching the team's changes",
  merging: "Merging",
  merged: "Merging",
  importing: "Reading the team's changes",
  pushing: "Sending changes to the team",
  pushed: "Sending changes to the team",
};

/** A person-readable line for a progress message. */
export function describeProgress(p: SyncProgress): string {
  const label = stageLabels[p.stage];
  const counted = p.total > 0 ? ` (${p.done} of ${p.total})` : "";
  const retry = p.attempt > 1 ? ` — attempt ${p.attempt}` : "";
  return `${label}${counted}${retry}…`;
}

class TeamSync {
  /** The running sync's latest progress, or null when none runs. */
  progress = $state<SyncProgress | null>(null);
  running = $state(false);
  /** What the last sync did, and when it ended. */
  lastReport = $state<SyncReport | null>(null);
  lastError = $state("");
  /** When the last sync ended (ms since the epoch; 0: none yet). */
  endedAt = 0;
  #current: Promise<SyncReport | null> | null = null;

  /** Syncs now, or joins the sync already running. Never throws: errors land in `lastError`. */
  run(): Promise<SyncReport | null> {
    if (this.#current) return this.#current;
    this.running = true;
    this.progress = null;
    this.#current = syncTeam((p) => (this.progress = p))
      .then((report) => {
        this.lastReport = report;
        this.lastError = "";
        return report;
      })
      .catch((e) => {
        this.lastError = errorMessage(e);
        return null;
      })
      .finally(() => {
        this.running = false;
        this.progress = null;
        this.endedAt = Date.now();
        this.#current = null;
      });
    return this.#current;
  }
}

export const teamSync = new TeamSync();
