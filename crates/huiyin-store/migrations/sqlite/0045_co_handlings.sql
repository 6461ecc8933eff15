-- 协办 (issue 15 item 4): a co-handling unit on a case beside its lead (handling) unit, with
-- its own task and deadline and the contribution it records; adding one makes the case visible
-- to that unit (a `case_units` row, as a step that moves a case does). Each step is kept.
CREATE TABLE co_handlings (
    id INTEGER PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    task TEXT NOT NULL,
    due_on TEXT NOT NULL,
    status TEXT NOT NULL,
    contribution TEXT,
    added_by BIGINT NOT NULL REFERENCES users(id),
    added_at BIGINT NOT NULL,
    done_at BIGINT
);
CREATE INDEX co_handlings_case ON co_handlings(case_id);
CREATE INDEX co_handlings_unit ON co_handlings(unit_id, status, due_on);
CREATE TABLE co_handling_steps (
    id INTEGER PRIMARY KEY,
    co_handling_id BIGINT NOT NULL REFERENCES co_handlings(id),
    action TEXT NOT NULL,
    note TEXT NOT NULL,
    by_user_id BIGINT NOT NULL REFERENCES users(id),
    at BIGINT NOT NULL
);
CREATE INDEX co_handling_steps_task ON co_handling_steps(co_handling_id);
