-- The rules of the headline rates live in one place, huiyin-core's `KpiFacts` (issue 11):
-- the store now keeps each case's results beside its facts (`decided`, `acceptance_timely`,
-- `concluded`, `conclusion_timely`, and the due day of a deadline not yet met) and the rollups
-- of migrations 0011 and 0015 add those columns up instead of restating the rules.
--
-- The UPDATE below is the one place the rules are written in SQL: a one-time conversion of the
-- rows written before the results were stored (the same expressions migrations 0011 and 0015
-- used, so the rollups already hold these sums and are not rebuilt). From here on every row
-- is written by the store from `KpiFacts`.

ALTER TABLE case_kpi ADD COLUMN decided BIGINT NOT NULL DEFAULT 0;
ALTER TABLE case_kpi ADD COLUMN acceptance_timely BIGINT NOT NULL DEFAULT 0;
ALTER TABLE case_kpi ADD COLUMN concluded BIGINT NOT NULL DEFAULT 0;
ALTER TABLE case_kpi ADD COLUMN conclusion_timely BIGINT NOT NULL DEFAULT 0;
ALTER TABLE case_kpi ADD COLUMN undecided_due_on TEXT;
ALTER TABLE case_kpi ADD COLUMN unconcluded_due_on TEXT;

DROP TRIGGER case_kpi_daily_insert;
DROP TRIGGER case_kpi_daily_delete;
DROP TRIGGER case_kpi_daily_update;
DROP TRIGGER case_kpi_unit_daily_insert;
DROP TRIGGER case_kpi_unit_daily_delete;
DROP TRIGGER case_kpi_unit_daily_update;
DROP TRIGGER case_scope_kpi_unit_daily;

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

CREATE TRIGGER case_kpi_daily_insert AFTER INSERT ON case_kpi BEGIN
    INSERT INTO kpi_daily VALUES (NEW.received_on, 1, NEW.acceptance_timely, NEW.decided, NEW.conclusion_timely, NEW.concluded, NEW.has_opinion, NEW.evaluated, NEW.satisfied)
    ON CONFLICT (received_on) DO UPDATE SET
        received = received + excluded.received,
        acceptance_timely = acceptance_timely + excluded.acceptance_timely,
        decided = decided + excluded.decided,
        conclusion_timely = conclusion_timely + excluded.conclusion_timely,
        concluded = concluded + excluded.concluded,
        with_opinion = with_opinion + excluded.with_opinion,
        evaluated = evaluated + excluded.evaluated,
        satisfied = satisfied + excluded.satisfied;
END;

CREATE TRIGGER case_kpi_daily_delete AFTER DELETE ON case_kpi BEGIN
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
END;

CREATE TRIGGER case_kpi_daily_update AFTER UPDATE ON case_kpi BEGIN
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
    INSERT INTO kpi_daily VALUES (NEW.received_on, 1, NEW.acceptance_timely, NEW.decided, NEW.conclusion_timely, NEW.concluded, NEW.has_opinion, NEW.evaluated, NEW.satisfied)
    ON CONFLICT (received_on) DO UPDATE SET
        received = received + excluded.received,
        acceptance_timely = acceptance_timely + excluded.acceptance_timely,
        decided = decided + excluded.decided,
        conclusion_timely = conclusion_timely + excluded.conclusion_timely,
        concluded = concluded + excluded.concluded,
        with_opinion = with_opinion + excluded.with_opinion,
        evaluated = evaluated + excluded.evaluated,
        satisfied = satisfied + excluded.satisfied;
END;

CREATE TRIGGER case_kpi_unit_daily_insert AFTER INSERT ON case_kpi BEGIN
    INSERT INTO kpi_unit_daily
    SELECT s.unit_id, NEW.received_on, 1, NEW.acceptance_timely, NEW.decided, NEW.conclusion_timely, NEW.concluded, NEW.has_opinion, NEW.evaluated, NEW.satisfied
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
    SELECT s.unit_id, NEW.received_on, NEW.undecided_due_on, 1, 0
    FROM case_scope s WHERE s.case_id = NEW.case_id AND NEW.undecided_due_on IS NOT NULL
    ON CONFLICT (unit_id, received_on, due_on) DO UPDATE SET undecided = undecided + 1;
    INSERT INTO kpi_unit_pending
    SELECT s.unit_id, NEW.received_on, NEW.unconcluded_due_on, 0, 1
    FROM case_scope s WHERE s.case_id = NEW.case_id AND NEW.unconcluded_due_on IS NOT NULL
    ON CONFLICT (unit_id, received_on, due_on) DO UPDATE SET unconcluded = unconcluded + 1;
END;

