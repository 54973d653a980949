-- Customer data import and segmentation (issue #4): the product catalogue the imports fill, customer
-- attributes from attribute files (e.g. UCI Wholesale customers), RFM values and their quintile breakpoints,
-- live segment membership and the log of segment changes campaigns trigger on. Portable SQL for H2 and PostgreSQL.

CREATE TABLE product (
    id             VARCHAR(100) NOT NULL PRIMARY KEY,
    name           VARCHAR(200) NOT NULL,
    -- PRODUCT, or SERVICE for non-product codes such as postage (POST), manual (M) or bank charges
    kind           VARCHAR(20)  NOT NULL,
    first_seen_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE customer_attribute (
    customer_id   VARCHAR(100)   NOT NULL REFERENCES customer (id),
    name          VARCHAR(100)   NOT NULL,
    text_value    VARCHAR(400),
    number_value  DECIMAL(19, 4),
    PRIMARY KEY (customer_id, name)
);

-- The latest RFM values and scores per customer.
CREATE TABLE customer_rfm (
    customer_id   VARCHAR(100)   NOT NULL PRIMARY KEY REFERENCES customer (id),
    as_of         TIMESTAMP WITH TIME ZONE NOT NULL,
    recency_days  INT            NOT NULL,
    frequency     INT            NOT NULL,
    monetary      DECIMAL(19, 4) NOT NULL,
    r_score       INT            NOT NULL,
    f_score       INT            NOT NULL,
    m_score       INT            NOT NULL,
    segment       VARCHAR(50)    NOT NULL
);

-- The quintile breakpoints of the last full RFM computation, to score one customer when an order arrives.
CREATE TABLE rfm_breakpoints (
    dimension    VARCHAR(20)    NOT NULL PRIMARY KEY,
    b1           DECIMAL(19, 4) NOT NULL,
    b2           DECIMAL(19, 4) NOT NULL,
    b3           DECIMAL(19, 4) NOT NULL,
    b4           DECIMAL(19, 4) NOT NULL,
    as_of        TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Customer C is in segment S of scheme X (rfm, or a clustering) since t: what the rules see.
CREATE TABLE segment_membership (
    customer_id  VARCHAR(100) NOT NULL REFERENCES customer (id),
    scheme       VARCHAR(50)  NOT NULL,
    segment      VARCHAR(100) NOT NULL,
    since        TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (customer_id, scheme)
);
CREATE INDEX segment_membership_segment ON segment_membership (scheme, segment);

-- Every change of segment, in order: the segment-changed events campaigns trigger on.
CREATE TABLE segment_change (
    id            BIGINT       NOT NULL PRIMARY KEY,
    customer_id   VARCHAR(100) NOT NULL,
    scheme        VARCHAR(50)  NOT NULL,
    from_segment  VARCHAR(100),
    to_segment    VARCHAR(100) NOT NULL,
    changed_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX segment_change_customer ON segment_change (customer_id);

CREATE SEQUENCE segment_change_seq START WITH 1 INCREMENT BY 50;
