package dev.herald.routes;

import dev.herald.engine.event.EventType;
import dev.herald.routes.batch.BatchJmsComponent;
import org.apache.camel.builder.RouteBuilder;

import java.util.Set;

/**
 * The ingest routes: one per event queue. Each consumer takes the messages waiting for it (up to
 * {@link RouteSettings#ingestBatchSize()}) in one local JMS transaction, applies them in one database transaction,
 * and acknowledges them only after that has committed; a failure rolls the JMS transaction back and the broker
 * redelivers (ADR 0001, ADR 0032). Several consumers per queue work in parallel; producers
 * group messages by customer ({@link EventGroups}), so one customer's events are still applied in order.
 */
public class EventIngestRoutes extends RouteBuilder {

    /** The commerce queue takes orders and browsing/cart activity (checkouts from the shop platform). */
    public static final Set<EventType> COMMERCE_TYPES = union(Set.of(EventType.ORDER_COMPLETED), EventType.ACTIVITY);
    /** The CRM queue takes profile events (signup, identify, alias) and browsing/cart activity. */
    public static final Set<EventType> CRM_TYPES = union(EventType.PROFILE, EventType.ACTIVITY);

    private final RouteSettings settings;
    private final EventIngestion ingestion;

    public EventIngestRoutes(RouteSettings settings, EventIngestion ingestion) {
        this.settings = settings;
        this.ingestion = ingestion;
    }

    @Override
    public void configure() {
        // each exchange is a batch of messages already waiting (ADR 0032); the route handles every event's errors
        // itself (dead letters through the batch's JMS transaction), and anything it throws rolls the batch back
        from(queue(settings.commerceQueue())).routeId("commerce-events")
                .errorHandler(noErrorHandler())
                .process(e -> ingestion.ingestBatch(e, COMMERCE_TYPES, settings.commerceQueue(),
                        settings.deadLetterQueue())).id("ingest-commerce-events");

        from(queue(settings.crmQueue())).routeId("crm-events")
                .errorHandler(noErrorHandler())
                .process(e -> ingestion.ingestBatch(e, CRM_TYPES, settings.crmQueue(), settings.deadLetterQueue()))
                .id("ingest-crm-events");
    }

    private static Set<EventType> union(Set<EventType> a, Set<EventType> b) {
        java.util.EnumSet<EventType> all = java.util.EnumSet.copyOf(a);
        all.addAll(b);
        return java.util.Collections.unmodifiableSet(all);
    }

    private String queue(String name) {
        return BatchJmsComponent.SCHEME + ":queue:" + name + "?concurrentConsumers=" + settings.concurrentConsumers()
                + "&batchSize=" + settings.ingestBatchSize();
    }
}
