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
    dim TEXT NOT NULL,
    grain TEXT NOT NULL,
    period TEXT NOT NULL,
    petition_type TEXT NOT NULL,
    channel TEXT NOT NULL,
    category TEXT NOT NULL,
    dim_key TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (unit_id, dim, grain, period, petition_type, channel, category, dim_key)
);

-- The day rows first, the month rows summed from them.
INSERT INTO breakdown_tally (unit_id, dim, grain, period, petition_type, channel, category, dim_key, n)
SELECT s.unit_id, 'c', 'd', c.received_on, c.petition_type, c.channel, c.category, '', COUNT(*)
FROM case_scope s JOIN cases c ON c.id = s.case_id
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
INSERT INTO breakdown_tally (unit_id, dim, grain, period, petition_type, channel, category, dim_key, n)
SELECT s.unit_id, 's', 'd', c.received_on, c.petition_type, c.channel, split_part(c.category, '.', 1), c.status, COUNT(*)
FROM case_scope s JOIN cases c ON c.id = s.case_id
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
INSERT INTO breakdown_tally (unit_id, dim, grain, period, petition_type, channel, category, dim_key, n)
SELECT s.unit_id, 'o', 'd', c.received_on, c.petition_type, c.channel, split_part(c.category, '.', 1), case_outcome(c.detail), COUNT(*)
FROM case_scope s JOIN cases c ON c.id = s.case_id
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
INSERT INTO breakdown_tally (unit_id, dim, grain, period, petition_type, channel, category, dim_key, n)
SELECT s.unit_id, 'u', 'd', c.received_on, c.petition_type, c.channel, '', CAST(c.concerned_unit_id AS TEXT), COUNT(*)
FROM case_scope s JOIN cases c ON c.id = s.case_id
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
INSERT INTO breakdown_tally (unit_id, dim, grain, period, petition_type, channel, category, dim_key, n)
SELECT s.unit_id, 'h', 'd', c.received_on, c.petition_type, c.channel, '', CAST(c.handling_unit_id AS TEXT), COUNT(*)
FROM case_scope s JOIN cases c ON c.id = s.case_id
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
INSERT INTO breakdown_tally (unit_id, dim, grain, period, petition_type, channel, category, dim_key, n)
SELECT unit_id, dim, 'm', substr(period, 1, 7), petition_type, channel, category, dim_key, SUM(n)
FROM breakdown_tally WHERE grain = 'd'
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;

CREATE FUNCTION case_scope_breakdown_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO breakdown_tally (unit_id, dim, grain, period, petition_type, channel, category, dim_key, n)
    SELECT NEW.unit_id, d.dim, g.grain, CASE g.grain WHEN 'm' THEN substr(c.received_on, 1, 7) ELSE c.received_on END,
        c.petition_type, c.channel,
        CASE d.dim WHEN 'c' THEN c.category WHEN 's' THEN split_part(c.category, '.', 1) WHEN 'o' THEN split_part(c.category, '.', 1) WHEN 'u' THEN '' WHEN 'h' THEN '' END,
        CASE d.dim WHEN 'c' THEN '' WHEN 's' THEN c.status WHEN 'o' THEN case_outcome(c.detail) WHEN 'u' THEN CAST(c.concerned_unit_id AS TEXT) WHEN 'h' THEN CAST(c.handling_unit_id AS TEXT) END, 1
    FROM cases c CROSS JOIN (VALUES ('c'), ('s'), ('o'), ('u'), ('h')) AS d(dim)
        CROSS JOIN (VALUES ('m'), ('d')) AS g(grain)
    WHERE c.id = NEW.case_id
    ON CONFLICT (unit_id, dim, grain, period, petition_type, channel, category, dim_key) DO UPDATE SET n = breakdown_tally.n + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER case_scope_breakdown_tally AFTER INSERT ON case_scope
    FOR EACH ROW EXECUTE FUNCTION case_scope_breakdown_tally();

-- A step rewrites the case's detail whether or not its decision changed; only a change of a
-- value a dimension counts by moves that dimension's counts.
CREATE FUNCTION cases_breakdown_tally() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_outcome TEXT := case_outcome(OLD.detail);
    new_outcome TEXT := case_outcome(NEW.detail);
