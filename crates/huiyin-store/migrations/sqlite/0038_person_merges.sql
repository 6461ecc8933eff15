-- 信访人档案 (issue 15 item 2): a clerk's judgement that two petitioner records are one person
-- where the system cannot be sure (one record carries an ID number and the other only a name
-- and a phone; a name typed two ways). Each side is a person key: `i:` and the ID-number key,
-- `n:` and the name-and-phone key, or `r:` and a petitioner row id (a record with neither).
-- Undoing a merge keeps its row, with who undid it, when and why.
CREATE TABLE person_merges (
    id INTEGER PRIMARY KEY,
    key_a TEXT NOT NULL,
    key_b TEXT NOT NULL,
    reason TEXT NOT NULL,
    merged_by BIGINT NOT NULL REFERENCES users(id),
    merged_at BIGINT NOT NULL,
    undone_by BIGINT REFERENCES users(id),
    undone_at BIGINT,
    undo_reason TEXT
);
CREATE INDEX person_merges_a ON person_merges(key_a);
CREATE INDEX person_merges_b ON person_merges(key_b);
