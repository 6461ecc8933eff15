-- The scorecard's two penalties (重复信访 `repeat`, 超期 `overdue`) on `case_scope` (issue 14
-- item 8): a unit's count of repeat or overdue cases received in a period was a join of a
-- year of its scope rows to `cases` for their flags (1–4 s per county at a million cases).
-- With the two flags on every scope row and a partial index per flag, each count is a range
-- of that index holding only the flagged cases. Kept by triggers in the transaction of every
-- change: a case's scope rows copy its flags when written, and follow a change of them.
ALTER TABLE case_scope ADD COLUMN repeat_flag BIGINT NOT NULL DEFAULT 0;
ALTER TABLE case_scope ADD COLUMN overdue_flag BIGINT NOT NULL DEFAULT 0;

UPDATE case_scope SET
    repeat_flag = (SELECT CASE WHEN c.flags LIKE '% repeat %' THEN 1 ELSE 0 END FROM cases c WHERE c.id = case_scope.case_id),
    overdue_flag = (SELECT CASE WHEN c.flags LIKE '% overdue %' THEN 1 ELSE 0 END FROM cases c WHERE c.id = case_scope.case_id)
WHERE case_id IN (SELECT id FROM cases WHERE flags LIKE '% repeat %' OR flags LIKE '% overdue %');

CREATE INDEX case_scope_repeat ON case_scope(unit_id, received_on, walled_unit_id, registered_by)
    WHERE repeat_flag = 1;
CREATE INDEX case_scope_overdue ON case_scope(unit_id, received_on, walled_unit_id, registered_by)
    WHERE overdue_flag = 1;

DROP TRIGGER case_units_scope;
CREATE TRIGGER case_units_scope AFTER INSERT ON case_units BEGIN
    INSERT INTO case_scope (unit_id, case_id, status, received_on, due_key, walled_unit_id, registered_by,
    handling_unit_id, petition_type, category, channel, repeat_flag, overdue_flag)
        SELECT a.ancestor_id, c.id, c.status, c.received_on, COALESCE(c.next_due_on, '9999-12-31'),
    c.walled_unit_id, c.registered_by, c.handling_unit_id, c.petition_type, c.category, c.channel,
    CASE WHEN c.flags LIKE '% repeat %' THEN 1 ELSE 0 END, CASE WHEN c.flags LIKE '% overdue %' THEN 1 ELSE 0 END
        FROM unit_ancestors a, cases c
        WHERE a.unit_id = NEW.unit_id AND c.id = NEW.case_id
        ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER cases_scope_penalties AFTER UPDATE OF flags ON cases
WHEN (OLD.flags LIKE '% repeat %') IS NOT (NEW.flags LIKE '% repeat %')
    OR (OLD.flags LIKE '% overdue %') IS NOT (NEW.flags LIKE '% overdue %')
BEGIN
    UPDATE case_scope SET
        repeat_flag = CASE WHEN NEW.flags LIKE '% repeat %' THEN 1 ELSE 0 END,
        overdue_flag = CASE WHEN NEW.flags LIKE '% overdue %' THEN 1 ELSE 0 END
    WHERE case_id = NEW.id;
END;
