package dev.herald.routes;

import java.time.Duration;

/**
 * Where the routes read and write, and how hard they work. The host (app or EAR) fills it from its
 * configuration.
 *
 * @param commerceQueue        queue of commerce events (orders)
 * @param crmQueue             queue of CRM events (signups)
 * @param deadLetterQueue      where invalid events go, with the reason in {@link Headers#DEAD_LETTER_REASON}
 * @param concurrentConsumers  consumers per event queue
 * @param smtpUri              the camel-mail endpoint emails are sent to, e.g. {@code smtp://127.0.0.1:2525}
 * @param fromAddress          the From address of every email
 * @param dispatchPeriod       how often the outbox is polled for due emails
 * @param dispatchBatchSize    how many emails one poll claims at most
 * @param httpEnabled          whether to serve the HTTP endpoints (needs a platform-http server)
 * @param dispatchThreads      outbox dispatchers in this process, each claiming, sending over its own SMTP
 *                             connection and marking sent on its own thread (ADR 0026)
 * @param ingestBatchSize      most events one ingest consumer applies in one database transaction and one JMS
 *                             commit: only those already waiting, never waiting for more (ADR 0032)
 */
public record RouteSettings(String commerceQueue, String crmQueue, String deadLetterQueue, int concurrentConsumers,
                            String smtpUri, String fromAddress, Duration dispatchPeriod, int dispatchBatchSize,
                            boolean httpEnabled, int dispatchThreads, int ingestBatchSize) {

    /** Events per ingest transaction unless configured otherwise (measured, docs/benchmarks.md). */
    public static final int DEFAULT_INGEST_BATCH_SIZE = 100;
    /** The largest ingest batch allowed: a batch is one transaction, and a crash redelivers it whole. */
    public static final int MAX_INGEST_BATCH_SIZE = 1000;

    public RouteSettings {
        if (dispatchThreads < 1) {
            throw new IllegalArgumentException("dispatch threads must be 1 or more, got " + dispatchThreads);
        }
        requireValidIngestBatchSize(ingestBatchSize);
    }

    /** The default ingest batch size. */
    public RouteSettings(String commerceQueue, String crmQueue, String deadLetterQueue, int concurrentConsumers,
                         String smtpUri, String fromAddress, Duration dispatchPeriod, int dispatchBatchSize,
                         boolean httpEnabled, int dispatchThreads) {
        this(commerceQueue, crmQueue, deadLetterQueue, concurrentConsumers, smtpUri, fromAddress, dispatchPeriod,
                dispatchBatchSize, httpEnabled, dispatchThreads, DEFAULT_INGEST_BATCH_SIZE);
    }

    /** These settings with another ingest batch size (1..{@value #MAX_INGEST_BATCH_SIZE}). */
    public RouteSettings withIngestBatchSize(int size) {
        return new RouteSettings(commerceQueue, crmQueue, deadLetterQueue, concurrentConsumers, smtpUri, fromAddress,
                dispatchPeriod, dispatchBatchSize, httpEnabled, dispatchThreads, size);
    }

    /** Refuses a batch size outside 1..{@value #MAX_INGEST_BATCH_SIZE} with a message naming the limits. */
    public static int requireValidIngestBatchSize(int size) {
        if (size < 1 || size > MAX_INGEST_BATCH_SIZE) {
            throw new IllegalArgumentException("the ingest batch size must be between 1 and " + MAX_INGEST_BATCH_SIZE
                    + ", got " + size);
        }
        return size;
    }

    /** One dispatch thread. */
    public RouteSettings(String commerceQueue, String crmQueue, String deadLetterQueue, int concurrentConsumers,
                         String smtpUri, String fromAddress, Duration dispatchPeriod, int dispatchBatchSize,
                         boolean httpEnabled) {
        this(commerceQueue, crmQueue, deadLetterQueue, concurrentConsumers, smtpUri, fromAddress, dispatchPeriod,
                dispatchBatchSize, httpEnabled, 1);
    }

    public static final String COMMERCE_QUEUE = "herald.events.commerce";
    public static final String CRM_QUEUE = "herald.events.crm";
    public static final String DEAD_LETTER_QUEUE = "herald.events.dlq";

    /**
     * Deliveries of one event before it is dead-lettered, the broker's max-delivery-attempts (embedded broker and
     * docker/wildfly/herald.cli alike). On the last one the ingest route parks the event itself, with the failure
     * as its reason; the broker's own dead-lettering stays as the backstop.
     */
    public static final int MAX_DELIVERY_ATTEMPTS = 6;
}
