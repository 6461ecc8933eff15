-- 考评 frozen monthly (issue 14 item 6): the scorecard of a completed month, computed once and
-- kept, so a published ranking does not change afterwards. One per unit scored under, level
-- (0: the bodies directly under it), month and firewall (`wall_key`: the reader's member
-- units — readers the whistleblower firewall treats alike share one snapshot).
CREATE TABLE scorecard_snapshots (
    id INTEGER PRIMARY KEY,
    root_unit_id BIGINT NOT NULL,
    level INTEGER NOT NULL,
    month TEXT NOT NULL,
    wall_key TEXT NOT NULL,
    body TEXT NOT NULL,
    frozen_by BIGINT,
    frozen_at BIGINT NOT NULL,
    UNIQUE (root_unit_id, level, month, wall_key)
);
