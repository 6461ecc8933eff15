-- The 工作台's counts without reading the cases' wide rows (issue 14 item 8): see the SQLite
-- migration of the same number.
DROP INDEX cases_handling_status_due;
CREATE INDEX cases_handling_status_due ON cases(handling_unit_id, status, next_due_on)
    INCLUDE (channel, handler_user_id, walled_unit_id, registered_by);
DROP INDEX cases_approval_unit;
CREATE INDEX cases_approval_unit ON cases(approval_unit_id, status)
    INCLUDE (walled_unit_id, registered_by) WHERE approval_unit_id IS NOT NULL;
