-- Prohibited conduct at reception sites (XFGZTL-2022 Art. 26; issue 15 item 8): what a
-- petitioner did, where, the measures taken and any referral to the police. `person_key` is the
-- person key of the petitioner record when recorded (migration 0038), so the record joins that
-- person's file; staff-only, never read by the portal.
CREATE TABLE conduct_records (
    id INTEGER PRIMARY KEY,
    petitioner_id BIGINT NOT NULL REFERENCES petitioners(id),
    person_key TEXT NOT NULL,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    on_day TEXT NOT NULL,
    place TEXT NOT NULL,
    kinds TEXT NOT NULL,
    description TEXT NOT NULL,
    measures TEXT NOT NULL,
    police_referred BIGINT NOT NULL,
    police_unit TEXT,
    recorded_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX conduct_records_person ON conduct_records(person_key);
CREATE INDEX conduct_records_unit ON conduct_records(unit_id, on_day);
