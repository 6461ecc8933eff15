-- The portal's per-address rate limits in the database (issue 17 item 1): several servers on
-- one database share one count, so five submissions an hour stay five however many instances
-- answer. An address is kept only as a keyed digest (the blind-index key), and hits older than
-- a day are deleted as new ones are written.
CREATE TABLE rate_hits (
    bucket TEXT NOT NULL,
    address_key TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX rate_hits_key ON rate_hits(bucket, address_key, at);
CREATE INDEX rate_hits_age ON rate_hits(at);
