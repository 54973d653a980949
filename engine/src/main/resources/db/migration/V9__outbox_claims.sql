-- How many times a dispatcher has leased the message. More than one lease without a failed attempt means the
-- message was taken again after its lease expired, e.g. after a crash between the SMTP reply and the outbox
-- update: the one window in which an email can go out twice (issue 7, ADR 0023).
ALTER TABLE outbox_message ADD COLUMN claims INT DEFAULT 0 NOT NULL;
