-- Kintsugi library schema, version 6: counts without reading story rows.
-- A story row carries its whole text (about 4 KB), so counting live and
-- trashed stories by scanning the table reads the whole library (400 MB at
-- 100,000 stories). This index holds only the deletion mark and the id:
-- `stats` counts through it, and the tag count finds live stories through
-- it, without touching a story row.

CREATE INDEX stories_deleted ON stories (deleted_at, id);
