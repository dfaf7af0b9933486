-- Each observation's value, unit, time text and note are sealed together in `sealed`
-- (XChaCha20-Poly1305 under the user's key in the OS keychain); the clear columns are left empty
-- ('' and NULL). Rows written before this are sealed by the app when it first opens the store.
ALTER TABLE observations ADD COLUMN sealed BLOB;
