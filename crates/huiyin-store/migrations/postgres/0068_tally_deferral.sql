-- The SQLite migration of this number lets the committer count a batch of registrations in
-- the statistics' tally with one statement (`tally_deferral`, a switch on the per-row trigger
-- of `case_scope`). PostgreSQL keeps its per-row trigger: its intake is not limited by a
-- single writer, and a switch row that every registration updates would serialise them.
SELECT 1;
