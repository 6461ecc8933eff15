-- The audit trail (DOMAIN.md §10; §12 requirement 42): append-only and hash-chained with SM3.
-- Entry ids are assigned by the chain head (no gaps), so a deleted entry shows as a gap and an
-- edited or reordered one as a broken hash.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at BIGINT NOT NULL,
    user_id BIGINT,
    username TEXT NOT NULL,
    unit_id BIGINT,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    result TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_user ON audit_log(username, at);

-- The head of the chain: its row lock serialises appends across processes. After a purge,
-- anchor_id/anchor_hash name the last purged entry so verification starts there.
CREATE TABLE audit_head (
    id BIGINT PRIMARY KEY,
    last_id BIGINT NOT NULL,
    last_hash TEXT NOT NULL,
    anchor_id BIGINT NOT NULL,
    anchor_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, last_id, last_hash, anchor_id, anchor_hash) VALUES (1, 0, 'genesis', 0, 'genesis');

-- Sign-in history and lockout (issue 5).
CREATE TABLE sign_ins (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    user_id BIGINT,
    at BIGINT NOT NULL,
    address TEXT NOT NULL,
    success BIGINT NOT NULL,
    reason TEXT NOT NULL
);
CREATE INDEX sign_ins_user ON sign_ins(username, at);
ALTER TABLE users ADD COLUMN failed_attempts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE api_tokens ADD COLUMN last_used_at BIGINT NOT NULL DEFAULT 0;
