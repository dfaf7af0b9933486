-- Health observations. The client's id makes pushes idempotent; change_seq (from sync_counter)
-- orders every insert and every newer version, and is the pull cursor.
CREATE TABLE observations (
    user_id      TEXT    NOT NULL REFERENCES users(id),
    id           TEXT    NOT NULL,
    kind         TEXT    NOT NULL,
    value        TEXT    NOT NULL,  -- JSON, as validated
    unit         TEXT    NOT NULL,
    recorded_at  TEXT    NOT NULL,  -- RFC 3339 as sent
    recorded_ms  INTEGER NOT NULL,
    note         TEXT,
    deleted      INTEGER NOT NULL DEFAULT 0,
    change_seq   INTEGER NOT NULL UNIQUE,
    received_at  INTEGER NOT NULL,
    PRIMARY KEY (user_id, id)
);
CREATE INDEX observations_user_seq ON observations(user_id, change_seq);

CREATE TABLE sync_counter (
    only INTEGER PRIMARY KEY CHECK (only = 1),
    seq  INTEGER NOT NULL
);
INSERT INTO sync_counter (only, seq) VALUES (1, 0);
