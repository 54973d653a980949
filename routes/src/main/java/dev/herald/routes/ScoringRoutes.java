package dev.herald.routes;

import dev.herald.engine.scoring.ScoringPolicy;
import dev.herald.engine.scoring.ScoringService;
import org.apache.camel.builder.RouteBuilder;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Engagement scores on a schedule (ADR 0075): a Camel timer rescores every customer from the stored opens, clicks,
 * activity and orders, as {@code herald segment engagement} does, so scores fade while customers do nothing and a
 * campaign hears it as a segment change. The policy is read at each run, so a published {@code scoring:} applies at
 * the next; {@code scoring: off} skips runs.
 */
public class ScoringRoutes extends RouteBuilder {

    /** {@code herald.scoring.period} when unset, in both runtimes. */
    public static final String DEFAULT_PERIOD = "1h";
    /** The first run waits at most this long after start. */
    static final Duration FIRST_RUN_AT_MOST = Duration.ofMinutes(5);

    private final ScoringService scoring;
    private final Supplier<ScoringPolicy> policy;
    private final Duration period;
    private final Clock clock;

    public ScoringRoutes(ScoringService scoring, Supplier<ScoringPolicy> policy, Duration period, Clock clock) {
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("the engagement scoring period must be positive, was " + period);
        }
        this.scoring = scoring;
        this.policy = policy;
        this.period = period;
        this.clock = clock;
    }

    /**
     * The {@code herald.scoring.period} setting: a duration such as 1h or 24h, or {@code off} (also 0 or empty).
     *
     * @throws IllegalArgumentException naming the setting, for anything else
     */
    public static java.util.Optional<Duration> period(String setting) {
        return RefreshPeriods.parse("herald.scoring.period", setting);
    }

    @Override
    public void configure() {
        long delay = Math.min(period.toMillis(), FIRST_RUN_AT_MOST.toMillis());
        from("timer:herald-scoring?delay=" + delay + "&period=" + period.toMillis())
                .routeId("engagement-scores")
                .process(exchange -> {
                    ScoringPolicy current = policy.get();
                    exchange.getMessage().setBody(current.enabled()
                            ? scoring.scoreAll(current, clock.instant()).scores().size() : 0);
                })
                .id("score-engagement");
    }
}
