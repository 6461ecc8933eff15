-- Scope a database can use directly (issue 18). A user sees the cases held by their unit's
-- subtree; `case_scope` lists each case once under every unit it is visible to (each unit that
-- held it and every unit above those), with every column lists filter and sort on, so a
-- school's, county's, city's or the province's list is one index range (`unit_id = the
-- viewer's root`) that never reads the cases' wide rows, instead of a probe of `case_units`
-- per row. Units never move in the tree, so a case's scope only grows (when a
-- new unit holds it). Triggers keep both tables exact in the transaction of every change.

-- Every unit with itself and each unit above it.
CREATE TABLE unit_ancestors (
    unit_id BIGINT NOT NULL,
    ancestor_id BIGINT NOT NULL,
    PRIMARY KEY (unit_id, ancestor_id)
) WITHOUT ROWID;

INSERT INTO unit_ancestors (unit_id, ancestor_id)
WITH RECURSIVE up(unit_id, ancestor_id) AS (
    SELECT id, id FROM units
    UNION
    SELECT up.unit_id, u.parent_id FROM up JOIN units u ON u.id = up.ancestor_id
    WHERE u.parent_id IS NOT NULL
)
SELECT unit_id, ancestor_id FROM up;

CREATE TRIGGER units_ancestors AFTER INSERT ON units BEGIN
    INSERT INTO unit_ancestors (unit_id, ancestor_id) VALUES (NEW.id, NEW.id);
    INSERT INTO unit_ancestors (unit_id, ancestor_id)
        SELECT NEW.id, ancestor_id FROM unit_ancestors WHERE unit_id = NEW.parent_id;
END;

CREATE TABLE case_scope (
    unit_id BIGINT NOT NULL,
    case_id BIGINT NOT NULL,
    status TEXT NOT NULL,
    received_on TEXT NOT NULL,
    -- The next staff deadline, '9999-12-31' when there is none: sorting by it puts cases
    -- without a deadline last straight from the index.
    due_key TEXT NOT NULL,
    -- The whistleblower firewall's columns (cases.walled_unit_id, cases.registered_by), so
    -- lists and counts apply it without reading the case.
    walled_unit_id BIGINT,
    registered_by BIGINT,
    handling_unit_id BIGINT NOT NULL,
    petition_type TEXT NOT NULL,
    category TEXT NOT NULL,
    channel TEXT NOT NULL,
    PRIMARY KEY (unit_id, case_id)
) WITHOUT ROWID;

INSERT INTO case_scope (unit_id, case_id, status, received_on, due_key, walled_unit_id, registered_by,
    handling_unit_id, petition_type, category, channel)
SELECT DISTINCT a.ancestor_id, c.id, c.status, c.received_on, COALESCE(c.next_due_on, '9999-12-31'),
    c.walled_unit_id, c.registered_by, c.handling_unit_id, c.petition_type, c.category, c.channel
FROM case_units cu
JOIN unit_ancestors a ON a.unit_id = cu.unit_id
JOIN cases c ON c.id = cu.case_id;

CREATE INDEX case_scope_case ON case_scope(case_id);
CREATE INDEX case_scope_status_due ON case_scope(unit_id, status, due_key, received_on, walled_unit_id, registered_by);
CREATE INDEX case_scope_due ON case_scope(unit_id, due_key, status, walled_unit_id, registered_by);
CREATE INDEX case_scope_received ON case_scope(unit_id, received_on, status, channel, petition_type,
    walled_unit_id, registered_by);
CREATE INDEX case_scope_category ON case_scope(unit_id, category, received_on, channel, petition_type,
    status, walled_unit_id, registered_by);

CREATE TRIGGER case_units_scope AFTER INSERT ON case_units BEGIN
    INSERT INTO case_scope (unit_id, case_id, status, received_on, due_key, walled_unit_id, registered_by,
    handling_unit_id, petition_type, category, channel)
        SELECT a.ancestor_id, c.id, c.status, c.received_on, COALESCE(c.next_due_on, '9999-12-31'),
    c.walled_unit_id, c.registered_by, c.handling_unit_id, c.petition_type, c.category, c.channel
        FROM unit_ancestors a, cases c
        WHERE a.unit_id = NEW.unit_id AND c.id = NEW.case_id
        ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER cases_scope_columns AFTER UPDATE OF status, next_due_on, received_on, walled_unit_id,
    handling_unit_id, petition_type, category, channel ON cases
WHEN OLD.status IS NOT NEW.status OR OLD.next_due_on IS NOT NEW.next_due_on
    OR OLD.received_on IS NOT NEW.received_on OR OLD.walled_unit_id IS NOT NEW.walled_unit_id
    OR OLD.handling_unit_id IS NOT NEW.handling_unit_id OR OLD.petition_type IS NOT NEW.petition_type
    OR OLD.category IS NOT NEW.category OR OLD.channel IS NOT NEW.channel
BEGIN
    UPDATE case_scope SET status = NEW.status, due_key = COALESCE(NEW.next_due_on, '9999-12-31'),
        received_on = NEW.received_on, walled_unit_id = NEW.walled_unit_id,
        handling_unit_id = NEW.handling_unit_id, petition_type = NEW.petition_type,
        category = NEW.category, channel = NEW.channel
    WHERE case_id = NEW.id;
END;
