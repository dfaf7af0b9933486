-- Languages, as BCP 47 codes Haven speaks ('en', 'es', 'ar').
-- A download is written in the language it was asked for in (the PDF's words); jobs from before
-- were English.
ALTER TABLE exports ADD COLUMN lang TEXT NOT NULL DEFAULT 'en';
-- The language of the app the person made the account in or last signed in from (every step
-- passed): mail about their account that someone else causes is written in it, and an
-- invitation or verification link sent to them again. NULL: not known yet.
ALTER TABLE users ADD COLUMN lang TEXT;