BEGIN
    IF OLD.received_on IS DISTINCT FROM NEW.received_on OR OLD.petition_type IS DISTINCT FROM NEW.petition_type OR OLD.channel IS DISTINCT FROM NEW.channel OR OLD.category IS DISTINCT FROM NEW.category THEN
        UPDATE breakdown_tally t SET n = t.n - 1
        FROM case_scope s CROSS JOIN (VALUES ('m'), ('d')) AS g(grain)
        WHERE s.case_id = OLD.id AND t.unit_id = s.unit_id AND t.dim = 'c' AND t.grain = g.grain
            AND t.period = CASE g.grain WHEN 'm' THEN substr(OLD.received_on, 1, 7) ELSE OLD.received_on END
            AND t.petition_type = OLD.petition_type AND t.channel = OLD.channel
            AND t.category = OLD.category AND t.dim_key = '';
        INSERT INTO breakdown_tally (unit_id, dim, grain, period, petition_type, channel, category, dim_key, n)
        SELECT s.unit_id, 'c', g.grain, CASE g.grain WHEN 'm' THEN substr(NEW.received_on, 1, 7) ELSE NEW.received_on END,
            NEW.petition_type, NEW.channel, NEW.category, '', 1
        FROM case_scope s CROSS JOIN (VALUES ('m'), ('d')) AS g(grain) WHERE s.case_id = NEW.id
        ON CONFLICT (unit_id, dim, grain, period, petition_type, channel, category, dim_key) DO UPDATE SET n = breakdown_tally.n + 1;
    END IF;
    IF OLD.received_on IS DISTINCT FROM NEW.received_on OR OLD.petition_type IS DISTINCT FROM NEW.petition_type OR OLD.channel IS DISTINCT FROM NEW.channel OR OLD.category IS DISTINCT FROM NEW.category OR OLD.status IS DISTINCT FROM NEW.status THEN
        UPDATE breakdown_tally t SET n = t.n - 1
        FROM case_scope s CROSS JOIN (VALUES ('m'), ('d')) AS g(grain)
        WHERE s.case_id = OLD.id AND t.unit_id = s.unit_id AND t.dim = 's' AND t.grain = g.grain
            AND t.period = CASE g.grain WHEN 'm' THEN substr(OLD.received_on, 1, 7) ELSE OLD.received_on END
            AND t.petition_type = OLD.petition_type AND t.channel = OLD.channel
            AND t.category = split_part(OLD.category, '.', 1) AND t.dim_key = OLD.status;
        INSERT INTO breakdown_tally (unit_id, dim, grain, period, petition_type, channel, category, dim_key, n)
        SELECT s.unit_id, 's', g.grain, CASE g.grain WHEN 'm' THEN substr(NEW.received_on, 1, 7) ELSE NEW.received_on END,
            NEW.petition_type, NEW.channel, split_part(NEW.category, '.', 1), NEW.status, 1
        FROM case_scope s CROSS JOIN (VALUES ('m'), ('d')) AS g(grain) WHERE s.case_id = NEW.id
        ON CONFLICT (unit_id, dim, grain, period, petition_type, channel, category, dim_key) DO UPDATE SET n = breakdown_tally.n + 1;
    END IF;
    IF OLD.received_on IS DISTINCT FROM NEW.received_on OR OLD.petition_type IS DISTINCT FROM NEW.petition_type OR OLD.channel IS DISTINCT FROM NEW.channel OR OLD.category IS DISTINCT FROM NEW.category OR old_outcome IS DISTINCT FROM new_outcome THEN
        UPDATE breakdown_tally t SET n = t.n - 1
        FROM case_scope s CROSS JOIN (VALUES ('m'), ('d')) AS g(grain)
        WHERE s.case_id = OLD.id AND t.unit_id = s.unit_id AND t.dim = 'o' AND t.grain = g.grain
            AND t.period = CASE g.grain WHEN 'm' THEN substr(OLD.received_on, 1, 7) ELSE OLD.received_on END
            AND t.petition_type = OLD.petition_type AND t.channel = OLD.channel
            AND t.category = split_part(OLD.category, '.', 1) AND t.dim_key = old_outcome;
        INSERT INTO breakdown_tally (unit_id, dim, grain, period, petition_type, channel, category, dim_key, n)
        SELECT s.unit_id, 'o', g.grain, CASE g.grain WHEN 'm' THEN substr(NEW.received_on, 1, 7) ELSE NEW.received_on END,
            NEW.petition_type, NEW.channel, split_part(NEW.category, '.', 1), new_outcome, 1
        FROM case_scope s CROSS JOIN (VALUES ('m'), ('d')) AS g(grain) WHERE s.case_id = NEW.id
        ON CONFLICT (unit_id, dim, grain, period, petition_type, channel, category, dim_key) DO UPDATE SET n = breakdown_tally.n + 1;
    END IF;
    IF OLD.received_on IS DISTINCT FROM NEW.received_on OR OLD.petition_type IS DISTINCT FROM NEW.petition_type OR OLD.channel IS DISTINCT FROM NEW.channel OR OLD.concerned_unit_id IS DISTINCT FROM NEW.concerned_unit_id THEN
        UPDATE breakdown_tally t SET n = t.n - 1
        FROM case_scope s CROSS JOIN (VALUES ('m'), ('d')) AS g(grain)
        WHERE s.case_id = OLD.id AND t.unit_id = s.unit_id AND t.dim = 'u' AND t.grain = g.grain
            AND t.period = CASE g.grain WHEN 'm' THEN substr(OLD.received_on, 1, 7) ELSE OLD.received_on END
            AND t.petition_type = OLD.petition_type AND t.channel = OLD.channel
            AND t.category = '' AND t.dim_key = CAST(OLD.concerned_unit_id AS TEXT);
        INSERT INTO breakdown_tally (unit_id, dim, grain, period, petition_type, channel, category, dim_key, n)
        SELECT s.unit_id, 'u', g.grain, CASE g.grain WHEN 'm' THEN substr(NEW.received_on, 1, 7) ELSE NEW.received_on END,
            NEW.petition_type, NEW.channel, '', CAST(NEW.concerned_unit_id AS TEXT), 1
        FROM case_scope s CROSS JOIN (VALUES ('m'), ('d')) AS g(grain) WHERE s.case_id = NEW.id
        ON CONFLICT (unit_id, dim, grain, period, petition_type, channel, category, dim_key) DO UPDATE SET n = breakdown_tally.n + 1;
    END IF;
    IF OLD.received_on IS DISTINCT FROM NEW.received_on OR OLD.petition_type IS DISTINCT FROM NEW.petition_type OR OLD.channel IS DISTINCT FROM NEW.channel OR OLD.handling_unit_id IS DISTINCT FROM NEW.handling_unit_id THEN
        UPDATE breakdown_tally t SET n = t.n - 1
        FROM case_scope s CROSS JOIN (VALUES ('m'), ('d')) AS g(grain)
        WHERE s.case_id = OLD.id AND t.unit_id = s.unit_id AND t.dim = 'h' AND t.grain = g.grain
            AND t.period = CASE g.grain WHEN 'm' THEN substr(OLD.received_on, 1, 7) ELSE OLD.received_on END
            AND t.petition_type = OLD.petition_type AND t.channel = OLD.channel
            AND t.category = '' AND t.dim_key = CAST(OLD.handling_unit_id AS TEXT);
        INSERT INTO breakdown_tally (unit_id, dim, grain, period, petition_type, channel, category, dim_key, n)
        SELECT s.unit_id, 'h', g.grain, CASE g.grain WHEN 'm' THEN substr(NEW.received_on, 1, 7) ELSE NEW.received_on END,
            NEW.petition_type, NEW.channel, '', CAST(NEW.handling_unit_id AS TEXT), 1
        FROM case_scope s CROSS JOIN (VALUES ('m'), ('d')) AS g(grain) WHERE s.case_id = NEW.id
        ON CONFLICT (unit_id, dim, grain, period, petition_type, channel, category, dim_key) DO UPDATE SET n = breakdown_tally.n + 1;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER cases_breakdown_tally AFTER UPDATE OF received_on, petition_type, channel, category,
    status, detail, concerned_unit_id, handling_unit_id ON cases
    FOR EACH ROW EXECUTE FUNCTION cases_breakdown_tally();
