-- Two-step verification: phones, SMS codes, TOTP, recovery codes, remembered devices, challenges.

ALTER TABLE users ADD COLUMN phone TEXT;                 -- verified E.164 number
ALTER TABLE users ADD COLUMN phone_verified_at INTEGER;
ALTER TABLE users ADD COLUMN pending_phone TEXT;         -- awaiting its code
ALTER TABLE users ADD COLUMN two_step_method TEXT CHECK (two_step_method IN ('sms', 'totp')); -- NULL: off
ALTER TABLE users ADD COLUMN totp_secret BLOB;           -- XChaCha20-Poly1305 under the server key
ALTER TABLE users ADD COLUMN totp_pending BLOB;          -- enrolled, not yet confirmed
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0; -- replay barrier
ALTER TABLE users ADD COLUMN second_factor_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN disclaimer_accepted_at INTEGER;
ALTER TABLE sessions ADD COLUMN reauth_at INTEGER;       -- start of the 10-minute step-up window

-- A sign-in in progress: `login` waits for a second factor, `setup` for a first one (its
-- bearer setup token is stored hashed).
CREATE TABLE challenges (
    id                TEXT PRIMARY KEY,
    user_id           TEXT NOT NULL REFERENCES users(id),
    kind              TEXT NOT NULL CHECK (kind IN ('login', 'setup')),
    device_id         TEXT NOT NULL,
    device_name       TEXT NOT NULL,
    platform          TEXT NOT NULL,
    setup_token_hash  BLOB UNIQUE,
    created_at        INTEGER NOT NULL,
    expires_at        INTEGER NOT NULL,
    failures          INTEGER NOT NULL DEFAULT 0,
    completed_at      INTEGER,
    dead_at           INTEGER
);
CREATE INDEX challenges_user ON challenges(user_id);

-- SMS codes, as HMACs under the server key (a bare hash of 6 digits is reversible).
CREATE TABLE sms_codes (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id       TEXT NOT NULL REFERENCES users(id),
    purpose       TEXT NOT NULL CHECK (purpose IN ('login', 'phone')),
    challenge_id  TEXT,
    phone         TEXT NOT NULL,
    code_mac      BLOB NOT NULL,
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    failures      INTEGER NOT NULL DEFAULT 0,
    used_at       INTEGER
);
CREATE INDEX sms_codes_user ON sms_codes(user_id, created_at);
CREATE INDEX sms_codes_challenge ON sms_codes(challenge_id);

CREATE TABLE recovery_codes (
    user_id     TEXT NOT NULL REFERENCES users(id),
    code_mac    BLOB NOT NULL,
    created_at  INTEGER NOT NULL,
    used_at     INTEGER,
    PRIMARY KEY (user_id, code_mac)
);

CREATE TABLE remembered_devices (
    id              TEXT PRIMARY KEY,
    user_id         TEXT NOT NULL REFERENCES users(id),
    device_id       TEXT NOT NULL,
    name            TEXT NOT NULL,
    platform        TEXT NOT NULL,
    token_hash      BLOB NOT NULL UNIQUE,
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    last_used_at    INTEGER,
    revoked_at      INTEGER,
    revoked_reason  TEXT
);
CREATE INDEX remembered_devices_user ON remembered_devices(user_id);
