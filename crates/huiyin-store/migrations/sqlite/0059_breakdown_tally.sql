-- Statistics breakdowns without reading the cases (issue 16 item 6, issue 18 item 1): the
-- petitions each unit sees (its rows in `case_scope`) counted per month and per day of
-- receipt, per the values a breakdown groups or filters by. A province's year read 500,000
-- index entries of `case_scope` (0.5–1.3 s) and, for the unit complained about or the
-- outcome, as many case rows (4–9 s); from these tables it reads the twelve months' rows,
-- and the days of a partial month at either end of the period.
--
-- `grain` 'm': `period` is the month (YYYY-MM); 'd': the day (YYYY-MM-DD). `outcome` is the
-- last written decision, as `breakdown.rs` reads it from `cases.detail` (复核 over 复查 over
-- the first 意见书; 'none' before any). `breakdown_unit_tally` holds the unit complained
-- about and the handling unit (the region, unit and handling-unit breakdowns); it has no
-- category, so those breakdowns narrowed to a category read `case_scope` instead.
--
-- Triggers keep both exact in the transaction of every change: a case becoming visible to a
-- unit (a row of `case_scope`) adds its current values to that unit's rows; a change of a
-- case's values moves it, under every unit that sees it, from the old values' rows to the
-- new ones'. Rows of `case_scope` are never deleted, and neither are cases. Counts that reach
-- zero stay as rows of zero (a query skips them). The demo's bulk load (store bulk_load.rs)
-- suspends the triggers and fills both tables in one statement each.
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
) WITHOUT ROWID;

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
) WITHOUT ROWID;

