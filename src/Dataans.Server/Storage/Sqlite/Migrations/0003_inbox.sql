-- Encrypted inbox (docs/formats.md#encrypted-inbox): keyed by the user's name, like tokens.
CREATE TABLE inbox_keys (
    user_name TEXT PRIMARY KEY,
    public_key BLOB NOT NULL,
    sealed_private_key BLOB NOT NULL,
    created_at INTEGER NOT NULL
);

-- Capture links: only the SHA-256 of the capture token is kept; a revoked link is deleted.
CREATE TABLE capture_links (
    id BLOB PRIMARY KEY,
    user_name TEXT NOT NULL,
    token_hash BLOB NOT NULL UNIQUE,
    label TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NULL,
    last_used_at INTEGER NULL,
    items INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX capture_links_user ON capture_links (user_name);

-- Sealed items waiting for a device; seq comes from inbox_marks and is never reused.
CREATE TABLE inbox_items (
    user_name TEXT NOT NULL,
    id BLOB NOT NULL,
    seq INTEGER NOT NULL,
    size INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    link_id BLOB NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (user_name, id)
);

CREATE TABLE inbox_marks (
    user_name TEXT PRIMARY KEY,
    mark INTEGER NOT NULL
);
