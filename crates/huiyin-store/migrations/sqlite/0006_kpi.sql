-- The facts each case contributes to the headline rates (huiyin-core kpi.rs), kept per case so
-- a province-year aggregate is one pass over a covering index.
CREATE TABLE case_kpi (
    case_id BIGINT PRIMARY KEY REFERENCES cases(id),
    received_on TEXT NOT NULL,
    acceptance_due_on TEXT,
    decided_on TEXT,
    handling_due_on TEXT,
    concluded_on TEXT,
    has_opinion BIGINT NOT NULL,
    evaluated BIGINT NOT NULL,
    satisfied BIGINT NOT NULL
);
CREATE INDEX case_kpi_received ON case_kpi(received_on, acceptance_due_on, decided_on, handling_due_on, concluded_on, has_opinion, evaluated, satisfied, case_id);
