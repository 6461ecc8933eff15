-- Public portal (issue 4): one row per online submission. The query code and the PIN are kept
-- only as keyed digests; `retry_seal` holds both sealed under a key derived from the client's
-- idempotency key and the request's fingerprint, so only a true retry can read them back.
-- `case_id` is NULL while the submission is being registered (the row reserves the key).
CREATE TABLE portal_petitions (
    id INTEGER PRIMARY KEY,
    case_id BIGINT REFERENCES cases(id),
    code_key TEXT NOT NULL UNIQUE,
    pin_hash TEXT NOT NULL,
    idem_key TEXT NOT NULL UNIQUE,
    fingerprint TEXT NOT NULL,
    retry_seal TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX portal_petitions_case ON portal_petitions(case_id);
