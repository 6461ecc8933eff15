-- Nothing to do on SQLite: PostgreSQL's migration of the same number makes the breakdown
-- tally's key carry its count, for index-only reads. SQLite's tally is a WITHOUT ROWID table,
-- its rows stored in the key's B-tree already, so a unit's months are read in one range
-- (docs/PERFORMANCE.md); the number is kept so both directories hold the same migrations.
SELECT 1;
