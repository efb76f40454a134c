-- Encrypted inbox (docs/formats.md#encrypted-inbox): keyed by the user's name, like tokens.
CREATE TABLE inbox_keys (
    user_name TEXT PRIMARY KEY,
    public_key BYTEA NOT NULL,
    sealed_private_key BYTEA NOT NULL,
    created_at BIGINT NOT NULL
);

-- Capture links: only the SHA-256 of the capture token is kept; a revoked link is deleted.
CREATE TABLE capture_links (
    id BYTEA PRIMARY KEY,
    user_name TEXT NOT NULL,
    token_hash BYTEA NOT NULL UNIQUE,
    label TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NULL,
    last_used_at BIGINT NULL,
    items BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX capture_links_user ON capture_links (user_name);

-- Sealed items waiting for a device; seq comes from inbox_marks and is never reused.
CREATE TABLE inbox_items (
    user_name TEXT NOT NULL,
    id BYTEA NOT NULL,
    seq BIGINT NOT NULL,
    size BIGINT NOT NULL,
    received_at BIGINT NOT NULL,
    link_id BYTEA NULL,
    data BYTEA NOT NULL,
    PRIMARY KEY (user_name, id)
);

CREATE TABLE inbox_marks (
    user_name TEXT PRIMARY KEY,
    mark BIGINT NOT NULL
);
