-- The early-warning signal `cluster` (issue 13) reads, at each registration, the recent cases
-- about the same concerned unit: one index range per registration.
CREATE INDEX cases_concerned_received ON cases(concerned_unit_id, received_on);
