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
-- are never deleted (a case's scope only grows).
--
-- Locks: every writer of a (unit, day) row holds the day's `kpi_daily` row first (the facts'
-- trigger `case_kpi_daily` fires before `case_kpi_unit_daily`, triggers firing in name order;
-- the scope's trigger locks it explicitly), so writers of one day's unit rows are serialised
-- by that row and take days in ascending order (0011).
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
);

-- `undecided`: cases with no decision whose acceptance is due on `due_on`; `unconcluded`:
-- cases with a handling deadline on `due_on` and no conclusion.
CREATE TABLE kpi_unit_pending (
    unit_id BIGINT NOT NULL,
    received_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    undecided BIGINT NOT NULL,
    unconcluded BIGINT NOT NULL,
    PRIMARY KEY (unit_id, received_on, due_on)
);

INSERT INTO kpi_unit_daily
SELECT s.unit_id, k.received_on, COUNT(*),
    SUM(CASE WHEN k.decided_on IS NOT NULL AND k.decided_on <= k.acceptance_due_on THEN 1 ELSE 0 END),
    SUM(CASE WHEN k.decided_on IS NOT NULL THEN 1 ELSE 0 END),
    SUM(CASE WHEN k.concluded_on IS NOT NULL AND k.concluded_on <= k.handling_due_on THEN 1 ELSE 0 END),
    SUM(CASE WHEN k.handling_due_on IS NOT NULL AND k.concluded_on IS NOT NULL THEN 1 ELSE 0 END),
    SUM(k.has_opinion), SUM(k.evaluated), SUM(k.satisfied)
FROM case_kpi k JOIN case_scope s ON s.case_id = k.case_id
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
) p GROUP BY unit_id, received_on, due_on;

-- Adds (sign 1) or removes (sign -1) one case's facts to or from the rows of the units in
-- `unit_ids`.
CREATE FUNCTION kpi_unit_add(unit_ids BIGINT[], k case_kpi, sign BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO kpi_unit_daily AS d
    SELECT u, k.received_on, sign,
        sign * CASE WHEN k.decided_on IS NOT NULL AND k.decided_on <= k.acceptance_due_on THEN 1 ELSE 0 END,
        sign * CASE WHEN k.decided_on IS NOT NULL THEN 1 ELSE 0 END,
        sign * CASE WHEN k.concluded_on IS NOT NULL AND k.concluded_on <= k.handling_due_on THEN 1 ELSE 0 END,
        sign * CASE WHEN k.handling_due_on IS NOT NULL AND k.concluded_on IS NOT NULL THEN 1 ELSE 0 END,
        sign * k.has_opinion, sign * k.evaluated, sign * k.satisfied
    FROM unnest(unit_ids) AS u ORDER BY u
    ON CONFLICT (unit_id, received_on) DO UPDATE SET
        received = d.received + excluded.received,
        acceptance_timely = d.acceptance_timely + excluded.acceptance_timely,
        decided = d.decided + excluded.decided,
        conclusion_timely = d.conclusion_timely + excluded.conclusion_timely,
        concluded = d.concluded + excluded.concluded,
        with_opinion = d.with_opinion + excluded.with_opinion,
        evaluated = d.evaluated + excluded.evaluated,
        satisfied = d.satisfied + excluded.satisfied;
    IF k.decided_on IS NULL AND k.acceptance_due_on IS NOT NULL THEN
        INSERT INTO kpi_unit_pending AS p
        SELECT u, k.received_on, k.acceptance_due_on, sign, 0 FROM unnest(unit_ids) AS u ORDER BY u
        ON CONFLICT (unit_id, received_on, due_on) DO UPDATE SET undecided = p.undecided + sign;
    END IF;
    IF k.concluded_on IS NULL AND k.handling_due_on IS NOT NULL THEN
        INSERT INTO kpi_unit_pending AS p
        SELECT u, k.received_on, k.handling_due_on, 0, sign FROM unnest(unit_ids) AS u ORDER BY u
        ON CONFLICT (unit_id, received_on, due_on) DO UPDATE SET unconcluded = p.unconcluded + sign;
    END IF;
END $$;

CREATE FUNCTION case_kpi_unit_daily() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    unit_ids BIGINT[];
BEGIN
    -- A step rewrites a case's facts whether or not they changed; only a change moves counts.
    IF TG_OP = 'UPDATE' AND OLD IS NOT DISTINCT FROM NEW THEN
        RETURN NULL;
    END IF;
    SELECT array_agg(unit_id ORDER BY unit_id) INTO unit_ids FROM case_scope
    WHERE case_id = CASE WHEN TG_OP = 'DELETE' THEN OLD.case_id ELSE NEW.case_id END;
    IF unit_ids IS NULL THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM kpi_unit_add(unit_ids, OLD, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM kpi_unit_add(unit_ids, NEW, 1);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER case_kpi_unit_daily AFTER INSERT OR UPDATE OR DELETE ON case_kpi
    FOR EACH ROW EXECUTE FUNCTION case_kpi_unit_daily();

-- A case visible to one more unit: its current facts, if it has any yet, join that unit's rows.
CREATE FUNCTION case_scope_kpi_unit_daily() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    k case_kpi;
BEGIN
    SELECT * INTO k FROM case_kpi WHERE case_id = NEW.case_id;
    IF FOUND THEN
        PERFORM 1 FROM kpi_daily WHERE received_on = k.received_on FOR UPDATE;
        PERFORM kpi_unit_add(ARRAY[NEW.unit_id], k, 1);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER case_scope_kpi_unit_daily AFTER INSERT ON case_scope
    FOR EACH ROW EXECUTE FUNCTION case_scope_kpi_unit_daily();
