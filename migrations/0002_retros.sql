-- Kintsugi library schema, version 2: retrospectives.
-- A retro is a working document saved continuously while it runs, so it is
-- stored whole, as JSON (see crates/kintsugi-core/src/retro/). Publishing
-- turns it into a story, the library's durable form.

CREATE TABLE retros (
    id                 TEXT PRIMARY KEY NOT NULL,
    title              TEXT NOT NULL,
    document           TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    -- The story it was published as (or started from), if any.
    story_id           TEXT,
    -- Soft delete, like stories.
    deleted_at         TEXT
) STRICT;
CREATE INDEX retros_updated ON retros (updated_at);
