-- The search index's bulk build now leaves one merged segment (SearchIndexDeferral), which searches
-- read faster than the many segments an index grown note by note has. Only the flag is set here: the
-- store rebuilds the index the way a large pull does when it opens (in one transaction with clearing
-- the flag, so a crash during it rebuilds again at the next open). Note text is untouched.
INSERT INTO meta (key, value) VALUES ('search.deferred', '1') ON CONFLICT (key) DO UPDATE SET value = excluded.value;
