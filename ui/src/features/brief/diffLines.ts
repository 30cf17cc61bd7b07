// A unified diff, read for display: files, hunks and lines with their line
// numbers, and where each briefing signal sits in it. Mirrors the core's
// parser (crates/kintsugi-core/src/brief/diff) closely enough that a signal's
// `file` and `line` find their row: `diff --git` and `---`/`+++` headers
// (git prefixes, /dev/null, C-style quoted paths), rename/copy/new/deleted
// lines, `@@ -a,b +c,d @@` hunks, `\ No newline`, combined diffs skipped.
// Never throws: a line it cannot read is left out.

export type LineKind = "add" | "del" | "ctx";

export interface DiffRow {
  /** Unique in the parse, for keys and for placing signals. */
  id: number;
  kind: LineKind;
  /** Old-file line number (0 for an added line). */
  oldNumber: number;
  /** New-file line number; for a removed line, the new-file position it was removed at. */
  number: number;
  text: string;
}

export interface DiffHunk {
  /** The `@@ … @@` line as written. */
  header: string;
  lines: DiffRow[];
}

export type FileStatus = "modified" | "added" | "deleted" | "renamed" | "copied";

export interface DiffFile {
  /** Path in the new tree (the old path for a deleted file), as the core names it. */
  path: string;
  oldPath: string | null;
  status: FileStatus;
  binary: boolean;
  hunks: DiffHunk[];
  added: number;
  removed: number;
  /** Lines left out of the display (see {@link limitLines}). */
  hidden: number;
}

interface OpenHunk {
  oldLeft: number;
  newLeft: number;
  nextOld: number;
  nextNew: number;
}

const commitLine = /^(?:From ([0-9a-fA-F]{7,64}) .* 2001$|commit ([0-9a-fA-F]{7,64})\b)/;

/** `a/x`, `b/x`, or git's mnemonic `i/x`, `w/x`, … → `x`. */
function stripGitPrefix(path: string): string {
  return path.length > 2 && path[1] === "/" && path[0] >= "a" && path[0] <= "z" ? path.slice(2) : path;
}

/** Undoes git's C-style quoting of unusual paths (`"caf\303\251.txt"`). */
export function unquote(raw: string): string {
  const path = raw.trim();
  if (path.length < 2 || !path.startsWith('"') || !path.endsWith('"')) return path;
  const inner = path.slice(1, -1);
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c !== "\\") {
      bytes.push(...encoder.encode(c));
      continue;
    }
    const next = inner[++i];
    if (next === undefined) bytes.push(0x5c);
    else if (next === "n") bytes.push(0x0a);
    else if (next === "t") bytes.push(0x09);
    else if (next >= "0" && next <= "7") {
      let value = Number(next);
      for (let k = 0; k < 2 && inner[i + 1] >= "0" && inner[i + 1] <= "7"; k++) value = value * 8 + Number(inner[++i]);
      bytes.push(value & 0xff);
    } else bytes.push(...encoder.encode(next));
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

function closingQuote(s: string): number {
  let escaped = false;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "\\" && !escaped) escaped = true;
    else if (s[i] === '"' && !escaped) return i;
    else escaped = false;
  }
  return -1;
}

/** The new path from what follows `diff --git `. */
export function gitHeaderPath(rest: string): string {
  if (rest.startsWith('"')) {
    const end = closingQuote(rest.slice(1));
    if (end >= 0) return stripGitPrefix(unquote(rest.slice(end + 2).trim()));
  }
  const quoted = rest.lastIndexOf(' "');
  if (quoted >= 0) return stripGitPrefix(unquote(rest.slice(quoted + 1)));
  if (rest.length % 2 === 1) {
    const half = (rest.length - 1) / 2;
    if (rest[half] === " ") {
      const a = rest.slice(0, half);
      const b = rest.slice(half + 1);
      if (stripGitPrefix(a) === stripGitPrefix(b)) return stripGitPrefix(b);
    }
  }
  const b = rest.lastIndexOf(" b/");
  if (b >= 0) return rest.slice(b + 3);
  return rest.split(" ").pop() ?? rest;
}

/** `@@ -a[,b] +c[,d] @@ section` → old start, old length, new start, new length. */
export function hunkHeader(line: string): { oldStart: number; oldLen: number; newStart: number; newLen: number } | null {
  const m = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? ?@@/.exec(line);
  if (!m) return null;
  return {
    oldStart: Number(m[1]),
    oldLen: m[2] === undefined ? 1 : Number(m[2]),
    newStart: Number(m[3]),
    newLen: m[4] === undefined ? 1 : Number(m[4]),
  };
}

