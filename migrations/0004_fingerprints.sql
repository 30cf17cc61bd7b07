-- Kintsugi library schema, version 4: story fingerprints and tripwires.
-- What an incident touched (`changes:` path globs, symbols, commit ids) and
-- the checks its authors want run before every future change (`tripwires:`),
-- as one JSON document `{"changes":[…],"tripwires":[…]}`. NULL when a story
-- has neither, so a briefing loads only the few stories that have any
-- (through the partial index) instead of every story.

ALTER TABLE stories ADD COLUMN fingerprints TEXT;
CREATE INDEX stories_fingerprinted ON stories (id)
    WHERE fingerprints IS NOT NULL AND deleted_at IS NULL;
