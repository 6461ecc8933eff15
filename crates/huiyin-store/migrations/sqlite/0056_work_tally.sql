-- The 工作台's counts from a rollup (issue 14 item 8): a county leader's counts read every
-- open case its body handles through `cases_handling_status_due` (migration 0050), 20,000
-- index entries for a county at a million cases, twice (the grouped counts and 我的工作):
-- 25 ms a request, 88 ms p95 at four clients on two cores against a target of 50.
--
-- `work_tally` counts the cases per (handling unit, status, online or not, next staff
-- deadline, handler), with '' for no deadline and 0 for no handler, so the counts of a
-- body's worklists are a sum over a few hundred rows. Triggers keep it equal to
-- `GROUP BY` over `cases` in the transaction of every change (a row whose count falls to 0
-- is deleted). What the firewall hides from a reader is not in the rollup: the store counts
-- those cases apart through `cases_walled_work` (accusations only) and takes them off.
-- The demo's bulk load (store bulk_load.rs) drops the insert trigger while loading and
-- fills the table in one statement.
CREATE TABLE work_tally (
    handling_unit_id BIGINT NOT NULL,
    status TEXT NOT NULL,
    online BIGINT NOT NULL,
    due_on TEXT NOT NULL,
    handler_user_id BIGINT NOT NULL,
    cases BIGINT NOT NULL,
    PRIMARY KEY (handling_unit_id, status, online, due_on, handler_user_id)
) WITHOUT ROWID;

INSERT INTO work_tally
SELECT handling_unit_id, status, CASE WHEN channel = 'online' THEN 1 ELSE 0 END,
    COALESCE(next_due_on, ''), COALESCE(handler_user_id, 0), COUNT(*)
FROM cases GROUP BY 1, 2, 3, 4, 5;

CREATE INDEX cases_walled_work ON cases(walled_unit_id, handling_unit_id, status, next_due_on,
    channel, handler_user_id, registered_by) WHERE walled_unit_id IS NOT NULL;

CREATE TRIGGER cases_work_tally_insert AFTER INSERT ON cases BEGIN
    INSERT INTO work_tally VALUES (NEW.handling_unit_id, NEW.status,
        CASE WHEN NEW.channel = 'online' THEN 1 ELSE 0 END, COALESCE(NEW.next_due_on, ''),
        COALESCE(NEW.handler_user_id, 0), 1)
    ON CONFLICT (handling_unit_id, status, online, due_on, handler_user_id)
    DO UPDATE SET cases = cases + 1;
END;

CREATE TRIGGER cases_work_tally_update
AFTER UPDATE OF handling_unit_id, status, channel, next_due_on, handler_user_id ON cases
WHEN OLD.handling_unit_id IS NOT NEW.handling_unit_id OR OLD.status IS NOT NEW.status
    OR (OLD.channel = 'online') IS NOT (NEW.channel = 'online')
    OR OLD.next_due_on IS NOT NEW.next_due_on OR OLD.handler_user_id IS NOT NEW.handler_user_id
BEGIN
    UPDATE work_tally SET cases = cases - 1
    WHERE handling_unit_id = OLD.handling_unit_id AND status = OLD.status
        AND online = CASE WHEN OLD.channel = 'online' THEN 1 ELSE 0 END
        AND due_on = COALESCE(OLD.next_due_on, '') AND handler_user_id = COALESCE(OLD.handler_user_id, 0);
    DELETE FROM work_tally
    WHERE handling_unit_id = OLD.handling_unit_id AND status = OLD.status
        AND online = CASE WHEN OLD.channel = 'online' THEN 1 ELSE 0 END
        AND due_on = COALESCE(OLD.next_due_on, '') AND handler_user_id = COALESCE(OLD.handler_user_id, 0)
        AND cases <= 0;
    INSERT INTO work_tally VALUES (NEW.handling_unit_id, NEW.status,
        CASE WHEN NEW.channel = 'online' THEN 1 ELSE 0 END, COALESCE(NEW.next_due_on, ''),
        COALESCE(NEW.handler_user_id, 0), 1)
    ON CONFLICT (handling_unit_id, status, online, due_on, handler_user_id)
    DO UPDATE SET cases = cases + 1;
END;

CREATE TRIGGER cases_work_tally_delete AFTER DELETE ON cases BEGIN
    UPDATE work_tally SET cases = cases - 1
    WHERE handling_unit_id = OLD.handling_unit_id AND status = OLD.status
        AND online = CASE WHEN OLD.channel = 'online' THEN 1 ELSE 0 END
        AND due_on = COALESCE(OLD.next_due_on, '') AND handler_user_id = COALESCE(OLD.handler_user_id, 0);
    DELETE FROM work_tally
    WHERE handling_unit_id = OLD.handling_unit_id AND status = OLD.status
        AND online = CASE WHEN OLD.channel = 'online' THEN 1 ELSE 0 END
        AND due_on = COALESCE(OLD.next_due_on, '') AND handler_user_id = COALESCE(OLD.handler_user_id, 0)
        AND cases <= 0;
END;
