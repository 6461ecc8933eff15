-- A 矛盾纠纷排查 entry raised as an incident (issue 15 item 1): the step names the incident.
ALTER TABLE risk_steps ADD COLUMN incident_id BIGINT REFERENCES incidents(id);
