-- Token users and their tokens, one per device: a user keeps their data while tokens come and go.
-- Every earlier single token becomes the user's first device token and keeps working.
CREATE TABLE token_users (
    name TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL
);

CREATE TABLE user_tokens (
    id INTEGER PRIMARY KEY,
    user_name TEXT NOT NULL REFERENCES token_users (name),
    label TEXT NULL,
    token_hash BLOB NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER NULL
);
CREATE INDEX user_tokens_user ON user_tokens (user_name);

INSERT INTO token_users (name, created_at) SELECT name, created_at FROM tokens;
INSERT INTO user_tokens (user_name, label, token_hash, created_at) SELECT name, NULL, token_hash, created_at FROM tokens ORDER BY name;
DROP TABLE tokens;