/** Parses a unified diff for display. */
export function parseDiff(input: string): DiffFile[] {
  const files: DiffFile[] = [];
  let file: DiffFile | null = null;
  let hunk: OpenHunk | null = null;
  let gitStyle = false;
  let skipping = false;
  let pendingOld: string | null = null;
  let nextId = 0;

  const closeFile = () => {
    hunk = null;
    pendingOld = null;
    if (file) files.push(file);
    file = null;
  };
  const startFile = (path: string, git: boolean) => {
    closeFile();
    skipping = false;
    gitStyle = git;
    file = { path, oldPath: null, status: "modified", binary: false, hunks: [], added: 0, removed: 0, hidden: 0 };
  };

  /** One line of an open hunk; false when the line is not part of it. */
  const hunkLine = (raw: string): boolean => {
    const open = hunk as OpenHunk;
    const marker = raw[0];
    let kind: LineKind;
    if (marker === "+") kind = "add";
    else if (marker === "-") kind = "del";
    else if (marker === " " || marker === undefined) kind = "ctx";
    else if (marker === "\\") return true;
    else {
      hunk = null;
      return false;
    }
    const row: DiffRow = { id: nextId++, kind, oldNumber: 0, number: open.nextNew, text: raw.slice(1) };
    if (kind === "add") {
      open.newLeft = Math.max(0, open.newLeft - 1);
      open.nextNew += 1;
    } else if (kind === "del") {
      row.oldNumber = open.nextOld++;
      open.oldLeft = Math.max(0, open.oldLeft - 1);
    } else {
      row.oldNumber = open.nextOld++;
      open.oldLeft = Math.max(0, open.oldLeft - 1);
      open.newLeft = Math.max(0, open.newLeft - 1);
      open.nextNew += 1;
    }
    if (open.oldLeft === 0 && open.newLeft === 0) hunk = null;
    const current = file as DiffFile | null;
    const last = current?.hunks[current.hunks.length - 1];
    if (current && last) {
      last.lines.push(row);
      if (kind === "add") current.added += 1;
      if (kind === "del") current.removed += 1;
    }
    return true;
  };

  const oldNewPaths = (old: string, neu: string) => {
    const current = file as DiffFile | null;
    const continuing = current !== null && current.hunks.length === 0 && gitStyle;
    const plainPrefixes = old.startsWith("a/") && neu.startsWith("b/");
    const git = gitStyle && continuing;
    const strip = (p: string, prefix: string | null): string | null => {
      const path = unquote(p.split("\t")[0].trimEnd());
      if (path === "/dev/null") return null;
      if (git) return stripGitPrefix(path);
      return prefix && path.startsWith(prefix) ? path.slice(prefix.length) : path;
    };
    const usePrefix = plainPrefixes || git;
    const oldPath = strip(old, usePrefix ? "a/" : null);
    const newPath = strip(neu, usePrefix ? "b/" : null);
    if (!continuing) startFile(newPath ?? oldPath ?? "", false);
    const f = file as DiffFile | null;
    if (!f) return;
    if (oldPath === null && newPath !== null) {
      f.status = "added";
      f.path = newPath;
    } else if (oldPath !== null && newPath === null) {
      f.status = "deleted";
      f.path = oldPath;
    } else if (oldPath !== null && newPath !== null) {
      f.path = newPath;
      if (oldPath !== newPath && f.status === "modified") {
        f.status = "renamed";
        f.oldPath = oldPath;
      }
    }
  };

  const header = (line: string) => {
    if (line.startsWith("diff --git ")) return startFile(gitHeaderPath(line.slice(11)), true);
    if (line.startsWith("diff --cc ") || line.startsWith("diff --combined ")) {
      closeFile();
      skipping = true;
      return;
    }
    if (commitLine.test(line)) {
      closeFile();
      skipping = false;
      return;
    }
    if (skipping) return;
    if (line.startsWith("--- ")) {
      pendingOld = line.slice(4);
      return;
    }
    if (line.startsWith("+++ ") && pendingOld !== null) {
      const old = pendingOld;
      pendingOld = null;
      return oldNewPaths(old, line.slice(4));
    }
    pendingOld = null;
    if (line.startsWith("@@ ") || line === "@@") {
      const h = hunkHeader(line);
      if (!h) return;
      if (!file) startFile("(unnamed)", false);
      (file as DiffFile | null)?.hunks.push({ header: line, lines: [] });
      if (h.oldLen > 0 || h.newLen > 0) {
        hunk = { oldLeft: h.oldLen, newLeft: h.newLen, nextOld: Math.max(1, h.oldStart), nextNew: Math.max(1, h.newStart) };
      }
      return;
    }
    const f = file as DiffFile | null;
    if (line.startsWith("GIT binary patch") || line.startsWith("Binary files ")) {
      if (f) f.binary = true;
      skipping = line.startsWith("GIT binary patch");
      return;
    }
    if (!f) return;
    if (line.startsWith("new file mode")) f.status = "added";
    else if (line.startsWith("deleted file mode")) f.status = "deleted";
    else if (line.startsWith("rename from ")) {
      f.status = "renamed";
      f.oldPath = unquote(line.slice(12));
    } else if (line.startsWith("rename to ")) {
      f.status = "renamed";
      f.path = unquote(line.slice(10));
    } else if (line.startsWith("copy from ")) {
      f.status = "copied";
      f.oldPath = unquote(line.slice(10));
    } else if (line.startsWith("copy to ")) {
      f.status = "copied";
      f.path = unquote(line.slice(8));
    }
  };

  const lines = input.split("\n");
  if (input.endsWith("\n")) lines.pop();
  for (const rawLine of lines) {
    const raw = rawLine.endsWith("\r") ? rawLine.slice(0, -1) : rawLine;
    if (hunk && hunkLine(raw)) continue;
    header(raw);
  }
  closeFile();
  return files;
}

