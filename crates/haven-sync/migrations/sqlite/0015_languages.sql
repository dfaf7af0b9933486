-- Languages, as BCP 47 codes Haven speaks ('en', 'es', 'ar').
-- A download is written in the language it was asked for in (the PDF's words); jobs from before
-- were English.
ALTER TABLE exports ADD COLUMN lang TEXT NOT NULL DEFAULT 'en';
-- An invitation is written in the language its sender chose for the person invited; it is kept
-- for the invitation sent again.
ALTER TABLE invites ADD COLUMN lang TEXT NOT NULL DEFAULT 'en';
-- The language of the person's app when they last signed in or created the account: mail about
-- their account that someone else caused is written in it. NULL: not known yet.
ALTER TABLE users ADD COLUMN lang TEXT;
