-- 信访人档案 (issue 15 item 2): the person each merged key belongs to, so the scope's list of
-- persons counts a clerk's merges as one person. A key joined to others by merges not undone
-- has a row naming the smallest key of its group (`root_key`); a key never merged has none and
-- is its own person. The rows are rewritten in the transaction of every merge and undo
-- (`Store::insert_person_merge`, `Store::undo_person_merge`); `person_merges` stays the record.
CREATE TABLE person_key_roots (
    person_key TEXT PRIMARY KEY,
    root_key TEXT NOT NULL
);
CREATE INDEX person_key_roots_root ON person_key_roots(root_key);
WITH RECURSIVE edges(x, y) AS (
    SELECT key_a, key_b FROM person_merges WHERE undone_at IS NULL
    UNION ALL
    SELECT key_b, key_a FROM person_merges WHERE undone_at IS NULL
),
reach(k, r) AS (
    SELECT x, x FROM edges
    UNION
    SELECT reach.k, edges.y FROM reach JOIN edges ON edges.x = reach.r
)
INSERT INTO person_key_roots (person_key, root_key)
SELECT k, MIN(r) FROM reach GROUP BY k;
