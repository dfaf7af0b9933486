-- Message bodies (one-time links, codes) are stored sealed under the server key from now on; the
-- plaintext `body` column stays for rows queued before this version.
ALTER TABLE messages ADD COLUMN sealed BLOB;
