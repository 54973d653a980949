package dev.herald.routes;

import dev.herald.engine.enrichment.CrmEnrichment;
import org.apache.camel.builder.RouteBuilder;

import java.time.Duration;

/**
 * Sweeps pending CRM enrichments on a timer (ADR 0018). Runs apart from event ingestion, so a slow or dead
 * CRM only delays enrichment; a failed sweep (database down) is logged and the next tick tries again.
 */
public class EnrichmentRoutes extends RouteBuilder {

    /** Requests taken per sweep. */
    public static final int BATCH = 50;

    private final CrmEnrichment enrichment;
    private final Duration period;

    public EnrichmentRoutes(CrmEnrichment enrichment, Duration period) {
        this.enrichment = enrichment;
        this.period = period;
    }

    @Override
    public void configure() {
        from("timer:herald-crm-enrichment?delay=" + period.toMillis() + "&period=" + period.toMillis())
                .routeId("crm-enrichment")
                .doTry()
                    .process(e -> enrichment.sweep(BATCH)).id("sweep-crm-enrichment")
                .doCatch(Exception.class)
                    .log(org.apache.camel.LoggingLevel.WARN, "CRM enrichment sweep failed: ${exception.message}")
                .end();
    }
}
