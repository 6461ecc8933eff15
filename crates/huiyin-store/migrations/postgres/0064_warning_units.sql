-- The units that see each warning (issue 18): every unit that sees one of its cases, as
-- `case_scope` lists them. A warnings list or count reads the reader's root here once
-- (huiyin-store warnings.rs `visible_sql`) instead of probing every link of every warning
-- against `case_scope`. A case's scope only grows and links are never removed, so the rows
-- only grow too: a link added, or a unit added to a linked case's scope, adds them (triggers).
CREATE TABLE warning_units (
    unit_id BIGINT NOT NULL,
    warning_id BIGINT NOT NULL,
    PRIMARY KEY (unit_id, warning_id)
);

INSERT INTO warning_units (unit_id, warning_id)
SELECT DISTINCT cs.unit_id, wc.warning_id
FROM warning_cases wc JOIN case_scope cs ON cs.case_id = wc.case_id
ON CONFLICT DO NOTHING;

CREATE FUNCTION warning_cases_units() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO warning_units (unit_id, warning_id)
        SELECT cs.unit_id, NEW.warning_id FROM case_scope cs WHERE cs.case_id = NEW.case_id
        ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER warning_cases_units AFTER INSERT ON warning_cases
    FOR EACH ROW EXECUTE FUNCTION warning_cases_units();

CREATE FUNCTION case_scope_warning_units() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO warning_units (unit_id, warning_id)
        SELECT NEW.unit_id, wc.warning_id FROM warning_cases wc WHERE wc.case_id = NEW.case_id
        ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER case_scope_warning_units AFTER INSERT ON case_scope
    FOR EACH ROW EXECUTE FUNCTION case_scope_warning_units();
