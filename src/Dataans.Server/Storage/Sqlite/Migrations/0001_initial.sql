-- Users: one row per identity (token user name or JWT claim value).
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    epoch TEXT NOT NULL,
    head INTEGER NOT NULL DEFAULT 0,
    verifier TEXT NULL,
    v1_user_id BLOB NULL,
    created_at INTEGER NOT NULL
);

-- Operations: ids are 16 big-endian bytes so that ORDER BY id is UUID order; created_at is unix nanoseconds.
CREATE TABLE operations (
    user_id INTEGER NOT NULL REFERENCES users(id),
    seq INTEGER NOT NULL,
    id BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    checksum BLOB NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (user_id, seq)
);
CREATE UNIQUE INDEX operations_user_id ON operations (user_id, id);
CREATE INDEX operations_user_time ON operations (user_id, created_at, id, checksum);

-- Token-mode users: only the SHA-256 of the token is kept.
CREATE TABLE tokens (
    name TEXT PRIMARY KEY,
    token_hash BLOB NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);
