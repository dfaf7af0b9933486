-- The text that carries each SMS code, so the app can be told whether it went out.
ALTER TABLE sms_codes ADD COLUMN message_id INTEGER;
