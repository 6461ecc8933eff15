-- Breakdowns read from the tally's key alone (issue 16 item 6, issue 18 item 1). A year of one
-- unit's month rows is some 30,000 rows spread over as many heap pages (rows are created as
-- the cases arrive, all units interleaved): at a million cases a city's or the province's
-- breakdown read 27,000 pages (180-400 ms). With the count carried in the key's index the
-- same read is an index-only scan (about 16 ms). The cost: a count's update is no longer
-- HOT, so each registration writes its tally rows' key entries again (docs/PERFORMANCE.md).
ALTER TABLE breakdown_tally DROP CONSTRAINT breakdown_tally_pkey,
    ADD PRIMARY KEY (unit_id, dim, grain, period, petition_type, channel, category, dim_key) INCLUDE (n);
