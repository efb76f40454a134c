-- Newest-first scans (short search terms that the trigram index cannot serve) stop after a page.
CREATE INDEX ix_notes_created ON notes (created_at);