CREATE TRIGGER case_kpi_unit_daily_delete AFTER DELETE ON case_kpi BEGIN
    UPDATE kpi_unit_daily SET
        received = received - 1,
        acceptance_timely = acceptance_timely - OLD.acceptance_timely,
        decided = decided - OLD.decided,
        conclusion_timely = conclusion_timely - OLD.conclusion_timely,
        concluded = concluded - OLD.concluded,
        with_opinion = with_opinion - OLD.has_opinion,
        evaluated = evaluated - OLD.evaluated,
        satisfied = satisfied - OLD.satisfied
    WHERE unit_id IN (SELECT unit_id FROM case_scope WHERE case_id = OLD.case_id)
        AND received_on = OLD.received_on;
    UPDATE kpi_unit_pending SET
        undecided = undecided - CASE WHEN due_on = OLD.undecided_due_on THEN 1 ELSE 0 END,
        unconcluded = unconcluded - CASE WHEN due_on = OLD.unconcluded_due_on THEN 1 ELSE 0 END
    WHERE unit_id IN (SELECT unit_id FROM case_scope WHERE case_id = OLD.case_id)
        AND received_on = OLD.received_on AND due_on IN (OLD.undecided_due_on, OLD.unconcluded_due_on);
END;

CREATE TRIGGER case_kpi_unit_daily_update AFTER UPDATE ON case_kpi
WHEN OLD.received_on IS NOT NEW.received_on OR OLD.acceptance_timely IS NOT NEW.acceptance_timely OR OLD.decided IS NOT NEW.decided OR OLD.conclusion_timely IS NOT NEW.conclusion_timely OR OLD.concluded IS NOT NEW.concluded OR OLD.has_opinion IS NOT NEW.has_opinion OR OLD.evaluated IS NOT NEW.evaluated OR OLD.satisfied IS NOT NEW.satisfied OR OLD.undecided_due_on IS NOT NEW.undecided_due_on OR OLD.unconcluded_due_on IS NOT NEW.unconcluded_due_on
BEGIN
    UPDATE kpi_unit_daily SET
        received = received - 1,
        acceptance_timely = acceptance_timely - OLD.acceptance_timely,
        decided = decided - OLD.decided,
        conclusion_timely = conclusion_timely - OLD.conclusion_timely,
        concluded = concluded - OLD.concluded,
        with_opinion = with_opinion - OLD.has_opinion,
        evaluated = evaluated - OLD.evaluated,
        satisfied = satisfied - OLD.satisfied
    WHERE unit_id IN (SELECT unit_id FROM case_scope WHERE case_id = OLD.case_id)
        AND received_on = OLD.received_on;
    UPDATE kpi_unit_pending SET
        undecided = undecided - CASE WHEN due_on = OLD.undecided_due_on THEN 1 ELSE 0 END,
        unconcluded = unconcluded - CASE WHEN due_on = OLD.unconcluded_due_on THEN 1 ELSE 0 END
    WHERE unit_id IN (SELECT unit_id FROM case_scope WHERE case_id = OLD.case_id)
        AND received_on = OLD.received_on AND due_on IN (OLD.undecided_due_on, OLD.unconcluded_due_on);
    INSERT INTO kpi_unit_daily
    SELECT s.unit_id, NEW.received_on, 1, NEW.acceptance_timely, NEW.decided, NEW.conclusion_timely, NEW.concluded, NEW.has_opinion, NEW.evaluated, NEW.satisfied
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
    SELECT s.unit_id, NEW.received_on, NEW.undecided_due_on, 1, 0
    FROM case_scope s WHERE s.case_id = NEW.case_id AND NEW.undecided_due_on IS NOT NULL
    ON CONFLICT (unit_id, received_on, due_on) DO UPDATE SET undecided = undecided + 1;
    INSERT INTO kpi_unit_pending
    SELECT s.unit_id, NEW.received_on, NEW.unconcluded_due_on, 0, 1
    FROM case_scope s WHERE s.case_id = NEW.case_id AND NEW.unconcluded_due_on IS NOT NULL
    ON CONFLICT (unit_id, received_on, due_on) DO UPDATE SET unconcluded = unconcluded + 1;
END;

-- A case visible to one more unit: its current facts, if it has any yet, join that unit's rows.
CREATE TRIGGER case_scope_kpi_unit_daily AFTER INSERT ON case_scope BEGIN
    INSERT INTO kpi_unit_daily
    SELECT NEW.unit_id, k.received_on, 1, k.acceptance_timely, k.decided, k.conclusion_timely, k.concluded, k.has_opinion, k.evaluated, k.satisfied
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
    SELECT NEW.unit_id, k.received_on, k.undecided_due_on, 1, 0
    FROM case_kpi k WHERE k.case_id = NEW.case_id AND k.undecided_due_on IS NOT NULL
    ON CONFLICT (unit_id, received_on, due_on) DO UPDATE SET undecided = undecided + 1;
    INSERT INTO kpi_unit_pending
    SELECT NEW.unit_id, k.received_on, k.unconcluded_due_on, 0, 1
    FROM case_kpi k WHERE k.case_id = NEW.case_id AND k.unconcluded_due_on IS NOT NULL
    ON CONFLICT (unit_id, received_on, due_on) DO UPDATE SET unconcluded = unconcluded + 1;
END;
