-- The web console (issue 10). Portable SQL for H2 2.x and PostgreSQL.

-- Console users: the name they sign in with, their role (MARKETER, ANALYST, ADMIN) and a slow salted hash of the
-- password (PBKDF2-HMAC-SHA256, "pbkdf2-sha256$ITERATIONS$SALT$HASH"); never the password. Every change is written
-- to audit_log (entity_kind 'console_user').
CREATE TABLE console_user (
    name           VARCHAR(100)  NOT NULL PRIMARY KEY,
    role           VARCHAR(20)   NOT NULL,
    password_hash  VARCHAR(200)  NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The dashboard counts events and emails of the last minute and hour every few seconds: range scans on these
-- indexes instead of reading whole tables (both timestamps only grow, so the indexes stay cheap to maintain).
CREATE INDEX processed_event_at ON processed_event (processed_at);
CREATE INDEX outbox_message_sent_at ON outbox_message (sent_at);
