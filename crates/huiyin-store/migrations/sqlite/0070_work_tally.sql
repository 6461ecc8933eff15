-- PostgreSQL's migration of this number gives it the 工作台's rollup `work_tally` that
-- SQLite has had since its migration 0056, kept there through appended deltas because its
-- writers run side by side. SQLite has one writer at a time, so its triggers update the
-- rollup in place, and the index the firewall's subtraction reads (`cases_walled_work`) is
-- SQLite's already: nothing to change here.
SELECT 1;
