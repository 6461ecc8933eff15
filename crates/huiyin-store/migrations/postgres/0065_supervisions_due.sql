-- The supervision orders due in a period (issue 18): the scorecard's supervision figure reads
-- the period's orders first and then the scope rows of their cases (huiyin-store scorecard.rs
-- `supervision_timeliness`). Without an index on the due date SQLite led with the scope
-- instead, every case ever held by each scored unit (the province's every county: 97 ms of a
-- 128 ms scorecard on the million-case demo, with no order at all).
CREATE INDEX supervisions_due ON supervisions(due_on, case_id);
