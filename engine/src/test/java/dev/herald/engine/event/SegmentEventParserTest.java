package dev.herald.engine.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The Segment-derived event types on the internal queue format: what they carry and what is refused. */
class SegmentEventParserTest {

    private static final Set<EventType> ANY = EnumSet.allOf(EventType.class);

    private static final String IDENTIFY = """
            {"eventId":"msg-1","type":"customer_identified","customerId":"cust-9","anonymousId":"a-77",
             "email":"Ann@Example.com","name":"Ann Smith","timestamp":"2026-11-23T10:00:00Z",
             "traits":{"country":"GB","plan":"gold","age":41,"vip":true,"nothing":null},
             "consent":{"marketing":false,"source":"preference-centre"}}
            """;

    private static final String CHECKOUT = """
            {"eventId":"msg-2","type":"checkout_started","customerId":"anon:a-77","timestamp":"2026-11-23T10:05:00Z",
             "cartId":"cart-5","currency":"EUR","total":12.5,"url":"https://shop.example/checkout",
             "items":[{"productId":"p-1","name":"Tea","quantity":2,"price":5}]}
            """;

    private final ObjectMapper mapper = new ObjectMapper();
    private final EventParser parser = new EventParser();

    @Test
    void parsesIdentifyWithTraitsConsentAndAnonymousId() {
        CustomerIdentified event = (CustomerIdentified) parser.parse(bytes(IDENTIFY), ANY);

        assertThat(event.customerId()).isEqualTo("cust-9");
        assertThat(event.anonymousId()).isEqualTo("a-77");
        assertThat(event.email()).isEqualTo("Ann@Example.com");
        assertThat(event.traits()).containsOnlyKeys("country", "plan", "age", "vip");
        assertThat(event.traits().get("age")).isEqualTo(new BigDecimal("41"));
        assertThat(event.traits().get("vip")).isEqualTo(true);
        assertThat(event.consent()).contains(new CustomerIdentified.Consent(false, "preference-centre"));
    }

    @Test
    void identifyNeedsNoEmailAndConsentSourceDefaultsToIdentify() {
        ObjectNode identify = read(IDENTIFY);
        identify.remove("email");
        ((ObjectNode) identify.get("consent")).remove("source");

        CustomerIdentified event = (CustomerIdentified) parser.parse(bytes(identify.toString()), ANY);

        assertThat(event.email()).isEmpty();
        assertThat(event.consent().orElseThrow().source()).isEqualTo("identify");
    }

    @Test
    void parsesAnonymousCheckoutWithItemsAndNoEmail() {
        CheckoutStarted checkout = (CheckoutStarted) parser.parse(bytes(CHECKOUT), ANY);

        assertThat(checkout.customerId()).isEqualTo("anon:a-77");
        assertThat(checkout.email()).isEmpty();
        assertThat(checkout.cartId()).isEqualTo("cart-5");
        assertThat(checkout.total()).isEqualByComparingTo("12.5");
        assertThat(checkout.items()).singleElement()
                .satisfies(i -> assertThat(i.productId()).isEqualTo("p-1"));
        assertThat(checkout.detail()).containsEntry("url", "https://shop.example/checkout");
    }

