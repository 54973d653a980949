-- Scheduled campaigns (trigger.at, ADR 0061): one row per campaign and scheduled time, the run that asks every
-- customer with an address, in id order, whether the campaign is for them. cursor_id is the last customer asked, so
-- a node that stops mid-run, or another node once the lease has run out, goes on from there; each customer's event
-- id (scheduled:RUN:CUSTOMER) makes asking twice a no-op; a finished run keeps no customer id. outcome: running,
-- done, or missed (Herald was down past herald.schedule.max-late-ms, so the campaign was not sent).
CREATE TABLE scheduled_run (
    id           BIGINT        NOT NULL PRIMARY KEY,
    campaign     VARCHAR(63)   NOT NULL,
    send_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    outcome      VARCHAR(20)   NOT NULL,
    started_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at  TIMESTAMP WITH TIME ZONE,
    cursor_id    VARCHAR(100),
    customers    BIGINT        NOT NULL,
    decided      BIGINT        NOT NULL,
    emails       BIGINT        NOT NULL,
    owner        VARCHAR(200),
    lease_until  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT scheduled_run_campaign_time UNIQUE (campaign, send_at)
);
