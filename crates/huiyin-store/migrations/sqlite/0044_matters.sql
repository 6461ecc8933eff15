-- 信访事项档案 and 并单 (issue 15 item 3): a matter file groups the cases of one matter (several
-- petitioners, channels, years); a case belongs to at most one matter. Merging a duplicate (并单)
-- records that a case repeats another of the same matter; both cases stay as registered, and
-- undoing keeps the row with who undid it, when and why. No title is stored: a matter is named
-- by the cases its reader may open, so it never carries words a reader may not see.
CREATE TABLE matters (
    id INTEGER PRIMARY KEY,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE TABLE matter_cases (
    case_id BIGINT PRIMARY KEY REFERENCES cases(id),
    matter_id BIGINT NOT NULL REFERENCES matters(id),
    added_by BIGINT NOT NULL REFERENCES users(id),
    added_at BIGINT NOT NULL
);
CREATE INDEX matter_cases_matter ON matter_cases(matter_id);
CREATE TABLE case_duplicates (
    id INTEGER PRIMARY KEY,
    matter_id BIGINT NOT NULL REFERENCES matters(id),
    case_id BIGINT NOT NULL REFERENCES cases(id),
    main_case_id BIGINT NOT NULL REFERENCES cases(id),
    reason TEXT NOT NULL,
    merged_by BIGINT NOT NULL REFERENCES users(id),
    merged_at BIGINT NOT NULL,
    undone_by BIGINT REFERENCES users(id),
    undone_at BIGINT,
    undo_reason TEXT
);
CREATE INDEX case_duplicates_matter ON case_duplicates(matter_id);
