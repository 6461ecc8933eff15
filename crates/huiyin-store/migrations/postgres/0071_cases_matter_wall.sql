-- The cluster signal owns a warning above the whistleblower firewall of every case behind it
-- (issue 13 item 5): see the SQLite migration of the same number. Included columns, not keys.
DROP INDEX cases_matter;
CREATE INDEX cases_matter ON cases(concerned_unit_id, category, received_on) INCLUDE (text_sketch, walled_unit_id);
