-- One row that claim transactions lock (SELECT ... FOR UPDATE) while a send gate counts other claims, e.g. the
-- frequency caps: with several dispatcher threads or nodes, two claims for one customer must not both count the
-- customer's in-flight emails before either has committed its lease, or together they could overshoot a cap
-- (issue 7, ADR 0026). Only the claim is serialised; rendering, SMTP and marking sent stay parallel.
CREATE TABLE outbox_claim_lock (
    id INT PRIMARY KEY
);
INSERT INTO outbox_claim_lock (id) VALUES (1);
