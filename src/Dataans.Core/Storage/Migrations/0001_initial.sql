-- Dataans local store, version 1.
-- Times are unix nanoseconds (INTEGER); ids are 16-byte RFC 4122 big-endian BLOBs.
-- Each object is a pair of last-writer-wins registers ordered by (timestamp, operation id):
-- "content" (the latest Create*/Update* payload) and "state" (alive or deleted). A row may exist
-- before its Create arrives (content_ts IS NULL): it is then invisible.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE operations (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    id         BLOB    NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    kind       TEXT    NOT NULL,
    object_id  BLOB    NOT NULL,
    operation  TEXT    NOT NULL,
    digest     BLOB    NOT NULL,
    is_local   INTEGER NOT NULL,
    is_pushed  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_operations_order  ON operations (created_at, id);
CREATE INDEX ix_operations_object ON operations (object_id, created_at);
CREATE INDEX ix_operations_outbox ON operations (seq) WHERE is_pushed = 0;

CREATE TABLE spaces (
    id          BLOB PRIMARY KEY,
    name        TEXT,
    avatar_id   BLOB,
    created_at  INTEGER,
    updated_at  INTEGER,
    content_ts  INTEGER,
    content_op  BLOB,
    state_ts    INTEGER,
    state_op    BLOB,
    is_deleted  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE notes (
    nid          INTEGER PRIMARY KEY,
    id           BLOB    NOT NULL UNIQUE,
    space_id     BLOB,
    text         TEXT,
    created_at   INTEGER,
    updated_at   INTEGER,
    content_ts   INTEGER,
    content_op   BLOB,
    state_ts     INTEGER,
    state_op     BLOB,
    is_deleted   INTEGER NOT NULL DEFAULT 0,
    files_ts     INTEGER,
    files_op     BLOB,
    has_conflict INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_notes_timeline ON notes (space_id, created_at, id);

CREATE TABLE files (
    id          BLOB PRIMARY KEY,
    name        TEXT,
    path        TEXT,
    created_at  INTEGER,
    updated_at  INTEGER,
    content_ts  INTEGER,
    content_op  BLOB,
    state_ts    INTEGER,
    state_op    BLOB,
    is_deleted  INTEGER NOT NULL DEFAULT 0,
    is_uploaded INTEGER NOT NULL DEFAULT 0,
    size        INTEGER
);

CREATE TABLE note_files (
    note_id  BLOB    NOT NULL,
    position INTEGER NOT NULL,
    file_id  BLOB    NOT NULL,
    PRIMARY KEY (note_id, position)
);
CREATE INDEX ix_note_files_file ON note_files (file_id);

-- Full-text search over note text: trigram tokens match any substring of 3+ characters,
-- CJK included. The applier keeps it in step with notes.text (explicit statements are about twice
-- as fast as triggers for bulk apply).
CREATE VIRTUAL TABLE notes_fts USING fts5 (text, content = 'notes', content_rowid = 'nid', tokenize = 'trigram');