/**
 * Keeps at most `budget` lines on screen across all files (a briefing may
 * read a diff of many megabytes); each file counts what it leaves out in
 * `hidden`. Returns new file objects; rows are shared.
 */
export function limitLines(files: DiffFile[], budget: number): DiffFile[] {
  let left = budget;
  return files.map((file) => {
    let hidden = 0;
    const hunks: DiffHunk[] = [];
    for (const h of file.hunks) {
      if (left <= 0) {
        hidden += h.lines.length;
        continue;
      }
      const shown = h.lines.slice(0, left);
      hidden += h.lines.length - shown.length;
      left -= shown.length;
      hunks.push({ header: h.header, lines: shown });
    }
    return { ...file, hunks, hidden };
  });
}

/** Something a briefing placed on a file and line. */
export interface Located {
  file: string;
  line: number;
  text: string;
}

export interface Placement<T> {
  /** Row id → what sits on that row. */
  onRow: Map<number, T[]>;
  /** File index → what sits on the file as a whole (line 0, or a line not shown). */
  onFile: Map<number, T[]>;
  /** Files the diff does not show at all, with what sits on them. */
  elsewhere: { file: string; items: T[] }[];
}

const squash = (s: string) => s.replace(/\s+/g, " ").trim();

function push<K, T>(map: Map<K, T[]>, key: K, item: T) {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}

/**
 * Puts each item on the row of its file and line: the row whose new-file
 * number is `line` and whose text is the item's, an added row before a
 * removed one before context. Line 0, or a line not on screen, goes to the
 * file's header; a file not in the diff to `elsewhere`. Nothing is dropped.
 */
export function place<T extends Located>(files: DiffFile[], items: T[]): Placement<T> {
  const placement: Placement<T> = { onRow: new Map(), onFile: new Map(), elsewhere: [] };
  const byPath = new Map<string, number[]>();
  files.forEach((f, i) => {
    const list = byPath.get(f.path);
    if (list) list.push(i);
    else byPath.set(f.path, [i]);
  });
  for (const item of items) {
    const indexes = byPath.get(item.file);
    if (!indexes) {
      const group = placement.elsewhere.find((g) => g.file === item.file);
      if (group) group.items.push(item);
      else placement.elsewhere.push({ file: item.file, items: [item] });
      continue;
    }
    let best: { row: DiffRow; score: number } | null = null;
    if (item.line > 0) {
      const wanted = squash(item.text);
      for (const i of indexes) {
        for (const h of files[i].hunks) {
          for (const row of h.lines) {
            if (row.number !== item.line) continue;
            const text = squash(row.text);
            const same = wanted !== "" && (text === wanted || text.includes(wanted) || (text !== "" && wanted.includes(text)));
            const score = (same ? 4 : 0) + (row.kind === "add" ? 2 : row.kind === "del" ? 1 : 0);
            if (!best || score > best.score) best = { row, score };
          }
        }
      }
    }
    if (best) push(placement.onRow, best.row.id, item);
    else push(placement.onFile, indexes[0], item);
  }
  return placement;
}
