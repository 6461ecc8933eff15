-- The walled rows of `case_scope` (cases that are or were accusations, issue 10) by their
-- accused unit: a scorecard subtracts the few an accused unit's reader may not count by reading
-- them here, instead of testing a year of every unit's cases (issue 14 item 8).
CREATE INDEX case_scope_walled ON case_scope(walled_unit_id, unit_id, received_on) WHERE walled_unit_id IS NOT NULL;
