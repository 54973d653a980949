-- Journeys (issue #7): one row per customer's run through a multi-step campaign. The row is the durable timer:
-- wake_at says when the sweep must look at it again (end of a delay, timeout of a wait), waiting_for the event
-- that advances it earlier. Claimed with a lease like the outbox. Portable SQL for H2 and PostgreSQL.

CREATE TABLE journey_instance (
    id                BIGINT        NOT NULL PRIMARY KEY,
    campaign          VARCHAR(100)  NOT NULL,
    customer_id       VARCHAR(100)  NOT NULL,
    -- 1 for the customer's first run through this journey, 2 for the first re-entry, ...
    entry_number      INT           NOT NULL,
    current_step      VARCHAR(40)   NOT NULL,
    status            VARCHAR(20)   NOT NULL,
    wake_at           TIMESTAMP WITH TIME ZONE,
    waiting_for       VARCHAR(100),
    lease_until       TIMESTAMP WITH TIME ZONE,
    trigger_event_id  VARCHAR(100)  NOT NULL,
    trigger_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    -- the email model captured when the journey started (what the trigger event said)
    model_json        TEXT          NOT NULL,
    started_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at          TIMESTAMP WITH TIME ZONE,
    end_reason        VARCHAR(500),
    version           BIGINT        NOT NULL,
    CONSTRAINT journey_entry_once UNIQUE (campaign, customer_id, entry_number)
);
CREATE INDEX journey_due ON journey_instance (status, wake_at);
CREATE INDEX journey_customer ON journey_instance (customer_id, status);
CREATE SEQUENCE journey_instance_seq START WITH 1 INCREMENT BY 50;

-- The customer's IANA time zone (e.g. Europe/Berlin) for quiet hours and "next 09:00" delays; NULL = the
-- configured default zone.
ALTER TABLE customer ADD COLUMN time_zone VARCHAR(64);

-- Frequency caps count a customer's recent sends at send time (FrequencyCapGate).
CREATE INDEX outbox_customer_sent ON outbox_message (customer_id, status, sent_at);
