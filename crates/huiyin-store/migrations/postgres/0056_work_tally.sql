-- The SQLite migration of this number adds `work_tally`, a rollup of the 工作台's counts kept
-- by triggers. PostgreSQL keeps counting the covering index of migration 0050 (10–16 ms for
-- the worklists at a million cases, against a target of 100 ms there): a rollup row that
-- every writer of a unit's cases locks would serialise them, and a job that moves many cases'
-- deadlines in one transaction would take those locks in no fixed order (deadlocks).
SELECT 1;
