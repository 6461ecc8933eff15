-- PostgreSQL's migration of this number puts the case id at the end of
-- `cases_handling_status_due`'s key, so that a (unit, status) range is in the 工作台 list's
-- order (deadline, then id). SQLite's worklists are not read range by range (that merge,
-- `handling_due_page`, is PostgreSQL's), and each SQLite index ends with the rowid already:
-- nothing to change here.
SELECT 1;
