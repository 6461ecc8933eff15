-- Statistics breakdowns without reading the cases (issue 16 item 6, issue 18 item 1): the
-- petitions each unit sees (its rows in `case_scope`) counted per month and per day of
-- receipt, in five dimensions. A province's year read 500,000 index entries of `case_scope`
-- (0.4–1.2 s) and, for the unit complained about or the outcome, as many case rows (3–7 s);
-- from this table it reads its twelve months' rows of one dimension, and the days of a
-- partial month at either end of the period.
--
-- `grain` 'm': `period` is the month (YYYY-MM); 'd': the day (YYYY-MM-DD). Every row has the
-- petition type and channel; `dim` says what else it counts by:
--   'c': `category` the category code, `dim_key` '' (months, categories, fields, channels,
--        types);
--   's': `category` the top-level category (field), `dim_key` the stage (status);
--   'o': `category` the field, `dim_key` the last written decision, as `breakdown.rs` reads it
--        from `cases.detail` (复核 over 复查 over the first 意见书; 'none' before any);
--   'u': `category` '', `dim_key` the unit complained about (regions and units);
--   'h': `category` '', `dim_key` the handling unit.
-- A dimension without the category a breakdown is narrowed to (a sub-category for 's' and
-- 'o', any for 'u' and 'h') is read from `case_scope` instead: with it, its rows would be
-- about as many as the cases.
--
-- Triggers keep it exact in the transaction of every change: a case becoming visible to a
-- unit (a row of `case_scope`) adds its current values to that unit's rows; a change of a
-- value a dimension counts by moves the case, under every unit that sees it, from the old
-- values' rows to the new ones'. Rows of `case_scope` are never deleted, and neither are
-- cases. Counts that reach zero stay as rows of zero (a query skips them). The demo's bulk
-- load (store bulk_load.rs) suspends the first trigger and fills the table in one pass.

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
) WITHOUT ROWID;

-- The day rows first, the month rows summed from them.
INSERT INTO breakdown_tally (unit_id, dim, grain, period, petition_type, channel, category, dim_key, n)
SELECT s.unit_id, 'c', 'd', c.received_on, c.petition_type, c.channel, c.category, '', COUNT(*)
FROM case_scope s JOIN cases c ON c.id = s.case_id
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
INSERT INTO breakdown_tally (unit_id, dim, grain, period, petition_type, channel, category, dim_key, n)
SELECT s.unit_id, 's', 'd', c.received_on, c.petition_type, c.channel, CASE WHEN instr(c.category, '.') > 0 THEN substr(c.category, 1, instr(c.category, '.') - 1) ELSE c.category END, c.status, COUNT(*)
FROM case_scope s JOIN cases c ON c.id = s.case_id
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
INSERT INTO breakdown_tally (unit_id, dim, grain, period, petition_type, channel, category, dim_key, n)
SELECT s.unit_id, 'o', 'd', c.received_on, c.petition_type, c.channel, CASE WHEN instr(c.category, '.') > 0 THEN substr(c.category, 1, instr(c.category, '.') - 1) ELSE c.category END, COALESCE(json_extract(c.detail, '$.rereview_opinion.outcome'), json_extract(c.detail, '$.review_opinion.outcome'), json_extract(c.detail, '$.opinion.outcome'), 'none'), COUNT(*)
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

