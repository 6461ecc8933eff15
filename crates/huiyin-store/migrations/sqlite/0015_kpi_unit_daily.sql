-- The headline-rate counts of a county or a city (issue 18) without reading its cases: the
-- counts of migration 0011 added up per (unit, day of receipt), a case counting once under
-- every unit it is visible to (its rows in `case_scope`), and the cases still waiting for a
-- decision or a conclusion added up per (unit, day of receipt, due day), so the part of the
-- counts that depends on "today" is a range of a few hundred rows too.
--
-- Triggers keep both tables equal to `case_kpi` joined to `case_scope` in the transaction of
-- every change: a change of a case's facts moves its old facts out of and its new facts into
-- the rows of every unit it is visible to; a case becoming visible to a unit adds its current
-- facts to that unit's rows. A registration writes the scope and then the facts, a step may
-- add a unit and then the facts: whichever comes second adds the pair (unit, case), the first
-- finds the other missing and adds nothing, so each pair counts once. Rows of `case_scope`
-- are never deleted (a case's scope only grows). The demo's bulk load (store bulk_load.rs)
-- drops these triggers while loading and fills both tables in one statement each.
--
-- The daily backfill reads the facts in the order of their covering index (`CROSS JOIN` fixes
-- the join order in SQLite), the pending one through the partial indexes of 0011, and both
-- each case's units through `case_scope_case` (22.8 s at a million cases, 4.2 million scope
-- rows, on the demo database).
CREATE TABLE kpi_unit_daily (
    unit_id BIGINT NOT NULL,
    received_on TEXT NOT NULL,
    received BIGINT NOT NULL,
    acceptance_timely BIGINT NOT NULL,
    decided BIGINT NOT NULL,
    conclusion_timely BIGINT NOT NULL,
    concluded BIGINT NOT NULL,
    with_opinion BIGINT NOT NULL,
    evaluated BIGINT NOT NULL,
    satisfied BIGINT NOT NULL,
    PRIMARY KEY (unit_id, received_on)
) WITHOUT ROWID;

-- `undecided`: cases with no decision whose acceptance is due on `due_on`; `unconcluded`:
-- cases with a handling deadline on `due_on` and no conclusion.
CREATE TABLE kpi_unit_pending (
    unit_id BIGINT NOT NULL,
    received_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    undecided BIGINT NOT NULL,
    unconcluded BIGINT NOT NULL,
    PRIMARY KEY (unit_id, received_on, due_on)
) WITHOUT ROWID;

INSERT INTO kpi_unit_daily
SELECT s.unit_id, k.received_on, COUNT(*),
    SUM(CASE WHEN k.decided_on IS NOT NULL AND k.decided_on <= k.acceptance_due_on THEN 1 ELSE 0 END),
    SUM(CASE WHEN k.decided_on IS NOT NULL THEN 1 ELSE 0 END),
    SUM(CASE WHEN k.concluded_on IS NOT NULL AND k.concluded_on <= k.handling_due_on THEN 1 ELSE 0 END),
    SUM(CASE WHEN k.handling_due_on IS NOT NULL AND k.concluded_on IS NOT NULL THEN 1 ELSE 0 END),
    SUM(k.has_opinion), SUM(k.evaluated), SUM(k.satisfied)
FROM case_kpi k CROSS JOIN case_scope s WHERE s.case_id = k.case_id
GROUP BY s.unit_id, k.received_on;

INSERT INTO kpi_unit_pending
SELECT unit_id, received_on, due_on, SUM(undecided), SUM(unconcluded) FROM (
    SELECT s.unit_id, k.received_on, k.acceptance_due_on AS due_on, 1 AS undecided, 0 AS unconcluded
    FROM case_kpi k JOIN case_scope s ON s.case_id = k.case_id
    WHERE k.decided_on IS NULL AND k.acceptance_due_on IS NOT NULL
    UNION ALL
    SELECT s.unit_id, k.received_on, k.handling_due_on, 0, 1
    FROM case_kpi k JOIN case_scope s ON s.case_id = k.case_id
    WHERE k.concluded_on IS NULL AND k.handling_due_on IS NOT NULL
) GROUP BY unit_id, received_on, due_on;

