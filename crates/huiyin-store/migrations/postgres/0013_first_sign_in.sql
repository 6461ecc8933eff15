-- First sign-in (issue 10 item 16): a user created by `huiyin admin init` (or whose password
-- was reset) must change the password before anything else; until then every API call but
-- the password change, `me` and sign-out answers `auth.password_change_required`.
ALTER TABLE users ADD COLUMN must_change_password BIGINT NOT NULL DEFAULT 0;
