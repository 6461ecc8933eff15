-- The rules of the headline rates live in one place, huiyin-core's `KpiFacts` (issue 11):
-- the store now keeps each case's results beside its facts (`decided`, `acceptance_timely`,
-- `concluded`, `conclusion_timely`, and the due day of a deadline not yet met) and the rollups
-- of migrations 0011 and 0015 add those columns up instead of restating the rules.
--
-- The UPDATE below is the one place the rules are written in SQL: a one-time conversion of the
-- rows written before the results were stored (the same expressions migrations 0011 and 0015
-- used, so the rollups already hold these sums and are not rebuilt). From here on every row
-- is written by the store from `KpiFacts`.

ALTER TABLE case_kpi
    ADD COLUMN decided BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN acceptance_timely BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN concluded BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN conclusion_timely BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN undecided_due_on TEXT,
    ADD COLUMN unconcluded_due_on TEXT;

DROP TRIGGER case_kpi_daily ON case_kpi;
DROP TRIGGER case_kpi_unit_daily ON case_kpi;

UPDATE case_kpi SET
    decided = CASE WHEN decided_on IS NOT NULL THEN 1 ELSE 0 END,
    acceptance_timely = CASE WHEN decided_on IS NOT NULL AND decided_on <= acceptance_due_on THEN 1 ELSE 0 END,
    concluded = CASE WHEN handling_due_on IS NOT NULL AND concluded_on IS NOT NULL THEN 1 ELSE 0 END,
    conclusion_timely = CASE WHEN concluded_on IS NOT NULL AND concluded_on <= handling_due_on THEN 1 ELSE 0 END,
    undecided_due_on = CASE WHEN decided_on IS NULL THEN acceptance_due_on END,
    unconcluded_due_on = CASE WHEN concluded_on IS NULL THEN handling_due_on END;

DROP INDEX case_kpi_received;
DROP INDEX case_kpi_undecided;
DROP INDEX case_kpi_unconcluded;
CREATE INDEX case_kpi_received ON case_kpi(received_on, decided, acceptance_timely, undecided_due_on, concluded, conclusion_timely, unconcluded_due_on, has_opinion, evaluated, satisfied, case_id);
CREATE INDEX case_kpi_undecided ON case_kpi(received_on, undecided_due_on) WHERE undecided_due_on IS NOT NULL;
CREATE INDEX case_kpi_unconcluded ON case_kpi(received_on, unconcluded_due_on) WHERE unconcluded_due_on IS NOT NULL;

CREATE OR REPLACE FUNCTION case_kpi_daily() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE kpi_daily SET
            received = received - 1,
            acceptance_timely = acceptance_timely - OLD.acceptance_timely,
            decided = decided - OLD.decided,
            conclusion_timely = conclusion_timely - OLD.conclusion_timely,
            concluded = concluded - OLD.concluded,
            with_opinion = with_opinion - OLD.has_opinion,
            evaluated = evaluated - OLD.evaluated,
            satisfied = satisfied - OLD.satisfied
        WHERE received_on = OLD.received_on;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO kpi_daily AS d VALUES (NEW.received_on, 1, NEW.acceptance_timely, NEW.decided, NEW.conclusion_timely, NEW.concluded, NEW.has_opinion, NEW.evaluated, NEW.satisfied)
        ON CONFLICT (received_on) DO UPDATE SET
            received = d.received + excluded.received,
            acceptance_timely = d.acceptance_timely + excluded.acceptance_timely,
            decided = d.decided + excluded.decided,
            conclusion_timely = d.conclusion_timely + excluded.conclusion_timely,
            concluded = d.concluded + excluded.concluded,
            with_opinion = d.with_opinion + excluded.with_opinion,
            evaluated = d.evaluated + excluded.evaluated,
            satisfied = d.satisfied + excluded.satisfied;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER case_kpi_daily AFTER INSERT OR UPDATE OR DELETE ON case_kpi
    FOR EACH ROW EXECUTE FUNCTION case_kpi_daily();

-- Adds (sign 1) or removes (sign -1) one case's facts to or from the rows of the units in
-- `unit_ids` (the row type `case_kpi` now carries the stored results).
CREATE OR REPLACE FUNCTION kpi_unit_add(unit_ids BIGINT[], k case_kpi, sign BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO kpi_unit_daily AS d
    SELECT u, k.received_on, sign,
        sign * k.acceptance_timely, sign * k.decided, sign * k.conclusion_timely, sign * k.concluded, sign * k.has_opinion, sign * k.evaluated, sign * k.satisfied
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
    IF k.undecided_due_on IS NOT NULL THEN
        INSERT INTO kpi_unit_pending AS p
        SELECT u, k.received_on, k.undecided_due_on, sign, 0 FROM unnest(unit_ids) AS u ORDER BY u
        ON CONFLICT (unit_id, received_on, due_on) DO UPDATE SET undecided = p.undecided + sign;
    END IF;
    IF k.unconcluded_due_on IS NOT NULL THEN
        INSERT INTO kpi_unit_pending AS p
        SELECT u, k.received_on, k.unconcluded_due_on, 0, sign FROM unnest(unit_ids) AS u ORDER BY u
        ON CONFLICT (unit_id, received_on, due_on) DO UPDATE SET unconcluded = p.unconcluded + sign;
    END IF;
END $$;

CREATE TRIGGER case_kpi_unit_daily AFTER INSERT OR UPDATE OR DELETE ON case_kpi
    FOR EACH ROW EXECUTE FUNCTION case_kpi_unit_daily();
