-- The scorecard's two penalties (重复信访 `repeat`, 超期 `overdue`) on `case_scope` (issue 14
-- item 8): see the SQLite migration of the same number.
ALTER TABLE case_scope ADD COLUMN repeat_flag BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN overdue_flag BIGINT NOT NULL DEFAULT 0;

UPDATE case_scope s SET
    repeat_flag = CASE WHEN c.flags LIKE '% repeat %' THEN 1 ELSE 0 END,
    overdue_flag = CASE WHEN c.flags LIKE '% overdue %' THEN 1 ELSE 0 END
FROM cases c
WHERE c.id = s.case_id AND (c.flags LIKE '% repeat %' OR c.flags LIKE '% overdue %');

CREATE INDEX case_scope_repeat ON case_scope(unit_id, received_on)
    INCLUDE (walled_unit_id, registered_by) WHERE repeat_flag = 1;
CREATE INDEX case_scope_overdue ON case_scope(unit_id, received_on)
    INCLUDE (walled_unit_id, registered_by) WHERE overdue_flag = 1;

CREATE OR REPLACE FUNCTION case_units_scope() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO case_scope (unit_id, case_id, status, received_on, due_key, walled_unit_id, registered_by,
    handling_unit_id, petition_type, category, channel, repeat_flag, overdue_flag)
        SELECT a.ancestor_id, c.id, c.status, c.received_on, COALESCE(c.next_due_on, '9999-12-31'),
    c.walled_unit_id, c.registered_by, c.handling_unit_id, c.petition_type, c.category, c.channel,
    CASE WHEN c.flags LIKE '% repeat %' THEN 1 ELSE 0 END, CASE WHEN c.flags LIKE '% overdue %' THEN 1 ELSE 0 END
        FROM unit_ancestors a, cases c
        WHERE a.unit_id = NEW.unit_id AND c.id = NEW.case_id
        ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE FUNCTION cases_scope_penalties() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE case_scope SET
        repeat_flag = CASE WHEN NEW.flags LIKE '% repeat %' THEN 1 ELSE 0 END,
        overdue_flag = CASE WHEN NEW.flags LIKE '% overdue %' THEN 1 ELSE 0 END
    WHERE case_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER cases_scope_penalties AFTER UPDATE OF flags ON cases
    FOR EACH ROW WHEN ((OLD.flags LIKE '% repeat %') IS DISTINCT FROM (NEW.flags LIKE '% repeat %')
        OR (OLD.flags LIKE '% overdue %') IS DISTINCT FROM (NEW.flags LIKE '% overdue %'))
    EXECUTE FUNCTION cases_scope_penalties();
