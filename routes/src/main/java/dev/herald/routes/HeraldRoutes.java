package dev.herald.routes;

import dev.herald.engine.application.EventProcessingService;
import dev.herald.engine.application.SegmentChangeFeed;
import dev.herald.engine.delivery.OutboxDispatcher;
import dev.herald.engine.journey.JourneyService;
import dev.herald.engine.enrichment.CrmEnrichment;
import dev.herald.routes.ingest.IngestApiRoutes;
import dev.herald.routes.ingest.IngestSettings;
import dev.herald.routes.metrics.HeraldMetrics;
import org.apache.camel.CamelContext;

import java.time.Clock;
import java.time.Duration;

/**
 * Installs every Herald route on a CamelContext, so the standalone app and the EAR run exactly the same set.
 * The host has already registered the {@code jms} and {@code smtp} components (with its own ConnectionFactory
 * and mail session) and, when HTTP is on, the HTTP component named by {@code httpComponent}.
 */
public final class HeraldRoutes {

    /** How often segment changes are looked for. */
    public static final Duration SEGMENT_CHANGE_POLL = Duration.ofSeconds(1);

    private HeraldRoutes() {
    }

    public static void install(CamelContext context, RouteSettings settings, EventProcessingService processing,
                               OutboxDispatcher dispatcher, SegmentChangeFeed segmentChanges, String httpComponent)
            throws Exception {
        install(context, settings, processing, dispatcher, segmentChanges, httpComponent, IngestSettings.none());
    }

    /**
     * As above, with the HTTP ingestion API (Segment calls and webhooks) secured by {@code ingest}; an endpoint
     * whose secret is empty answers 503.
     */
    public static void install(CamelContext context, RouteSettings settings, EventProcessingService processing,
                               OutboxDispatcher dispatcher, SegmentChangeFeed segmentChanges, String httpComponent,
                               IngestSettings ingest) throws Exception {
        HeraldMetrics metrics = HeraldMetrics.of(context);
        if (dispatcher != null) {
            metrics.watchOutbox(dispatcher);
        }
        EmailDispatch dispatch = new EmailDispatch(dispatcher, settings.fromAddress(), settings.dispatchBatchSize(),
                metrics);
        context.addRoutesConfigurations(new HeraldErrorHandling(dispatch));
        if (context.hasComponent(dev.herald.routes.batch.BatchJmsComponent.SCHEME) == null) {
            // batched ingest consumers (ADR 0032) on the ConnectionFactory of the host's jms component
            context.addComponent(dev.herald.routes.batch.BatchJmsComponent.SCHEME,
                    new dev.herald.routes.batch.BatchJmsComponent());
        }
        context.addRoutes(new EventIngestRoutes(settings, new EventIngestion(processing, metrics)));
        context.addRoutes(new OutboxDispatchRoutes(settings, dispatch));
        // segment changes (from live orders and 'herald segment rfm') reach the campaigns as segment_changed events
        context.addRoutes(new SegmentChangeRoutes(segmentChanges, SEGMENT_CHANGE_POLL, SegmentChangeRoutes.DEFAULT_BATCH));
        if (settings.httpEnabled()) {
            context.addRoutes(new HttpRoutes(settings, httpComponent, ingest.apiKey()));
            context.addRoutes(new IngestApiRoutes(httpComponent, settings.commerceQueue(), settings.crmQueue(), ingest,
                    Clock.systemUTC()));
        }
    }

    /** Installs the journeys' timer sweep (ADR 0021): every {@code period}, up to {@code batch} due runs at a time. */
    public static void installJourneys(CamelContext context, JourneyService journeys, Duration period, int batch)
            throws Exception {
        context.addRoutes(new JourneyTimerRoutes(journeys, period, batch));
    }

    /** Adds the CRM enrichment sweep (only when a CRM is configured). */
    public static void installEnrichment(CamelContext context, CrmEnrichment enrichment, Duration period)
            throws Exception {
        context.addRoutes(new EnrichmentRoutes(enrichment, period));
    }

    /**
     * Installs unsubscribe, open and click tracking, opt-in confirmation, the bounce webhook and the privacy API
     * (when HTTP is on), and the bounce mailbox reader (when one is configured).
     */
    public static void installEngagement(CamelContext context, RouteSettings settings, Engagement engagement,
                                         String httpComponent) throws Exception {
        if (settings.httpEnabled()) {
            context.addRoutes(new EngagementRoutes(httpComponent, engagement));
        }
        if (engagement.bounceMailbox() != null && !engagement.bounceMailbox().isBlank()) {
            context.addRoutes(new BounceMailboxRoutes(engagement.bounceMailbox(), engagement.bounces()));
        }
    }
}
