-- consent_record becomes the one consent store (ADR 0034). Before, marketing consent also lived in customer
-- attributes named consent_CHANNEL (identify events' consent, `herald import customers` columns), and decisions
-- let an attribute stated later than the record win. Here each such attribute becomes (or updates) the record
-- with its source and time, and the attribute rows are dropped. Portable SQL for H2 2.x and PostgreSQL.
-- Values yes/true/y/granted/1 grant, any other non-blank value denies (WITHDRAWN), blank states nothing.

-- 1. A record exists and the attribute was stated later (an identify after the record): the attribute wins, as
--    decisions read it until now. Only identify and merges wrote attribute times, always as 'consent_' + channel.
UPDATE consent_record SET
    status = (SELECT CASE WHEN LOWER(TRIM(COALESCE(a.text_value, CAST(a.number_value AS VARCHAR(40)))))
                              IN ('true', 'yes', 'y', 'granted', '1', '1.0', '1.0000') THEN 'GRANTED' ELSE 'WITHDRAWN' END
              FROM customer_attribute a
              WHERE a.customer_id = consent_record.customer_id AND a.name = CONCAT('consent_', consent_record.channel)),
    source = (SELECT COALESCE(a.source, 'import')
              FROM customer_attribute a
              WHERE a.customer_id = consent_record.customer_id AND a.name = CONCAT('consent_', consent_record.channel)),
    updated_at = (SELECT a.updated_at
              FROM customer_attribute a
              WHERE a.customer_id = consent_record.customer_id AND a.name = CONCAT('consent_', consent_record.channel)),
    confirmed_at = (SELECT CASE WHEN LOWER(TRIM(COALESCE(a.text_value, CAST(a.number_value AS VARCHAR(40)))))
                              IN ('true', 'yes', 'y', 'granted', '1', '1.0', '1.0000') THEN a.updated_at END
              FROM customer_attribute a
              WHERE a.customer_id = consent_record.customer_id AND a.name = CONCAT('consent_', consent_record.channel))
WHERE EXISTS (SELECT 1 FROM customer_attribute a
              WHERE a.customer_id = consent_record.customer_id AND a.name = CONCAT('consent_', consent_record.channel)
                AND a.updated_at IS NOT NULL AND a.updated_at > consent_record.updated_at
                AND TRIM(COALESCE(a.text_value, CAST(a.number_value AS VARCHAR(40)))) <> '');

-- 2. No record for the channel yet: the attribute becomes the record (imports wrote no time: the migration's).
--    Names are compared lower-cased; of two spellings of one channel the first by name is taken.
INSERT INTO consent_record (customer_id, channel, status, source, updated_at, confirmed_at)
SELECT a.customer_id,
       LOWER(SUBSTRING(a.name FROM 9)),
       CASE WHEN LOWER(TRIM(COALESCE(a.text_value, CAST(a.number_value AS VARCHAR(40)))))
                 IN ('true', 'yes', 'y', 'granted', '1', '1.0', '1.0000') THEN 'GRANTED' ELSE 'WITHDRAWN' END,
       COALESCE(a.source, 'import'),
       COALESCE(a.updated_at, CURRENT_TIMESTAMP),
       CASE WHEN LOWER(TRIM(COALESCE(a.text_value, CAST(a.number_value AS VARCHAR(40)))))
                 IN ('true', 'yes', 'y', 'granted', '1', '1.0', '1.0000') THEN COALESCE(a.updated_at, CURRENT_TIMESTAMP) END
FROM customer_attribute a
WHERE LOWER(SUBSTRING(a.name FROM 1 FOR 8)) = 'consent_'
  AND CHAR_LENGTH(a.name) BETWEEN 9 AND 28
  AND TRIM(COALESCE(a.text_value, CAST(a.number_value AS VARCHAR(40)), '')) <> ''
  AND NOT EXISTS (SELECT 1 FROM consent_record r
                  WHERE r.customer_id = a.customer_id AND r.channel = LOWER(SUBSTRING(a.name FROM 9)))
  AND NOT EXISTS (SELECT 1 FROM customer_attribute b
                  WHERE b.customer_id = a.customer_id AND LOWER(b.name) = LOWER(a.name) AND b.name < a.name
                    AND TRIM(COALESCE(b.text_value, CAST(b.number_value AS VARCHAR(40)), '')) <> '');

-- 3. The attributes are gone: consent has one home. (Names longer than a channel can be were never read as
--    consent by the rules' vocabulary and stay as plain attributes.)
DELETE FROM customer_attribute
WHERE LOWER(SUBSTRING(name FROM 1 FOR 8)) = 'consent_' AND CHAR_LENGTH(name) <= 28;
