// Times on the retro timeline are stored in UTC and shown and typed in the
// retro's own IANA time zone, converted with Intl (no time-zone library).

/** The computer's time zone, e.g. "Europe/Berlin" (UTC if unknown). */
export function systemZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

/** True for a time zone name Intl understands. */
export function isZone(zone: string): boolean {
  if (!zone.trim()) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Every time zone name the runtime knows (for suggestions). */
export function knownZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  try {
    return intl.supportedValuesOf?.("timeZone") ?? [];
  } catch {
    return [];
  }
}

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(zone: string): Intl.DateTimeFormat {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    });
    formats.set(zone, format);
  }
  return format;
}

/** The wall-clock time in `zone` at the instant `ms`. */
function wallAt(ms: number, zone: string): Wall {
  const parts = formatFor(zone).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: get("year"), month: get("month"), day: get("day"), hour: get("hour") % 24, minute: get("minute") };
}

/** How far `zone`'s wall clock is ahead of UTC at the instant `ms`. */
function offsetAt(ms: number, zone: string): number {
  const w = wallAt(ms, zone);
  const minute = Math.floor(ms / 60000) * 60000;
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) - minute;
}

/** The UTC instant of wall-clock time `w` in `zone`. */
function instantOf(w: Wall, zone: string): number {
  const guess = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  const first = guess - offsetAt(guess, zone);
  const second = guess - offsetAt(first, zone);
  return second;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** "2024-03-01 14:05" in `zone` for a stored UTC time ("" for none). */
export function toZoneInput(iso: string | null, zone: string): string {
  if (!iso) return "";
  const ms = new Date(iso).getTime();
  if (Number.isNaN(ms)) return "";
  const w = wallAt(ms, isZone(zone) ? zone : "UTC");
  return `${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}`;
}

/** The date part ("2024-03-01") of a stored time in `zone`. */
export function dateInZone(iso: string | null, zone: string): string {
  return toZoneInput(iso, zone).slice(0, 10);
}

export type ParsedTime = { ok: true; iso: string | null } | { ok: false };

/**
 * Reads a typed time in `zone`: "2024-03-01 14:05" (or with a T), or just
 * "14:05" on `fallbackDate` ("YYYY-MM-DD"). Empty means no time.
 */
export function fromZoneInput(text: string, zone: string, fallbackDate: string): ParsedTime {
  const value = text.trim();
  if (!value) return { ok: true, iso: null };
  const full = /^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})$/.exec(value);
  const short = /^(\d{1,2}):(\d{2})$/.exec(value);
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(fallbackDate);
  let w: Wall;
  if (full) {
    w = { year: +full[1], month: +full[2], day: +full[3], hour: +full[4], minute: +full[5] };
  } else if (short && day) {
    w = { year: +day[1], month: +day[2], day: +day[3], hour: +short[1], minute: +short[2] };
  } else {
    return { ok: false };
  }
  if (w.month < 1 || w.month > 12 || w.day < 1 || w.day > 31 || w.hour > 23 || w.minute > 59) return { ok: false };
  const ms = instantOf(w, isZone(zone) ? zone : "UTC");
  return Number.isNaN(ms) ? { ok: false } : { ok: true, iso: new Date(ms).toISOString().replace(".000Z", "Z") };
}

/** Today's date in `zone`. */
export function todayIn(zone: string): string {
  return toZoneInput(new Date().toISOString(), zone).slice(0, 10);
}

/** The short name of `zone` at `iso` (e.g. "CET", "GMT+1"). */
export function zoneAbbreviation(zone: string, iso: string | null = null): string {
  if (!isZone(zone)) return zone;
  const at = iso ? new Date(iso) : new Date();
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "short" }).formatToParts(at);
  return parts.find((p) => p.type === "timeZoneName")?.value ?? zone;
}

/** Minutes as "45 min", "2 h 5 min", "1 d 3 h". */
export function minutesLabel(minutes: number | null): string {
  if (minutes === null) return "–";
  if (minutes < 0) return `${minutes} min`;
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours < 48) return rest ? `${hours} h ${rest} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}
