-- PostgreSQL stores its full-text vector in a column from this version on; SQLite's FTS5
-- table needs nothing. Kept so both backends have the same migration versions.
SELECT 1;
