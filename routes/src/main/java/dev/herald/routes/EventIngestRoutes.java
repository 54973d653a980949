package dev.herald.routes;

import dev.herald.engine.event.EventType;
import org.apache.camel.builder.RouteBuilder;

import java.util.Set;

/**
 * The ingest routes: one per event queue. Each consumes inside a local JMS transaction, so the message is
 * acknowledged only after the engine's database transaction has committed; an unexpected failure rolls
 * the JMS transaction back and the broker redelivers. Several consumers per queue work in parallel; producers
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
        from(queue(settings.commerceQueue())).routeId("commerce-events")
                .routeConfigurationId(HeraldErrorHandling.INGEST)
                .setHeader(Headers.SOURCE_QUEUE, constant(settings.commerceQueue())).id("tag-commerce-source")
                .process(e -> ingestion.ingest(e, COMMERCE_TYPES)).id("ingest-commerce-event");

        from(queue(settings.crmQueue())).routeId("crm-events")
                .routeConfigurationId(HeraldErrorHandling.INGEST)
                .setHeader(Headers.SOURCE_QUEUE, constant(settings.crmQueue())).id("tag-crm-source")
                .process(e -> ingestion.ingest(e, CRM_TYPES)).id("ingest-crm-event");
    }

    private static Set<EventType> union(Set<EventType> a, Set<EventType> b) {
        java.util.EnumSet<EventType> all = java.util.EnumSet.copyOf(a);
        all.addAll(b);
        return java.util.Collections.unmodifiableSet(all);
    }

    private String queue(String name) {
        return "jms:queue:" + name + "?transacted=true&concurrentConsumers=" + settings.concurrentConsumers();
    }
}
