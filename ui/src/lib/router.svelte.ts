// In-memory navigation: the app has one window and no URLs worth sharing, so
// the current screen is plain state with a back stack.

export type Route =
  | { name: "library"; query?: string }
  | { name: "story"; id: string }
  | { name: "edit"; id: string }
  | { name: "new" }
  | { name: "history"; id: string }
  | { name: "trash" }
  | { name: "transfer" }
  | { name: "settings" }
  /** The list of retros; `fromStory` starts a new retro seeded from that story. */
  | { name: "retros"; fromStory?: string }
  | { name: "retro"; id: string }
  | { name: "actions" }
  /** What the library teaches: themes, luck, follow-through, trends. */
  | { name: "insights" }
  /** Review and publish the anonymised copy of story `id`. */
  | { name: "anonymise"; id: string }
  /** Reading mode: anonymised stories and reading lists, for newcomers. */
  | { name: "reading" }
  /** One anonymised story in reading mode, lessons first. */
  | { name: "read"; id: string }
  /** Before a change: brief a diff, a range or staged changes. */
  | { name: "brief" }
  /** The team library: connect, status, sync. */
  | { name: "team" }
  /** Conflicts a team sync recorded, mine and theirs side by side. */
  | { name: "conflicts" };

class Router {
  current = $state<Route>({ name: "library" });
  /** Bumped to ask the library screen to focus its search box. */
  focusSearch = $state(0);
  #back: Route[] = [];

  go(route: Route): void {
    this.#back.push(this.current);
    if (this.#back.length > 50) this.#back.shift();
    this.current = route;
  }

  /** Replaces the current screen without adding to the back stack. */
  replace(route: Route): void {
    this.current = route;
  }

  back(): void {
    this.current = this.#back.pop() ?? { name: "library" };
  }

  /** Opens the library with `query` in the search box. */
  searchFor(query: string): void {
    this.go({ name: "library", query });
  }
}

export const router = new Router();
