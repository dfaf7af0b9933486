-- Export files wait for download sealed under the server key (a patient's whole history):
-- chunks written from now on are sealed; older ones (sealed = 0) expire within 7 days.
ALTER TABLE export_chunks ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0;
