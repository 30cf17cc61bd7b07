-- Kintsugi library schema, version 5: the team library (docs/team.md).
-- A library can share its stories, glossary and reading lists with a team
-- through a git repository. SQLite stays the source of truth for this
-- machine; these tables record what it last agreed with the repository, so
-- that every step of a sync can be recomputed after a crash.

-- Unknown front-matter keys of a story, kept as they were (JSON object).
ALTER TABLE stories ADD COLUMN extra TEXT NOT NULL DEFAULT '{}';
-- Who wrote the current content (a teammate's name for imported changes;
-- NULL for edits made before the library was connected).
ALTER TABLE stories ADD COLUMN author TEXT;
-- Who wrote each earlier revision.
ALTER TABLE revisions ADD COLUMN author TEXT;

-- The team connection; at most one row.
CREATE TABLE team (
    id                   INTEGER PRIMARY KEY CHECK (id = 1),
    -- Path or URL of the shared repository, as git understands it.
    remote               TEXT NOT NULL,
    -- `library_id` of the repository's kintsugi.toml, once this library has
    -- seen it (NULL until the first sync reached the remote).
    library_id           TEXT,
    -- Author of this library's commits and edits.
    author_name          TEXT NOT NULL,
    author_email         TEXT NOT NULL,
    connected_at         TEXT NOT NULL,
    last_sync_at         TEXT,
    -- The commit of the local branch whose content SQLite has absorbed.
    last_imported_commit TEXT
) STRICT;

-- Per story: the file as last synced (the base of the next merge) and the
-- local revision whose content that file holds. No foreign key: a purged
-- story still needs its file removed from the repository.
CREATE TABLE team_stories (
    story_id        TEXT PRIMARY KEY NOT NULL,
    -- NULL when no local revision equals `base` (a local change to export).
    synced_revision INTEGER,
    -- Whether the story was live (its file present) when last synced.
    synced_live     INTEGER NOT NULL,
    -- The file's text, NULL when the file was absent.
    base            TEXT
) STRICT;

-- The same for the other shared documents (glossary, reading lists), by
-- their path in the repository.
CREATE TABLE team_documents (
    path TEXT PRIMARY KEY NOT NULL,
    base TEXT
) STRICT;

-- The same field changed on both sides: the story took the team's value,
-- this library's value waits here until someone resolves it.
CREATE TABLE team_conflicts (
    -- Story id (or reading list id, see `kind`).
    item_id     TEXT NOT NULL,
    -- What the item is: story or reading_list.
    kind        TEXT NOT NULL DEFAULT 'story',
    field       TEXT NOT NULL,
    -- The two values, as JSON.
    mine        TEXT NOT NULL,
    theirs      TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (item_id, field)
) STRICT;

-- Conflicts found by a merge commit that is not yet known to be on the
-- local branch (a crash may have stopped the sync before it got there).
-- They move to team_conflicts once it is, and are dropped if it never is.
CREATE TABLE team_pending_conflicts (
    merge_commit TEXT NOT NULL,
    item_id      TEXT NOT NULL,
    kind         TEXT NOT NULL,
    field        TEXT NOT NULL,
    mine         TEXT NOT NULL,
    theirs       TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    PRIMARY KEY (merge_commit, item_id, field)
) STRICT;
