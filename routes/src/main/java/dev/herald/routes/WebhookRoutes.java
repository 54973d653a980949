package dev.herald.routes;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.engine.webhook.WebhookRelay;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Outgoing webhooks (ADR 0068): a Camel timer hands the {@link WebhookRelay}'s next batch to the shop's URL as one
 * JSON POST, {@code {"events": [...]}}, signed like the webhooks Herald receives: {@code X-Herald-Signature:
 * sha256=HEX} is the HMAC-SHA256 of the exact body with the shared secret. A 2xx moves the relay on; anything else,
 * a timeout or a refused connection is retried with back-off, with the same events.
 */
public class WebhookRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookRoutes.class);
    static final String SIGNATURE_HEADER = "X-Herald-Signature";
    static final int BATCH = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebhookRelay relay;
    private final URI url;
    private final String secret;
    private final Duration period;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private dev.herald.routes.metrics.HeraldMetrics metrics;

    /**
     * @param url    where the events go (http or https)
     * @param secret the shared secret the receiver checks the signature with
     */
    public WebhookRoutes(WebhookRelay relay, URI url, String secret, Duration period) {
        this.relay = relay;
        this.url = url;
        this.secret = secret;
        this.period = period;
    }

    /**
     * Starts the relay's streams, so everything from now on is relayed, and adds the route: how both runtimes switch
     * webhooks on, before their routes consume anything.
     */
    public static void install(org.apache.camel.CamelContext camel, dev.herald.engine.persistence.Transactions
            transactions, WebhookSettings settings, String node) throws Exception {
        WebhookRelay relay = new WebhookRelay(transactions, java.time.Clock.systemUTC(), node);
        relay.startStreams();
        camel.addRoutes(new WebhookRoutes(relay, settings.url(), settings.secret(), settings.period()));
    }

    @Override
    public void configure() {
        metrics = dev.herald.routes.metrics.HeraldMetrics.of(getContext());
        from("timer:herald-webhooks?delay=" + period.toMillis() + "&period=" + period.toMillis())
                .routeId("webhooks")
                .process(exchange -> deliverDue())
                .id("webhooks-deliver");
    }

    /** Delivers batches until none is due (a backlog drains at once, not one batch a period). */
    void deliverDue() {
        try {
            for (Optional<WebhookRelay.Batch> batch = relay.next(BATCH); batch.isPresent(); batch = relay.next(BATCH)) {
                if (!deliver(batch.get())) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("webhooks: could not read the next events now; trying again in {} ms: {}", period.toMillis(),
                    e.toString());
        }
    }

    private boolean deliver(WebhookRelay.Batch batch) {
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("events", batch.events().stream().map(WebhookRelay.Event::toMap)
                    .toList()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("webhook events are not serialisable", e);
        }
        String error;
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header(SIGNATURE_HEADER, "sha256=" + sign(body))
                    .header("User-Agent", "Herald-Webhooks")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == 2) {
                relay.delivered(batch);
                metrics.webhookBatch(batch.events().size(), true);
                LOG.debug("webhooks: {} event(s) delivered to {}", batch.events().size(), url);
                return true;
            }
            error = "HTTP " + response.statusCode() + " from " + url;
        } catch (java.io.IOException e) {
            error = e.getClass().getSimpleName() + " posting to " + url + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        }
        LOG.warn("webhooks: {} event(s) not delivered ({}); they are offered again after a back-off",
                batch.events().size(), error);
        relay.failed(error);
        metrics.webhookBatch(batch.events().size(), false);
        return false;
    }

    /** HMAC-SHA256 of the body with the secret, in lower-case hex. */
    String sign(String body) {
        return HexFormat.of().formatHex(dev.herald.routes.ingest.Secrets.hmacSha256(secret,
                body.getBytes(StandardCharsets.UTF_8)));
    }
}
