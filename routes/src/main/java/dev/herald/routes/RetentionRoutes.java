package dev.herald.routes;

import dev.herald.engine.privacy.RetentionService;
import org.apache.camel.builder.RouteBuilder;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Data retention on a schedule (ADR 0078): once a day the running Herald removes the behavioural data older than
 * {@code herald.retention.period}, as {@code herald privacy retention} does, so storage limitation holds without a cron
 * job. Off unless the period is set.
 */
public class RetentionRoutes extends RouteBuilder {

    /** How often the trim runs. */
    static final Duration EVERY = Duration.ofDays(1);
    /** The first run waits this long after start, so a restart loop does not trim again and again. */
    static final Duration FIRST_RUN = Duration.ofMinutes(10);

    private final RetentionService retention;
    private final Duration period;
    private final Clock clock;

    public RetentionRoutes(RetentionService retention, Duration period, Clock clock) {
        this.retention = retention;
        this.period = period;
        this.clock = clock;
    }

    /**
     * The {@code herald.retention.period} setting: how long behavioural data is kept, e.g. 730d or 104w; empty or
     * {@code off} keeps it for ever.
     *
     * @throws IllegalArgumentException naming the setting, for anything else or a period under 90 days
     */
    public static Optional<Duration> period(String setting) {
        Optional<Duration> period = RefreshPeriods.parse("herald.retention.period", setting);
        if (period.isPresent() && period.get().compareTo(RetentionService.SHORTEST) < 0) {
            throw new IllegalArgumentException("setting herald.retention.period must be at least "
                    + RetentionService.SHORTEST.toDays() + "d (reports, caps, sunset and scores read that far back);"
                    + " got '" + setting.strip() + "'");
        }
        return period;
    }

    @Override
    public void configure() {
        from("timer:herald-retention?delay=" + FIRST_RUN.toMillis() + "&period=" + EVERY.toMillis())
                .routeId("data-retention")
                .process(exchange -> exchange.getMessage().setBody(
                        retention.apply(period, clock.instant(), false, "retention-schedule").total()))
                .id("trim-old-data");
    }
}
