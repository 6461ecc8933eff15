-- The 工作台's counts from a rollup on PostgreSQL too (issue 18). Until now they were counted
-- from `cases_handling_status_due` (migration 0050): every open case a body handles, 25 ms for
-- a county at 200,000 cases, and the slowest request of both leaders' 工作台 under load
-- (87–106 ms p95 against 50). SQLite's rollup (its migration 0056) is kept by triggers that
-- update one row per (unit, status, channel, deadline, handler); here that row would be locked
-- by every writer of those cases until it commits, serialising them, and a job moving many
-- deadlines in one transaction would lock such rows in no fixed order (deadlocks).
--
-- So writers never update a rollup row: a statement that inserts, updates or deletes cases
-- appends its changes to `work_tally_delta` (+1 for each new key of a case, -1 for each old
-- one, grouped by key; one statement-level trigger per statement, which locks nothing
-- another writer needs). `work_tally` holds the settled counts, one row per key, with the
-- same columns as SQLite's. A reader sums both tables in one statement (one snapshot), so
-- the figures are exact at every moment. `work_tally_settle()` moves the deltas into
-- `work_tally` in one statement (a reader sees them on one side or the other, never both
-- or neither); the server calls it every few seconds, one instance at a time.
-- Writes to `cases` wait until this migration commits: a case written between the fill below
-- and the triggers would be in neither (servers of the previous build may run during an
-- upgrade). The lock waits for writes in flight to finish first.
LOCK TABLE cases IN SHARE ROW EXCLUSIVE MODE;

CREATE TABLE work_tally (
    handling_unit_id BIGINT NOT NULL,
    status TEXT NOT NULL,
    online BIGINT NOT NULL,
    due_on TEXT NOT NULL,
    handler_user_id BIGINT NOT NULL,
    cases BIGINT NOT NULL,
    PRIMARY KEY (handling_unit_id, status, online, due_on, handler_user_id)
);
-- The keys whose count fell to 0, for the settler to delete.
CREATE INDEX work_tally_empty ON work_tally (handling_unit_id) WHERE cases = 0;

CREATE TABLE work_tally_delta (
    handling_unit_id BIGINT NOT NULL,
    status TEXT NOT NULL,
    online BIGINT NOT NULL,
    due_on TEXT NOT NULL,
    handler_user_id BIGINT NOT NULL,
    cases BIGINT NOT NULL
);
CREATE INDEX work_tally_delta_unit ON work_tally_delta (handling_unit_id, status);

INSERT INTO work_tally
SELECT handling_unit_id, status, CASE WHEN channel = 'online' THEN 1 ELSE 0 END,
    COALESCE(next_due_on, ''), COALESCE(handler_user_id, 0), COUNT(*)
FROM cases GROUP BY 1, 2, 3, 4, 5;

-- What the firewall hides from a reader is not subtracted in the rollup: the store counts
-- those cases apart through this index (accusations only), as on SQLite.
CREATE INDEX cases_walled_work ON cases (walled_unit_id, handling_unit_id, status, next_due_on)
    INCLUDE (channel, handler_user_id, registered_by) WHERE walled_unit_id IS NOT NULL;

CREATE FUNCTION cases_work_tally_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO work_tally_delta
    SELECT handling_unit_id, status, CASE WHEN channel = 'online' THEN 1 ELSE 0 END,
        COALESCE(next_due_on, ''), COALESCE(handler_user_id, 0), COUNT(*)
    FROM new_cases GROUP BY 1, 2, 3, 4, 5;
    RETURN NULL;
END $$;
CREATE TRIGGER cases_work_tally_insert AFTER INSERT ON cases
    REFERENCING NEW TABLE AS new_cases FOR EACH STATEMENT EXECUTE FUNCTION cases_work_tally_insert();

-- Every UPDATE statement on cases runs this (a trigger with transition tables cannot name its
-- columns); a statement that moves no key of the rollup inserts nothing.
CREATE FUNCTION cases_work_tally_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO work_tally_delta
    SELECT handling_unit_id, status, online, due_on, handler_user_id, SUM(cases)
    FROM (
        SELECT handling_unit_id, status, CASE WHEN channel = 'online' THEN 1 ELSE 0 END AS online,
            COALESCE(next_due_on, '') AS due_on, COALESCE(handler_user_id, 0) AS handler_user_id,
            1 AS cases
        FROM new_cases
        UNION ALL
        SELECT handling_unit_id, status, CASE WHEN channel = 'online' THEN 1 ELSE 0 END,
            COALESCE(next_due_on, ''), COALESCE(handler_user_id, 0), -1
        FROM old_cases
    ) moved
    GROUP BY 1, 2, 3, 4, 5 HAVING SUM(cases) <> 0;
    RETURN NULL;
END $$;
CREATE TRIGGER cases_work_tally_update AFTER UPDATE ON cases
    REFERENCING OLD TABLE AS old_cases NEW TABLE AS new_cases
    FOR EACH STATEMENT EXECUTE FUNCTION cases_work_tally_update();

CREATE FUNCTION cases_work_tally_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO work_tally_delta
    SELECT handling_unit_id, status, CASE WHEN channel = 'online' THEN 1 ELSE 0 END,
        COALESCE(next_due_on, ''), COALESCE(handler_user_id, 0), -COUNT(*)
    FROM old_cases GROUP BY 1, 2, 3, 4, 5;
    RETURN NULL;
END $$;
CREATE TRIGGER cases_work_tally_delete AFTER DELETE ON cases
    REFERENCING OLD TABLE AS old_cases FOR EACH STATEMENT EXECUTE FUNCTION cases_work_tally_delete();

-- Moves every committed delta into `work_tally` and returns how many delta rows it moved.
-- One settler at a time (each instance of the server calls it): another returns 0 at once.
-- 705600 is this function's own advisory lock key (migration 0070, rollup 0056).
-- Writers only append to `work_tally_delta`, so they never wait for it, nor it for them;
-- a delta committed while it runs is not in its snapshot and stays for the next call.
CREATE FUNCTION work_tally_settle() RETURNS BIGINT LANGUAGE plpgsql AS $$
DECLARE
    moved BIGINT;
BEGIN
    IF NOT pg_try_advisory_xact_lock(705600) THEN
        RETURN 0;
    END IF;
    WITH gone AS (
        DELETE FROM work_tally_delta
        RETURNING handling_unit_id, status, online, due_on, handler_user_id, cases
    ), summed AS (
        SELECT handling_unit_id, status, online, due_on, handler_user_id,
            SUM(cases) AS cases, COUNT(*) AS rows_moved
        FROM gone GROUP BY 1, 2, 3, 4, 5
    ), applied AS (
        INSERT INTO work_tally AS t
        SELECT handling_unit_id, status, online, due_on, handler_user_id, cases
        FROM summed WHERE cases <> 0
        ON CONFLICT (handling_unit_id, status, online, due_on, handler_user_id)
        DO UPDATE SET cases = t.cases + EXCLUDED.cases
    )
    SELECT COALESCE(SUM(rows_moved), 0) INTO moved FROM summed;
    DELETE FROM work_tally WHERE cases = 0;
    RETURN moved;
END $$;
