-- The annual report's 转送 and 交办 counts (issue 16 item 6, `step_counts.rs`): the steps of
-- two kinds taken in a year, read from this index, each checked against the root's scope;
-- a province's year had read the timeline of every case it sees (7.2 s at a million cases).
CREATE INDEX timeline_action_day ON timeline(action, on_day, actor_unit_id, case_id);
