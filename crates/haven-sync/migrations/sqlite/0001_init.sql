-- Haven sync service: initial schema. Migrations are append-only: never edit a released file.
-- Times are INTEGER unix seconds (UTC). Secrets (tokens, codes) are stored as SHA-256 hashes (BLOB);
-- passwords as Argon2id PHC strings.

CREATE TABLE deployments (
    id                    TEXT PRIMARY KEY,
    name                  TEXT NOT NULL,
    enrolment_code        TEXT NOT NULL UNIQUE,
    created_by            TEXT,
    created_at            INTEGER NOT NULL,
    two_step_required     INTEGER NOT NULL DEFAULT 0,
    allowed_methods       TEXT NOT NULL DEFAULT 'sms,totp',
    code_length           INTEGER NOT NULL DEFAULT 6,
    remember_device_days  INTEGER NOT NULL DEFAULT 90,
    biometric_required    INTEGER NOT NULL DEFAULT 0,
    idle_timeout_max_s    INTEGER NOT NULL DEFAULT 900
);

CREATE TABLE users (
    id                  TEXT PRIMARY KEY,
    deployment_id       TEXT NOT NULL REFERENCES deployments(id),
    email               TEXT NOT NULL UNIQUE,
    name                TEXT NOT NULL,
    role                TEXT NOT NULL CHECK (role IN ('patient', 'clinician', 'admin')),
    password_hash       TEXT NOT NULL,
    terms_accepted_at   INTEGER NOT NULL,
    created_at          INTEGER NOT NULL,
    email_verified_at   INTEGER,
    -- unverified past this instant = blocked; an admin's unblock moves it forward
    verify_deadline     INTEGER NOT NULL,
    locked_at           INTEGER,
    biometric_login     INTEGER NOT NULL DEFAULT 0,
    lock_enabled        INTEGER NOT NULL DEFAULT 0,
    lock_timeout_s      INTEGER NOT NULL DEFAULT 300,
    last_verification_sent_at INTEGER
);
CREATE INDEX users_deployment ON users(deployment_id);

CREATE TABLE invites (
    id             TEXT PRIMARY KEY,
    deployment_id  TEXT NOT NULL REFERENCES deployments(id),
    email          TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('patient', 'clinician', 'admin')),
    token_hash     BLOB NOT NULL UNIQUE,
    code_hash      BLOB NOT NULL UNIQUE,
    created_by     TEXT,
    created_at     INTEGER NOT NULL,
    expires_at     INTEGER NOT NULL,
    used_at        INTEGER,
    used_by        TEXT
);

CREATE TABLE email_verifications (
    token_hash  BLOB PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users(id),
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER
);

CREATE TABLE sessions (
    id              TEXT PRIMARY KEY,
    user_id         TEXT NOT NULL REFERENCES users(id),
    device_id       TEXT NOT NULL,
    device_name     TEXT NOT NULL,
    platform        TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    revoked_at      INTEGER,
    revoked_reason  TEXT
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE access_tokens (
    token_hash  BLOB PRIMARY KEY,
    session_id  TEXT NOT NULL REFERENCES sessions(id),
    expires_at  INTEGER NOT NULL
);
CREATE INDEX access_tokens_session ON access_tokens(session_id);

CREATE TABLE refresh_tokens (
    token_hash  BLOB PRIMARY KEY,
    session_id  TEXT NOT NULL REFERENCES sessions(id),
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER
);
CREATE INDEX refresh_tokens_session ON refresh_tokens(session_id);

-- Per-account password back-off, keyed by a hash of the normalised email so that unknown
-- addresses are throttled exactly like known ones (no enumeration through 429s).
CREATE TABLE login_throttle (
    key              BLOB PRIMARY KEY,
    failures         INTEGER NOT NULL,
    next_allowed_at  INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);

-- Outgoing email and SMS, written in the same transaction as the change that causes them and
-- delivered by a worker (so a crash or an SMTP outage loses nothing). In production the body is
-- erased once delivered; the development outbox keeps it for /v1/dev/outbox.
CREATE TABLE messages (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    channel          TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
    to_addr          TEXT NOT NULL,
    subject          TEXT,
    body             TEXT,
    created_at       INTEGER NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    sent_at          INTEGER,
    last_error       TEXT
);
CREATE INDEX messages_pending ON messages(sent_at, next_attempt_at);

-- Append-only security log: the triggers refuse every UPDATE and DELETE.
CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    at             INTEGER NOT NULL,
    kind           TEXT NOT NULL,
    deployment_id  TEXT,
    user_id        TEXT,
    actor_id       TEXT,
    ip             TEXT,
    detail         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_deployment ON audit_log(deployment_id, id);
CREATE INDEX audit_log_user ON audit_log(user_id, id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