-- One statement: the case's row read once, its ten rows (five dimensions, two grains) made
-- from it.
CREATE TRIGGER case_scope_breakdown_tally AFTER INSERT ON case_scope BEGIN
    INSERT INTO breakdown_tally (unit_id, dim, grain, period, petition_type, channel, category, dim_key, n)
    SELECT NEW.unit_id, d.dim, g.grain, CASE g.grain WHEN 'm' THEN substr(c.received_on, 1, 7) ELSE c.received_on END,
        c.petition_type, c.channel,
        CASE d.dim WHEN 'c' THEN c.category WHEN 's' THEN CASE WHEN instr(c.category, '.') > 0 THEN substr(c.category, 1, instr(c.category, '.') - 1) ELSE c.category END WHEN 'o' THEN CASE WHEN instr(c.category, '.') > 0 THEN substr(c.category, 1, instr(c.category, '.') - 1) ELSE c.category END WHEN 'u' THEN '' WHEN 'h' THEN '' END,
        CASE d.dim WHEN 'c' THEN '' WHEN 's' THEN c.status WHEN 'o' THEN COALESCE(json_extract(c.detail, '$.rereview_opinion.outcome'), json_extract(c.detail, '$.review_opinion.outcome'), json_extract(c.detail, '$.opinion.outcome'), 'none') WHEN 'u' THEN CAST(c.concerned_unit_id AS TEXT) WHEN 'h' THEN CAST(c.handling_unit_id AS TEXT) END, 1
    FROM cases c, (SELECT 'c' AS dim UNION ALL SELECT 's' UNION ALL SELECT 'o' UNION ALL SELECT 'u' UNION ALL SELECT 'h') d, (SELECT 'm' AS grain UNION ALL SELECT 'd') g
    WHERE c.id = NEW.case_id
    ON CONFLICT (unit_id, dim, grain, period, petition_type, channel, category, dim_key) DO UPDATE SET n = n + 1;
END;

-- A step rewrites the case's detail whether or not its decision changed; only a change of a
-- value a dimension counts by moves that dimension's counts.
CREATE TRIGGER cases_breakdown_tally_c AFTER UPDATE OF received_on, petition_type, channel, category ON cases
WHEN OLD.received_on IS NOT NEW.received_on
    OR OLD.petition_type IS NOT NEW.petition_type
    OR OLD.channel IS NOT NEW.channel
    OR OLD.category IS NOT NEW.category
BEGIN
    UPDATE breakdown_tally SET n = n - 1
    WHERE unit_id IN (SELECT unit_id FROM case_scope WHERE case_id = OLD.id) AND dim = 'c' AND grain = 'm'
        AND period = substr(OLD.received_on, 1, 7) AND petition_type = OLD.petition_type AND channel = OLD.channel
        AND category = OLD.category AND dim_key = '';
    UPDATE breakdown_tally SET n = n - 1
    WHERE unit_id IN (SELECT unit_id FROM case_scope WHERE case_id = OLD.id) AND dim = 'c' AND grain = 'd'
        AND period = OLD.received_on AND petition_type = OLD.petition_type AND channel = OLD.channel
        AND category = OLD.category AND dim_key = '';
    INSERT INTO breakdown_tally
    SELECT s.unit_id, 'c', g.grain, CASE g.grain WHEN 'm' THEN substr(NEW.received_on, 1, 7) ELSE NEW.received_on END,
        NEW.petition_type, NEW.channel, NEW.category, '', 1
    FROM case_scope s, (SELECT 'm' AS grain UNION ALL SELECT 'd') g WHERE s.case_id = NEW.id
    ON CONFLICT (unit_id, dim, grain, period, petition_type, channel, category, dim_key) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER cases_breakdown_tally_s AFTER UPDATE OF received_on, petition_type, channel, category, status ON cases
WHEN OLD.received_on IS NOT NEW.received_on
    OR OLD.petition_type IS NOT NEW.petition_type
    OR OLD.channel IS NOT NEW.channel
    OR OLD.category IS NOT NEW.category
    OR OLD.status IS NOT NEW.status
