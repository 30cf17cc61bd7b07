-- Kintsugi library schema, version 3: anonymised stories for newcomers.
-- The glossary the anonymiser uses, the link from an anonymised copy to its
-- original, reading lists and what has been read. None of these touch the
-- search index, so writing them does not bump `change_seq`.

-- The user-maintained anonymisation glossary, one row per term.
-- `kind` is person, customer, company, product or allow (words to keep).
CREATE TABLE glossary (
    kind     TEXT NOT NULL CHECK (kind IN ('person', 'customer', 'company', 'product', 'allow')),
    term     TEXT NOT NULL COLLATE NOCASE CHECK (term <> ''),
    added_at TEXT NOT NULL,
    PRIMARY KEY (kind, term)
) STRICT;

-- An anonymised copy is a normal story with `anonymised = 1`; this links it
-- to the story it was made from. One copy per original; purging either side
-- drops the link (the copy itself stays a story).
CREATE TABLE anonymised_copies (
    copy_id      TEXT PRIMARY KEY NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    original_id  TEXT NOT NULL UNIQUE REFERENCES stories (id) ON DELETE CASCADE,
    published_at TEXT NOT NULL
) STRICT;

CREATE TABLE reading_lists (
    id          TEXT PRIMARY KEY NOT NULL,
    title       TEXT NOT NULL CHECK (title <> ''),
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    -- Soft delete, like stories and retros.
    deleted_at  TEXT
) STRICT;

CREATE TABLE reading_list_items (
    list_id  TEXT NOT NULL REFERENCES reading_lists (id) ON DELETE CASCADE,
    story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    PRIMARY KEY (list_id, story_id)
) STRICT;
CREATE INDEX reading_list_items_order ON reading_list_items (list_id, position);

-- Stories the reader has marked read (absent = unread).
CREATE TABLE read_marks (
    story_id TEXT PRIMARY KEY NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    read_at  TEXT NOT NULL
) STRICT;
