-- Huiyin schema v1 (sqlite). Portable types only (BIGINT, TEXT): sqlx's Any driver decodes no
-- dates or JSON, so days are 'YYYY-MM-DD' text, instants epoch milliseconds, JSON text.

CREATE TABLE units (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    level BIGINT NOT NULL,
    parent_id BIGINT REFERENCES units(id),
    region_code TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX units_parent ON units(parent_id);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    display_name TEXT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    roles TEXT NOT NULL,
    active BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL
);

CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

-- One counter per numbering scope (region + year) for case numbers.
CREATE TABLE case_counters (
    scope TEXT PRIMARY KEY,
    last_value BIGINT NOT NULL
);

CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL,
    channel TEXT NOT NULL,
    petition_type TEXT NOT NULL,
    category TEXT NOT NULL,
    title TEXT NOT NULL,
    content TEXT NOT NULL,
    demands TEXT NOT NULL,
    received_on TEXT NOT NULL,
    receiving_unit_id BIGINT NOT NULL REFERENCES units(id),
    handling_unit_id BIGINT NOT NULL REFERENCES units(id),
    concerned_unit_id BIGINT NOT NULL REFERENCES units(id),
    people_count BIGINT NOT NULL,
    flags TEXT NOT NULL,
    last_step_on TEXT NOT NULL,
    next_due_on TEXT,
    detail TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX cases_handling_status_due ON cases(handling_unit_id, status, next_due_on);
CREATE INDEX cases_status_due ON cases(status, next_due_on);
CREATE INDEX cases_received ON cases(received_on);
CREATE INDEX cases_matter ON cases(concerned_unit_id, category);

-- Every unit that has held a case: the case is visible to it and to the units above it.
CREATE TABLE case_units (
    case_id BIGINT NOT NULL REFERENCES cases(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    PRIMARY KEY (case_id, unit_id)
);
CREATE INDEX case_units_unit ON case_units(unit_id, case_id);

CREATE TABLE petitioners (
    id INTEGER PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    position BIGINT NOT NULL,
    name TEXT NOT NULL,
    id_number TEXT,
    phone TEXT,
    address TEXT,
    representative BIGINT NOT NULL DEFAULT 0,
    id_key TEXT,
    name_phone_key TEXT
);
CREATE INDEX petitioners_case ON petitioners(case_id);
CREATE INDEX petitioners_id_key ON petitioners(id_key);
CREATE INDEX petitioners_name_phone ON petitioners(name_phone_key);

CREATE TABLE case_links (
    case_id BIGINT NOT NULL REFERENCES cases(id),
    linked_case_id BIGINT NOT NULL REFERENCES cases(id),
    kind TEXT NOT NULL,
    PRIMARY KEY (case_id, linked_case_id)
);

CREATE TABLE timeline (
    id INTEGER PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    action TEXT NOT NULL,
    on_day TEXT NOT NULL,
    actor_user_id BIGINT,
    actor_unit_id BIGINT,
    actor_name TEXT NOT NULL,
    note_zh TEXT NOT NULL,
    note_en TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    data TEXT NOT NULL,
    recorded_at BIGINT NOT NULL
);
CREATE INDEX timeline_case ON timeline(case_id, id);

CREATE TABLE deadlines (
    case_id BIGINT NOT NULL REFERENCES cases(id),
    kind TEXT NOT NULL,
    start_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    provisional BIGINT NOT NULL,
    explanation_zh TEXT NOT NULL,
    explanation_en TEXT NOT NULL,
    PRIMARY KEY (case_id, kind)
);
CREATE INDEX deadlines_due ON deadlines(due_on);

CREATE TABLE calendar_years (
    year BIGINT PRIMARY KEY,
    source TEXT NOT NULL
);
CREATE TABLE holidays (
    day TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL
);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE jobs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    unique_key TEXT NOT NULL UNIQUE,
    payload TEXT NOT NULL,
    run_after BIGINT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    locked_by TEXT,
    locked_until BIGINT,
    done_at BIGINT,
    last_error TEXT
);
CREATE INDEX jobs_ready ON jobs(done_at, run_after);

-- Leases make periodic scans run on one instance at a time.
CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE scan_runs (
    id INTEGER PRIMARY KEY,
    scan TEXT NOT NULL,
    slot TEXT NOT NULL,
    holder TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    finished_at BIGINT,
    cases_marked BIGINT NOT NULL DEFAULT 0,
    UNIQUE (scan, slot)
);

-- 催办 reminders and 督办 supervision orders addressed to the responsible unit.
CREATE TABLE supervisions (
    id INTEGER PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    kind TEXT NOT NULL,
    deadline_kind TEXT NOT NULL,
    due_on TEXT NOT NULL,
    created_on TEXT NOT NULL,
    unique_key TEXT NOT NULL UNIQUE,
    response TEXT,
    adopted BIGINT,
    responded_at BIGINT
);
CREATE INDEX supervisions_unit ON supervisions(unit_id, responded_at);
