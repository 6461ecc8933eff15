-- The accusations' walls by case id (issue 18): the warnings lists leave out a warning any of
-- whose cases is walled off from the reader, probing each linked case. Through the table that
-- read every linked case's row (31,964 rows for a county's 2,425 cluster warnings at 1M:
-- some 300 ms of a 工作台); this index holds only the walled cases, so most probes end in it.
CREATE INDEX cases_walled_id ON cases (id) INCLUDE (walled_unit_id, registered_by)
WHERE walled_unit_id IS NOT NULL;
