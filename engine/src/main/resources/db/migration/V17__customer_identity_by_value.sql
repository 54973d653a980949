-- A batch of events reads the identity keys of all its events in one statement (ADR 0041): by value, whatever the
-- kind, which the primary key (kind, key_value) cannot serve without scanning every key of a kind.
CREATE INDEX customer_identity_value ON customer_identity (key_value);
