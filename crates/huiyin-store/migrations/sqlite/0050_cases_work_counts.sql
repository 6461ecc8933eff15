-- The 工作台's counts without reading the cases' wide rows (issue 14 item 8): a county
-- leader's counts read every open case its body handles (by status and channel, overdue and
-- due soon, the unallotted and their own for 我的工作, the firewall's columns) and every case
-- waiting for its decision (待我审批), and each of those rows, with its sealed text, is many
-- pages of the file (the counts took 0.5–0.65 s at a million cases). Both indexes now carry
-- every column those counts test, so each count reads index entries only. They replace the
-- narrower indexes of the same leading columns (migrations 0001, 0027): no extra index to
-- keep on registration.
DROP INDEX cases_handling_status_due;
CREATE INDEX cases_handling_status_due ON cases(handling_unit_id, status, next_due_on, channel,
    handler_user_id, walled_unit_id, registered_by);
DROP INDEX cases_approval_unit;
CREATE INDEX cases_approval_unit ON cases(approval_unit_id, status, walled_unit_id, registered_by)
    WHERE approval_unit_id IS NOT NULL;
