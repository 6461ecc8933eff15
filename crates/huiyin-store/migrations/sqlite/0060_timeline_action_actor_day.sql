-- The annual report's 转送 and 交办 counts (issue 16 item 6, `step_counts.rs`): the steps of
-- two kinds taken in a year by the units of a subtree, read from this index one (action,
-- unit) range at a time, each checked against the root's scope; a province's year had read
-- the timeline of every case it sees (7.2 s at a million cases).
CREATE INDEX timeline_action_actor_day ON timeline(action, actor_unit_id, on_day, case_id);
