package dev.herald.routes.ingest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP ingestion endpoint: authenticate (API key or webhook signature), check content type and size,
 * translate, enqueue, answer. Status codes: 200 accepted (with the count and anything ignored), 400 malformed or
 * invalid, 401 no valid key or signature, 413 too large, 415 not JSON, 503 not configured or cannot enqueue
 * now (retry). Every answer is a small JSON object; nothing is enqueued unless the answer is 200.
 */
public final class IngestEndpoint implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(IngestEndpoint.class);
    static final Duration HUBSPOT_MAX_AGE = Duration.ofMinutes(5);
    private static final long WRITE_TIMEOUT_SECONDS = 30;

    /** What the endpoint takes. */
    public enum Source { SEGMENT, SHOPIFY, HUBSPOT }

    private final Source source;
    private final SegmentTranslator.Call call;
    private final IngestSettings settings;
    private final QueueWriter writer;
    private final Clock clock;
    private final SegmentTranslator segment;
    private final ShopifyTranslator shopify;
    private final HubSpotTranslator hubspot;

    private IngestEndpoint(Source source, SegmentTranslator.Call call, IngestSettings settings, QueueWriter writer,
                           Clock clock) {
        this.source = source;
        this.call = call;
        this.settings = settings;
        this.writer = writer;
        this.clock = clock;
        this.segment = new SegmentTranslator(clock);
        this.shopify = new ShopifyTranslator(clock);
        this.hubspot = new HubSpotTranslator(clock);
    }

    public static IngestEndpoint segment(SegmentTranslator.Call call, IngestSettings settings, QueueWriter writer,
                                         Clock clock) {
        return new IngestEndpoint(Source.SEGMENT, call, settings, writer, clock);
    }

    public static IngestEndpoint webhook(Source source, IngestSettings settings, QueueWriter writer, Clock clock) {
        return new IngestEndpoint(source, null, settings, writer, clock);
    }

    private int limit() {
        return source == Source.SEGMENT ? SegmentTranslator.limitOf(call) : ShopifyTranslator.MAX_BODY_BYTES;
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        int status;
        ObjectNode answer;
        String authenticate = null;
        try {
            Translation translation = handle(in);
            writer.write(translation.events()).get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            status = 200;
            answer = StrictJson.MAPPER.createObjectNode().put("success", true)
                    .put("accepted", translation.events().size());
            if (!translation.ignored().isEmpty()) {
                ArrayNode ignored = answer.putArray("ignored");
                translation.ignored().forEach(ignored::add);
            }
        } catch (IngestRejection e) {
            status = e.status();
            answer = error(e.reason());
            if (status == 401 && source == Source.SEGMENT) {
                authenticate = "Basic realm=\"herald\"";
            }
            LOG.debug("{} refused with {}: {}", describe(), status, e.reason());
        } catch (ExecutionException | TimeoutException e) {
            status = 503;
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            answer = error("the events could not be enqueued now; nothing was accepted, retry later");
            LOG.warn("{}: could not enqueue: {}", describe(), cause.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 503;
            answer = error("Herald is shutting down; nothing was accepted, retry later");
        }
        in.removeHeaders("*");
        in.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        in.setHeader("X-Content-Type-Options", "nosniff");
        in.setHeader("Cache-Control", "no-store");
        if (authenticate != null) {
            in.setHeader("WWW-Authenticate", authenticate);
        }
        if (status == 503) {
            in.setHeader("Retry-After", "1");
        }
        in.setBody(answer.toString());
    }

    private Translation handle(Message in) {
        switch (source) {
            case SEGMENT -> {
                if (settings.apiKey().isEmpty()) {
                    throw new IngestRejection(503, "the HTTP tracking API is off: set herald.api.key"
                            + " (environment HERALD_API_KEY)");
                }
                String key = Secrets.basicUser(in.getHeader("Authorization", String.class));
                if (!Secrets.sameSecret(key, settings.apiKey())) {
                    throw new IngestRejection(401, "a valid API key is required as the HTTP Basic user name");
                }
                requireJson(in);
                return segment.translate(call, body(in));
            }
            case SHOPIFY -> {
                if (settings.shopifySecret().isEmpty()) {
                    throw new IngestRejection(503, "the Shopify webhook is off: set herald.webhook.shopify.secret");
                }
                byte[] body = body(in);
                String topic = in.getHeader("X-Shopify-Topic", String.class);
                if (!Secrets.validBase64Hmac(settings.shopifySecret(), body,
                        in.getHeader("X-Shopify-Hmac-Sha256", String.class))) {
                    LOG.warn("refused a Shopify webhook (topic {}, {} bytes): missing or invalid X-Shopify-Hmac-Sha256",
                            Safe.quote(topic), body.length);
                    throw new IngestRejection(401, "missing or invalid X-Shopify-Hmac-Sha256 signature");
                }
                requireJson(in);
                return shopify.translate(topic, body);
            }
            case HUBSPOT -> {
                if (settings.hubspotSecret().isEmpty()) {
                    throw new IngestRejection(503, "the HubSpot webhook is off: set herald.webhook.hubspot.secret");
                }
                byte[] body = body(in);
                verifyHubSpot(in, body);
                requireJson(in);
                return hubspot.translate(body);
            }
            default -> throw new IllegalStateException("unknown source " + source);
        }
    }

    /**
     * HubSpot v3: base64 HMAC-SHA256, under the app's client secret, of method + URI + body + timestamp, with the
     * timestamp (ms) at most five minutes old. The URI is the one HubSpot called: scheme from
     * {@code X-Forwarded-Proto} (https when absent: HubSpot only calls https, so Herald sits behind a TLS proxy),
     * host from {@code Host}.
     */
    private void verifyHubSpot(Message in, byte[] body) {
        String signature = in.getHeader("X-HubSpot-Signature-v3", String.class);
        String timestamp = in.getHeader("X-HubSpot-Request-Timestamp", String.class);
        long millis;
        try {
            millis = Long.parseLong(timestamp == null ? "" : timestamp.strip());
        } catch (NumberFormatException e) {
            millis = -1;
        }
        Duration age = Duration.between(Instant.ofEpochMilli(Math.max(0, millis)), clock.instant()).abs();
        String uri = hubSpotUri(in);
        byte[] prefix = ("POST" + uri).getBytes(StandardCharsets.UTF_8);
        byte[] suffix = (timestamp == null ? "" : timestamp.strip()).getBytes(StandardCharsets.UTF_8);
        byte[] signed = new byte[prefix.length + body.length + suffix.length];
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        System.arraycopy(suffix, 0, signed, prefix.length + body.length, suffix.length);
        boolean valid = Secrets.validBase64Hmac(settings.hubspotSecret(), signed, signature);
        if (!valid || millis < 0 || age.compareTo(HUBSPOT_MAX_AGE) > 0) {
            LOG.warn("refused a HubSpot webhook for {} ({} bytes): {}", Safe.quote(uri), body.length,
                    !valid ? "missing or invalid X-HubSpot-Signature-v3" : "request timestamp missing or too old");
            throw new IngestRejection(401, "missing or invalid X-HubSpot-Signature-v3 signature or"
                    + " X-HubSpot-Request-Timestamp (at most 5 minutes old)");
        }
    }

    static String hubSpotUri(Message in) {
        String proto = in.getHeader("X-Forwarded-Proto", String.class);
        String scheme = proto == null || proto.isBlank() ? "https" : proto.strip().toLowerCase(Locale.ROOT);
        String host = in.getHeader("Host", String.class);
        if (host == null || host.isBlank()) {
            // platform-http filters Host out of the headers; the request URL still carries it
            String url = in.getHeader(Exchange.HTTP_URL, String.class);
            try {
                host = url == null ? null : java.net.URI.create(url.strip()).getRawAuthority();
            } catch (IllegalArgumentException e) {
                host = null;
            }
        }
        // platform-http gives the request URI (path and query), camel-servlet the path with the query apart
        String raw = in.getHeader(Exchange.HTTP_URI, String.class);
        String path = "";
        String query = null;
        if (raw != null) {
            try {
                java.net.URI u = java.net.URI.create(raw.strip());
                path = u.getRawPath() == null ? "" : u.getRawPath();
                query = u.getRawQuery();
            } catch (IllegalArgumentException e) {
                path = "";
            }
        }
        if (query == null) {
            query = in.getHeader(Exchange.HTTP_QUERY, String.class);
        }
        return scheme + "://" + (host == null ? "" : host.strip()) + path
                + (query == null || query.isEmpty() ? "" : "?" + query);
    }

    private static void requireJson(Message in) {
        String type = in.getHeader(Exchange.CONTENT_TYPE, String.class);
        String mediaType = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            throw new IngestRejection(415, "Content-Type must be application/json");
        }
    }

    /** The request body, refusing more than the limit before reading it when the length is announced. */
    private byte[] body(Message in) {
        Long announced = in.getHeader("Content-Length", Long.class);
        if (announced != null && announced > limit()) {
            throw IngestRejection.tooLarge("body is " + announced + " bytes, over the limit of " + limit() + " bytes");
        }
        Object body = in.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (body instanceof InputStream stream) {
            try {
                byte[] bytes = stream.readNBytes(limit() + 1);
                if (bytes.length > limit()) {
                    throw IngestRejection.tooLarge("body is over the limit of " + limit() + " bytes");
                }
                return bytes;
            } catch (IOException e) {
                throw IngestRejection.badRequest("body could not be read: " + Safe.text(e.getMessage(), 100));
            }
        }
        byte[] bytes = in.getBody(byte[].class);
        return bytes == null ? new byte[0] : bytes;
    }

    private String describe() {
        return switch (source) {
            case SEGMENT -> "/v1/" + call.path();
            case SHOPIFY -> "Shopify webhook";
            case HUBSPOT -> "HubSpot webhook";
        };
    }

    private static ObjectNode error(String reason) {
        return StrictJson.MAPPER.createObjectNode().put("success", false).put("error", reason);
    }
}
