-- Notifications inside the product (issue 12 item 7): the notifications themselves are read
-- from the state of the work (new cases, approvals, deadlines, supervision orders, warnings)
-- through the reader's firewall; only which of them a user has read is stored, by a key that
-- changes when the thing notified changes. Rows older than 90 days are pruned when a user marks
-- notifications read.
CREATE TABLE notification_reads (
    user_id BIGINT NOT NULL,
    item_key TEXT NOT NULL,
    read_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, item_key)
);
