-- Finding the code a given-up text carried (delivery::audit_given_up).
CREATE INDEX sms_codes_message ON sms_codes(message_id);
