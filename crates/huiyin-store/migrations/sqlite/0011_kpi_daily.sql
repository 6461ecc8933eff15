-- The headline-rate counts that do not depend on "today", added up per day of receipt
-- (issue 6): a province-year rate reads 365 rows of this table plus the cases still
-- undecided or unconcluded, instead of every case of the year. Triggers on case_kpi keep it
-- equal to the per-case facts in the same transaction as every change to them.
CREATE TABLE kpi_daily (
    received_on TEXT PRIMARY KEY,
    received BIGINT NOT NULL,
    acceptance_timely BIGINT NOT NULL,
    decided BIGINT NOT NULL,
    conclusion_timely BIGINT NOT NULL,
    concluded BIGINT NOT NULL,
    with_opinion BIGINT NOT NULL,
    evaluated BIGINT NOT NULL,
    satisfied BIGINT NOT NULL
);

INSERT INTO kpi_daily
SELECT received_on, COUNT(*),
    SUM(CASE WHEN decided_on IS NOT NULL AND decided_on <= acceptance_due_on THEN 1 ELSE 0 END),
    SUM(CASE WHEN decided_on IS NOT NULL THEN 1 ELSE 0 END),
    SUM(CASE WHEN concluded_on IS NOT NULL AND concluded_on <= handling_due_on THEN 1 ELSE 0 END),
    SUM(CASE WHEN handling_due_on IS NOT NULL AND concluded_on IS NOT NULL THEN 1 ELSE 0 END),
    SUM(has_opinion), SUM(evaluated), SUM(satisfied)
FROM case_kpi WHERE true GROUP BY received_on;

-- The today-dependent parts: cases past a deadline they have not met yet.
CREATE INDEX case_kpi_undecided ON case_kpi(received_on, acceptance_due_on) WHERE decided_on IS NULL;
CREATE INDEX case_kpi_unconcluded ON case_kpi(received_on, handling_due_on) WHERE concluded_on IS NULL AND handling_due_on IS NOT NULL;

CREATE TRIGGER case_kpi_daily_insert AFTER INSERT ON case_kpi BEGIN
    INSERT INTO kpi_daily VALUES (NEW.received_on, 1,
        CASE WHEN NEW.decided_on IS NOT NULL AND NEW.decided_on <= NEW.acceptance_due_on THEN 1 ELSE 0 END,
        CASE WHEN NEW.decided_on IS NOT NULL THEN 1 ELSE 0 END,
        CASE WHEN NEW.concluded_on IS NOT NULL AND NEW.concluded_on <= NEW.handling_due_on THEN 1 ELSE 0 END,
        CASE WHEN NEW.handling_due_on IS NOT NULL AND NEW.concluded_on IS NOT NULL THEN 1 ELSE 0 END,
        NEW.has_opinion, NEW.evaluated, NEW.satisfied)
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
        acceptance_timely = acceptance_timely - CASE WHEN OLD.decided_on IS NOT NULL AND OLD.decided_on <= OLD.acceptance_due_on THEN 1 ELSE 0 END,
        decided = decided - CASE WHEN OLD.decided_on IS NOT NULL THEN 1 ELSE 0 END,
        conclusion_timely = conclusion_timely - CASE WHEN OLD.concluded_on IS NOT NULL AND OLD.concluded_on <= OLD.handling_due_on THEN 1 ELSE 0 END,
        concluded = concluded - CASE WHEN OLD.handling_due_on IS NOT NULL AND OLD.concluded_on IS NOT NULL THEN 1 ELSE 0 END,
        with_opinion = with_opinion - OLD.has_opinion,
        evaluated = evaluated - OLD.evaluated,
        satisfied = satisfied - OLD.satisfied
    WHERE received_on = OLD.received_on;
END;

CREATE TRIGGER case_kpi_daily_update AFTER UPDATE ON case_kpi BEGIN
    UPDATE kpi_daily SET
        received = received - 1,
        acceptance_timely = acceptance_timely - CASE WHEN OLD.decided_on IS NOT NULL AND OLD.decided_on <= OLD.acceptance_due_on THEN 1 ELSE 0 END,
        decided = decided - CASE WHEN OLD.decided_on IS NOT NULL THEN 1 ELSE 0 END,
        conclusion_timely = conclusion_timely - CASE WHEN OLD.concluded_on IS NOT NULL AND OLD.concluded_on <= OLD.handling_due_on THEN 1 ELSE 0 END,
        concluded = concluded - CASE WHEN OLD.handling_due_on IS NOT NULL AND OLD.concluded_on IS NOT NULL THEN 1 ELSE 0 END,
        with_opinion = with_opinion - OLD.has_opinion,
        evaluated = evaluated - OLD.evaluated,
        satisfied = satisfied - OLD.satisfied
    WHERE received_on = OLD.received_on;
    INSERT INTO kpi_daily VALUES (NEW.received_on, 1,
        CASE WHEN NEW.decided_on IS NOT NULL AND NEW.decided_on <= NEW.acceptance_due_on THEN 1 ELSE 0 END,
        CASE WHEN NEW.decided_on IS NOT NULL THEN 1 ELSE 0 END,
        CASE WHEN NEW.concluded_on IS NOT NULL AND NEW.concluded_on <= NEW.handling_due_on THEN 1 ELSE 0 END,
        CASE WHEN NEW.handling_due_on IS NOT NULL AND NEW.concluded_on IS NOT NULL THEN 1 ELSE 0 END,
        NEW.has_opinion, NEW.evaluated, NEW.satisfied)
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
