-- A clinician's patient list counts each patient's values that are not deleted and reads their
-- latest: from this index alone, without reading the rows (which lie spread over the table, one
-- patient's among everyone's). Its order (name, then id) comes from the second, without a sort.
-- (`deleted` is in it so that the count reads the index alone.)
CREATE INDEX observations_user_live ON observations(user_id, recorded_ms, deleted) WHERE NOT deleted;
CREATE INDEX users_patient_list ON users(deployment_id, role, name, id);
