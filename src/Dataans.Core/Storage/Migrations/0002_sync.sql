-- Sync bookkeeping (local only, never synced).

-- Operations pulled from the server that failed authentication or validation: kept out of the
-- log, reported to the user, retried never (the server copy is altered).
CREATE TABLE quarantine (
    id          BLOB PRIMARY KEY,
    seq         INTEGER,
    reason      TEXT    NOT NULL,
    received_at INTEGER NOT NULL
);

-- The stream header used to encrypt a file for upload, so an interrupted upload resumes with
-- byte-identical ciphertext.
CREATE TABLE file_uploads (
    file_id BLOB PRIMARY KEY,
    header  BLOB NOT NULL
);
