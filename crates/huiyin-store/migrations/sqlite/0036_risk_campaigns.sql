-- 排查活动 (issue 15 item 1): regular or concentrated screening campaigns organised by a unit
-- for its subtree over a period, on some topics; register entries found in one name it.
CREATE TABLE risk_campaigns (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    from_day TEXT NOT NULL,
    to_day TEXT NOT NULL,
    topics TEXT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX risk_campaigns_unit ON risk_campaigns(unit_id, from_day);
ALTER TABLE risks ADD COLUMN campaign_id BIGINT REFERENCES risk_campaigns(id);
CREATE INDEX risks_campaign ON risks(campaign_id);
