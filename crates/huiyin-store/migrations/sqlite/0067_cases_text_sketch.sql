-- The cluster signal's candidates judged without their texts (issue 13 item 6): each case keeps
-- a b-bit MinHash of its text's shingles (huiyin-text `Sketch`: a version byte and 128 slots),
-- written at registration, and the matter index the candidates are read from carries it, so
-- the read of up to 300 candidates stays in that index. Only candidates whose sketch comes
-- near the threshold are read in full. Cases registered before this migration have none and
-- are compared from their texts as before (the signal's window is 14 days).
ALTER TABLE cases ADD COLUMN text_sketch BLOB;
DROP INDEX cases_matter;
CREATE INDEX cases_matter ON cases(concerned_unit_id, category, received_on, text_sketch);
