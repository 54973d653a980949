package dev.herald.app;

import dev.herald.routes.ingest.Secrets;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/** Requests to Herald's HTTP API as Segment libraries and webhook senders make them. */
public final class TestHttp {

    public static final String API_KEY = "test-write-key";
    public static final String SHOPIFY_SECRET = "shopify-test-secret";
    public static final String HUBSPOT_SECRET = "hubspot-test-secret";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    public TestHttp(int port) {
        this.port = port;
    }

    /** The settings that switch the API and both webhooks on with the test secrets. */
    public static Map<String, String> secrets() {
        return Map.of(HeraldConfig.API_KEY, API_KEY, HeraldConfig.SHOPIFY_SECRET, SHOPIFY_SECRET,
                HeraldConfig.HUBSPOT_SECRET, HUBSPOT_SECRET);
    }

    public static String basic(String key) {
        return "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
    }

    public String uri(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** POST to a Segment call with the test key. */
    public HttpResponse<String> segment(String call, String json) {
        return send(uri("/v1/" + call), json.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json", "Authorization", basic(API_KEY)));
    }

    /** POST a Shopify webhook signed with the test secret. */
    public HttpResponse<String> shopify(String topic, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return send(uri("/v1/webhooks/shopify"), body, Map.of("Content-Type", "application/json",
                "X-Shopify-Topic", topic,
                "X-Shopify-Hmac-Sha256", Base64.getEncoder().encodeToString(Secrets.hmacSha256(SHOPIFY_SECRET, body))));
    }

    /** POST a HubSpot webhook with a v3 signature made now, for the URI HubSpot would have called. */
    public HttpResponse<String> hubspot(String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String timestamp = Long.toString(System.currentTimeMillis());
        String signed = "POST" + "https://127.0.0.1:" + port + "/v1/webhooks/hubspot" + json + timestamp;
        return send(uri("/v1/webhooks/hubspot"), body, Map.of("Content-Type", "application/json",
                "X-HubSpot-Request-Timestamp", timestamp,
                "X-HubSpot-Signature-v3", Base64.getEncoder().encodeToString(
                        Secrets.hmacSha256(HUBSPOT_SECRET, signed.getBytes(StandardCharsets.UTF_8)))));
    }

    public HttpResponse<String> send(String uri, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("POST " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
