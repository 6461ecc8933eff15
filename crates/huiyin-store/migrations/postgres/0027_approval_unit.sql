-- 待我审批 (issue 12 item 2): the unit whose leader (or, for an objection, whose registrar or
-- leader) a case waits for — an extension request or an opinion draft in the handling unit, an
-- objection at the unit that sent the case (`huiyin_core::workflow::pending_approval_unit`),
-- written by every step. Cases objected before now wait for their sender too.
ALTER TABLE cases ADD COLUMN approval_unit_id BIGINT;
UPDATE cases SET approval_unit_id = (detail::jsonb ->> 'transferred_by_unit_id')::bigint
WHERE status = 'objected';
CREATE INDEX cases_approval_unit ON cases(approval_unit_id) WHERE approval_unit_id IS NOT NULL;
