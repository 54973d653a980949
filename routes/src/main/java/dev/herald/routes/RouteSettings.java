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
 */
public record RouteSettings(String commerceQueue, String crmQueue, String deadLetterQueue, int concurrentConsumers,
                            String smtpUri, String fromAddress, Duration dispatchPeriod, int dispatchBatchSize,
                            boolean httpEnabled, int dispatchThreads) {

    public RouteSettings {
        if (dispatchThreads < 1) {
            throw new IllegalArgumentException("dispatch threads must be 1 or more, got " + dispatchThreads);
        }
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
