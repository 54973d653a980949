package dev.herald.routes;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP routes are the same in both hosts; only the component that serves them differs. */
class HttpRoutesComponentTest {

    private static final RouteSettings SETTINGS = new RouteSettings(RouteSettings.COMMERCE_QUEUE,
            RouteSettings.CRM_QUEUE, RouteSettings.DEAD_LETTER_QUEUE, 1, "smtp://127.0.0.1:2525",
            "Shop <shop@example.com>", Duration.ofMillis(200), 10, true);

    @Test
    void standaloneDefaultServesThroughPlatformHttp() throws Exception {
        assertThat(inputs(new HttpRoutes(SETTINGS))).containsExactlyInAnyOrder(
                "platform-http:/health?httpMethodRestrict=GET",
                "platform-http:/v1/events/commerce?httpMethodRestrict=POST",
                "platform-http:/v1/events/crm?httpMethodRestrict=POST");
    }

    @Test
    void applicationServerServesTheSamePathsThroughTheGivenComponent() throws Exception {
        assertThat(inputs(new HttpRoutes(SETTINGS, "servlet"))).containsExactlyInAnyOrder(
                "servlet:/health?httpMethodRestrict=GET",
                "servlet:/v1/events/commerce?httpMethodRestrict=POST",
                "servlet:/v1/events/crm?httpMethodRestrict=POST");
    }

    private static java.util.List<String> inputs(HttpRoutes routes) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.addRoutes(routes); // not started: definitions only, no endpoint is created
            return context.getRouteDefinitions().stream().map(r -> r.getInput().getEndpointUri()).toList();
        }
    }
}
