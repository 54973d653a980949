package dev.herald.routes.ingest;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.support.service.ServiceSupport;

import java.time.Clock;
import java.util.Map;

/**
 * The HTTP ingestion API: the Segment tracking calls under {@code /v1/} and the shop and CRM webhooks under
 * {@code /v1/webhooks/}. Accepted events go through a {@link QueueWriter} on the ConnectionFactory of the host's
 * {@code jms} component, onto the same queues the JMS producers use.
 */
public class IngestApiRoutes extends RouteBuilder {

    /** Requests that may wait for the queue writer before the API answers 503. */
    static final int WRITER_CAPACITY = 10_000;

    private final String httpComponent;
    private final String commerceQueue;
    private final String crmQueue;
    private final IngestSettings settings;
    private final Clock clock;

    public IngestApiRoutes(String httpComponent, String commerceQueue, String crmQueue, IngestSettings settings,
                           Clock clock) {
        this.httpComponent = httpComponent;
        this.commerceQueue = commerceQueue;
        this.crmQueue = crmQueue;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void configure() {
        QueueWriter writer = new QueueWriter(getContext().getComponent("jms", JmsComponent.class)
                .getConfiguration().getConnectionFactory(),
                Map.of(Channel.COMMERCE, commerceQueue, Channel.CRM, crmQueue), WRITER_CAPACITY);
        try {
            getContext().addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    writer.close();
                }
            }, true, true);
        } catch (Exception e) {
            writer.close();
            throw new IllegalStateException("cannot register the ingest queue writer", e);
        }
        for (SegmentTranslator.Call call : SegmentTranslator.Call.values()) {
            from(httpComponent + ":/v1/" + call.path() + "?httpMethodRestrict=POST").routeId("http-segment-" + call.path())
                    .process(IngestEndpoint.segment(call, settings, writer, clock)).id("segment-" + call.path());
        }
        from(httpComponent + ":/v1/webhooks/shopify?httpMethodRestrict=POST").routeId("http-webhook-shopify")
                .process(IngestEndpoint.webhook(IngestEndpoint.Source.SHOPIFY, settings, writer, clock))
                .id("webhook-shopify");
        from(httpComponent + ":/v1/webhooks/hubspot?httpMethodRestrict=POST").routeId("http-webhook-hubspot")
                .process(IngestEndpoint.webhook(IngestEndpoint.Source.HUBSPOT, settings, writer, clock))
                .id("webhook-hubspot");
    }
}
