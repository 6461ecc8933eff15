-- Leaders' reception days (领导接访日, issue 14 item 2): scheduled by the petition office,
-- published on the portal; the cases registered at one are linked to it.
CREATE TABLE receptions (
    id INTEGER PRIMARY KEY,
    leader_user_id BIGINT NOT NULL REFERENCES users(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    on_day TEXT NOT NULL,
    place TEXT NOT NULL,
    hours TEXT NOT NULL,
    topics TEXT NOT NULL,
    created_by BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX receptions_day ON receptions(on_day, unit_id);
CREATE TABLE reception_cases (
    reception_id BIGINT NOT NULL REFERENCES receptions(id),
    case_id BIGINT NOT NULL REFERENCES cases(id),
    PRIMARY KEY (reception_id, case_id)
);
CREATE INDEX reception_cases_case ON reception_cases(case_id);
