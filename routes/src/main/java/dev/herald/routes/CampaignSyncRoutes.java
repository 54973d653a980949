package dev.herald.routes;

import dev.herald.rules.campaign.CampaignSync;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Campaigns published on another node reach this one (ADR 0059): a Camel timer asks {@link CampaignSync} for a newer
 * revision every period. A failed look (the database away for a moment) is logged and tried again next period;
 * the campaigns running here stay as they are meanwhile.
 */
public class CampaignSyncRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignSyncRoutes.class);

    private final CampaignSync sync;
    private final Duration period;

    public CampaignSyncRoutes(CampaignSync sync, Duration period) {
        this.sync = sync;
        this.period = period;
    }

    @Override
    public void configure() {
        from("timer:herald-campaign-sync?delay=" + period.toMillis() + "&period=" + period.toMillis())
                .routeId("campaign-sync")
                .process(exchange -> {
                    try {
                        exchange.getMessage().setBody(sync.poll());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (Exception e) {
                        LOG.warn("could not look for campaigns published on other nodes: {}", e.toString());
                    }
                })
                .id("campaign-sync-poll");
    }
}
