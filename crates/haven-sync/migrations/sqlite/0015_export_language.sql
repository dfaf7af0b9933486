-- The language a download was asked for in (a BCP 47 code Haven speaks): the PDF is written in
-- it. Jobs from before were English.
ALTER TABLE exports ADD COLUMN lang TEXT NOT NULL DEFAULT 'en';
