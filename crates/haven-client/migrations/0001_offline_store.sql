-- The device's queue of observations and its pull cursor. Written with IF NOT EXISTS because
-- stores made before migrations existed already hold exactly these tables: on them this first
-- migration changes nothing and is only recorded. Later changes go in new files, never here.
CREATE TABLE IF NOT EXISTS observations (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    unit TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_ms INTEGER NOT NULL,
    note TEXT,
    deleted INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL CHECK (state IN ('pending', 'synced', 'rejected')),
    reason TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    queued_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS observations_state ON observations(state, queued_at);
CREATE INDEX IF NOT EXISTS observations_kind_time ON observations(kind, recorded_ms);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
