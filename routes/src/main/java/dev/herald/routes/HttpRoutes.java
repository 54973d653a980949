package dev.herald.routes;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.ProcessorDefinition;

/**
 * A small HTTP face: a health check, and webhook endpoints that put posted events on the same queues the JMS
 * producers use, so one pipeline serves both. Validation happens downstream, in the ingest routes. Once
 * {@code herald.api.key} is set, the event endpoints need it too ({@link AdminApiKey}; ADR 0056): an event can make
 * Herald email any address. Without a key they stay open, for producers inside the network boundary.
 */
public class HttpRoutes extends RouteBuilder {

    /** The standalone runtime's HTTP component (camel-platform-http on Vert.x). */
    public static final String PLATFORM_HTTP = "platform-http";

    private final RouteSettings settings;
    private final String httpComponent;
    /** The key the event endpoints require, or null while none is configured. */
    private final AdminApiKey eventsKey;

    public HttpRoutes(RouteSettings settings) {
        this(settings, PLATFORM_HTTP);
    }

    public HttpRoutes(RouteSettings settings, String httpComponent) {
        this(settings, httpComponent, "");
    }

    /**
     * @param httpComponent the Camel component that serves the endpoints: {@value #PLATFORM_HTTP} standalone,
     *                      {@code servlet} inside an application server, where the container owns HTTP
     * @param apiKey        {@code herald.api.key}; when set, {@code /v1/events/*} answer 401 without it
     */
    public HttpRoutes(RouteSettings settings, String httpComponent, String apiKey) {
        this.settings = settings;
        this.httpComponent = httpComponent;
        this.eventsKey = apiKey == null || apiKey.isBlank() ? null : new AdminApiKey(apiKey);
    }

    @Override
    public void configure() {
        from(httpComponent + ":/health?httpMethodRestrict=GET").routeId("http-health")
                .setHeader(Exchange.CONTENT_TYPE, constant("application/json")).id("health-content-type")
                .setBody(constant("{\"status\":\"UP\"}")).id("health-body");

        webhook("commerce", settings.commerceQueue());
        webhook("crm", settings.crmQueue());
    }

    private void webhook(String source, String queue) {
        ProcessorDefinition<?> route = from(httpComponent + ":/v1/events/" + source + "?httpMethodRestrict=POST")
                .routeId("http-" + source + "-events");
        if (eventsKey != null) {
            route = route.filter(exchange -> eventsKey.admits(exchange.getMessage())).id("http-" + source + "-key");
        }
        route.choice().id("http-" + source + "-check-type")
                    .when(header(Exchange.CONTENT_TYPE).startsWith("application/json"))
                        .convertBodyTo(byte[].class).id("http-" + source + "-read-body")
                        .removeHeaders("*").id("http-" + source + "-drop-http-headers")
                        .process(e -> EventGroups.setGroupFromBody(e.getMessage())).id("http-" + source + "-group")
                        .to(ExchangePattern.InOnly, "jms:queue:" + queue).id("http-" + source + "-enqueue")
                        .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(202)).id("http-" + source + "-accepted")
                        .setBody(constant("{\"accepted\":true}")).id("http-" + source + "-accepted-body")
                    .otherwise()
                        .removeHeaders("*").id("http-" + source + "-drop-headers-415")
                        .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(415)).id("http-" + source + "-unsupported")
                        .setBody(constant("{\"error\":\"Content-Type must be application/json\"}"))
                        .id("http-" + source + "-unsupported-body")
                .end()
                .setHeader(Exchange.CONTENT_TYPE, constant("application/json")).id("http-" + source + "-type");
    }
}
