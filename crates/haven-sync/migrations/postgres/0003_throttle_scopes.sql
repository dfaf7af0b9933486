-- The per-address limit counts each kind of guess on its own (throttle::Guess), so wrong codes
-- from an address no longer shut it out of signing in. Open windows are forgotten on upgrade.
DROP TABLE address_throttle;
CREATE TABLE address_throttle (
    scope         TEXT    NOT NULL,
    ip            TEXT    NOT NULL,
    window_start  BIGINT  NOT NULL,
    failures      BIGINT  NOT NULL,
    PRIMARY KEY (scope, ip)
);
CREATE INDEX address_throttle_window ON address_throttle(window_start);
