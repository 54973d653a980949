package dev.herald.engine.enrichment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One lookup against the CRM's REST API: GET base URL + lookup path, with the auth header, a timeout, and the
 * answer read through the field mapping. Outcomes are typed so the caller can tell "try again now" (timeouts,
 * 5xx: {@link Unavailable}) from "try again later" ({@link RateLimited}, with the server's Retry-After) and from
 * "the CRM does not know this customer" ({@link Lookup#notFound()}).
 */
public class CrmClient {

    /** Answers over this size are refused as malformed: a contact is a few kilobytes. */
    static final int MAX_BODY_BYTES = 1024 * 1024;

    private final CrmSettings settings;
    private final HttpClient http;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public CrmClient(CrmSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** What the CRM said about a customer: the mapped fields, or not found. */
    public record Lookup(boolean found, Map<String, Object> fields) {

        public static Lookup notFound() {
            return new Lookup(false, Map.of());
        }
    }

    /** The CRM could not answer now (timeout, connection refused, 5xx, malformed answer): worth retrying. */
    public static class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message);
        }
    }

    /** The CRM asked us to slow down (429); {@code retryAt} comes from Retry-After. */
    public static class RateLimited extends RuntimeException {
        private final Instant retryAt;

        public RateLimited(String message, Instant retryAt) {
            super(message);
            this.retryAt = retryAt;
        }

        public Instant retryAt() {
            return retryAt;
        }
    }

    /** The CRM refused the request itself (401, 403, 400…): a configuration problem, not an outage. */
    public static class Rejected extends RuntimeException {
        public Rejected(String message) {
            super(message);
        }
    }

    public Lookup fetch(String customerId, String email) {
        URI uri = uri(customerId, email);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.timeout())
                .header("Accept", "application/json").GET();
        if (!settings.authHeader().isBlank()) {
            request.header(settings.authHeader(), settings.authValue());
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new Unavailable("CRM did not answer within " + settings.timeout().toMillis() + " ms");
        } catch (IOException e) {
            throw new Unavailable("CRM unreachable: " + e.getClass().getSimpleName() + " " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while waiting for the CRM");
        }
        int status = response.statusCode();
        if (status == 404) {
            return Lookup.notFound();
        }
        if (status == 429) {
            Instant retryAt = retryAfter(response.headers().firstValue("Retry-After").orElse(""));
            throw new RateLimited("CRM rate limit (429), retry after " + retryAt, retryAt);
        }
        if (status >= 500) {
            throw new Unavailable("CRM answered " + status);
        }
        if (status != 200) {
            throw new Rejected("CRM answered " + status + " to " + uri.getPath());
        }
        return new Lookup(true, read(response.body()));
    }

    private Map<String, Object> read(byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            throw new Unavailable("CRM answer is " + body.length + " bytes, over the limit of " + MAX_BODY_BYTES);
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new Unavailable("CRM answer is malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new Unavailable("CRM answer unreadable: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new Unavailable("CRM answer is not a JSON object");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Map.Entry<String, String> mapping : settings.fields().entrySet()) {
            JsonNode node = root.at(mapping.getValue());
            if (node.isTextual() && !node.textValue().isBlank()) {
                String text = node.textValue().strip();
                if (text.length() > 400 || text.chars().anyMatch(Character::isISOControl)) {
                    continue; // not a value we store; the rest of the answer is still good
                }
                fields.put(mapping.getKey(), text);
            } else if (node.isNumber()) {
                fields.put(mapping.getKey(), node.isIntegralNumber() && mapping.getKey().endsWith("id")
                        ? node.asText() : new BigDecimal(node.asText()));
            } else if (node.isBoolean()) {
                fields.put(mapping.getKey(), Boolean.toString(node.booleanValue()));
            }
        }
        return fields;
    }

    /** Retry-After in seconds or as an HTTP date; 30 s when absent or unreadable. */
    Instant retryAfter(String header) {
        Instant now = clock.instant();
        String value = header.strip();
        if (!value.isEmpty()) {
            try {
                long seconds = Long.parseLong(value);
                return now.plus(Duration.ofSeconds(Math.max(0, Math.min(seconds, 86_400))));
            } catch (NumberFormatException notSeconds) {
                try {
                    return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                } catch (DateTimeParseException notDate) {
                    // fall through to the default
                }
            }
        }
        return now.plusSeconds(30);
    }

    private URI uri(String customerId, String email) {
        String path = settings.lookupPath()
                .replace("{customerId}", encode(customerId))
                .replace("{email}", encode(email == null ? "" : email));
        String base = settings.baseUrl().toString();
        return URI.create(base.endsWith("/") && path.startsWith("/") ? base + path.substring(1) : base + path);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
