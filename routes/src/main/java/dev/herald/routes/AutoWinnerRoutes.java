package dev.herald.routes;

import dev.herald.engine.experiment.store.ExperimentService;
import org.apache.camel.builder.RouteBuilder;

import java.time.Duration;

/**
 * The experiments' auto-winner on a schedule: a Camel timer runs {@link ExperimentService#evaluateAutoWinners()},
 * which evaluates only the experiments whose auto-winner setting is on (set in the console) and that have no
 * winner yet. Every evaluation is stored with its reason, so the schedule only decides how soon a winner is found.
 */
public class AutoWinnerRoutes extends RouteBuilder {

    private final ExperimentService experiments;
    private final Duration period;

    public AutoWinnerRoutes(ExperimentService experiments, Duration period) {
        this.experiments = experiments;
        this.period = period;
    }

    @Override
    public void configure() {
        from("timer:herald-auto-winner?delay=" + period.toMillis() + "&period=" + period.toMillis())
                .routeId("experiment-auto-winner")
                .process(exchange -> exchange.getMessage().setBody(experiments.evaluateAutoWinners().size()))
                .id("evaluate-auto-winners");
    }
}
