-- Search folds accents as well as case ("cafe" finds "café"): the same trigram index, rebuilt with
-- remove_diacritics. Only the index changes; note text is untouched.
DROP TABLE notes_fts;
CREATE VIRTUAL TABLE notes_fts USING fts5 (text, content = 'notes', content_rowid = 'nid', tokenize = 'trigram remove_diacritics 1');
INSERT INTO notes_fts (notes_fts) VALUES ('rebuild');
