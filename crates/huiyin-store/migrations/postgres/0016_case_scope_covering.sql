-- Lists read by a county, a city or the province (issue 18, second pass): every index of
-- `case_scope` carries every column a list filters or sorts on (except the handling unit,
-- which only the workbench's queues filter on, through `cases`), so an index-only scan
-- answers a list whichever index leads it (walking the due index of a province and fetching
-- each row to test its category took 130 ms). The category index sorts in byte order
-- (`COLLATE "C"`, as lists compare), so a category and the codes below it are one range
-- under any database collation.
DROP INDEX case_scope_status_due;
DROP INDEX case_scope_due;
DROP INDEX case_scope_received;
DROP INDEX case_scope_category;
CREATE INDEX case_scope_status_due ON case_scope(unit_id, status, due_key, case_id)
    INCLUDE (received_on, category, channel, petition_type, walled_unit_id, registered_by);
CREATE INDEX case_scope_due ON case_scope(unit_id, due_key, case_id)
    INCLUDE (status, received_on, category, channel, petition_type, walled_unit_id, registered_by);
CREATE INDEX case_scope_received ON case_scope(unit_id, received_on, case_id)
    INCLUDE (status, category, channel, petition_type, due_key, walled_unit_id, registered_by);
CREATE INDEX case_scope_category ON case_scope(unit_id, category COLLATE "C", received_on)
    INCLUDE (channel, petition_type, status, due_key, walled_unit_id, registered_by, case_id);
