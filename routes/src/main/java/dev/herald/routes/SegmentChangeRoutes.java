package dev.herald.routes;

import dev.herald.engine.application.SegmentChangeFeed;
import org.apache.camel.builder.RouteBuilder;

import java.time.Duration;

/**
 * Feeds segment changes to the rule base: a timer asks the engine to process the pending rows of
 * {@code segment_change} as {@code segment_changed} events (each once, in its own transaction, like an event
 * from the broker). A change that fails stays pending and is tried again at the next poll.
 */
public class SegmentChangeRoutes extends RouteBuilder {

    /** Changes handled per poll at most, so a full RFM run (thousands of changes) is worked off in slices. */
    public static final int DEFAULT_BATCH = 200;

    private final SegmentChangeFeed feed;
    private final Duration period;
    private final int batch;

    public SegmentChangeRoutes(SegmentChangeFeed feed, Duration period, int batch) {
        this.feed = feed;
        this.period = period;
        this.batch = batch;
    }

    @Override
    public void configure() {
        from("timer:herald-segment-changes?delay=0&period=" + period.toMillis()).routeId("segment-changes-poll")
                .process(exchange -> exchange.getMessage().setBody(feed.processPending(batch)))
                .id("process-pending-segment-changes");
    }
}
