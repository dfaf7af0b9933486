-- State that several service instances share: no limit and no event lives only in one process's
-- memory (the same tables as SQLite's 0008).

-- Failed attempts per client address in the current window (the per-address limit).
CREATE TABLE address_throttle (
    ip            TEXT PRIMARY KEY,
    window_start  BIGINT NOT NULL,
    failures      BIGINT NOT NULL
);
CREATE INDEX address_throttle_window ON address_throttle(window_start);

-- Each user's events for GET /v1/me/events, numbered per user (the stream's event id): a stream
-- resumes after Last-Event-ID on any instance. Kept for a day.
CREATE TABLE user_events (
    user_id  TEXT    NOT NULL,
    seq      BIGINT NOT NULL,
    kind     TEXT    NOT NULL,
    data     TEXT    NOT NULL,
    at       BIGINT NOT NULL,
    PRIMARY KEY (user_id, seq)
);
CREATE INDEX user_events_at ON user_events(at);

-- A claimed export job or message belongs to the instance that claimed it until lease_until; an
-- instance that dies stops renewing it, and another takes the work over.
ALTER TABLE exports ADD COLUMN lease_until BIGINT;
ALTER TABLE messages ADD COLUMN lease_until BIGINT;
