-- Legal documents and informed consent, data-download jobs, and the index exports read by.

-- Versioned documents: terms, privacy, about, consent. A new version is a new row; the latest
-- (by published_at, then version) is the one shown and the one a consent is signed against.
CREATE TABLE legal_documents (
    slug          TEXT    NOT NULL,
    version       TEXT    NOT NULL,
    title         TEXT    NOT NULL,
    body          TEXT    NOT NULL,
    published_at  INTEGER NOT NULL,
    PRIMARY KEY (slug, version)
);

-- One row per signature; withdrawing sets withdrawn_at on the latest. Signing again after a
-- withdrawal adds a row, so the history stays.
CREATE TABLE consents (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id       TEXT    NOT NULL REFERENCES users(id),
    version       TEXT    NOT NULL,
    signed_at     INTEGER NOT NULL,
    withdrawn_at  INTEGER
);
CREATE INDEX consents_user ON consents(user_id, id);

-- Data downloads: a job row the export worker claims; the finished file is kept as chunks in
-- export_chunks (deleted, with secure_delete, once the export expires).
CREATE TABLE exports (
    id          TEXT    PRIMARY KEY,
    user_id     TEXT    NOT NULL REFERENCES users(id),
    format      TEXT    NOT NULL CHECK (format IN ('csv', 'pdf', 'fhir')),
    status      TEXT    NOT NULL CHECK (status IN ('pending', 'running', 'ready', 'failed')),
    progress    REAL    NOT NULL DEFAULT 0,
    attempts    INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    started_at  INTEGER,
    ready_at    INTEGER,
    expires_at  INTEGER,
    rows        INTEGER,
    size        INTEGER,
    error       TEXT
);
CREATE INDEX exports_user ON exports(user_id, created_at);
CREATE INDEX exports_status ON exports(status, created_at);

CREATE TABLE export_chunks (
    export_id  TEXT    NOT NULL REFERENCES exports(id),
    seq        INTEGER NOT NULL,
    bytes      BLOB    NOT NULL,
    PRIMARY KEY (export_id, seq)
);

CREATE INDEX observations_user_time ON observations(user_id, recorded_ms, id);

INSERT INTO legal_documents (slug, version, title, body, published_at) VALUES
('terms', '2026-11-01', 'Terms of use',
'Haven is provided by your healthcare organisation to record health observations and share them with your care team.

1. Haven does not replace medical advice. In an emergency, call your local emergency number.
2. Keep your password and recovery codes to yourself. Anyone with them can see your data.
3. Your care team sees what you record, but not around the clock: do not rely on Haven to raise an alarm.
4. You may stop using Haven at any time. You can download your data first (Profile → Account → Download your data).
5. Your organisation may end your access, for example when your care ends.', 1793491200),
('privacy', '2026-11-01', 'Privacy notice',
'What we hold: your name, email address, mobile number (for sign-in codes), and the health observations you record (heart rate, blood pressure, weight, temperature, oxygen saturation, blood glucose, steps, symptoms, and your notes).

Why: to let you and the clinicians of your organisation follow your health over time. We do not sell or share your data with anyone else.

Who sees it: you, and the clinicians of your organisation. Administrators manage accounts; they do not see your observations.

How it is protected: sign-in needs your password and, where your organisation requires it, a second step. Passwords and codes are stored only as hashes. Your session''s keys stay in your device''s keychain.

Your rights: you can download all your data at any time as CSV, PDF or FHIR JSON, and you can withdraw your consent, which stops new data collection.', 1793491200),
('about', '2026-11-01', 'About Haven',
'Haven is a patient app for recording health observations offline and sharing them with your care team when you are online. It is open-source software built in Rust. Version information is shown in the app.', 1793491200),
('consent', '2026-11-01', 'Informed consent to data collection',
'By signing, you agree that Haven records the health observations you enter and shares them with the clinicians of your organisation, for your care.

- You choose what to record. Nothing is collected in the background.
- Your observations are kept for as long as your organisation provides your care, and you can download them at any time.
- You can withdraw your consent at any time from Profile → Informed consent. After withdrawal Haven stops collecting new data at once; the data already recorded stays available to you and your care team, and you can still download it.
- Withdrawing does not affect the care you receive.', 1793491200);