BEGIN
    UPDATE breakdown_tally SET n = n - 1
    WHERE unit_id IN (SELECT unit_id FROM case_scope WHERE case_id = OLD.id) AND dim = 's' AND grain = 'm'
        AND period = substr(OLD.received_on, 1, 7) AND petition_type = OLD.petition_type AND channel = OLD.channel
        AND category = CASE WHEN instr(OLD.category, '.') > 0 THEN substr(OLD.category, 1, instr(OLD.category, '.') - 1) ELSE OLD.category END AND dim_key = OLD.status;
    UPDATE breakdown_tally SET n = n - 1
    WHERE unit_id IN (SELECT unit_id FROM case_scope WHERE case_id = OLD.id) AND dim = 's' AND grain = 'd'
        AND period = OLD.received_on AND petition_type = OLD.petition_type AND channel = OLD.channel
        AND category = CASE WHEN instr(OLD.category, '.') > 0 THEN substr(OLD.category, 1, instr(OLD.category, '.') - 1) ELSE OLD.category END AND dim_key = OLD.status;
    INSERT INTO breakdown_tally
    SELECT s.unit_id, 's', g.grain, CASE g.grain WHEN 'm' THEN substr(NEW.received_on, 1, 7) ELSE NEW.received_on END,
        NEW.petition_type, NEW.channel, CASE WHEN instr(NEW.category, '.') > 0 THEN substr(NEW.category, 1, instr(NEW.category, '.') - 1) ELSE NEW.category END, NEW.status, 1
    FROM case_scope s, (SELECT 'm' AS grain UNION ALL SELECT 'd') g WHERE s.case_id = NEW.id
    ON CONFLICT (unit_id, dim, grain, period, petition_type, channel, category, dim_key) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER cases_breakdown_tally_o AFTER UPDATE OF received_on, petition_type, channel, category, detail ON cases
WHEN OLD.received_on IS NOT NEW.received_on
    OR OLD.petition_type IS NOT NEW.petition_type
    OR OLD.channel IS NOT NEW.channel
    OR OLD.category IS NOT NEW.category
    OR COALESCE(json_extract(OLD.detail, '$.rereview_opinion.outcome'), json_extract(OLD.detail, '$.review_opinion.outcome'), json_extract(OLD.detail, '$.opinion.outcome'), 'none')
        IS NOT COALESCE(json_extract(NEW.detail, '$.rereview_opinion.outcome'), json_extract(NEW.detail, '$.review_opinion.outcome'), json_extract(NEW.detail, '$.opinion.outcome'), 'none')
BEGIN
    UPDATE breakdown_tally SET n = n - 1
    WHERE unit_id IN (SELECT unit_id FROM case_scope WHERE case_id = OLD.id) AND dim = 'o' AND grain = 'm'
        AND period = substr(OLD.received_on, 1, 7) AND petition_type = OLD.petition_type AND channel = OLD.channel
        AND category = CASE WHEN instr(OLD.category, '.') > 0 THEN substr(OLD.category, 1, instr(OLD.category, '.') - 1) ELSE OLD.category END AND dim_key = COALESCE(json_extract(OLD.detail, '$.rereview_opinion.outcome'), json_extract(OLD.detail, '$.review_opinion.outcome'), json_extract(OLD.detail, '$.opinion.outcome'), 'none');
    UPDATE breakdown_tally SET n = n - 1
    WHERE unit_id IN (SELECT unit_id FROM case_scope WHERE case_id = OLD.id) AND dim = 'o' AND grain = 'd'
        AND period = OLD.received_on AND petition_type = OLD.petition_type AND channel = OLD.channel
        AND category = CASE WHEN instr(OLD.category, '.') > 0 THEN substr(OLD.category, 1, instr(OLD.category, '.') - 1) ELSE OLD.category END AND dim_key = COALESCE(json_extract(OLD.detail, '$.rereview_opinion.outcome'), json_extract(OLD.detail, '$.review_opinion.outcome'), json_extract(OLD.detail, '$.opinion.outcome'), 'none');
    INSERT INTO breakdown_tally
    SELECT s.unit_id, 'o', g.grain, CASE g.grain WHEN 'm' THEN substr(NEW.received_on, 1, 7) ELSE NEW.received_on END,
        NEW.petition_type, NEW.channel, CASE WHEN instr(NEW.category, '.') > 0 THEN substr(NEW.category, 1, instr(NEW.category, '.') - 1) ELSE NEW.category END, COALESCE(json_extract(NEW.detail, '$.rereview_opinion.outcome'), json_extract(NEW.detail, '$.review_opinion.outcome'), json_extract(NEW.detail, '$.opinion.outcome'), 'none'), 1
    FROM case_scope s, (SELECT 'm' AS grain UNION ALL SELECT 'd') g WHERE s.case_id = NEW.id
    ON CONFLICT (unit_id, dim, grain, period, petition_type, channel, category, dim_key) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER cases_breakdown_tally_u AFTER UPDATE OF received_on, petition_type, channel, concerned_unit_id ON cases
