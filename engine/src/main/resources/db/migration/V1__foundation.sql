-- Herald's first schema: customers, their orders, the idempotency record of processed events, and the
-- outbox of emails decided but not yet sent. Portable SQL for H2 (2.x) and PostgreSQL.

CREATE TABLE customer (
    id              VARCHAR(100)   NOT NULL PRIMARY KEY,
    email           VARCHAR(254)   NOT NULL,
    name            VARCHAR(200)   NOT NULL,
    order_count     BIGINT         NOT NULL,
    lifetime_spend  DECIMAL(19, 4) NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    version         BIGINT         NOT NULL
);

CREATE TABLE customer_order (
    id           VARCHAR(100)   NOT NULL PRIMARY KEY,
    customer_id  VARCHAR(100)   NOT NULL REFERENCES customer (id),
    event_id     VARCHAR(100)   NOT NULL,
    currency     CHAR(3)        NOT NULL,
    total        DECIMAL(19, 4) NOT NULL,
    ordered_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX customer_order_customer ON customer_order (customer_id);

CREATE TABLE order_line (
    order_id      VARCHAR(100)   NOT NULL REFERENCES customer_order (id),
    line_no       INT            NOT NULL,
    product_id    VARCHAR(100)   NOT NULL,
    product_name  VARCHAR(200)   NOT NULL,
    quantity      INT            NOT NULL,
    unit_price    DECIMAL(19, 4) NOT NULL,
    PRIMARY KEY (order_id, line_no)
);

-- One row per event id ever processed: the idempotent consumer's memory.
CREATE TABLE processed_event (
    event_id      VARCHAR(100) NOT NULL PRIMARY KEY,
    event_type    VARCHAR(50)  NOT NULL,
    customer_id   VARCHAR(100) NOT NULL,
    decisions     INT          NOT NULL,
    processed_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Emails decided in the same transaction as the event; the dispatcher sends them after commit.
CREATE TABLE outbox_message (
    id               BIGINT        NOT NULL PRIMARY KEY,
    campaign         VARCHAR(100)  NOT NULL,
    customer_id      VARCHAR(100)  NOT NULL,
    step             VARCHAR(50)   NOT NULL,
    variant          VARCHAR(50)   NOT NULL,
    event_id         VARCHAR(100)  NOT NULL,
    template_key     VARCHAR(100)  NOT NULL,
    recipient        VARCHAR(254)  NOT NULL,
    model_json       TEXT          NOT NULL,
    status           VARCHAR(20)   NOT NULL,
    attempts         INT           NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    next_attempt_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    lease_until      TIMESTAMP WITH TIME ZONE,
    sent_at          TIMESTAMP WITH TIME ZONE,
    last_error       VARCHAR(1000),
    CONSTRAINT outbox_once UNIQUE (campaign, customer_id, step, variant)
);
CREATE INDEX outbox_due ON outbox_message (status, next_attempt_at);

CREATE SEQUENCE outbox_message_seq START WITH 1 INCREMENT BY 50;
