-- Export files wait for download sealed under the server key (a patient's whole history):
-- chunks written from now on are sealed; older ones (sealed = FALSE) expire within 7 days.
ALTER TABLE export_chunks ADD COLUMN sealed BOOLEAN NOT NULL DEFAULT FALSE;
