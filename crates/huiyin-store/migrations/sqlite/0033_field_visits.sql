-- 带案下访 (issue 14 item 2): a leader went down to a unit with cases in hand; who, where, when,
-- which cases, and what came of it.
CREATE TABLE field_visits (
    id INTEGER PRIMARY KEY,
    leader_user_id BIGINT NOT NULL REFERENCES users(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    on_day TEXT NOT NULL,
    place TEXT NOT NULL,
    outcome TEXT NOT NULL,
    recorded_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX field_visits_unit ON field_visits(unit_id, on_day);
CREATE TABLE field_visit_cases (
    visit_id BIGINT NOT NULL REFERENCES field_visits(id),
    case_id BIGINT NOT NULL REFERENCES cases(id),
    PRIMARY KEY (visit_id, case_id)
);
