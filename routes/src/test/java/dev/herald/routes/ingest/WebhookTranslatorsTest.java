package dev.herald.routes.ingest;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Shopify and HubSpot payloads become internal events; signatures and keys are compared safely. */
class WebhookTranslatorsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);

    static final String SHOPIFY_ORDER = """
            {"id":820982911946154508,"email":"jon@example.com","created_at":"2026-11-23T10:15:30-05:00",
             "currency":"USD","total_price":"398.00",
             "customer":{"id":115310627314723954,"email":"jon@example.com","first_name":"Jon","last_name":"Snow"},
             "line_items":[{"id":1,"product_id":632910392,"title":"IPod Nano - 8GB","quantity":2,"price":"199.00"}]}""";

    @Test
    void shopifyOrderBecomesOrderCompleted() {
        Translation t = new ShopifyTranslator(CLOCK).translate("orders/create", SHOPIFY_ORDER.getBytes(StandardCharsets.UTF_8));

        assertThat(t.events()).singleElement().satisfies(e -> {
            assertThat(e.channel()).isEqualTo(Channel.COMMERCE);
            assertThat(e.json()).isEqualTo("{\"eventId\":\"shopify-order-820982911946154508\",\"type\":\"order_completed\","
                    + "\"customerId\":\"shopify:115310627314723954\",\"timestamp\":\"2026-11-23T15:15:30Z\","
                    + "\"email\":\"jon@example.com\",\"name\":\"Jon Snow\",\"orderId\":\"shopify-820982911946154508\","
                    + "\"currency\":\"USD\",\"items\":[{\"productId\":\"632910392\",\"name\":\"IPod Nano - 8GB\","
                    + "\"quantity\":2,\"price\":199.00}],\"total\":398.00}");
        });
    }

    @Test
    void shopifyCheckoutUpdateBecomesCheckoutStartedKeyedByUpdateTime() {
        String checkout = """
                {"id":450789469,"token":"2a1ace52255252df566b","updated_at":"2026-11-23T11:00:00Z","currency":"USD",
                 "email":"jon@example.com","customer":{"id":7,"first_name":"Jon","last_name":"Snow"},
                 "abandoned_checkout_url":"https://shop.example/checkouts/2a1a/recover",
                 "line_items":[{"variant_id":39072856,"title":"Nano","quantity":1,"price":"199.00"}]}""";

        InternalEvent e = new ShopifyTranslator(CLOCK).translate("checkouts/update",
                checkout.getBytes(StandardCharsets.UTF_8)).events().get(0);

        assertThat(e.json()).isEqualTo("{\"eventId\":\"shopify-checkout-450789469-1795431600\","
                + "\"type\":\"checkout_started\",\"customerId\":\"shopify:7\",\"timestamp\":\"2026-11-23T11:00:00Z\","
                + "\"email\":\"jon@example.com\",\"name\":\"Jon Snow\",\"cartId\":\"2a1ace52255252df566b\","
                + "\"currency\":\"USD\",\"items\":[{\"productId\":\"39072856\",\"name\":\"Nano\",\"quantity\":1,"
                + "\"price\":199.00}],\"total\":199.00,\"url\":\"https://shop.example/checkouts/2a1a/recover\"}");
    }

    @Test
    void shopifyTopicsAndGuestCheckoutsHeraldCannotUseAreIgnoredNotRefused() {
        ShopifyTranslator shopify = new ShopifyTranslator(CLOCK);

        assertThat(shopify.translate("products/update", "{\"id\":1}".getBytes(StandardCharsets.UTF_8)).ignored())
                .containsExactly("topic 'products/update' is not used by Herald");
        assertThat(shopify.translate("checkouts/update", "{\"id\":5}".getBytes(StandardCharsets.UTF_8)).ignored())
                .containsExactly("checkouts/update 5 has no customer yet");
    }

    @Test
    void hubSpotPropertyChangesBecomeIdentifiesWithConsentFromOptOut() {
        String body = """
                [{"eventId":100,"subscriptionType":"contact.propertyChange","objectId":123,"occurredAt":1795431600000,
                  "propertyName":"hs_email_optout","propertyValue":"true"},
                 {"eventId":101,"subscriptionType":"contact.propertyChange","objectId":123,"occurredAt":1795431600000,
                  "propertyName":"email","propertyValue":"kim@example.com"},
                 {"eventId":102,"subscriptionType":"contact.propertyChange","objectId":123,"occurredAt":1795431600000,
                  "propertyName":"lifecyclestage","propertyValue":"customer"},
                 {"eventId":103,"subscriptionType":"deal.creation","objectId":9}]""";

        Translation t = new HubSpotTranslator(CLOCK).translate(body.getBytes(StandardCharsets.UTF_8));

        assertThat(t.events()).extracting(InternalEvent::json).containsExactly(
                "{\"eventId\":\"hubspot-100\",\"type\":\"customer_identified\",\"customerId\":\"hubspot:123\","
                        + "\"timestamp\":\"2026-11-23T11:00:00Z\",\"consent\":{\"marketing\":false,\"source\":\"hubspot\"},"
                        + "\"traits\":{}}",
                "{\"eventId\":\"hubspot-101\",\"type\":\"customer_identified\",\"customerId\":\"hubspot:123\","
                        + "\"timestamp\":\"2026-11-23T11:00:00Z\",\"email\":\"kim@example.com\",\"traits\":{}}",
                "{\"eventId\":\"hubspot-102\",\"type\":\"customer_identified\",\"customerId\":\"hubspot:123\","
                        + "\"timestamp\":\"2026-11-23T11:00:00Z\",\"traits\":{\"lifecyclestage\":\"customer\"}}");
        assertThat(t.ignored()).containsExactly("[3]: subscription type 'deal.creation' is not used by Herald");
        assertThat(t.events()).allSatisfy(e -> assertThat(e.channel()).isEqualTo(Channel.CRM));
    }

    @Test
    void hubSpotRefusesAnObjectBody() {
        assertThatThrownBy(() -> new HubSpotTranslator(CLOCK).translate("{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(IngestRejection.class, r -> assertThat(r.reason())
                        .isEqualTo("body must be a JSON array of notifications, got object"));
    }

    @Test
    void basicUserIsTheApiKeyAndComparisonIsExact() {
        String header = "Basic " + Base64.getEncoder().encodeToString("wk_123:".getBytes(StandardCharsets.UTF_8));

        assertThat(Secrets.basicUser(header)).isEqualTo("wk_123");
        assertThat(Secrets.sameSecret(Secrets.basicUser(header), "wk_123")).isTrue();
        assertThat(Secrets.sameSecret("wk_12", "wk_123")).isFalse();
        assertThat(Secrets.sameSecret("", "")).isFalse();
        assertThat(Secrets.basicUser("Bearer wk_123")).isNull();
        assertThat(Secrets.basicUser("Basic !!!")).isNull();
    }

    @Test
    void hmacSignaturesVerifyOnlyTheExactBody() {
        byte[] body = SHOPIFY_ORDER.getBytes(StandardCharsets.UTF_8);
        String signature = Base64.getEncoder().encodeToString(Secrets.hmacSha256("s3cret", body));

        assertThat(Secrets.validBase64Hmac("s3cret", body, signature)).isTrue();
        assertThat(Secrets.validBase64Hmac("other", body, signature)).isFalse();
        assertThat(Secrets.validBase64Hmac("s3cret", (SHOPIFY_ORDER + " ").getBytes(StandardCharsets.UTF_8), signature))
                .isFalse();
        assertThat(Secrets.validBase64Hmac("s3cret", body, "not base64!")).isFalse();
    }
}
