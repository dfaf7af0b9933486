-- Password reset by email: a single-use token (stored as its SHA-256) that works for 30 minutes;
-- `failures` counts wrong second-step codes given with it (five end it).
CREATE TABLE password_resets (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users(id),
    token_hash  BLOB NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    failures    INTEGER NOT NULL DEFAULT 0,
    used_at     INTEGER,
    dead_at     INTEGER
);
CREATE INDEX password_resets_user ON password_resets(user_id, created_at);
