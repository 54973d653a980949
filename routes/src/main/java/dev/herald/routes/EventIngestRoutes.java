package dev.herald.routes;

import dev.herald.engine.event.EventType;
import org.apache.camel.builder.RouteBuilder;

import java.util.Set;

/**
 * The ingest routes: one per event queue. Each consumes inside a local JMS transaction, so the message is
 * acknowledged only after the engine's database transaction has committed; an unexpected failure rolls
 * the JMS transaction back and the broker redelivers.
 */
public class EventIngestRoutes extends RouteBuilder {

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
                .process(e -> ingestion.ingest(e, Set.of(EventType.ORDER_COMPLETED))).id("ingest-commerce-event");

        from(queue(settings.crmQueue())).routeId("crm-events")
                .routeConfigurationId(HeraldErrorHandling.INGEST)
                .setHeader(Headers.SOURCE_QUEUE, constant(settings.crmQueue())).id("tag-crm-source")
                .process(e -> ingestion.ingest(e, Set.of(EventType.CUSTOMER_SIGNED_UP))).id("ingest-crm-event");
    }

    private String queue(String name) {
        return "jms:queue:" + name + "?transacted=true&concurrentConsumers=" + settings.concurrentConsumers();
    }
}
