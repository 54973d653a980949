-- A/B and multivariate experiments (issue #6): one experiment per campaign with its design, every exposure
-- (a customer sent a variant, or held out), the outcomes attributed to it (open, click, conversion with
-- revenue) and the log of automatic winner decisions. Portable SQL for H2 and PostgreSQL.

CREATE TABLE experiment (
    campaign                  VARCHAR(100)     NOT NULL PRIMARY KEY,
    salt                      VARCHAR(100)     NOT NULL,
    -- the arms, weights, factors and holdout share as JSON (dev.herald.engine.experiment.ExperimentDesign)
    design_json               TEXT             NOT NULL,
    control_variant           VARCHAR(50)      NOT NULL,
    attribution_window_hours  INT              NOT NULL,
    created_at                TIMESTAMP WITH TIME ZONE NOT NULL,
    -- set once the auto-winner decided; the rest of the audience then gets this variant
    winner                    VARCHAR(50),
    winner_decided_at         TIMESTAMP WITH TIME ZONE
);

-- One row per customer per experiment, written when the customer is assigned (sent or held out).
CREATE TABLE experiment_exposure (
    id           BIGINT        NOT NULL PRIMARY KEY,
    campaign     VARCHAR(100)  NOT NULL REFERENCES experiment (campaign),
    customer_id  VARCHAR(100)  NOT NULL,
    variant      VARCHAR(50)   NOT NULL,
    holdout      BOOLEAN       NOT NULL,
    exposed_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT experiment_exposure_once UNIQUE (campaign, customer_id)
);
CREATE INDEX experiment_exposure_customer ON experiment_exposure (customer_id);

-- Outcomes attributed to an exposure; source_id (tracking event or order id) makes each one count once.
CREATE TABLE experiment_outcome (
    id           BIGINT         NOT NULL PRIMARY KEY,
    exposure_id  BIGINT         NOT NULL REFERENCES experiment_exposure (id),
    kind         VARCHAR(20)    NOT NULL,
    source_id    VARCHAR(100)   NOT NULL,
    occurred_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    revenue      DECIMAL(19, 4),
    CONSTRAINT experiment_outcome_once UNIQUE (exposure_id, kind, source_id)
);

CREATE TABLE experiment_decision (
    id           BIGINT         NOT NULL PRIMARY KEY,
    campaign     VARCHAR(100)   NOT NULL REFERENCES experiment (campaign),
    decided_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    winner       VARCHAR(50),
    reason       VARCHAR(2000)  NOT NULL
);

CREATE SEQUENCE experiment_exposure_seq START WITH 1 INCREMENT BY 50;
CREATE SEQUENCE experiment_outcome_seq START WITH 1 INCREMENT BY 50;
CREATE SEQUENCE experiment_decision_seq START WITH 1 INCREMENT BY 50;
