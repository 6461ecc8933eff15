-- The outbox (issue 13 item 2): one row per message to one recipient on one channel, written in
-- the transaction of the event it tells of (a warning raised, escalated or left unacknowledged;
-- an incident report owed or late), so an acknowledged event never loses its message. The
-- recipient is an audience of a body (`office`: its users with case work; `leaders`) or one
-- user. A worker delivers pending rows (in-app: readable in the notification list; SMS and
-- e-mail: a file in the configured spool directory) and retries failures with backoff.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    event TEXT NOT NULL,
    warning_id BIGINT REFERENCES warnings(id),
    incident_id BIGINT REFERENCES incidents(id),
    recipient_unit_id BIGINT REFERENCES units(id),
    audience TEXT,
    recipient_user_id BIGINT REFERENCES users(id),
    channel TEXT NOT NULL,
    text_zh TEXT NOT NULL,
    text_en TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    last_error TEXT,
    next_attempt_at BIGINT,
    created_at BIGINT NOT NULL,
    sent_at BIGINT,
    dedup_key TEXT NOT NULL UNIQUE
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
CREATE INDEX outbox_inbox ON outbox(recipient_unit_id, channel, status);
CREATE INDEX outbox_warning ON outbox(warning_id);
