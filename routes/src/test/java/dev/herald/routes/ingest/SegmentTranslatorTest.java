package dev.herald.routes.ingest;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Segment calls become the exact internal events of the contract, or a 400/413 with a reason. */
class SegmentTranslatorTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private final SegmentTranslator translator = new SegmentTranslator(Clock.fixed(NOW, ZoneOffset.UTC));

    private Translation translate(SegmentTranslator.Call call, String json) {
        return translator.translate(call, json.getBytes(StandardCharsets.UTF_8));
    }

    private InternalEvent only(SegmentTranslator.Call call, String json) {
        Translation t = translate(call, json);
        assertThat(t.ignored()).isEmpty();
        assertThat(t.events()).hasSize(1);
        return t.events().get(0);
    }

    @Test
    void orderCompletedBecomesTheEnginesOrderEventOnTheCommerceQueue() {
        InternalEvent e = only(SegmentTranslator.Call.TRACK, """
                {"type":"track","event":"Order Completed","userId":"C17850","messageId":"m-1",
                 "timestamp":"2026-11-23T10:15:30+01:00","context":{"traits":{"email":"ann@example.com","name":"Ann Smith"}},
                 "properties":{"order_id":"ord-1","currency":"gbp","revenue":7.0,"products":[
                   {"product_id":"85123A","name":"Heart Holder","price":3.5,"quantity":2}]}}""");

        assertThat(e.channel()).isEqualTo(Channel.COMMERCE);
        assertThat(e.json()).isEqualTo("{\"eventId\":\"m-1\",\"type\":\"order_completed\",\"customerId\":\"C17850\","
                + "\"timestamp\":\"2026-11-23T09:15:30Z\",\"email\":\"ann@example.com\",\"name\":\"Ann Smith\","
                + "\"orderId\":\"ord-1\",\"currency\":\"GBP\",\"items\":[{\"productId\":\"85123A\",\"name\":\"Heart Holder\","
                + "\"quantity\":2,\"price\":3.5}],\"total\":7.0}");
    }

    @Test
    void signedUpBecomesASignupOnTheCrmQueue() {
        InternalEvent e = only(SegmentTranslator.Call.TRACK, """
                {"event":"Signed Up","userId":"C1","messageId":"m-2","timestamp":"2026-11-23T10:00:00Z",
                 "properties":{"email":"bo@example.com","first_name":"Bo","last_name":"Lind"}}""");

        assertThat(e.channel()).isEqualTo(Channel.CRM);
        assertThat(e.json()).isEqualTo("{\"eventId\":\"m-2\",\"type\":\"customer_signed_up\",\"customerId\":\"C1\","
                + "\"timestamp\":\"2026-11-23T10:00:00Z\",\"email\":\"bo@example.com\",\"name\":\"Bo Lind\"}");
    }

    @Test
    void anonymousVisitorBecomesAnonCustomerAndKeepsTheAnonymousId() {
        InternalEvent e = only(SegmentTranslator.Call.TRACK, """
                {"event":"Product Viewed","anonymousId":"a-77","messageId":"m-3","timestamp":"2026-11-23T10:00:00Z",
                 "properties":{"product_id":"P9","name":"Mug","price":4.25}}""");

        assertThat(e.json()).isEqualTo("{\"eventId\":\"m-3\",\"type\":\"product_viewed\",\"customerId\":\"anon:a-77\","
                + "\"anonymousId\":\"a-77\",\"timestamp\":\"2026-11-23T10:00:00Z\",\"productId\":\"P9\","
                + "\"productName\":\"Mug\",\"price\":4.25}");
        assertThat(e.channel()).isEqualTo(Channel.COMMERCE);
    }

    @Test
    void identifyCarriesFlatTraitsAndMarketingConsent() {
        InternalEvent e = only(SegmentTranslator.Call.IDENTIFY, """
                {"userId":"C2","anonymousId":"a-1","messageId":"m-4","timestamp":"2026-11-23T10:00:00Z",
                 "traits":{"email":"cy@example.com","name":"Cy","plan":"gold","age":41,"vip":true,
                           "address":{"city":"Leeds"}},
                 "context":{"consent":{"categoryPreferences":{"Marketing":false}}}}""");

        assertThat(e.channel()).isEqualTo(Channel.CRM);
        assertThat(e.json()).isEqualTo("{\"eventId\":\"m-4\",\"type\":\"customer_identified\",\"customerId\":\"C2\","
                + "\"anonymousId\":\"a-1\",\"timestamp\":\"2026-11-23T10:00:00Z\",\"email\":\"cy@example.com\",\"name\":\"Cy\","
                + "\"traits\":{\"plan\":\"gold\",\"age\":41,\"vip\":true,\"address.city\":\"Leeds\"},"
                + "\"consent\":{\"marketing\":false,\"source\":\"segment\"}}");
    }

    @Test
    void identifyKeepsTheContextLocaleAsTheLocaleTraitUnlessTheTraitsNameOne() {
        InternalEvent fromContext = only(SegmentTranslator.Call.IDENTIFY, """
                {"userId":"C3","messageId":"m-5","timestamp":"2026-11-23T10:00:00Z",
                 "traits":{"email":"di@example.com"},"context":{"locale":"de-AT"}}""");
        InternalEvent ownTrait = only(SegmentTranslator.Call.IDENTIFY, """
                {"userId":"C3","messageId":"m-6","timestamp":"2026-11-23T10:00:00Z",
                 "traits":{"email":"di@example.com","locale":"fr-FR"},"context":{"locale":"de-AT"}}""");

        assertThat(fromContext.json()).contains("\"traits\":{\"locale\":\"de-AT\"}");
        assertThat(ownTrait.json()).contains("\"traits\":{\"locale\":\"fr-FR\"}");
    }

    @Test
    void aliasPageCartAndCheckoutFollowTheContract() {
        assertThat(only(SegmentTranslator.Call.ALIAS, """
                {"userId":"C3","previousId":"a-9","messageId":"m-5","timestamp":"2026-11-23T10:00:00Z"}""").json())
                .isEqualTo("{\"eventId\":\"m-5\",\"type\":\"customer_aliased\",\"customerId\":\"C3\","
                        + "\"timestamp\":\"2026-11-23T10:00:00Z\",\"previousId\":\"a-9\"}");
        assertThat(only(SegmentTranslator.Call.PAGE, """
                {"userId":"C3","name":"Home","messageId":"m-6","timestamp":"2026-11-23T10:00:00Z",
                 "properties":{"url":"https://shop.example/"}}""").json())
                .isEqualTo("{\"eventId\":\"m-6\",\"type\":\"page_viewed\",\"customerId\":\"C3\","
                        + "\"timestamp\":\"2026-11-23T10:00:00Z\",\"url\":\"https://shop.example/\",\"pageName\":\"Home\"}");
        assertThat(only(SegmentTranslator.Call.TRACK, """
                {"event":"Cart Viewed","userId":"C3","messageId":"m-7","timestamp":"2026-11-23T10:00:00Z"}""").json())
                .isEqualTo("{\"eventId\":\"m-7\",\"type\":\"cart_viewed\",\"customerId\":\"C3\","
                        + "\"timestamp\":\"2026-11-23T10:00:00Z\"}");
        assertThat(only(SegmentTranslator.Call.TRACK, """
                {"event":"Checkout Started","userId":"C3","messageId":"m-8","timestamp":"2026-11-23T10:00:00Z",
                 "context":{"page":{"url":"https://shop.example/checkout"}},
                 "properties":{"checkout_id":"k-1","currency":"EUR","products":[{"sku":"S1","price":2,"quantity":3}]}}""").json())
                .isEqualTo("{\"eventId\":\"m-8\",\"type\":\"checkout_started\",\"customerId\":\"C3\","
                        + "\"timestamp\":\"2026-11-23T10:00:00Z\",\"cartId\":\"k-1\",\"currency\":\"EUR\","
                        + "\"items\":[{\"productId\":\"S1\",\"quantity\":3,\"price\":2}],\"total\":6,"
                        + "\"url\":\"https://shop.example/checkout\"}");
    }

    @Test
    void withoutMessageIdTheSameBodyGetsTheSameEventId() {
        String body = "{\"event\":\"Cart Viewed\",\"userId\":\"C4\",\"timestamp\":\"2026-11-23T10:00:00Z\"}";
        String first = only(SegmentTranslator.Call.TRACK, body).eventId();

        assertThat(only(SegmentTranslator.Call.TRACK, body).eventId()).isEqualTo(first).startsWith("content-");
        assertThat(only(SegmentTranslator.Call.TRACK, body.replace("C4", "C5")).eventId()).isNotEqualTo(first);
    }

    @Test
    void timestampDefaultsToReceiveTime() {
        assertThat(only(SegmentTranslator.Call.TRACK, "{\"event\":\"Cart Viewed\",\"userId\":\"C4\",\"messageId\":\"x\"}")
                .json()).contains("\"timestamp\":\"2026-11-23T12:00:00Z\"");
    }

    @Test
    void trackEventsHeraldDoesNotUseAreReportedAsIgnored() {
        Translation t = translate(SegmentTranslator.Call.TRACK,
                "{\"event\":\"Button Clicked\",\"userId\":\"C1\",\"messageId\":\"m\"}");

        assertThat(t.events()).isEmpty();
        assertThat(t.ignored()).containsExactly("track event 'Button Clicked' is not used by Herald");
    }

    @Test
    void batchTranslatesEveryItemInOrder() {
        Translation t = translate(SegmentTranslator.Call.BATCH, """
                {"batch":[{"type":"identify","userId":"C1","messageId":"b1","traits":{"email":"a@example.com"}},
                          {"type":"track","event":"Cart Viewed","userId":"C1","messageId":"b2"},
                          {"type":"screen","userId":"C1","messageId":"b3"},
                          {"type":"page","userId":"C1","messageId":"b4"}]}""");

        assertThat(t.events()).extracting(InternalEvent::eventId).containsExactly("b1", "b2", "b4");
        assertThat(t.ignored()).containsExactly("batch[2]: screen calls are not used by Herald");
    }

    @Test
    void oneBadItemRefusesTheWholeBatchNamingIt() {
        assertThatThrownBy(() -> translate(SegmentTranslator.Call.BATCH, """
                {"batch":[{"type":"track","event":"Cart Viewed","userId":"C1","messageId":"b1"},
                          {"type":"track","event":"Cart Viewed","userId":"C1","messageId":"b 2"}]}"""))
                .isInstanceOfSatisfying(IngestRejection.class, r -> {
                    assertThat(r.status()).isEqualTo(400);
                    assertThat(r.reason()).isEqualTo("field 'batch[1].messageId' may only contain letters, digits and"
                            + " . _ : @ / - and must start with a letter or digit");
                });
    }

    @Test
    void orderWithoutEmailIsRefusedAtTheEdgeNotDeadLetteredLater() {
        assertRejected(400, "track 'Order Completed' needs the customer's email in 'properties.email' or"
                + " 'context.traits.email'", SegmentTranslator.Call.TRACK, """
                {"event":"Order Completed","userId":"C1","messageId":"m","properties":{"order_id":"o",
                 "products":[{"product_id":"p","price":1}]}}""");
    }

    @Test
    void engineParserRulesApplyToKnownTypes() {
        // EventParser caps eventIds at 100 characters and refuses a blank customer id pattern; here a name with
        // a line break, which both the edge and the engine refuse
        assertRejected(400, "field 'properties.name' must not contain line breaks or control characters",
                SegmentTranslator.Call.TRACK, """
                {"event":"Signed Up","userId":"C1","messageId":"m","properties":{"email":"a@example.com","name":"A\\nB"}}""");
    }

    @Test
    void refusalsNameTheField() {
        assertRejected(400, "either 'userId' or 'anonymousId' is required", SegmentTranslator.Call.TRACK,
                "{\"event\":\"Cart Viewed\",\"messageId\":\"m\"}");
        assertRejected(400, "field 'userId' must be a string or a whole number, got boolean", SegmentTranslator.Call.TRACK,
                "{\"event\":\"Cart Viewed\",\"userId\":true}");
        assertRejected(400, "field 'properties.price' must be a number, got string", SegmentTranslator.Call.TRACK,
                "{\"event\":\"Product Viewed\",\"userId\":\"C\",\"properties\":{\"product_id\":\"p\",\"price\":\"1\"}}");
        assertRejected(400, "field 'properties.name' must not contain markup (< or >)", SegmentTranslator.Call.TRACK,
                "{\"event\":\"Product Viewed\",\"userId\":\"C\",\"properties\":{\"product_id\":\"p\",\"name\":\"<script>\"}}");
        assertRejected(400, "body must be a JSON object, got array", SegmentTranslator.Call.TRACK, "[]");
        assertRejected(400, "missing field 'previousId'", SegmentTranslator.Call.ALIAS, "{\"userId\":\"C\"}");
    }

    @Test
    void malformedAndDeepJsonIsRefused() {
        assertThatThrownBy(() -> translate(SegmentTranslator.Call.TRACK, "{\"event\":"))
                .isInstanceOfSatisfying(IngestRejection.class, r -> assertThat(r.reason()).startsWith("malformed JSON: "));
        String deep = "{\"a\":".repeat(100) + "1" + "}".repeat(100);
        assertThatThrownBy(() -> translate(SegmentTranslator.Call.TRACK, deep))
                .isInstanceOfSatisfying(IngestRejection.class, r -> assertThat(r.reason())
                        .startsWith("malformed JSON: ").contains("nesting depth"));
        assertThatThrownBy(() -> translate(SegmentTranslator.Call.TRACK, "{\"userId\":\"a\",\"userId\":\"b\"}"))
                .isInstanceOfSatisfying(IngestRejection.class, r -> assertThat(r.reason()).contains("Duplicate field"));
    }

    @Test
    void bodiesOverTheLimitsAre413() {
        byte[] big = new byte[SegmentTranslator.MAX_EVENT_BYTES + 1];
        assertThatThrownBy(() -> translator.translate(SegmentTranslator.Call.TRACK, big))
                .isInstanceOfSatisfying(IngestRejection.class, r -> assertThat(r.status()).isEqualTo(413));
        String item = "{\"type\":\"track\",\"event\":\"Cart Viewed\",\"userId\":\"C\",\"pad\":\""
                + "x".repeat(SegmentTranslator.MAX_EVENT_BYTES) + "\"}";
        assertThatThrownBy(() -> translate(SegmentTranslator.Call.BATCH, "{\"batch\":[" + item + "]}"))
                .isInstanceOfSatisfying(IngestRejection.class, r -> {
                    assertThat(r.status()).isEqualTo(413);
                    assertThat(r.reason()).startsWith("batch[0]: the event is ");
                });
    }

    private void assertRejected(int status, String reason, SegmentTranslator.Call call, String json) {
        assertThatThrownBy(() -> translate(call, json)).isInstanceOfSatisfying(IngestRejection.class, r -> {
            assertThat(r.reason()).isEqualTo(reason);
            assertThat(r.status()).isEqualTo(status);
        });
    }
}
