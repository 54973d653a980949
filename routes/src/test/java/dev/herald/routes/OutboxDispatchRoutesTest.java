package dev.herald.routes;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One outbox poller per dispatch thread, each on its own timer (its own thread), all sending through one route. */
class OutboxDispatchRoutesTest {

    static RouteSettings settings(int threads) {
        return new RouteSettings(RouteSettings.COMMERCE_QUEUE, RouteSettings.CRM_QUEUE, RouteSettings.DEAD_LETTER_QUEUE,
                2, "smtp://127.0.0.1:2525", "shop@example.com", Duration.ofMillis(200), 50, false, threads);
    }

    @Test
    void eachDispatchThreadHasItsOwnTimer() throws Exception {
        assertThat(inputs(settings(3))).containsExactlyInAnyOrder(
                "timer:herald-outbox?delay=0&period=200",
                "timer:herald-outbox-2?delay=0&period=200",
                "timer:herald-outbox-3?delay=0&period=200",
                "direct:herald-send-email");
    }

    @Test
    void oneThreadUnlessToldOtherwise() throws Exception {
        RouteSettings defaults = new RouteSettings(RouteSettings.COMMERCE_QUEUE, RouteSettings.CRM_QUEUE,
                RouteSettings.DEAD_LETTER_QUEUE, 2, "smtp://127.0.0.1:2525", "shop@example.com", Duration.ofMillis(200),
                50, false);
        assertThat(defaults.dispatchThreads()).isEqualTo(1);
        assertThat(inputs(defaults)).containsExactlyInAnyOrder("timer:herald-outbox?delay=0&period=200",
                "direct:herald-send-email");
    }

    @Test
    void noDispatchThreadIsAnError() {
        assertThatThrownBy(() -> settings(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dispatch threads must be 1 or more");
    }

    private static List<String> inputs(RouteSettings settings) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new OutboxDispatchRoutes(settings, new EmailDispatch(null, "shop@example.com", 50,
                    dev.herald.routes.metrics.HeraldMetrics.of(context))));
            return context.getRouteDefinitions().stream().map(RouteDefinition::getInput)
                    .map(i -> i.getEndpointUri()).toList();
        }
    }
}
