-- The whistleblower firewall (issue 10): `walled_unit_id` is the accused unit of a case that is
-- or ever was an accusation (NULL otherwise); its staff never list, find, open or count the
-- case, except `registered_by`, the user who registered it. Lists filter on both columns.
ALTER TABLE cases ADD COLUMN walled_unit_id BIGINT;
ALTER TABLE cases ADD COLUMN registered_by BIGINT;
UPDATE cases SET walled_unit_id = concerned_unit_id WHERE petition_type = 'accusation';
UPDATE cases SET registered_by = (
    SELECT t.actor_user_id FROM timeline t
    WHERE t.case_id = cases.id AND t.action = 'register' AND t.actor_user_id > 0
    ORDER BY t.id LIMIT 1
) WHERE walled_unit_id IS NOT NULL;
