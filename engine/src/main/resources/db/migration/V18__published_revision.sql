-- What was published on one Herald node, shared with every node on this database (ADR 0059): kind 'campaigns' holds
-- the whole campaigns folder after each publish that went live (console edit, enable/disable, POST /v1/rules), kind
-- 'templates' the whole set of template edits after each save or revert. The other nodes poll for a newer revision
-- and apply it to their own folder. No personal data: campaign and template files only.
CREATE TABLE published_revision (
    kind               VARCHAR(20)   NOT NULL,
    id                 BIGINT        NOT NULL,
    published_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    published_by       VARCHAR(200)  NOT NULL,
    version            VARCHAR(100)  NOT NULL,
    files_json         TEXT          NOT NULL,
    PRIMARY KEY (kind, id)
);
