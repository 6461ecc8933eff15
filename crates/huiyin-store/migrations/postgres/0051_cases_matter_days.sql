-- The weekly spike scan's counts (issue 13 item 6): see the SQLite migration of the same
-- number.
DROP INDEX cases_matter;
CREATE INDEX cases_matter ON cases(concerned_unit_id, category, received_on);
