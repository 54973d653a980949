-- Identity resolution, activity timeline, audit log and CRM enrichment (issue #8). Portable SQL for H2 and
-- PostgreSQL.

-- Anonymous profiles (a Segment anonymousId only) have no address or name yet.
ALTER TABLE customer ALTER COLUMN email DROP NOT NULL;
ALTER TABLE customer ALTER COLUMN name DROP NOT NULL;

-- Where an attribute came from (import, identify, crm) and when it last changed: consent needs both.
ALTER TABLE customer_attribute ADD COLUMN source VARCHAR(50);
ALTER TABLE customer_attribute ADD COLUMN updated_at TIMESTAMP WITH TIME ZONE;

-- Keys that lead to a profile: kind customer_id (an alias or a merged-away id), anonymous_id, email, crm_id.
CREATE TABLE customer_identity (
    kind         VARCHAR(20)  NOT NULL,
    key_value    VARCHAR(254) NOT NULL,
    customer_id  VARCHAR(100) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (kind, key_value)
);
CREATE INDEX customer_identity_customer ON customer_identity (customer_id);

-- Non-order activity (page, product, cart, checkout), one compact row per event.
CREATE TABLE customer_activity (
    id           BIGINT        NOT NULL PRIMARY KEY,
    customer_id  VARCHAR(100)  NOT NULL,
    event_id     VARCHAR(100)  NOT NULL,
    kind         VARCHAR(30)   NOT NULL,
    occurred_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    detail_json  VARCHAR(4000) NOT NULL,
    CONSTRAINT customer_activity_event UNIQUE (event_id)
);
CREATE INDEX customer_activity_customer ON customer_activity (customer_id, occurred_at);
CREATE SEQUENCE customer_activity_seq START WITH 1 INCREMENT BY 50;

-- Who did what to which record, when and why: merges now; consent changes and erasures can use it too.
CREATE TABLE audit_log (
    id           BIGINT         NOT NULL PRIMARY KEY,
    at           TIMESTAMP WITH TIME ZONE NOT NULL,
    actor        VARCHAR(100)   NOT NULL,
    action       VARCHAR(50)    NOT NULL,
    entity_kind  VARCHAR(50)    NOT NULL,
    entity_id    VARCHAR(100)   NOT NULL,
    reason       VARCHAR(1000)  NOT NULL,
    detail_json  TEXT           NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity_kind, entity_id);
CREATE SEQUENCE audit_log_seq START WITH 1 INCREMENT BY 50;

-- Customers waiting for (or done with) enrichment from the CRM; swept by a timer, never in an event's path.
CREATE TABLE customer_enrichment (
    customer_id   VARCHAR(100)  NOT NULL PRIMARY KEY,
    status        VARCHAR(20)   NOT NULL,
    attempts      INT           NOT NULL,
    due_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    lease_until   TIMESTAMP WITH TIME ZONE,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_error    VARCHAR(1000)
);
CREATE INDEX customer_enrichment_due ON customer_enrichment (status, due_at);
