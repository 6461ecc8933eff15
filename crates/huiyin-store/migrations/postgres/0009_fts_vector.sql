-- The full-text vector stored beside the tokens. Indexing the expression alone left the
-- planner, when it walks cases newest first, re-tokenising every row it passed (seconds for a
-- rare word at 100,000 cases); a stored column makes that filter a cheap comparison.
ALTER TABLE case_fts ADD COLUMN tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', tokens)) STORED;
CREATE INDEX case_fts_tsv ON case_fts USING gin (tsv);
DROP INDEX case_fts_tokens;
