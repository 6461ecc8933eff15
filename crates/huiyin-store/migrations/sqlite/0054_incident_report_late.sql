-- Late incident reports (issue 13 item 2): when the scan wrote the 事件逾期未报 messages of a
-- report owed that passed its deadline unmade, so each report is announced late once and the
-- scan reads only the reports not yet announced. The messages stay when the report is made
-- afterwards (the record of the delay).
ALTER TABLE incident_reports ADD COLUMN late_noticed_at BIGINT;
CREATE INDEX incident_reports_unnoticed ON incident_reports(due_at)
    WHERE reported_at IS NULL AND late_noticed_at IS NULL;
