-- ADR 0074: a campaign whose emails bounce or draw spam complaints too often is paused until a person resumes it.

-- Each bounce is attributed to the campaign of the email that caused it (the email itself for a refusal at send
-- time, else the latest email sent to that address); complaints (feedback-loop spam reports) are kept here too,
-- with kind COMPLAINT, so one table holds every problem report about an address.
ALTER TABLE bounce_event ADD COLUMN campaign VARCHAR(100);
-- the recipient's domain (never the address), for deliverability by mailbox provider
ALTER TABLE bounce_event ADD COLUMN domain VARCHAR(254);
CREATE INDEX bounce_event_campaign ON bounce_event (campaign, received_at);
-- the attribution looks up the latest email to an address
CREATE INDEX outbox_recipient_sent ON outbox_message (recipient, sent_at);

-- A paused campaign's emails wait in the outbox (deferred, never dropped) until it is resumed.
CREATE TABLE campaign_pause (
    campaign   VARCHAR(100)  NOT NULL PRIMARY KEY,
    paused_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    paused_by  VARCHAR(100)  NOT NULL,
    reason     VARCHAR(1000) NOT NULL
);
