-- Attachments of cases (scans, photos, PDF), in the database: `data` is the file sealed with
-- the personal-data key ring (or the file itself when no keys are configured).
CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sm3 TEXT NOT NULL,
    uploaded_by BIGINT NOT NULL,
    uploaded_at BIGINT NOT NULL,
    data BLOB NOT NULL
);
CREATE INDEX attachments_case ON attachments(case_id, id);
