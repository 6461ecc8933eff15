-- Supervision orders (issue 14 item 4): the ground each names (督办事由, huiyin-core
-- supervision_grounds.rs; automatic orders name `overdue`), and the escalation of an order left
-- unanswered past its due day: the day and the unit above it was raised to.
ALTER TABLE supervisions ADD COLUMN grounds TEXT;
ALTER TABLE supervisions ADD COLUMN escalated_on TEXT;
ALTER TABLE supervisions ADD COLUMN escalated_to_unit_id BIGINT;
UPDATE supervisions SET grounds = 'overdue' WHERE issued_by IS NULL AND kind = 'supervise';
CREATE INDEX supervisions_unanswered ON supervisions(due_on) WHERE responded_at IS NULL AND escalated_on IS NULL;
CREATE INDEX supervisions_created ON supervisions(created_on, unit_id);
