-- The per-address limit counts each kind of guess on its own (throttle::Guess), so wrong codes
-- from an address no longer shut it out of signing in. A new table beside the old one (expand,
-- then contract): instances still running the previous build keep using address_throttle during
-- a rolling upgrade; a later release drops it.
CREATE TABLE guess_throttle (
    scope         TEXT    NOT NULL,
    ip            TEXT    NOT NULL,
    window_start  INTEGER NOT NULL,
    failures      INTEGER NOT NULL,
    PRIMARY KEY (scope, ip)
);
CREATE INDEX guess_throttle_window ON guess_throttle(window_start);
