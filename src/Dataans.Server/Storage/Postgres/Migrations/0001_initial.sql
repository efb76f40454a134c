-- Users: one row per identity. The push transaction locks this row (SELECT … FOR UPDATE), which
-- serializes a user's pushes across every server instance and keeps seq gap-free in commit order.
CREATE TABLE users (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    epoch TEXT NOT NULL,
    head BIGINT NOT NULL DEFAULT 0,
    verifier TEXT NULL,
    v1_user_id BYTEA NULL,
    created_at BIGINT NOT NULL
);

-- Ids are 16 big-endian bytes (bytea compares bytewise, i.e. in UUID order); created_at is unix nanoseconds.
CREATE TABLE operations (
    user_id BIGINT NOT NULL REFERENCES users (id),
    seq BIGINT NOT NULL,
    id BYTEA NOT NULL,
    created_at BIGINT NOT NULL,
    checksum BYTEA NOT NULL,
    data BYTEA NOT NULL,
    PRIMARY KEY (user_id, seq),
    UNIQUE (user_id, id)
);
CREATE INDEX operations_user_time ON operations (user_id, created_at, id) INCLUDE (checksum);

CREATE TABLE tokens (
    name TEXT PRIMARY KEY,
    token_hash BYTEA NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);
