-- Real delivery of the outbox (issue 17 item 3).
-- A staff member's work contacts, for SMS through the HTTP gateway and e-mail through SMTP:
-- sealed like every phone number (SECURITY.md), NULL when not given. Set by an administrator
-- (`huiyin admin user-contact`, PUT /api/v1/users/{id}/contact).
ALTER TABLE users ADD COLUMN phone TEXT;
ALTER TABLE users ADD COLUMN email TEXT;
-- The claim of a worker on a message it is sending: another worker leaves a claimed message
-- alone until `claimed_until` has passed (the claimer died), then sends it again under the
-- same idempotency key. The outcome clears the claim.
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
ALTER TABLE outbox ADD COLUMN claimed_until BIGINT;
