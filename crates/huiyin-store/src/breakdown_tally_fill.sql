-- The breakdown tally recomputed from case_scope and cases, as its triggers keep it
-- (migration 0059; the same statements): run by the demo's bulk load (bulk_load.rs).
DELETE FROM breakdown_tally;
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

