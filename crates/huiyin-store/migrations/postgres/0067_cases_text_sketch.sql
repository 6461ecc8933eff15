-- The cluster signal's candidates judged without their texts (issue 13 item 6): see the SQLite
-- migration of the same number. The sketch is an included column, not a key.
ALTER TABLE cases ADD COLUMN text_sketch BYTEA;
DROP INDEX cases_matter;
CREATE INDEX cases_matter ON cases(concerned_unit_id, category, received_on) INCLUDE (text_sketch);
