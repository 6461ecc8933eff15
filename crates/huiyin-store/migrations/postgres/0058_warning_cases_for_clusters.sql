-- What the cluster signal reads at every registration (issue 13 item 6), kept where it looks.
--
-- Which open cluster holds any of the recent cases alike: read from the index alone (an index
-- of the case alone sent each probe on to the table row for its warning).
CREATE INDEX warning_cases_case_warning ON warning_cases(case_id, warning_id);
DROP INDEX warning_cases_case;
-- Who petitioned in each case behind a cluster (the lookup keys of its petitioners, separated
-- by U+001F), written when the case is linked: counting a cluster's people read the
-- petitioners of every member at each registration that joined it. NULL for the links of other
-- warnings and of clusters raised before this column; the signal reads those from
-- `petitioners`. A petitioner's keys never change once written.
ALTER TABLE warning_cases ADD COLUMN petitioner_keys TEXT;
