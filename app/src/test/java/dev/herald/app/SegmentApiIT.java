package dev.herald.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.app.IngestBoundary.Queued;
import dev.herald.routes.RouteSettings;
import dev.herald.routes.ingest.SegmentTranslator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP ingestion API at its boundary with the broker: what each call answers and the exact internal JSON it
 * leaves on which queue (read back from a real embedded Artemis, nobody else consuming).
 */
class SegmentApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static IngestBoundary boundary;
    static TestHttp http;

    @BeforeAll
    static void start() throws Exception {
        boundary = new IngestBoundary(dir);
        http = new TestHttp(boundary.port());
    }

    @AfterAll
    static void stop() throws Exception {
        if (boundary != null) {
            boundary.close();
        }
    }

    @BeforeEach
    void emptyQueues() {
        boundary.drain(RouteSettings.COMMERCE_QUEUE);
        boundary.drain(RouteSettings.CRM_QUEUE);
    }

    @Test
    void trackedOrderLandsOnTheCommerceQueueGroupedByCustomer() throws Exception {
        HttpResponse<String> response = http.segment("track", """
                {"type":"track","event":"Order Completed","userId":"C900","messageId":"api-order-1",
                 "timestamp":"2026-11-23T10:00:00Z","context":{"traits":{"email":"c900@example.com","name":"Nia"}},
                 "properties":{"order_id":"o-900","currency":"GBP","products":[{"product_id":"22423","price":12.75}]}}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"success\":true,\"accepted\":1}");
        assertThat(boundary.drain(RouteSettings.COMMERCE_QUEUE)).containsExactly(new Queued(
                "{\"eventId\":\"api-order-1\",\"type\":\"order_completed\",\"customerId\":\"C900\","
                        + "\"timestamp\":\"2026-11-23T10:00:00Z\",\"email\":\"c900@example.com\",\"name\":\"Nia\","
                        + "\"orderId\":\"o-900\",\"currency\":\"GBP\",\"items\":[{\"productId\":\"22423\",\"quantity\":1,"
                        + "\"price\":12.75}],\"total\":12.75}", "C900"));
    }

    @Test
    void identifyPageAndAliasLandOnTheCrmQueue() throws Exception {
        assertThat(http.segment("identify", """
                {"userId":"C901","anonymousId":"anon-5","messageId":"api-id-1","timestamp":"2026-11-23T10:00:00Z",
                 "traits":{"email":"c901@example.com","plan":"gold"}}""").statusCode()).isEqualTo(200);
        assertThat(http.segment("page", """
                {"anonymousId":"anon-5","messageId":"api-page-1","name":"Home","timestamp":"2026-11-23T10:00:01Z",
                 "properties":{"url":"https://shop.example/"}}""").statusCode()).isEqualTo(200);
        assertThat(http.segment("alias", """
                {"userId":"C901","previousId":"anon:anon-5","messageId":"api-alias-1","timestamp":"2026-11-23T10:00:02Z"}""")
                .statusCode()).isEqualTo(200);

        assertThat(boundary.drain(RouteSettings.CRM_QUEUE)).containsExactly(
                new Queued("{\"eventId\":\"api-id-1\",\"type\":\"customer_identified\",\"customerId\":\"C901\","
                        + "\"anonymousId\":\"anon-5\",\"timestamp\":\"2026-11-23T10:00:00Z\",\"email\":\"c901@example.com\","
                        + "\"traits\":{\"plan\":\"gold\"}}", "C901"),
                new Queued("{\"eventId\":\"api-page-1\",\"type\":\"page_viewed\",\"customerId\":\"anon:anon-5\","
                        + "\"anonymousId\":\"anon-5\",\"timestamp\":\"2026-11-23T10:00:01Z\",\"url\":\"https://shop.example/\","
                        + "\"pageName\":\"Home\"}", "anon:anon-5"),
                new Queued("{\"eventId\":\"api-alias-1\",\"type\":\"customer_aliased\",\"customerId\":\"C901\","
                        + "\"timestamp\":\"2026-11-23T10:00:02Z\",\"previousId\":\"anon:anon-5\"}", "C901"));
    }

    @Test
    void batchIsAllOrNothing() throws Exception {
        long before = boundary.messagesAdded(RouteSettings.COMMERCE_QUEUE) + boundary.messagesAdded(RouteSettings.CRM_QUEUE);
        HttpResponse<String> refused = http.segment("batch", """
                {"batch":[{"type":"track","event":"Cart Viewed","userId":"C902","messageId":"b-1"},
                          {"type":"track","event":"Cart Viewed","userId":"C902","messageId":"b-2","timestamp":"yesterday"}]}""");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).path("error").asText()).isEqualTo("field 'batch[1].timestamp' must be an"
                + " ISO-8601 date-time such as 2026-11-23T10:15:30Z, got 'yesterday'");
        assertThat(boundary.messagesAdded(RouteSettings.COMMERCE_QUEUE) + boundary.messagesAdded(RouteSettings.CRM_QUEUE))
                .isEqualTo(before);

        HttpResponse<String> accepted = http.segment("batch", """
                {"batch":[{"type":"track","event":"Cart Viewed","userId":"C902","messageId":"b-1"},
                          {"type":"identify","userId":"C902","messageId":"b-3"},
                          {"type":"track","event":"Button Clicked","userId":"C902","messageId":"b-4"}]}""");
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(accepted.body())).isEqualTo(JSON.readTree("{\"success\":true,\"accepted\":2,"
                + "\"ignored\":[\"batch[2]: track event 'Button Clicked' is not used by Herald\"]}"));
        assertThat(boundary.drain(RouteSettings.COMMERCE_QUEUE)).extracting(q -> JSON.readTree(q.body()).path("eventId").asText())
                .containsExactly("b-1");
        assertThat(boundary.drain(RouteSettings.CRM_QUEUE)).extracting(q -> JSON.readTree(q.body()).path("eventId").asText())
                .containsExactly("b-3");
    }

    @Test
    void withoutAValidKeyTheAnswerIs401AndNothingIsQueued() throws Exception {
        long before = boundary.messagesAdded(RouteSettings.CRM_QUEUE);
        String body = "{\"userId\":\"C903\",\"messageId\":\"k-1\"}";

        HttpResponse<String> none = http.send(http.uri("/v1/identify"), body.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json"));
        HttpResponse<String> wrong = http.send(http.uri("/v1/identify"), body.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json", "Authorization", TestHttp.basic("test-write-keY")));

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"herald\"");
        assertThat(JSON.readTree(wrong.body()).path("error").asText())
                .isEqualTo("a valid API key is required as the HTTP Basic user name");
        assertThat(boundary.messagesAdded(RouteSettings.CRM_QUEUE)).isEqualTo(before);
    }

    @Test
    void oversizedBodiesAre413() throws Exception {
        String pad = "x".repeat(SegmentTranslator.MAX_EVENT_BYTES);
        HttpResponse<String> event = http.segment("track", "{\"event\":\"Cart Viewed\",\"userId\":\"C\",\"p\":\"" + pad + "\"}");
        HttpResponse<String> batch = http.send(http.uri("/v1/batch"), new byte[SegmentTranslator.MAX_BATCH_BYTES + 1],
                Map.of("Content-Type", "application/json", "Authorization", TestHttp.basic(TestHttp.API_KEY)));

        assertThat(event.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(event.body()).path("error").asText()).startsWith("body is 524");
        assertThat(batch.statusCode()).isEqualTo(413);
    }

    @Test
    void nonJsonContentTypeIs415() {
        HttpResponse<String> r = http.send(http.uri("/v1/track"), "event=x".getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/x-www-form-urlencoded", "Authorization", TestHttp.basic(TestHttp.API_KEY)));

        assertThat(r.statusCode()).isEqualTo(415);
    }

    @Test
    void withTheKeySetTheRawEventEndpointsNeedItAndWithoutItQueueNothing() throws Exception {
        String signup = "{\"eventId\":\"raw-1\",\"type\":\"customer_signed_up\",\"customerId\":\"C-RAW\","
                + "\"email\":\"raw@example.com\",\"name\":\"Rae\",\"timestamp\":\"2026-11-23T10:00:00Z\"}";
        byte[] body = signup.getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> anonymous = http.send(http.uri("/v1/events/crm"), body,
                Map.of("Content-Type", "application/json"));
        HttpResponse<String> wrongKey = http.send(http.uri("/v1/events/crm"), body,
                Map.of("Content-Type", "application/json", "Authorization", "Bearer not-the-key"));
        assertThat(boundary.drain(RouteSettings.CRM_QUEUE)).isEmpty();
        HttpResponse<String> bearer = http.send(http.uri("/v1/events/crm"), body,
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + TestHttp.API_KEY));

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(wrongKey.statusCode()).isEqualTo(401);
        assertThat(bearer.statusCode()).as(bearer.body()).isEqualTo(202);
        assertThat(boundary.drain(RouteSettings.CRM_QUEUE)).containsExactly(new Queued(signup, "C-RAW"));
    }

    @Test
    void signedShopifyOrderIsQueuedAndABadSignatureIs401() throws Exception {
        String order = """
                {"id":5001,"email":"jo@example.com","created_at":"2026-11-23T10:00:00Z","currency":"GBP",
                 "customer":{"id":77,"first_name":"Jo","last_name":"Park"},
                 "line_items":[{"product_id":85123,"title":"Heart","quantity":1,"price":"2.95"}]}""";

        HttpResponse<String> forged = http.send(http.uri("/v1/webhooks/shopify"), order.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json", "X-Shopify-Topic", "orders/create",
                        "X-Shopify-Hmac-Sha256", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="));
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.body()).doesNotContain(TestHttp.SHOPIFY_SECRET);

        assertThat(http.shopify("orders/create", order).statusCode()).isEqualTo(200);
        assertThat(boundary.drain(RouteSettings.COMMERCE_QUEUE)).containsExactly(new Queued(
                "{\"eventId\":\"shopify-order-5001\",\"type\":\"order_completed\",\"customerId\":\"shopify:77\","
                        + "\"timestamp\":\"2026-11-23T10:00:00Z\",\"email\":\"jo@example.com\",\"name\":\"Jo Park\","
                        + "\"orderId\":\"shopify-5001\",\"currency\":\"GBP\",\"items\":[{\"productId\":\"85123\","
                        + "\"name\":\"Heart\",\"quantity\":1,\"price\":2.95}],\"total\":2.95}", "shopify:77"));
    }

    @Test
    void hubSpotV3SignedChangeIsQueuedAndAReplayedStaleOneIs401() throws Exception {
        String body = "[{\"eventId\":42,\"subscriptionType\":\"contact.propertyChange\",\"objectId\":9,"
                + "\"occurredAt\":1795431600000,\"propertyName\":\"hs_email_optout\",\"propertyValue\":\"false\"}]";

        assertThat(http.hubspot(body).statusCode()).isEqualTo(200);
        assertThat(boundary.drain(RouteSettings.CRM_QUEUE)).containsExactly(new Queued(
                "{\"eventId\":\"hubspot-42\",\"type\":\"customer_identified\",\"customerId\":\"hubspot:9\","
                        + "\"timestamp\":\"2026-11-23T11:00:00Z\",\"consent\":{\"marketing\":true,\"source\":\"hubspot\"},"
                        + "\"traits\":{}}", "hubspot:9"));

        String stale = Long.toString(System.currentTimeMillis() - 10 * 60_000);
        String signed = "POSThttps://127.0.0.1:" + boundary.port() + "/v1/webhooks/hubspot" + body + stale;
        HttpResponse<String> replay = http.send(http.uri("/v1/webhooks/hubspot"), body.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json", "X-HubSpot-Request-Timestamp", stale,
                        "X-HubSpot-Signature-v3", java.util.Base64.getEncoder().encodeToString(
                                dev.herald.routes.ingest.Secrets.hmacSha256(TestHttp.HUBSPOT_SECRET,
                                        signed.getBytes(StandardCharsets.UTF_8)))));
        assertThat(replay.statusCode()).isEqualTo(401);
        JsonNode error = JSON.readTree(replay.body());
        assertThat(error.path("success").asBoolean(true)).isFalse();
    }
}