CREATE TRIGGER case_kpi_unit_daily_insert AFTER INSERT ON case_kpi BEGIN
    INSERT INTO kpi_unit_daily
    SELECT s.unit_id, NEW.received_on, 1,
        CASE WHEN NEW.decided_on IS NOT NULL AND NEW.decided_on <= NEW.acceptance_due_on THEN 1 ELSE 0 END,
        CASE WHEN NEW.decided_on IS NOT NULL THEN 1 ELSE 0 END,
        CASE WHEN NEW.concluded_on IS NOT NULL AND NEW.concluded_on <= NEW.handling_due_on THEN 1 ELSE 0 END,
        CASE WHEN NEW.handling_due_on IS NOT NULL AND NEW.concluded_on IS NOT NULL THEN 1 ELSE 0 END,
        NEW.has_opinion, NEW.evaluated, NEW.satisfied
    FROM case_scope s WHERE s.case_id = NEW.case_id
    ON CONFLICT (unit_id, received_on) DO UPDATE SET
        received = received + excluded.received,
        acceptance_timely = acceptance_timely + excluded.acceptance_timely,
        decided = decided + excluded.decided,
        conclusion_timely = conclusion_timely + excluded.conclusion_timely,
        concluded = concluded + excluded.concluded,
        with_opinion = with_opinion + excluded.with_opinion,
        evaluated = evaluated + excluded.evaluated,
        satisfied = satisfied + excluded.satisfied;
    INSERT INTO kpi_unit_pending
    SELECT s.unit_id, NEW.received_on, NEW.acceptance_due_on, 1, 0
    FROM case_scope s WHERE s.case_id = NEW.case_id
        AND NEW.decided_on IS NULL AND NEW.acceptance_due_on IS NOT NULL
    ON CONFLICT (unit_id, received_on, due_on) DO UPDATE SET undecided = undecided + 1;
    INSERT INTO kpi_unit_pending
    SELECT s.unit_id, NEW.received_on, NEW.handling_due_on, 0, 1
    FROM case_scope s WHERE s.case_id = NEW.case_id
        AND NEW.concluded_on IS NULL AND NEW.handling_due_on IS NOT NULL
    ON CONFLICT (unit_id, received_on, due_on) DO UPDATE SET unconcluded = unconcluded + 1;
END;

CREATE TRIGGER case_kpi_unit_daily_delete AFTER DELETE ON case_kpi BEGIN
    UPDATE kpi_unit_daily SET
        received = received - 1,
        acceptance_timely = acceptance_timely - CASE WHEN OLD.decided_on IS NOT NULL AND OLD.decided_on <= OLD.acceptance_due_on THEN 1 ELSE 0 END,
        decided = decided - CASE WHEN OLD.decided_on IS NOT NULL THEN 1 ELSE 0 END,
        conclusion_timely = conclusion_timely - CASE WHEN OLD.concluded_on IS NOT NULL AND OLD.concluded_on <= OLD.handling_due_on THEN 1 ELSE 0 END,
        concluded = concluded - CASE WHEN OLD.handling_due_on IS NOT NULL AND OLD.concluded_on IS NOT NULL THEN 1 ELSE 0 END,
        with_opinion = with_opinion - OLD.has_opinion,
        evaluated = evaluated - OLD.evaluated,
        satisfied = satisfied - OLD.satisfied
    WHERE unit_id IN (SELECT unit_id FROM case_scope WHERE case_id = OLD.case_id)
        AND received_on = OLD.received_on;
    UPDATE kpi_unit_pending SET
        undecided = undecided - CASE WHEN OLD.decided_on IS NULL AND due_on = OLD.acceptance_due_on THEN 1 ELSE 0 END,
        unconcluded = unconcluded - CASE WHEN OLD.concluded_on IS NULL AND due_on = OLD.handling_due_on THEN 1 ELSE 0 END
    WHERE unit_id IN (SELECT unit_id FROM case_scope WHERE case_id = OLD.case_id)
        AND received_on = OLD.received_on AND due_on IN (OLD.acceptance_due_on, OLD.handling_due_on);
END;

-- A step rewrites a case's facts whether or not they changed; only a change moves counts.
CREATE TRIGGER case_kpi_unit_daily_update AFTER UPDATE ON case_kpi
WHEN OLD.received_on IS NOT NEW.received_on OR OLD.acceptance_due_on IS NOT NEW.acceptance_due_on
    OR OLD.decided_on IS NOT NEW.decided_on OR OLD.handling_due_on IS NOT NEW.handling_due_on
    OR OLD.concluded_on IS NOT NEW.concluded_on OR OLD.has_opinion IS NOT NEW.has_opinion
    OR OLD.evaluated IS NOT NEW.evaluated OR OLD.satisfied IS NOT NEW.satisfied
