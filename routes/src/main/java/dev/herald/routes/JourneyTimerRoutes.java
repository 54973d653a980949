package dev.herald.routes;

import dev.herald.engine.journey.JourneyService;
import org.apache.camel.builder.RouteBuilder;

import java.time.Duration;

/**
 * The journeys' timer sweep: a Camel timer asks the engine to advance the runs whose delay or wait is due. The
 * timers themselves are rows ({@code journey_instance.wake_at}), so nothing is lost when the process stops; the
 * sweep only decides how soon after its due time a run moves on (at most one period late). A failing run is
 * logged and retried after its lease; the others go on.
 */
public class JourneyTimerRoutes extends RouteBuilder {

    private final JourneyService journeys;
    private final Duration period;
    private final int batch;

    public JourneyTimerRoutes(JourneyService journeys, Duration period, int batch) {
        this.journeys = journeys;
        this.period = period;
        this.batch = batch;
    }

    @Override
    public void configure() {
        from("timer:herald-journeys?delay=0&period=" + period.toMillis()).routeId("journey-sweep")
                .process(exchange -> {
                    int advanced;
                    int total = 0;
                    // work off a backlog (e.g. after downtime) in slices, without waiting a period between them
                    do {
                        advanced = journeys.advanceDue(batch);
                        total += advanced;
                    } while (advanced == batch && exchange.getContext().isStarted());
                    exchange.getMessage().setBody(total);
                }).id("advance-due-journeys");
    }
}
