-- Published typical cases (典型案例, issue 4): one row per case. The app drafts title, summary
-- and outcome with personal information masked; a person confirms the (edited) text, and only
-- then does the case appear on the public disclosure page. Masked spans are not stored (they
-- are recomputed from the case for the reviewer), so this table holds no personal data.
-- `status`: draft | published | withdrawn.
CREATE TABLE publications (
    id INTEGER PRIMARY KEY,
    case_id BIGINT NOT NULL UNIQUE REFERENCES cases(id),
    category TEXT NOT NULL,
    concluded_on TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    outcome TEXT NOT NULL,
    status TEXT NOT NULL,
    drafted_by BIGINT NOT NULL,
    drafted_at BIGINT NOT NULL,
    confirmed_by BIGINT,
    confirmed_at BIGINT
);
CREATE INDEX publications_status ON publications(status, confirmed_at);
