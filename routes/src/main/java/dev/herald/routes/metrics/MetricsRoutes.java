package dev.herald.routes.metrics;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * {@code GET /metrics}: the Prometheus text format of {@link HeraldMetrics} (ADR 0062), on the same HTTP component as
 * {@code /health}. It holds counts only, no personal data, so like {@code /health} it needs no key; turn it off with
 * {@code herald.metrics.enabled=false} where the HTTP port is public and the counts should not be.
 */
public class MetricsRoutes extends RouteBuilder {

    /** The content type Prometheus asks for (text exposition format 0.0.4). */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final String httpComponent;

    public MetricsRoutes(String httpComponent) {
        this.httpComponent = httpComponent;
    }

    @Override
    public void configure() {
        HeraldMetrics metrics = HeraldMetrics.of(getContext());
        from(httpComponent + ":/metrics?httpMethodRestrict=GET").routeId("http-metrics")
                .process(exchange -> {
                    exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, CONTENT_TYPE);
                    exchange.getMessage().setBody(metrics.scrape());
                }).id("metrics-scrape");
    }
}
