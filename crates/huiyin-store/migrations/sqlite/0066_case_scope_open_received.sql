-- The open cases of a unit's scope by received date (issue 18): a list by deadline within
-- received dates (soonest or latest deadline first) whose walk of the deadline index does not
-- reach its page — the dates lie months back, where the first ten thousand deadlines are not —
-- reads the open cases of the dates from here first, sorted by deadline, and the cases without
-- a deadline only when the page goes past them (huiyin-store search_ranked.rs). Sorting every
-- case of the dates took 50–72 ms for five months of the province on the million-case demo.
-- Only cases with a staff deadline are held (some 15 % of the rows there); the columns are the
-- ones a list filters on, so the index covers the reading.
CREATE INDEX case_scope_open_received ON case_scope(unit_id, received_on, due_key, case_id, status,
    category, channel, petition_type, walled_unit_id, registered_by, handling_unit_id)
    WHERE due_key < '9999-12-31';
