-- Lists read by a county, a city or the province (issue 18, second pass). Every index of
-- `case_scope` holds every column a list filters or sorts on except the category (a category
-- filter reads its own index), so whichever index leads a list's query answers it without
-- reading table rows: a WITHOUT ROWID table reads a non-covering index's row at once, before
-- the rest of the WHERE clause, which made a province list by category and due date read
-- every case of the category (2.3 s). `case_scope_status_due` keeps `case_id` right after
-- the due date, so each status's range is already in the worklist's order (due date, then
-- id) and a worklist of several statuses merges their first pages instead of sorting every
-- case of those statuses.
DROP INDEX case_scope_status_due;
DROP INDEX case_scope_due;
DROP INDEX case_scope_received;
DROP INDEX case_scope_category;
CREATE INDEX case_scope_status_due ON case_scope(unit_id, status, due_key, case_id, received_on, channel,
    petition_type, walled_unit_id, registered_by);
CREATE INDEX case_scope_due ON case_scope(unit_id, due_key, status, received_on, channel, petition_type,
    walled_unit_id, registered_by);
CREATE INDEX case_scope_received ON case_scope(unit_id, received_on, status, channel, petition_type, due_key,
    walled_unit_id, registered_by);
CREATE INDEX case_scope_category ON case_scope(unit_id, category, received_on, channel, petition_type,
    status, due_key, walled_unit_id, registered_by);
