-- 责任追究 (issue 14 item 5): a unit, or a person in it, held to account on grounds of Arts.
-- 42–46 (codes, space-separated, huiyin-core accountability.rs), with a measure, a day, and
-- the cases and supervision orders behind it. Read only from above the unit.
CREATE TABLE accountability_records (
    id INTEGER PRIMARY KEY,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    person TEXT,
    grounds TEXT NOT NULL,
    measure TEXT NOT NULL,
    decided_on TEXT NOT NULL,
    description TEXT NOT NULL,
    recorded_by BIGINT NOT NULL REFERENCES users(id),
    recording_unit_id BIGINT NOT NULL REFERENCES units(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX accountability_unit ON accountability_records(unit_id, decided_on);
CREATE TABLE accountability_links (
    record_id BIGINT NOT NULL REFERENCES accountability_records(id),
    case_id BIGINT REFERENCES cases(id),
    supervision_id BIGINT REFERENCES supervisions(id)
);
CREATE INDEX accountability_links_record ON accountability_links(record_id);
