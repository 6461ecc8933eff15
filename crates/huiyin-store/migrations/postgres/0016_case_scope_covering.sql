-- Lists read by a county, a city or the province (issue 18, second pass): every index of
-- `case_scope` carries every column a list filters or sorts on (the category has its own
-- index), so an index-only scan answers a list whichever index leads it.
DROP INDEX case_scope_status_due;
DROP INDEX case_scope_due;
DROP INDEX case_scope_received;
DROP INDEX case_scope_category;
CREATE INDEX case_scope_status_due ON case_scope(unit_id, status, due_key, case_id)
    INCLUDE (received_on, channel, petition_type, walled_unit_id, registered_by);
CREATE INDEX case_scope_due ON case_scope(unit_id, due_key, case_id)
    INCLUDE (status, received_on, channel, petition_type, walled_unit_id, registered_by);
CREATE INDEX case_scope_received ON case_scope(unit_id, received_on, case_id)
    INCLUDE (status, channel, petition_type, due_key, walled_unit_id, registered_by);
CREATE INDEX case_scope_category ON case_scope(unit_id, category, received_on)
    INCLUDE (channel, petition_type, status, due_key, walled_unit_id, registered_by, case_id);
