package dev.herald.routes.ingest;

import dev.herald.routes.RouteSettings;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The ingestion API serves the same paths standalone (platform-http) and in the EAR (servlet). */
class IngestApiRoutesComponentTest {

    @Test
    void everyCallAndWebhookIsAPostOnTheGivenComponent() throws Exception {
        assertThat(inputs("platform-http")).containsExactlyInAnyOrder(
                "platform-http:/v1/track?httpMethodRestrict=POST", "platform-http:/v1/identify?httpMethodRestrict=POST",
                "platform-http:/v1/page?httpMethodRestrict=POST", "platform-http:/v1/alias?httpMethodRestrict=POST",
                "platform-http:/v1/batch?httpMethodRestrict=POST",
                "platform-http:/v1/webhooks/shopify?httpMethodRestrict=POST",
                "platform-http:/v1/webhooks/hubspot?httpMethodRestrict=POST");
        assertThat(inputs("servlet")).hasSize(7).allSatisfy(uri -> assertThat(uri).startsWith("servlet:/v1/"));
    }

    private static List<String> inputs(String component) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new IngestApiRoutes(component, RouteSettings.COMMERCE_QUEUE, RouteSettings.CRM_QUEUE,
                    IngestSettings.none(), Clock.systemUTC()));
            return context.getRouteDefinitions().stream().map(r -> r.getInput().getEndpointUri()).toList();
        }
    }
}
