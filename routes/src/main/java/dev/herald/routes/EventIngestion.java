package dev.herald.routes;

import dev.herald.engine.application.EventProcessingService;
import dev.herald.engine.application.EventResult;
import dev.herald.engine.event.CustomerEvent;
import dev.herald.engine.event.EventParser;
import dev.herald.engine.event.EventType;
import dev.herald.engine.event.InvalidEventException;
import dev.herald.routes.batch.BatchJmsConsumer;
import dev.herald.routes.batch.BatchJmsMessage;
import dev.herald.routes.batch.BatchTransaction;
import dev.herald.routes.metrics.HeraldMetrics;
import jakarta.jms.JMSException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The thin step of an ingest route: a batch of messages in, validated events to the engine in one transaction
 * (ADR 0032), invalid and poison events to the dead-letter queue through the batch's own JMS transaction.
 */
public final class EventIngestion {

    /** Exchange property of a batch: the ids of the events it applied or recognised as duplicates, in order. */
    public static final String EVENT_IDS = "HeraldEventIds";
    /** In-place retries of an event that failed on its own, before its batch is rolled back (as the single path). */
    static final long[] RETRY_DELAYS_MS = {500, 1000};

    private static final Logger DEAD_LETTERS = LoggerFactory.getLogger("dev.herald.routes.DeadLetters");
    private static final Logger FAILURES = LoggerFactory.getLogger("dev.herald.routes.IngestFailures");

    private final EventParser parser = new EventParser();
    private final EventProcessingService service;
    private final HeraldMetrics metrics;

    /** @param metrics where each batch's outcome counts and time go ({@code /metrics}, ADR 0062) */
    public EventIngestion(EventProcessingService service, HeraldMetrics metrics) {
        this.service = service;
        this.metrics = metrics;
    }

    /**
     * A batch from {@link BatchJmsConsumer}: invalid events go to {@code deadLetterQueue} with their reason, the
     * valid ones to the engine in one transaction ({@link EventProcessingService#processBatch}). An event that
     * fails even on its own is retried in place ({@link #RETRY_DELAYS_MS}); on its last delivery
     * ({@link RouteSettings#MAX_DELIVERY_ATTEMPTS}) it is parked with the failure as its reason, otherwise the
     * batch is rolled back for the broker to redeliver (the events already applied come back as duplicates).
     */
    public void ingestBatch(Exchange exchange, Set<EventType> accepted, String sourceQueue, String deadLetterQueue)
            throws JMSException, InterruptedException {
        @SuppressWarnings("unchecked")
        List<BatchJmsMessage> batch = exchange.getMessage().getBody(List.class);
        BatchTransaction transaction = exchange.getProperty(BatchJmsConsumer.TRANSACTION, BatchTransaction.class);
        long started = System.nanoTime();
        int deadLettered = 0;
        int rolledBack = 0;
        int duplicates = 0;
        List<CustomerEvent> events = new ArrayList<>(batch.size());
        List<BatchJmsMessage> messages = new ArrayList<>(batch.size());
        for (BatchJmsMessage message : batch) {
            try {
                events.add(parser.parse(message.body(), accepted));
                messages.add(message);
            } catch (InvalidEventException invalid) {
                String eventId = invalid.eventId().orElse("(unreadable)");
                DEAD_LETTERS.warn("dead-lettered event {} from {}: {}", eventId, sourceQueue, invalid.getMessage());
                deadLettered++;
                transaction.forward(message, deadLetterQueue, Map.of(Headers.DEAD_LETTER_REASON,
                        String.valueOf(invalid.getMessage()), Headers.EVENT_ID, eventId,
                        Headers.SOURCE_QUEUE, sourceQueue));
            }
        }
        List<EventResult> results = service.processBatch(events);
        List<String> done = new ArrayList<>(events.size());
        for (int i = 0; i < results.size(); i++) {
            EventResult result = results.get(i);
            if (!result.succeeded()) {
                result = retryInPlace(events.get(i), result);
            }
            if (result.succeeded()) {
                done.add(result.eventId());
                if (result.outcome().orElseThrow().duplicate()) {
                    duplicates++;
                }
                continue;
            }
            RuntimeException failure = result.failure().orElseThrow();
            BatchJmsMessage message = messages.get(i);
            if (message.isLastDelivery(RouteSettings.MAX_DELIVERY_ATTEMPTS)) {
                String reason = HeraldErrorHandling.poisonReason(failure);
                DEAD_LETTERS.error("dead-lettered event {} from {}: {}", result.eventId(), sourceQueue, reason);
                deadLettered++;
                transaction.forward(message, deadLetterQueue, Map.of(Headers.DEAD_LETTER_REASON, reason,
                        Headers.EVENT_ID, result.eventId(), Headers.SOURCE_QUEUE, sourceQueue));
            } else {
                FAILURES.error("event {} failed ({}); rolled back for the broker to redeliver", result.eventId(),
                        failure.getMessage(), failure);
                transaction.setRollbackOnly();
                rolledBack++;
            }
        }
        metrics.ingestBatch(sourceQueue, done.size() - duplicates, duplicates, deadLettered, rolledBack,
                java.time.Duration.ofNanos(System.nanoTime() - started));
        exchange.setProperty(EVENT_IDS, List.copyOf(done));
        if (done.size() == 1 && batch.size() == 1) {
            exchange.getMessage().setHeader(Headers.EVENT_ID, done.get(0));
        }
    }

    private EventResult retryInPlace(CustomerEvent event, EventResult failed) throws InterruptedException {
        EventResult result = failed;
        for (long delay : RETRY_DELAYS_MS) {
            FAILURES.warn("event {} failed ({}); retrying in {} ms", event.eventId(),
                    result.failure().map(Throwable::getMessage).orElse(""), delay);
            Thread.sleep(delay);
            try {
                return EventResult.applied(service.process(event));
            } catch (RuntimeException e) {
                result = EventResult.failed(event.eventId(), e);
            }
        }
        return result;
    }
}
