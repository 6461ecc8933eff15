-- Registrations count their statistics once per batch (issue 17 item 7). Each new row of
-- `case_scope` added ten rows to `breakdown_tally` through the trigger below, one upsert each:
-- half the time of a registration's insert into `case_units` (five units see a school's case,
-- so fifty upserts), while the cases of one batch of the committer mostly share their units
-- above the school, their day and their type. The committer now writes a batch's `case_scope`
-- rows with this trigger switched off and adds the batch's counts in one statement, summed per
-- tally row (store case_batch.rs). The switch is set and cleared inside the batch's own
-- transaction, which SQLite's single writer runs alone: no other statement ever sees it on.
-- SQLite only: PostgreSQL's intake is not limited by one writer, and keeps its trigger.
CREATE TABLE tally_deferral (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    deferred INTEGER NOT NULL
);
INSERT INTO tally_deferral (id, deferred) VALUES (1, 0);

DROP TRIGGER case_scope_breakdown_tally;
CREATE TRIGGER case_scope_breakdown_tally AFTER INSERT ON case_scope
WHEN (SELECT deferred FROM tally_deferral WHERE id = 1) = 0
BEGIN
    INSERT INTO breakdown_tally (unit_id, dim, grain, period, petition_type, channel, category, dim_key, n)
    SELECT NEW.unit_id, d.dim, g.grain, CASE g.grain WHEN 'm' THEN substr(c.received_on, 1, 7) ELSE c.received_on END,
        c.petition_type, c.channel,
        CASE d.dim WHEN 'c' THEN c.category WHEN 's' THEN CASE WHEN instr(c.category, '.') > 0 THEN substr(c.category, 1, instr(c.category, '.') - 1) ELSE c.category END WHEN 'o' THEN CASE WHEN instr(c.category, '.') > 0 THEN substr(c.category, 1, instr(c.category, '.') - 1) ELSE c.category END WHEN 'u' THEN '' WHEN 'h' THEN '' END,
        CASE d.dim WHEN 'c' THEN '' WHEN 's' THEN c.status WHEN 'o' THEN COALESCE(json_extract(c.detail, '$.rereview_opinion.outcome'), json_extract(c.detail, '$.review_opinion.outcome'), json_extract(c.detail, '$.opinion.outcome'), 'none') WHEN 'u' THEN CAST(c.concerned_unit_id AS TEXT) WHEN 'h' THEN CAST(c.handling_unit_id AS TEXT) END, 1
    FROM cases c, (SELECT 'c' AS dim UNION ALL SELECT 's' UNION ALL SELECT 'o' UNION ALL SELECT 'u' UNION ALL SELECT 'h') d, (SELECT 'm' AS grain UNION ALL SELECT 'd') g
    WHERE c.id = NEW.case_id
    ON CONFLICT (unit_id, dim, grain, period, petition_type, channel, category, dim_key) DO UPDATE SET n = n + 1;
END;