    @Test
    void parsesAliasPageProductAndCart() {
        CustomerAliased alias = (CustomerAliased) parser.parse(bytes("""
                {"eventId":"m3","type":"customer_aliased","customerId":"cust-9","previousId":"a-77",
                 "timestamp":"2026-11-23T10:00:00Z"}"""), ANY);
        assertThat(alias.previousId()).isEqualTo("a-77");

        PageViewed page = (PageViewed) parser.parse(bytes("""
                {"eventId":"m4","type":"page_viewed","customerId":"anon:a-77","url":"/teapots","pageName":"Teapots",
                 "timestamp":"2026-11-23T10:00:00Z"}"""), ANY);
        assertThat(page.detail()).isEqualTo(Map.of("url", "/teapots", "pageName", "Teapots"));

        ProductActivity added = (ProductActivity) parser.parse(bytes("""
                {"eventId":"m5","type":"product_added","customerId":"cust-9","productId":"p-1","productName":"Tea",
                 "price":2.5,"quantity":3,"timestamp":"2026-11-23T10:00:00Z"}"""), ANY);
        assertThat(added.type()).isEqualTo(EventType.PRODUCT_ADDED);
        assertThat(added.quantity()).isEqualTo(3);

        ProductActivity viewed = (ProductActivity) parser.parse(bytes("""
                {"eventId":"m6","type":"product_viewed","customerId":"cust-9","productId":"p-1",
                 "timestamp":"2026-11-23T10:00:00Z"}"""), ANY);
        assertThat(viewed.quantity()).as("quantity defaults to one").isEqualTo(1);
        assertThat(viewed.price()).isNull();

        CartViewed cart = (CartViewed) parser.parse(bytes("""
                {"eventId":"m7","type":"cart_viewed","customerId":"cust-9","timestamp":"2026-11-23T10:00:00Z"}"""), ANY);
        assertThat(cart.occurredAt()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
    }

    @Test
    void signupAndOrderStillRequireAnEmail() {
        ObjectNode signup = read("""
                {"eventId":"m8","type":"customer_signed_up","customerId":"c1","timestamp":"2026-11-23T10:00:00Z"}""");
        assertThat(rejection(signup).reason()).isEqualTo("missing field 'email'");
    }

    @Test
    void refusesNestedTraitValues() {
        ObjectNode identify = read(IDENTIFY);
        ((ObjectNode) identify.get("traits")).putObject("address").put("city", "Leeds");
        assertThat(rejection(identify).reason())
                .isEqualTo("field 'traits.address' must be a string, number or boolean, got object");
    }

    @Test
    void refusesConsentSmuggledInAsATrait() {
        ObjectNode identify = read(IDENTIFY);
        ((ObjectNode) identify.get("traits")).put("consent_email", "true");
        assertThat(rejection(identify).reason())
                .isEqualTo("trait 'consent_email' is not accepted: state consent in the 'consent' object");
    }

    @Test
    void refusesBadTraitNamesAndTextWithLineBreaks() {
        ObjectNode badName = read(IDENTIFY);
        ((ObjectNode) badName.get("traits")).put("'; drop table customer;--", "x");
        assertThat(rejection(badName).reason()).startsWith("trait name ''; drop table customer;--' must be");

        ObjectNode crlf = read(IDENTIFY);
        ((ObjectNode) crlf.get("traits")).put("plan", "gold\r\nBcc: x@example.com");
        assertThat(rejection(crlf).reason())
                .isEqualTo("field 'traits.plan' must not contain control characters or line breaks");
    }

    @Test
    void refusesConsentWithoutABooleanMarketingFlag() {
        ObjectNode identify = read(IDENTIFY);
        ((ObjectNode) identify.get("consent")).put("marketing", "yes");
        assertThat(rejection(identify).reason()).isEqualTo("field 'consent.marketing' must be true or false, got string");
    }

    @Test
    void refusesAliasToItselfOrWithoutPreviousId() {
        ObjectNode self = read("""
                {"eventId":"m9","type":"customer_aliased","customerId":"c1","previousId":"c1",
                 "timestamp":"2026-11-23T10:00:00Z"}""");
        assertThat(rejection(self).reason()).isEqualTo("field 'previousId' names the same id as 'customerId'");
        self.remove("previousId");
        assertThat(rejection(self).reason()).isEqualTo("missing field 'previousId'");
    }

    @Test
    void refusesBadAnonymousIdUrlAndCheckoutFields() {
        ObjectNode checkout = read(CHECKOUT);
        checkout.put("anonymousId", "<script>");
        assertThat(rejection(checkout).reason())
                .isEqualTo("field 'anonymousId' may only contain letters, digits and . _ : @ / -");

        checkout = read(CHECKOUT);
        checkout.put("url", "https://shop.example/a b");
        assertThat(rejection(checkout).reason()).isEqualTo("field 'url' must not contain spaces or control characters");

        checkout = read(CHECKOUT);
        checkout.put("total", -1);
        assertThat(rejection(checkout).reason()).isEqualTo("field 'total' must not be negative, got -1");

        checkout = read(CHECKOUT);
        ((ObjectNode) checkout.get("items").get(0)).put("quantity", 0);
        assertThat(rejection(checkout).reason())
                .isEqualTo("field 'items[0].quantity' must be a whole number from 1 to 1000000, got 0");
    }

    @Test
    void refusesProductEventWithoutProductIdOrWithAnInvalidEmail() {
        ObjectNode product = read("""
                {"eventId":"m10","type":"product_viewed","customerId":"c1","timestamp":"2026-11-23T10:00:00Z"}""");
        assertThat(rejection(product).reason()).isEqualTo("missing field 'productId'");
        product.put("productId", "p1");
        product.put("email", "not-an-address");
        assertThat(rejection(product).reason()).isEqualTo("field 'email' is not an email address");
    }

    @Test
    void profileAndActivityTypesAreGroupedForTheQueues() {
        assertThat(EventType.PROFILE).containsExactlyInAnyOrder(EventType.CUSTOMER_SIGNED_UP,
                EventType.CUSTOMER_IDENTIFIED, EventType.CUSTOMER_ALIASED);
        assertThat(EventType.ACTIVITY).containsExactlyInAnyOrder(EventType.PAGE_VIEWED, EventType.PRODUCT_VIEWED,
                EventType.PRODUCT_ADDED, EventType.CART_VIEWED, EventType.CHECKOUT_STARTED);
        assertThat(EventType.fromWireName("checkout_started")).contains(EventType.CHECKOUT_STARTED);
    }

    private InvalidEventException rejection(ObjectNode event) {
        InvalidEventException e = catchThrowableOfType(InvalidEventException.class,
                () -> parser.parse(bytes(event.toString()), ANY));
        assertThat(e).as("payload should have been rejected").isNotNull();
        assertThat(e.eventId()).contains(event.get("eventId").textValue());
        return e;
    }

    private ObjectNode read(String json) {
        try {
            return (ObjectNode) mapper.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
