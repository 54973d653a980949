-- The console's audit log page (ADR 0067) reads the newest lines first: an index on the time keeps that a short
-- read however long the log grows.
CREATE INDEX audit_log_at ON audit_log (at, id);
