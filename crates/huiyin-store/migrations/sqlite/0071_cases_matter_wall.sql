-- The cluster signal owns a warning above the whistleblower firewall of every case behind it
-- (issue 13 item 5): the matter index its candidates are read from carries each case's wall,
-- so the read of up to 300 candidates stays in that index (migration 0067).
DROP INDEX cases_matter;
CREATE INDEX cases_matter ON cases(concerned_unit_id, category, received_on, text_sketch, walled_unit_id);
