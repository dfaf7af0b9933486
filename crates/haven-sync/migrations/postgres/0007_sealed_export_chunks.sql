-- Export files wait for download sealed under the server key from now on (a patient's whole
-- history; export::open_chunk). Files written before, in the clear, are deleted and their
-- downloads end (the patient asks for a new one): no plaintext file outlives the upgrade.
DELETE FROM export_chunks;
UPDATE exports SET expires_at = created_at WHERE status = 'ready';