BEGIN
    UPDATE kpi_unit_daily SET
        received = received - 1,
        acceptance_timely = acceptance_timely - CASE WHEN OLD.decided_on IS NOT NULL AND OLD.decided_on <= OLD.acceptance_due_on THEN 1 ELSE 0 END,
        decided = decided - CASE WHEN OLD.decided_on IS NOT NULL THEN 1 ELSE 0 END,
        conclusion_timely = conclusion_timely - CASE WHEN OLD.concluded_on IS NOT NULL AND OLD.concluded_on <= OLD.handling_due_on THEN 1 ELSE 0 END,
        concluded = concluded - CASE WHEN OLD.handling_due_on IS NOT NULL AND OLD.concluded_on IS NOT NULL THEN 1 ELSE 0 END,
        with_opinion = with_opinion - OLD.has_opinion,
        evaluated = evaluated - OLD.evaluated,
        satisfied = satisfied - OLD.satisfied
    WHERE unit_id IN (SELECT unit_id FROM case_scope WHERE case_id = OLD.case_id)
        AND received_on = OLD.received_on;
    UPDATE kpi_unit_pending SET
        undecided = undecided - CASE WHEN OLD.decided_on IS NULL AND due_on = OLD.acceptance_due_on THEN 1 ELSE 0 END,
        unconcluded = unconcluded - CASE WHEN OLD.concluded_on IS NULL AND due_on = OLD.handling_due_on THEN 1 ELSE 0 END
    WHERE unit_id IN (SELECT unit_id FROM case_scope WHERE case_id = OLD.case_id)
        AND received_on = OLD.received_on AND due_on IN (OLD.acceptance_due_on, OLD.handling_due_on);
    INSERT INTO kpi_unit_daily
    SELECT s.unit_id, NEW.received_on, 1,
        CASE WHEN NEW.decided_on IS NOT NULL AND NEW.decided_on <= NEW.acceptance_due_on THEN 1 ELSE 0 END,
        CASE WHEN NEW.decided_on IS NOT NULL THEN 1 ELSE 0 END,
        CASE WHEN NEW.concluded_on IS NOT NULL AND NEW.concluded_on <= NEW.handling_due_on THEN 1 ELSE 0 END,
        CASE WHEN NEW.handling_due_on IS NOT NULL AND NEW.concluded_on IS NOT NULL THEN 1 ELSE 0 END,
        NEW.has_opinion, NEW.evaluated, NEW.satisfied
    FROM case_scope s WHERE s.case_id = NEW.case_id
    ON CONFLICT (unit_id, received_on) DO UPDATE SET
        received = received + excluded.received,
        acceptance_timely = acceptance_timely + excluded.acceptance_timely,
        decided = decided + excluded.decided,
        conclusion_timely = conclusion_timely + excluded.conclusion_timely,
        concluded = concluded + excluded.concluded,
        with_opinion = with_opinion + excluded.with_opinion,
        evaluated = evaluated + excluded.evaluated,
        satisfied = satisfied + excluded.satisfied;
    INSERT INTO kpi_unit_pending
    SELECT s.unit_id, NEW.received_on, NEW.acceptance_due_on, 1, 0
    FROM case_scope s WHERE s.case_id = NEW.case_id
        AND NEW.decided_on IS NULL AND NEW.acceptance_due_on IS NOT NULL
    ON CONFLICT (unit_id, received_on, due_on) DO UPDATE SET undecided = undecided + 1;
    INSERT INTO kpi_unit_pending
    SELECT s.unit_id, NEW.received_on, NEW.handling_due_on, 0, 1
    FROM case_scope s WHERE s.case_id = NEW.case_id
        AND NEW.concluded_on IS NULL AND NEW.handling_due_on IS NOT NULL
    ON CONFLICT (unit_id, received_on, due_on) DO UPDATE SET unconcluded = unconcluded + 1;
END;

-- A case visible to one more unit: its current facts, if it has any yet, join that unit's rows.
CREATE TRIGGER case_scope_kpi_unit_daily AFTER INSERT ON case_scope BEGIN
    INSERT INTO kpi_unit_daily
    SELECT NEW.unit_id, k.received_on, 1,
        CASE WHEN k.decided_on IS NOT NULL AND k.decided_on <= k.acceptance_due_on THEN 1 ELSE 0 END,
        CASE WHEN k.decided_on IS NOT NULL THEN 1 ELSE 0 END,
        CASE WHEN k.concluded_on IS NOT NULL AND k.concluded_on <= k.handling_due_on THEN 1 ELSE 0 END,
        CASE WHEN k.handling_due_on IS NOT NULL AND k.concluded_on IS NOT NULL THEN 1 ELSE 0 END,
        k.has_opinion, k.evaluated, k.satisfied
    FROM case_kpi k WHERE k.case_id = NEW.case_id
    ON CONFLICT (unit_id, received_on) DO UPDATE SET
        received = received + excluded.received,
        acceptance_timely = acceptance_timely + excluded.acceptance_timely,
        decided = decided + excluded.decided,
        conclusion_timely = conclusion_timely + excluded.conclusion_timely,
        concluded = concluded + excluded.concluded,
        with_opinion = with_opinion + excluded.with_opinion,
        evaluated = evaluated + excluded.evaluated,
        satisfied = satisfied + excluded.satisfied;
    INSERT INTO kpi_unit_pending
    SELECT NEW.unit_id, k.received_on, k.acceptance_due_on, 1, 0
    FROM case_kpi k WHERE k.case_id = NEW.case_id
        AND k.decided_on IS NULL AND k.acceptance_due_on IS NOT NULL
    ON CONFLICT (unit_id, received_on, due_on) DO UPDATE SET undecided = undecided + 1;
    INSERT INTO kpi_unit_pending
    SELECT NEW.unit_id, k.received_on, k.handling_due_on, 0, 1
    FROM case_kpi k WHERE k.case_id = NEW.case_id
        AND k.concluded_on IS NULL AND k.handling_due_on IS NOT NULL
    ON CONFLICT (unit_id, received_on, due_on) DO UPDATE SET unconcluded = unconcluded + 1;
END;
