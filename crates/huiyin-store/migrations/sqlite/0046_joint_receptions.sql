-- 联合接访 (issue 15 item 4): a session at which several departments receive petitioners
-- together — the day, the place, the host unit, the participating units (one row each, so a
-- scope finds the sessions it took part in), the names on duty (a JSON list of text), a note —
-- and the cases taken there. A link removed keeps its row with who removed it and when; a
-- case is linked to a session at most once at a time. Closing records the summary.
CREATE TABLE joint_receptions (
    id INTEGER PRIMARY KEY,
    on_day TEXT NOT NULL,
    place TEXT NOT NULL,
    host_unit_id BIGINT NOT NULL REFERENCES units(id),
    on_duty TEXT NOT NULL,
    note TEXT NOT NULL,
    status TEXT NOT NULL,
    summary TEXT,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    closed_by BIGINT REFERENCES users(id),
    closed_at BIGINT
);
CREATE INDEX joint_receptions_host ON joint_receptions(host_unit_id, on_day);
CREATE TABLE joint_reception_units (
    reception_id BIGINT NOT NULL REFERENCES joint_receptions(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    PRIMARY KEY (reception_id, unit_id)
);
CREATE INDEX joint_reception_units_unit ON joint_reception_units(unit_id);
CREATE TABLE joint_reception_cases (
    id INTEGER PRIMARY KEY,
    reception_id BIGINT NOT NULL REFERENCES joint_receptions(id),
    case_id BIGINT NOT NULL REFERENCES cases(id),
    linked_by BIGINT NOT NULL REFERENCES users(id),
    linked_at BIGINT NOT NULL,
    removed_by BIGINT REFERENCES users(id),
    removed_at BIGINT
);
CREATE INDEX joint_reception_cases_case ON joint_reception_cases(case_id);
CREATE UNIQUE INDEX joint_reception_cases_linked ON joint_reception_cases(reception_id, case_id)
    WHERE removed_at IS NULL;
