-- Lists read by a county, a city or the province (issue 18, second pass). Every index of
-- `case_scope` holds every column a list filters or sorts on (except the handling unit, which
-- only the workbench's queues filter on, through `cases`), so whichever index leads a list's
-- query answers it without reading table rows: a WITHOUT ROWID table reads a non-covering index's row at once, before
-- the rest of the WHERE clause, which made a province list by category and due date read
-- every case of the category (2.3 s). The order indexes keep `case_id` right after their
-- sort key, so they are in a list's order (key, then id) as they stand: without it SQLite
-- sorted each run of equal keys, and the 600,000 concluded cases of a province share one
-- due key ('9999-12-31'). Each status's range of `case_scope_status_due` is in the
-- worklist's order too, so a worklist of several statuses merges their first pages instead
-- of sorting every case of those statuses.
DROP INDEX case_scope_status_due;
DROP INDEX case_scope_due;
DROP INDEX case_scope_received;
DROP INDEX case_scope_category;
CREATE INDEX case_scope_status_due ON case_scope(unit_id, status, due_key, case_id, received_on, category,
    channel, petition_type, walled_unit_id, registered_by);
CREATE INDEX case_scope_due ON case_scope(unit_id, due_key, case_id, status, received_on, category, channel,
    petition_type, walled_unit_id, registered_by);
CREATE INDEX case_scope_received ON case_scope(unit_id, received_on, case_id, status, category, channel,
    petition_type, due_key, walled_unit_id, registered_by);
CREATE INDEX case_scope_category ON case_scope(unit_id, category, received_on, channel, petition_type,
    status, due_key, walled_unit_id, registered_by);
