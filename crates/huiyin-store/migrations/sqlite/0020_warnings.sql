-- Early warnings (预警, issue 13): one row per warning, the cases behind it, and its history.
-- `unit_id` is the unit responsible now (escalation moves it one level up); visibility is the
-- cases': a reader sees a warning when they may see one of its cases and the whistleblower
-- firewall lets every one of them through (huiyin-store warnings.rs).
CREATE TABLE warnings (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    level TEXT NOT NULL,
    status TEXT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    origin_unit_id BIGINT NOT NULL REFERENCES units(id),
    explanation_zh TEXT NOT NULL,
    explanation_en TEXT NOT NULL,
    raised_at BIGINT NOT NULL,
    acknowledge_due_at BIGINT NOT NULL,
    acknowledged_at BIGINT,
    resolved_at BIGINT,
    note TEXT,
    unique_key TEXT NOT NULL UNIQUE,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX warnings_unit_status ON warnings(unit_id, status);
CREATE INDEX warnings_due ON warnings(status, acknowledge_due_at);
CREATE TABLE warning_cases (
    warning_id BIGINT NOT NULL REFERENCES warnings(id),
    case_id BIGINT NOT NULL REFERENCES cases(id),
    PRIMARY KEY (warning_id, case_id)
);
CREATE INDEX warning_cases_case ON warning_cases(case_id);
CREATE TABLE warning_steps (
    id INTEGER PRIMARY KEY,
    warning_id BIGINT NOT NULL REFERENCES warnings(id),
    action TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    note TEXT NOT NULL,
    actor_user_id BIGINT,
    actor_name TEXT NOT NULL,
    from_unit_id BIGINT NOT NULL,
    to_unit_id BIGINT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX warning_steps_warning ON warning_steps(warning_id);
