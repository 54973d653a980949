package dev.herald.routes;

import dev.herald.engine.lifetime.LifetimeService;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * The lifetime predictions on a schedule (ADR 0072): a Camel timer refits the BG/NBD and Gamma-Gamma models to the
 * stored orders and stores every customer's predictions, as {@code herald lifetime predict} does, so campaigns test
 * fresh figures without a cron job. A shop with too few orders yet is logged and tried again next period.
 */
public class LifetimeRoutes extends RouteBuilder {

    /** {@code herald.lifetime.period} when unset, in both runtimes. */
    public static final String DEFAULT_PERIOD = "24h";
    /** The first run waits at most this long after start, so a restart does not refit at once. */
    static final Duration FIRST_RUN_AT_MOST = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(LifetimeRoutes.class);

    private final LifetimeService lifetime;
    private final Duration period;
    private final Clock clock;

    public LifetimeRoutes(LifetimeService lifetime, Duration period, Clock clock) {
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("the lifetime refresh period must be positive, was " + period);
        }
        this.lifetime = lifetime;
        this.period = period;
        this.clock = clock;
    }

    /**
     * The {@code herald.lifetime.period} setting: a duration such as 24h or 7d, or {@code off} (also 0 or empty) for
     * none.
     *
     * @throws IllegalArgumentException naming the setting, for anything else
     */
    public static java.util.Optional<Duration> period(String setting) {
        return RefreshPeriods.parse("herald.lifetime.period", setting);
    }

    @Override
    public void configure() {
        long delay = Math.min(period.toMillis(), FIRST_RUN_AT_MOST.toMillis());
        from("timer:herald-lifetime?delay=" + delay + "&period=" + period.toMillis())
                .routeId("lifetime-predictions")
                .process(exchange -> {
                    try {
                        // as of now: a live shop's customers are silent until today, not until its latest order
                        exchange.getMessage().setBody(lifetime.predictAll(clock.instant(), clock.instant())
                                .predictions().size());
                    } catch (IllegalArgumentException notEnoughData) {
                        LOG.info("lifetime predictions skipped until the next run: {}", notEnoughData.getMessage());
                        exchange.getMessage().setBody(0);
                    }
                })
                .id("predict-lifetimes");
    }
}