WHEN OLD.received_on IS NOT NEW.received_on
    OR OLD.petition_type IS NOT NEW.petition_type
    OR OLD.channel IS NOT NEW.channel
    OR OLD.concerned_unit_id IS NOT NEW.concerned_unit_id
BEGIN
    UPDATE breakdown_tally SET n = n - 1
    WHERE unit_id IN (SELECT unit_id FROM case_scope WHERE case_id = OLD.id) AND dim = 'u' AND grain = 'm'
        AND period = substr(OLD.received_on, 1, 7) AND petition_type = OLD.petition_type AND channel = OLD.channel
        AND category = '' AND dim_key = CAST(OLD.concerned_unit_id AS TEXT);
    UPDATE breakdown_tally SET n = n - 1
    WHERE unit_id IN (SELECT unit_id FROM case_scope WHERE case_id = OLD.id) AND dim = 'u' AND grain = 'd'
        AND period = OLD.received_on AND petition_type = OLD.petition_type AND channel = OLD.channel
        AND category = '' AND dim_key = CAST(OLD.concerned_unit_id AS TEXT);
    INSERT INTO breakdown_tally
    SELECT s.unit_id, 'u', g.grain, CASE g.grain WHEN 'm' THEN substr(NEW.received_on, 1, 7) ELSE NEW.received_on END,
        NEW.petition_type, NEW.channel, '', CAST(NEW.concerned_unit_id AS TEXT), 1
    FROM case_scope s, (SELECT 'm' AS grain UNION ALL SELECT 'd') g WHERE s.case_id = NEW.id
    ON CONFLICT (unit_id, dim, grain, period, petition_type, channel, category, dim_key) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER cases_breakdown_tally_h AFTER UPDATE OF received_on, petition_type, channel, handling_unit_id ON cases
WHEN OLD.received_on IS NOT NEW.received_on
    OR OLD.petition_type IS NOT NEW.petition_type
    OR OLD.channel IS NOT NEW.channel
    OR OLD.handling_unit_id IS NOT NEW.handling_unit_id
BEGIN
    UPDATE breakdown_tally SET n = n - 1
    WHERE unit_id IN (SELECT unit_id FROM case_scope WHERE case_id = OLD.id) AND dim = 'h' AND grain = 'm'
        AND period = substr(OLD.received_on, 1, 7) AND petition_type = OLD.petition_type AND channel = OLD.channel
        AND category = '' AND dim_key = CAST(OLD.handling_unit_id AS TEXT);
    UPDATE breakdown_tally SET n = n - 1
    WHERE unit_id IN (SELECT unit_id FROM case_scope WHERE case_id = OLD.id) AND dim = 'h' AND grain = 'd'
        AND period = OLD.received_on AND petition_type = OLD.petition_type AND channel = OLD.channel
        AND category = '' AND dim_key = CAST(OLD.handling_unit_id AS TEXT);
    INSERT INTO breakdown_tally
    SELECT s.unit_id, 'h', g.grain, CASE g.grain WHEN 'm' THEN substr(NEW.received_on, 1, 7) ELSE NEW.received_on END,
        NEW.petition_type, NEW.channel, '', CAST(NEW.handling_unit_id AS TEXT), 1
    FROM case_scope s, (SELECT 'm' AS grain UNION ALL SELECT 'd') g WHERE s.case_id = NEW.id
    ON CONFLICT (unit_id, dim, grain, period, petition_type, channel, category, dim_key) DO UPDATE SET n = n + 1;
END;
