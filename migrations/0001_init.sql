-- Kintsugi library schema, version 1.
-- Forward-only: never edit a migration that has shipped; add a new file.

-- Key/value facts about the library. `change_seq` grows by one with every
-- write to a story; the search index records the value it has caught up to.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;
INSERT INTO meta (key, value) VALUES ('change_seq', '0');

CREATE TABLE stories (
    id            TEXT PRIMARY KEY NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('postmortem', 'war-story')),
    title         TEXT NOT NULL CHECK (title <> ''),
    summary       TEXT NOT NULL,
    body          TEXT NOT NULL,
    company       TEXT,
    product       TEXT,
    severity      TEXT CHECK (severity IN ('SEV1', 'SEV2', 'SEV3', 'SEV4')),
    start_time    TEXT,
    detected_time TEXT,
    resolved_time TEXT,
    end_time      TEXT,
    source_url    TEXT,
    anonymised    INTEGER NOT NULL DEFAULT 0,
    -- Timeline, went well/wrong, lucky, factors, lessons, action items (JSON).
    parts         TEXT NOT NULL DEFAULT '{}',
    revision      INTEGER NOT NULL CHECK (revision >= 1),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    -- Set while in the trash; a purge deletes the row.
    deleted_at    TEXT,
    change_seq    INTEGER NOT NULL
) STRICT;
CREATE INDEX stories_source_url ON stories (source_url);
CREATE INDEX stories_change_seq ON stories (change_seq);

CREATE TABLE story_tags (
    story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    tag      TEXT NOT NULL,
    -- Matching key (see tag.rs): unique per story.
    key      TEXT NOT NULL,
    PRIMARY KEY (story_id, key)
) STRICT;
CREATE INDEX story_tags_key ON story_tags (key);

-- Every earlier revision of a story, as the JSON of its content.
CREATE TABLE revisions (
    story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    revision INTEGER NOT NULL,
    saved_at TEXT NOT NULL,
    content  TEXT NOT NULL,
    PRIMARY KEY (story_id, revision)
) STRICT;

-- Purged stories, so the index can drop them without a full rebuild.
CREATE TABLE tombstones (
    story_id   TEXT PRIMARY KEY NOT NULL,
    change_seq INTEGER NOT NULL
) STRICT;

-- Unsaved editor text, kept so that closing the app loses nothing typed.
CREATE TABLE drafts (
    story_id  TEXT PRIMARY KEY NOT NULL,
    saved_at  TEXT NOT NULL,
    content   TEXT NOT NULL
) STRICT;
