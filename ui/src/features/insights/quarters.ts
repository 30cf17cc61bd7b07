// Quarters as the core names them ("2024Q1"): filling the gaps between the
// first and the last, and the search that finds a quarter's stories.

/** Every quarter from the first to the last of `names`, in order. */
export function quarterRange(names: string[]): string[] {
  const parsed = names.map(parse).filter((q): q is [number, number] => q !== null);
  if (parsed.length === 0) return [];
  const index = ([y, q]: [number, number]) => y * 4 + (q - 1);
  const first = Math.min(...parsed.map(index));
  const last = Math.max(...parsed.map(index));
  const out: string[] = [];
  for (let i = first; i <= last && out.length < 400; i++) out.push(`${Math.floor(i / 4)}Q${(i % 4) + 1}`);
  return out;
}

function parse(name: string): [number, number] | null {
  const m = /^(\d{1,4})Q([1-4])$/.exec(name);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

const month = (y: number, m: number) => `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}`;

/** The search query for the stories of `quarter`, optionally with one tag. */
export function quarterQuery(quarter: string, tag?: string): string {
  const q = parse(quarter);
  if (!q) return tag ? `tag:${tag}` : "";
  const [y, n] = q;
  const after = month(y, 3 * (n - 1) + 1);
  const before = n === 4 ? month(y + 1, 1) : month(y, 3 * n + 1);
  const tagPart = tag ? `tag:${tag} ` : "";
  return `${tagPart}after:${after} before:${before}`;
}

/** Minutes as people read them: "45 min", "3.5 h", "2 d". */
export function minutes(m: number | null): string {
  if (m === null) return "not known";
  if (m < 90) return `${Math.round(m)} min`;
  if (m < 48 * 60) return `${(m / 60).toFixed(1)} h`;
  return `${(m / 1440).toFixed(1)} d`;
}
