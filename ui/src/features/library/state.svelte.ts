// The library screen's search, kept while the person reads or edits a story.
import type { SortOrder } from "../../ipc";

class LibrarySearch {
  query = $state("");
  sort = $state<SortOrder>("relevance");
  limit = $state(50);
}

export const librarySearch = new LibrarySearch();
