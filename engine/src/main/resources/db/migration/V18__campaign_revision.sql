-- Published campaign folders, shared by every Herald node on this database (ADR 0059): a console edit, an
-- enable/disable or a POST /v1/rules that goes live on one node appends the whole folder here, and the other nodes
-- poll for a newer revision and publish it into their own folder. No personal data: campaign files only.
CREATE TABLE campaign_revision (
    id                 BIGINT        NOT NULL PRIMARY KEY,
    published_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    published_by       VARCHAR(200)  NOT NULL,
    rule_base_version  VARCHAR(100)  NOT NULL,
    files_json         TEXT          NOT NULL
);
