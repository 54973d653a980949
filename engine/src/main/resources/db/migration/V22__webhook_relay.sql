-- Outgoing webhooks (ADR 0068): where the relay is in each stream it tells a shop's systems about (emails sent, and
-- opens, clicks, unsubscribes and conversions), read straight from outbox_message and engagement_event. The rows
-- are the record; this one row is only the relay's place in them, so a failed delivery loses nothing: the cursor
-- moves after a 2xx. One node relays at a time, under the lease.
CREATE TABLE webhook_relay (
    id                 INT            NOT NULL PRIMARY KEY,
    sent_after_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    sent_after_id      BIGINT         NOT NULL,
    engagement_after   BIGINT         NOT NULL,
    delivered          BIGINT         NOT NULL,
    failures           INT            NOT NULL,
    next_attempt_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_error         VARCHAR(1000),
    lease_owner        VARCHAR(100),
    lease_until        TIMESTAMP WITH TIME ZONE
);
CREATE INDEX outbox_sent_order ON outbox_message (sent_at, id);