-- The day rows first (each case's outcome read once), the month rows summed from them.
INSERT INTO breakdown_tally
SELECT s.unit_id, 'd', c.received_on, c.petition_type, c.channel, c.category, c.status,
    COALESCE(json_extract(c.detail, '$.rereview_opinion.outcome'),
        json_extract(c.detail, '$.review_opinion.outcome'),
        json_extract(c.detail, '$.opinion.outcome'), 'none'), COUNT(*)
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

CREATE TRIGGER case_scope_breakdown_tally AFTER INSERT ON case_scope BEGIN
    INSERT INTO breakdown_tally
    SELECT NEW.unit_id, g.grain, CASE g.grain WHEN 'm' THEN substr(c.received_on, 1, 7) ELSE c.received_on END,
        c.petition_type, c.channel, c.category, c.status,
        COALESCE(json_extract(c.detail, '$.rereview_opinion.outcome'),
            json_extract(c.detail, '$.review_opinion.outcome'),
            json_extract(c.detail, '$.opinion.outcome'), 'none'), 1
    FROM cases c, (SELECT 'm' AS grain UNION ALL SELECT 'd') g WHERE c.id = NEW.case_id
    ON CONFLICT (unit_id, grain, period, petition_type, channel, category, status, outcome)
    DO UPDATE SET n = n + 1;
    INSERT INTO breakdown_unit_tally
    SELECT NEW.unit_id, g.grain, CASE g.grain WHEN 'm' THEN substr(c.received_on, 1, 7) ELSE c.received_on END,
        c.petition_type, c.channel, c.concerned_unit_id, c.handling_unit_id, 1
    FROM cases c, (SELECT 'm' AS grain UNION ALL SELECT 'd') g WHERE c.id = NEW.case_id
    ON CONFLICT (unit_id, grain, period, petition_type, channel, concerned_unit_id, handling_unit_id)
    DO UPDATE SET n = n + 1;
END;

-- A step rewrites the case's detail whether or not its decision changed; only a change of a
-- counted value moves counts.
CREATE TRIGGER cases_breakdown_tally AFTER UPDATE OF received_on, petition_type, channel, category,
    status, detail ON cases
WHEN OLD.received_on IS NOT NEW.received_on OR OLD.petition_type IS NOT NEW.petition_type
    OR OLD.channel IS NOT NEW.channel OR OLD.category IS NOT NEW.category OR OLD.status IS NOT NEW.status
    OR COALESCE(json_extract(OLD.detail, '$.rereview_opinion.outcome'),
        json_extract(OLD.detail, '$.review_opinion.outcome'),
        json_extract(OLD.detail, '$.opinion.outcome'), 'none')
    IS NOT COALESCE(json_extract(NEW.detail, '$.rereview_opinion.outcome'),
        json_extract(NEW.detail, '$.review_opinion.outcome'),
        json_extract(NEW.detail, '$.opinion.outcome'), 'none')
BEGIN
    UPDATE breakdown_tally SET n = n - 1
    WHERE unit_id IN (SELECT unit_id FROM case_scope WHERE case_id = OLD.id)
        AND grain = 'm' AND period = substr(OLD.received_on, 1, 7)
        AND petition_type = OLD.petition_type AND channel = OLD.channel AND category = OLD.category
        AND status = OLD.status
        AND outcome = COALESCE(json_extract(OLD.detail, '$.rereview_opinion.outcome'),
            json_extract(OLD.detail, '$.review_opinion.outcome'),
            json_extract(OLD.detail, '$.opinion.outcome'), 'none');
    UPDATE breakdown_tally SET n = n - 1
    WHERE unit_id IN (SELECT unit_id FROM case_scope WHERE case_id = OLD.id)
        AND grain = 'd' AND period = OLD.received_on
        AND petition_type = OLD.petition_type AND channel = OLD.channel AND category = OLD.category
        AND status = OLD.status
        AND outcome = COALESCE(json_extract(OLD.detail, '$.rereview_opinion.outcome'),
            json_extract(OLD.detail, '$.review_opinion.outcome'),
            json_extract(OLD.detail, '$.opinion.outcome'), 'none');
    INSERT INTO breakdown_tally
    SELECT s.unit_id, g.grain, CASE g.grain WHEN 'm' THEN substr(NEW.received_on, 1, 7) ELSE NEW.received_on END,
        NEW.petition_type, NEW.channel, NEW.category, NEW.status,
        COALESCE(json_extract(NEW.detail, '$.rereview_opinion.outcome'),
            json_extract(NEW.detail, '$.review_opinion.outcome'),
            json_extract(NEW.detail, '$.opinion.outcome'), 'none'), 1
    FROM case_scope s, (SELECT 'm' AS grain UNION ALL SELECT 'd') g WHERE s.case_id = NEW.id
    ON CONFLICT (unit_id, grain, period, petition_type, channel, category, status, outcome)
    DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER cases_breakdown_unit_tally AFTER UPDATE OF received_on, petition_type, channel,
    concerned_unit_id, handling_unit_id ON cases
WHEN OLD.received_on IS NOT NEW.received_on OR OLD.petition_type IS NOT NEW.petition_type
    OR OLD.channel IS NOT NEW.channel OR OLD.concerned_unit_id IS NOT NEW.concerned_unit_id
    OR OLD.handling_unit_id IS NOT NEW.handling_unit_id
BEGIN
    UPDATE breakdown_unit_tally SET n = n - 1
    WHERE unit_id IN (SELECT unit_id FROM case_scope WHERE case_id = OLD.id)
        AND grain = 'm' AND period = substr(OLD.received_on, 1, 7)
        AND petition_type = OLD.petition_type AND channel = OLD.channel
        AND concerned_unit_id = OLD.concerned_unit_id AND handling_unit_id = OLD.handling_unit_id;
    UPDATE breakdown_unit_tally SET n = n - 1
    WHERE unit_id IN (SELECT unit_id FROM case_scope WHERE case_id = OLD.id)
        AND grain = 'd' AND period = OLD.received_on
        AND petition_type = OLD.petition_type AND channel = OLD.channel
        AND concerned_unit_id = OLD.concerned_unit_id AND handling_unit_id = OLD.handling_unit_id;
    INSERT INTO breakdown_unit_tally
    SELECT s.unit_id, g.grain, CASE g.grain WHEN 'm' THEN substr(NEW.received_on, 1, 7) ELSE NEW.received_on END,
        NEW.petition_type, NEW.channel, NEW.concerned_unit_id, NEW.handling_unit_id, 1
    FROM case_scope s, (SELECT 'm' AS grain UNION ALL SELECT 'd') g WHERE s.case_id = NEW.id
    ON CONFLICT (unit_id, grain, period, petition_type, channel, concerned_unit_id, handling_unit_id)
    DO UPDATE SET n = n + 1;
END;
