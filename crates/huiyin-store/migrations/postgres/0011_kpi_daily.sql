-- The headline-rate counts that do not depend on "today", added up per day of receipt
-- (issue 6): a province-year rate reads 365 rows of this table plus the cases still
-- undecided or unconcluded, instead of every case of the year. A trigger on case_kpi keeps it
-- equal to the per-case facts in the same transaction as every change to them. Row triggers
-- fire at the end of each statement, in row order, and the store writes a transaction's facts
-- in one statement ordered by day (store kpi.rs), so writers take the day rows in ascending
-- order. That holds while a transaction writes its facts in one statement and a case never
-- moves to an earlier day of receipt; neither happens today.
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
FROM case_kpi GROUP BY received_on;

-- The today-dependent parts: cases past a deadline they have not met yet.
CREATE INDEX case_kpi_undecided ON case_kpi(received_on, acceptance_due_on) WHERE decided_on IS NULL;
CREATE INDEX case_kpi_unconcluded ON case_kpi(received_on, handling_due_on) WHERE concluded_on IS NULL AND handling_due_on IS NOT NULL;

CREATE FUNCTION case_kpi_daily() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
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
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO kpi_daily AS d VALUES (NEW.received_on, 1,
            CASE WHEN NEW.decided_on IS NOT NULL AND NEW.decided_on <= NEW.acceptance_due_on THEN 1 ELSE 0 END,
            CASE WHEN NEW.decided_on IS NOT NULL THEN 1 ELSE 0 END,
            CASE WHEN NEW.concluded_on IS NOT NULL AND NEW.concluded_on <= NEW.handling_due_on THEN 1 ELSE 0 END,
            CASE WHEN NEW.handling_due_on IS NOT NULL AND NEW.concluded_on IS NOT NULL THEN 1 ELSE 0 END,
            NEW.has_opinion, NEW.evaluated, NEW.satisfied)
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
