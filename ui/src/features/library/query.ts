// Editing a query string in the core's query language (see
// crates/kintsugi-core/src/search/query.rs): filters and tag facets are
// just `name:value` tokens in the text the person can also type.

const TOKEN = /-?[A-Za-z_]+:"[^"]*"?|-?"[^"]*"?|\S+/g;

function tokens(query: string): string[] {
  return query.match(TOKEN) ?? [];
}

function unquote(value: string): string {
  return value.replace(/^"/, "").replace(/"$/, "");
}

function quoteIfNeeded(value: string): string {
  return /[\s"]/.test(value) ? `"${value.replace(/"/g, "")}"` : value;
}

/** `name:value` token → [name, value], or null. Negated tokens are not filters. */
function filterOf(token: string): [string, string] | null {
  const m = /^([A-Za-z_]+):(.*)$/.exec(token);
  return m ? [m[1].toLowerCase(), unquote(m[2])] : null;
}

const sameTag = (a: string, b: string) => a.toLowerCase().replace(/[\s_]+/g, "-") === b.toLowerCase().replace(/[\s_]+/g, "-");

/** The value of the first `name:` filter, or "". */
export function getFilter(query: string, name: string): string {
  for (const token of tokens(query)) {
    const f = filterOf(token);
    if (f && f[0] === name) return f[1];
  }
  return "";
}

/** Replaces every `name:` filter with `name:value` (or removes them when value is empty). */
export function setFilter(query: string, name: string, value: string): string {
  const kept = tokens(query).filter((t) => filterOf(t)?.[0] !== name);
  const v = value.trim();
  if (v) kept.push(`${name}:${quoteIfNeeded(v)}`);
  return kept.join(" ");
}

/** True when the query requires `tag`. */
export function hasTag(query: string, tag: string): boolean {
  return tokens(query).some((t) => {
    const f = filterOf(t);
    return f !== null && f[0] === "tag" && sameTag(f[1], tag);
  });
}

/** Adds `tag:x`, or removes it when already there. */
export function toggleTag(query: string, tag: string): string {
  if (hasTag(query, tag)) {
    return tokens(query)
      .filter((t) => {
        const f = filterOf(t);
        return !(f && f[0] === "tag" && sameTag(f[1], tag));
      })
      .join(" ");
  }
  const base = query.trim();
  return `${base}${base ? " " : ""}tag:${quoteIfNeeded(tag)}`;
}
