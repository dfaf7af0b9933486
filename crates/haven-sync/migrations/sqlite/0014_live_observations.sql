-- A clinician's patient list counts each patient's values that are not deleted from this index
-- alone (`deleted` is in it for that), and finds the latest through it with one row read for its
-- time, instead of reading every row (they lie spread over the table, one patient's among
-- everyone's). Its order (name, then id) comes from the second, without a sort.
CREATE INDEX observations_user_live ON observations(user_id, recorded_ms, deleted) WHERE NOT deleted;
CREATE INDEX users_patient_list ON users(deployment_id, role, name, id);
