-- Follow-through of decisions (issue 15 item 6): a supported decision's execution task (落实),
-- a refused one's persuasion task (疏导), written in the decision step's transaction; a later
-- decision on the case supersedes the open task. Each step on a task is kept with its note;
-- a task done by mediation or settlement keeps the agreement (the petitioner's consent is
-- required to record it).
CREATE TABLE follow_ups (
    id INTEGER PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    kind TEXT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    decided_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    status TEXT NOT NULL,
    resolution TEXT,
    agreement TEXT,
    done_on TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX follow_ups_case ON follow_ups(case_id, status);
CREATE INDEX follow_ups_unit ON follow_ups(unit_id, status, due_on);
CREATE TABLE follow_up_steps (
    id INTEGER PRIMARY KEY,
    follow_up_id BIGINT NOT NULL REFERENCES follow_ups(id),
    action TEXT NOT NULL,
    note TEXT NOT NULL,
    due_on TEXT,
    resolution TEXT,
    by_user_id BIGINT NOT NULL REFERENCES users(id),
    at BIGINT NOT NULL
);
CREATE INDEX follow_up_steps_task ON follow_up_steps(follow_up_id);
