-- 信访听证 as records (issue 15 item 5): a hearing on a case — its day and place, public or
-- not, the hearing officers (主持人/听证员) and the participants, the notice sent to them, the
-- minutes (笔录) and the conclusion, and where it stands (scheduled → held, or cancelled).
-- Officers and participants are JSON lists: they are written once with the hearing, shown only
-- with it and never filtered or counted on their own (as `cases.detail`). The case's clock is
-- not kept here: the `start_hearing` / `end_hearing` steps pause and resume it, as before.
CREATE TABLE hearings (
    id INTEGER PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    on_day TEXT NOT NULL,
    place TEXT NOT NULL,
    public BIGINT NOT NULL,
    officers TEXT NOT NULL,
    participants TEXT NOT NULL,
    status TEXT NOT NULL,
    notice_on TEXT,
    notice_method TEXT,
    notice_note TEXT,
    notice_by BIGINT REFERENCES users(id),
    held_on TEXT,
    minutes TEXT,
    conclusion TEXT,
    held_by BIGINT REFERENCES users(id),
    cancel_reason TEXT,
    cancelled_by BIGINT REFERENCES users(id),
    recorded_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX hearings_case ON hearings(case_id);
CREATE INDEX hearings_unit ON hearings(unit_id, on_day);
