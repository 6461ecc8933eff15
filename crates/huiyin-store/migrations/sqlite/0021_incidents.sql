-- Incidents (突发事件、群体性事件, issue 13 item 3): the record, the cases it concerns, and the
-- reports it owes and made. A report owed has a due time and no report yet; reporting fills it
-- (who, when, what). A report nobody owed (to another unit) has no due time.
CREATE TABLE incidents (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    level TEXT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    occurred_at BIGINT NOT NULL,
    people_count BIGINT NOT NULL,
    description TEXT NOT NULL,
    created_by BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX incidents_unit ON incidents(unit_id, occurred_at);
CREATE TABLE incident_cases (
    incident_id BIGINT NOT NULL REFERENCES incidents(id),
    case_id BIGINT NOT NULL REFERENCES cases(id),
    PRIMARY KEY (incident_id, case_id)
);
CREATE TABLE incident_reports (
    id INTEGER PRIMARY KEY,
    incident_id BIGINT NOT NULL REFERENCES incidents(id),
    to_unit_id BIGINT NOT NULL REFERENCES units(id),
    kind TEXT NOT NULL,
    due_at BIGINT,
    reported_at BIGINT,
    reported_by BIGINT,
    reporter_name TEXT,
    content TEXT
);
CREATE INDEX incident_reports_incident ON incident_reports(incident_id);
