-- Lists filtered by unit (issue 18): see the SQLite migration of the same number. The
-- handling unit joins the included columns, so a list by unit is an index-only scan too.
DROP INDEX case_scope_status_due;
DROP INDEX case_scope_due;
DROP INDEX case_scope_received;
DROP INDEX case_scope_category;
CREATE INDEX case_scope_status_due ON case_scope(unit_id, status, due_key, case_id)
    INCLUDE (received_on, category, channel, petition_type, walled_unit_id, registered_by, handling_unit_id);
CREATE INDEX case_scope_due ON case_scope(unit_id, due_key, case_id)
    INCLUDE (status, received_on, category, channel, petition_type, walled_unit_id, registered_by, handling_unit_id);
CREATE INDEX case_scope_received ON case_scope(unit_id, received_on, case_id)
    INCLUDE (status, category, channel, petition_type, due_key, walled_unit_id, registered_by, handling_unit_id);
CREATE INDEX case_scope_category ON case_scope(unit_id, category COLLATE "C", received_on)
    INCLUDE (channel, petition_type, status, due_key, walled_unit_id, registered_by, case_id, handling_unit_id);
