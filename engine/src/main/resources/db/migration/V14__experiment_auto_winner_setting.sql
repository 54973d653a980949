-- The auto-winner as a per-experiment setting (console, issue 10): when on, Herald's scheduled evaluation runs
-- ExperimentService.evaluateAutoWinner with this metric and minimum sample per arm, and once a winner is decided
-- every customer exposed afterwards gets it. Off by default: existing experiments behave as before.
ALTER TABLE experiment ADD COLUMN auto_winner BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE experiment ADD COLUMN auto_winner_metric VARCHAR(20) DEFAULT 'CONVERSION' NOT NULL;
ALTER TABLE experiment ADD COLUMN auto_winner_min_users BIGINT DEFAULT 1000 NOT NULL;
