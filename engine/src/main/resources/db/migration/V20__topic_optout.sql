-- Subscription topics (ADR 0063): the topics of herald-rules.yaml a customer chose not to receive, from their
-- preference page (or another source). A marketing email of such a topic is suppressed at send time with the
-- reason; the customer's other topics keep coming. Erasure deletes the rows; export includes them.
CREATE TABLE topic_optout (
    customer_id    VARCHAR(100)  NOT NULL,
    topic          VARCHAR(63)   NOT NULL,
    opted_out_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    source         VARCHAR(100)  NOT NULL,
    PRIMARY KEY (customer_id, topic)
);
