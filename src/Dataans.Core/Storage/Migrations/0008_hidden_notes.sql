-- The notes that search never shows by themselves (no content yet, or deleted), in a small index of their own:
-- the search box's total is the index's count of matches less the hidden notes among them, instead of joining
-- every match to its note (SearchIndex.Count). Few notes qualify, so writes that do not hide a note skip it.
CREATE INDEX ix_notes_hidden ON notes (is_deleted) WHERE content_ts IS NULL OR is_deleted = 1;
