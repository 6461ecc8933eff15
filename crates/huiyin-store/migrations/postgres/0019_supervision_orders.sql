-- Supervision orders issued by a supervisor (督办/催办 by a person, issue 14), beside the
-- scanner's automatic ones: who issued it from which unit and why, and who answered. The kinds
-- take their wire names (`supervise` 督办, `urge` 催办, huiyin-core supervision.rs); the
-- scanner wrote `supervision` and `reminder` before.
ALTER TABLE supervisions ADD COLUMN reason TEXT;
ALTER TABLE supervisions ADD COLUMN issued_by BIGINT;
ALTER TABLE supervisions ADD COLUMN issuing_unit_id BIGINT;
ALTER TABLE supervisions ADD COLUMN responded_by BIGINT;
UPDATE supervisions SET kind = 'supervise' WHERE kind = 'supervision';
UPDATE supervisions SET kind = 'urge' WHERE kind = 'reminder';
CREATE INDEX supervisions_case ON supervisions(case_id);
