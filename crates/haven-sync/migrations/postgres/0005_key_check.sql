-- A value only the server key gives, written at the first start (keys::check_database): a
-- service refuses a database written under another key (a swapped file, a wrong key file).
CREATE TABLE key_check (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    value  BYTEA NOT NULL
);
