package dev.herald.routes;

import dev.herald.engine.schedule.ScheduledCampaignRuns;
import dev.herald.routes.metrics.HeraldMetrics;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Sends the campaigns whose time has come ({@code trigger.at}, ADR 0061): a Camel timer asks
 * {@link ScheduledCampaignRuns} to start or go on with every due run. A poll that fails (the database away for a
 * moment) is logged and tried again next period; the run's cursor keeps its place meanwhile.
 */
public class ScheduledCampaignRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledCampaignRoutes.class);

    private final ScheduledCampaignRuns runs;
    private final Duration period;

    public ScheduledCampaignRoutes(ScheduledCampaignRuns runs, Duration period) {
        this.runs = runs;
        this.period = period;
    }

    @Override
    public void configure() {
        HeraldMetrics metrics = HeraldMetrics.of(getContext());
        from("timer:herald-scheduled-campaigns?delay=" + period.toMillis() + "&period=" + period.toMillis())
                .routeId("scheduled-campaigns")
                .process(exchange -> {
                    try {
                        ScheduledCampaignRuns.Poll done = runs.poll();
                        metrics.scheduled(done.customers(), done.emails());
                        exchange.getMessage().setBody(done);
                    } catch (RuntimeException e) {
                        LOG.warn("could not run the scheduled campaigns now; trying again in {} ms: {}",
                                period.toMillis(), e.toString());
                    }
                })
                .id("scheduled-campaigns-poll");
    }
}
