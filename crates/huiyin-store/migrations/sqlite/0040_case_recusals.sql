-- 回避 (issue 15 item 7): a staff member who declared, or was given by a leader, a conflict of
-- interest on a case; while the row is not lifted they may neither open nor act on the case.
-- Lifting keeps the row, with who lifted it, when and why.
CREATE TABLE case_recusals (
    id INTEGER PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    reason TEXT NOT NULL,
    declared_by BIGINT NOT NULL REFERENCES users(id),
    declared_at BIGINT NOT NULL,
    lifted_by BIGINT REFERENCES users(id),
    lifted_at BIGINT,
    lift_reason TEXT
);
CREATE INDEX case_recusals_case ON case_recusals(case_id);
CREATE INDEX case_recusals_user ON case_recusals(user_id);
