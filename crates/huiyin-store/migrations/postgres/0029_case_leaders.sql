-- Leaders' lists (issue 14): the leader who took a case personally (包案, `own`) and the
-- leader a case is put before for instruction (呈阅, `submit_for_instruction`, until that
-- leader instructs), copied from the case's detail by every step so a leader's 包案 and 待阅批
-- lists read an index, not every case.
ALTER TABLE cases ADD COLUMN owner_leader_id BIGINT;
ALTER TABLE cases ADD COLUMN reading_leader_id BIGINT;
UPDATE cases SET owner_leader_id = (detail::jsonb ->> 'owner_leader_id')::bigint WHERE detail::jsonb ->> 'owner_leader_id' IS NOT NULL;
CREATE INDEX cases_owner_leader ON cases(owner_leader_id) WHERE owner_leader_id IS NOT NULL;
CREATE INDEX cases_reading_leader ON cases(reading_leader_id) WHERE reading_leader_id IS NOT NULL;
