-- Statistics breakdowns without reading the cases (issue 16 item 6, issue 18 item 1): see
-- the SQLite migration of the same number.

-- The last written decision of a case's detail (复核 over 复查 over the first 意见书), as
-- `breakdown.rs` reads it.
CREATE FUNCTION case_outcome(detail TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
    SELECT COALESCE(detail::json -> 'rereview_opinion' ->> 'outcome',
        detail::json -> 'review_opinion' ->> 'outcome',
        detail::json -> 'opinion' ->> 'outcome', 'none')
$$;

CREATE TABLE breakdown_tally (
    unit_id BIGINT NOT NULL,
    grain TEXT NOT NULL,
    period TEXT NOT NULL,
    petition_type TEXT NOT NULL,
    channel TEXT NOT NULL,
    category TEXT NOT NULL,
    status TEXT NOT NULL,
    outcome TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (unit_id, grain, period, petition_type, channel, category, status, outcome)
);

CREATE TABLE breakdown_unit_tally (
    unit_id BIGINT NOT NULL,
    grain TEXT NOT NULL,
    period TEXT NOT NULL,
    petition_type TEXT NOT NULL,
    channel TEXT NOT NULL,
    concerned_unit_id BIGINT NOT NULL,
    handling_unit_id BIGINT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (unit_id, grain, period, petition_type, channel, concerned_unit_id, handling_unit_id)
);

INSERT INTO breakdown_tally
SELECT s.unit_id, 'd', c.received_on, c.petition_type, c.channel, c.category, c.status,
    case_outcome(c.detail), COUNT(*)
FROM case_scope s JOIN cases c ON c.id = s.case_id
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
INSERT INTO breakdown_tally
SELECT unit_id, 'm', substr(period, 1, 7), petition_type, channel, category, status, outcome, SUM(n)
FROM breakdown_tally WHERE grain = 'd'
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
INSERT INTO breakdown_unit_tally
SELECT s.unit_id, 'd', c.received_on, c.petition_type, c.channel, c.concerned_unit_id, c.handling_unit_id, COUNT(*)
FROM case_scope s JOIN cases c ON c.id = s.case_id
GROUP BY 1, 2, 3, 4, 5, 6, 7;
INSERT INTO breakdown_unit_tally
SELECT unit_id, 'm', substr(period, 1, 7), petition_type, channel, concerned_unit_id, handling_unit_id, SUM(n)
FROM breakdown_unit_tally WHERE grain = 'd'
GROUP BY 1, 2, 3, 4, 5, 6, 7;

CREATE FUNCTION case_scope_breakdown_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO breakdown_tally (unit_id, grain, period, petition_type, channel, category, status, outcome, n)
    SELECT NEW.unit_id, g.grain, CASE g.grain WHEN 'm' THEN substr(c.received_on, 1, 7) ELSE c.received_on END,
        c.petition_type, c.channel, c.category, c.status, case_outcome(c.detail), 1
    FROM cases c CROSS JOIN (VALUES ('m'), ('d')) AS g(grain) WHERE c.id = NEW.case_id
    ON CONFLICT (unit_id, grain, period, petition_type, channel, category, status, outcome)
    DO UPDATE SET n = breakdown_tally.n + 1;
    INSERT INTO breakdown_unit_tally (unit_id, grain, period, petition_type, channel, concerned_unit_id,
        handling_unit_id, n)
    SELECT NEW.unit_id, g.grain, CASE g.grain WHEN 'm' THEN substr(c.received_on, 1, 7) ELSE c.received_on END,
        c.petition_type, c.channel, c.concerned_unit_id, c.handling_unit_id, 1
    FROM cases c CROSS JOIN (VALUES ('m'), ('d')) AS g(grain) WHERE c.id = NEW.case_id
    ON CONFLICT (unit_id, grain, period, petition_type, channel, concerned_unit_id, handling_unit_id)
    DO UPDATE SET n = breakdown_unit_tally.n + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER case_scope_breakdown_tally AFTER INSERT ON case_scope
    FOR EACH ROW EXECUTE FUNCTION case_scope_breakdown_tally();

-- A step rewrites the case's detail whether or not its decision changed; only a change of a
-- counted value moves counts.
CREATE FUNCTION cases_breakdown_tally() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_outcome TEXT := case_outcome(OLD.detail);
    new_outcome TEXT := case_outcome(NEW.detail);
BEGIN
    IF OLD.received_on IS DISTINCT FROM NEW.received_on OR OLD.petition_type IS DISTINCT FROM NEW.petition_type
        OR OLD.channel IS DISTINCT FROM NEW.channel OR OLD.category IS DISTINCT FROM NEW.category
        OR OLD.status IS DISTINCT FROM NEW.status OR old_outcome IS DISTINCT FROM new_outcome THEN
        UPDATE breakdown_tally t SET n = t.n - 1
        FROM case_scope s CROSS JOIN (VALUES ('m'), ('d')) AS g(grain)
        WHERE s.case_id = OLD.id AND t.unit_id = s.unit_id AND t.grain = g.grain
            AND t.period = CASE g.grain WHEN 'm' THEN substr(OLD.received_on, 1, 7) ELSE OLD.received_on END
            AND t.petition_type = OLD.petition_type AND t.channel = OLD.channel
            AND t.category = OLD.category AND t.status = OLD.status AND t.outcome = old_outcome;
        INSERT INTO breakdown_tally (unit_id, grain, period, petition_type, channel, category, status, outcome, n)
        SELECT s.unit_id, g.grain, CASE g.grain WHEN 'm' THEN substr(NEW.received_on, 1, 7) ELSE NEW.received_on END,
            NEW.petition_type, NEW.channel, NEW.category, NEW.status, new_outcome, 1
        FROM case_scope s CROSS JOIN (VALUES ('m'), ('d')) AS g(grain) WHERE s.case_id = NEW.id
        ON CONFLICT (unit_id, grain, period, petition_type, channel, category, status, outcome)
        DO UPDATE SET n = breakdown_tally.n + 1;
    END IF;
    IF OLD.received_on IS DISTINCT FROM NEW.received_on OR OLD.petition_type IS DISTINCT FROM NEW.petition_type
        OR OLD.channel IS DISTINCT FROM NEW.channel OR OLD.concerned_unit_id IS DISTINCT FROM NEW.concerned_unit_id
        OR OLD.handling_unit_id IS DISTINCT FROM NEW.handling_unit_id THEN
        UPDATE breakdown_unit_tally t SET n = t.n - 1
        FROM case_scope s CROSS JOIN (VALUES ('m'), ('d')) AS g(grain)
        WHERE s.case_id = OLD.id AND t.unit_id = s.unit_id AND t.grain = g.grain
            AND t.period = CASE g.grain WHEN 'm' THEN substr(OLD.received_on, 1, 7) ELSE OLD.received_on END
            AND t.petition_type = OLD.petition_type AND t.channel = OLD.channel
            AND t.concerned_unit_id = OLD.concerned_unit_id AND t.handling_unit_id = OLD.handling_unit_id;
        INSERT INTO breakdown_unit_tally (unit_id, grain, period, petition_type, channel, concerned_unit_id,
            handling_unit_id, n)
        SELECT s.unit_id, g.grain, CASE g.grain WHEN 'm' THEN substr(NEW.received_on, 1, 7) ELSE NEW.received_on END,
            NEW.petition_type, NEW.channel, NEW.concerned_unit_id, NEW.handling_unit_id, 1
        FROM case_scope s CROSS JOIN (VALUES ('m'), ('d')) AS g(grain) WHERE s.case_id = NEW.id
        ON CONFLICT (unit_id, grain, period, petition_type, channel, concerned_unit_id, handling_unit_id)
        DO UPDATE SET n = breakdown_unit_tally.n + 1;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER cases_breakdown_tally AFTER UPDATE OF received_on, petition_type, channel, category,
    status, detail, concerned_unit_id, handling_unit_id ON cases
    FOR EACH ROW EXECUTE FUNCTION cases_breakdown_tally();
