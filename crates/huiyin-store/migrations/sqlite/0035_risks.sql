-- 矛盾纠纷排查 register (issue 15 item 1; DOMAIN.md §12 #28): potential disputes found by
-- screening, each with a responsible unit and person, a risk level and a deadline, linked to
-- petitions when they arrive; every step on an entry is kept with its note.
CREATE TABLE risks (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    level TEXT NOT NULL,
    owner_user_id BIGINT NOT NULL REFERENCES users(id),
    due_on TEXT NOT NULL,
    description TEXT NOT NULL,
    source TEXT NOT NULL,
    status TEXT NOT NULL,
    resolved_on TEXT,
    recorded_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX risks_unit ON risks(unit_id, status, due_on);
CREATE TABLE risk_cases (
    risk_id BIGINT NOT NULL REFERENCES risks(id),
    case_id BIGINT NOT NULL REFERENCES cases(id),
    PRIMARY KEY (risk_id, case_id)
);
CREATE INDEX risk_cases_case ON risk_cases(case_id);
CREATE TABLE risk_steps (
    id INTEGER PRIMARY KEY,
    risk_id BIGINT NOT NULL REFERENCES risks(id),
    action TEXT NOT NULL,
    note TEXT NOT NULL,
    level TEXT,
    due_on TEXT,
    by_user_id BIGINT NOT NULL REFERENCES users(id),
    at BIGINT NOT NULL
);
CREATE INDEX risk_steps_risk ON risk_steps(risk_id, id);
