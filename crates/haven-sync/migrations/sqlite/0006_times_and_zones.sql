-- Observation times are stored in UTC, as the contract says, with the offset they were recorded
-- with kept beside them (FHIR gives the time back as recorded); a data download names the time
-- zone its times are shown in.
ALTER TABLE observations ADD COLUMN recorded_offset_min INTEGER NOT NULL DEFAULT 0;

UPDATE observations SET recorded_offset_min =
    CASE WHEN upper(substr(recorded_at, -1)) = 'Z' THEN 0
         ELSE (CASE substr(recorded_at, -6, 1) WHEN '-' THEN -1 ELSE 1 END)
              * (CAST(substr(recorded_at, -5, 2) AS INTEGER) * 60 + CAST(substr(recorded_at, -2, 2) AS INTEGER))
    END;

-- recorded_ms is the instant already; floor division keeps times before 1970 right. Milliseconds
-- are written without trailing zeros, as the service writes new rows (".5Z", ".125Z").
UPDATE observations SET recorded_at =
    strftime('%Y-%m-%dT%H:%M:%S', (recorded_ms - ((recorded_ms % 1000) + 1000) % 1000) / 1000, 'unixepoch')
    || CASE WHEN recorded_ms % 1000 = 0 THEN ''
            ELSE '.' || rtrim(printf('%03d', ((recorded_ms % 1000) + 1000) % 1000), '0') END
    || 'Z';

ALTER TABLE exports ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';

-- The zone a patient chose for their downloads (NULL: the device's, which the app sends).
ALTER TABLE users ADD COLUMN time_zone TEXT;
