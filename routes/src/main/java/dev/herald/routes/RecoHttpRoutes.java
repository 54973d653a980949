package dev.herald.routes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.engine.reco.LiveRecommendationService;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * HTTP face of the recommendation engine of a running Herald. {@code POST /v1/reco/retrain}: reads the
 * database, trains a new model and swaps it in (recommendations keep being served meanwhile); answers with what
 * the new model was trained on. {@code GET /v1/reco/status}: the model in service. {@code GET
 * /v1/reco/recommendations?customer=ID}: one customer's current top products with scores, categories and
 * reasons (a query parameter rather than a path template, so the same route works on camel-servlet in the EAR).
 * All three need the admin key ({@link AdminApiKey}): a customer's recommendations show what they bought, and a
 * retrain costs the server a full training.
 */
public final class RecoHttpRoutes extends RouteBuilder {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LiveRecommendationService recommendations;
    private final String httpComponent;
    private final AdminApiKey adminKey;

    /** @param httpComponent as for {@link HttpRoutes}: {@value HttpRoutes#PLATFORM_HTTP} or {@code servlet} */
    public RecoHttpRoutes(LiveRecommendationService recommendations, String httpComponent, AdminApiKey adminKey) {
        this.recommendations = recommendations;
        this.httpComponent = httpComponent;
        this.adminKey = adminKey;
    }

    @Override
    public void configure() {
        from(httpComponent + ":/v1/reco/retrain?httpMethodRestrict=POST").routeId("http-reco-retrain")
                .filter(exchange -> adminKey.admits(exchange.getMessage())).id("http-reco-retrain-key")
                .process(exchange -> {
                    try {
                        reply(exchange, 200, status(recommendations.retrain()));
                    } catch (RuntimeException e) {
                        // the old model stays in service; say why the new one could not be built
                        ObjectNode error = JSON.createObjectNode().put("error", "retrain failed: " + e.getMessage());
                        error.set("inService", status(recommendations.status()));
                        reply(exchange, 500, error);
                    }
                }).id("http-reco-retrain-run");
        from(httpComponent + ":/v1/reco/status?httpMethodRestrict=GET").routeId("http-reco-status")
                .filter(exchange -> adminKey.admits(exchange.getMessage())).id("http-reco-status-key")
                .process(exchange -> reply(exchange, 200, status(recommendations.status())))
                .id("http-reco-status-read");
        from(httpComponent + ":/v1/reco/recommendations?httpMethodRestrict=GET").routeId("http-reco-customer")
                .filter(exchange -> adminKey.admits(exchange.getMessage())).id("http-reco-customer-key")
                .process(exchange -> {
                    String id = exchange.getMessage().getHeader("customer", String.class);
                    if (id == null || id.isBlank()) {
                        reply(exchange, 400, JSON.createObjectNode().put("error", "give ?customer=ID"));
                    } else {
                        reply(exchange, 200, JSON.valueToTree(recommendations.facts(id.strip())));
                    }
                }).id("http-reco-customer-read");
    }

    private static ObjectNode status(LiveRecommendationService.Status status) {
        ObjectNode node = JSON.createObjectNode();
        node.put("generation", status.generation());
        node.put("customers", status.customers());
        node.put("products", status.products());
        node.put("purchases", status.purchases());
        node.put("trainedAt", status.trainedAt().toString());
        node.put("trainMillis", status.trainMillis());
        return node;
    }

    private static void reply(Exchange exchange, int code, Object body) throws Exception {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, code);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(JSON.writeValueAsString(body));
    }
}
