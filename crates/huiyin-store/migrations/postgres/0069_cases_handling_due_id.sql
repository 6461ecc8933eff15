-- A leader's 工作台 lists on PostgreSQL (issue 18): each (handling unit, status) range of
-- `cases_handling_status_due` is read soonest deadline first, ties by id, up to the page
-- (`search_merge.rs`, `handling_due_page`). The index ended with the deadline, so a status
-- whose cases have no deadline (opinion issued, review decided: all NULL) was one tie: every
-- case of the range was fetched from the table and sorted for a page of twenty (a county's
-- 1,235 cases of one status at 200,000 cases: 6.0 ms, 1,218 table pages; at a million cases
-- the 工作台's lists took 190–550 ms). With the id in the key the range is in the list's
-- order and the read stops at the page (0.3 ms). It replaces the index of migration 0050.
DROP INDEX cases_handling_status_due;
CREATE INDEX cases_handling_status_due ON cases(handling_unit_id, status, next_due_on, id)
    INCLUDE (channel, handler_user_id, walled_unit_id, registered_by);
