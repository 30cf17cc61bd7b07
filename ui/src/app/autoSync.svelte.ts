// Automatic team sync while the app is open: shortly after a change and
// every few minutes, only when the library is connected and the person
// turned it on. A sync already running is joined, never doubled.
import { appInfo, changed, teamStatus } from "../ipc";
import { teamSync } from "../lib/teamSync.svelte";

const AFTER_CHANGE_MS = 15_000;
const EVERY_MS = 5 * 60_000;

async function wanted(): Promise<boolean> {
  try {
    const [info, status] = await Promise.all([appInfo(), teamStatus()]);
    return info.library_open && info.team_auto_sync && status.connected;
  } catch {
    return false;
  }
}

async function syncIfWanted() {
  if (!teamSync.running && (await wanted())) await teamSync.run();
}

/** Starts automatic sync; call once from the app shell inside a component. */
export function startAutoSync(): () => void {
  let soon: ReturnType<typeof setTimeout> | undefined;
  let first = true;
  const stopWatching = $effect.root(() => {
    $effect(() => {
      void changed("stories", "reading", "glossary");
      // The first run is the app starting, not a change.
      if (first) {
        first = false;
        return;
      }
      // A sync's own import changes stories too; that is not a new local change.
      if (teamSync.running || Date.now() - teamSync.endedAt < 2_000) return;
      clearTimeout(soon);
      soon = setTimeout(syncIfWanted, AFTER_CHANGE_MS);
    });
  });
  const every = setInterval(syncIfWanted, EVERY_MS);
  return () => {
    stopWatching();
    clearTimeout(soon);
    clearInterval(every);
  };
}
