-- 承办人 (issue 12 item 1): the user of the handling unit a case is allotted to (分办), copied
-- from the case's detail by every step so lists and the "my work" worklist can filter on it.
-- Cases written before have none (the unit allots them).
ALTER TABLE cases ADD COLUMN handler_user_id BIGINT;
