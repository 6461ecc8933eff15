-- A calendar year counts as official only once an administrator marks it complete (issue 12
-- item 9): a year begun by entering one day keeps its deadlines provisional (暂定) until then.
-- Years loaded before were loaded whole (the shipped file or a year's TOML): complete.
ALTER TABLE calendar_years ADD COLUMN complete BIGINT NOT NULL DEFAULT 1;
