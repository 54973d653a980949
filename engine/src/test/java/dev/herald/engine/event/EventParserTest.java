package dev.herald.engine.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class EventParserTest {

    private static final Set<EventType> ANY = EnumSet.allOf(EventType.class);
    private static final Set<EventType> CRM_ONLY = EnumSet.of(EventType.CUSTOMER_SIGNED_UP);

    private static final String ORDER = """
            {"eventId":"evt-1","type":"order_completed","customerId":"cust-1","email":"ada@example.com",
             "name":"Ada Lovelace","orderId":"ord-1","currency":"EUR",
             "items":[{"productId":"p-1","name":"Tea","quantity":2,"price":3.5},
                      {"productId":"p-2","quantity":1,"price":0}],
             "total":7.0,"timestamp":"2026-11-23T10:15:30Z"}
            """;

    private static final String SIGNUP = """
            {"eventId":"evt-2","type":"customer_signed_up","customerId":"cust-2","email":"grace@example.org",
             "name":"Grace Hopper","timestamp":"2026-11-23T09:00:00Z"}
            """;

    private final ObjectMapper mapper = new ObjectMapper();
    private final EventParser parser = new EventParser();

    // ---- accepted events --------------------------------------------------------------------------------

    @Test
    void parsesOrderCompletedWithItemsAndTotal() {
        CustomerEvent event = parser.parse(bytes(ORDER), ANY);

        assertThat(event).isInstanceOf(OrderCompleted.class);
        OrderCompleted order = (OrderCompleted) event;
        assertThat(order.type()).isEqualTo(EventType.ORDER_COMPLETED);
        assertThat(order.eventId()).isEqualTo("evt-1");
        assertThat(order.customerId()).isEqualTo("cust-1");
        assertThat(order.email()).isEqualTo("ada@example.com");
        assertThat(order.name()).isEqualTo("Ada Lovelace");
        assertThat(order.orderId()).isEqualTo("ord-1");
        assertThat(order.currency()).isEqualTo("EUR");
        assertThat(order.total()).isEqualByComparingTo("7.00");
        assertThat(order.occurredAt()).isEqualTo(Instant.parse("2026-11-23T10:15:30Z"));
        assertThat(order.items()).hasSize(2);
        OrderCompleted.OrderItem tea = order.items().get(0);
        assertThat(tea.productId()).isEqualTo("p-1");
        assertThat(tea.productName()).isEqualTo("Tea");
        assertThat(tea.quantity()).isEqualTo(2);
        assertThat(tea.unitPrice()).isEqualByComparingTo("3.5");
        OrderCompleted.OrderItem gift = order.items().get(1);
        assertThat(gift.productName()).as("an item without a name").isEmpty();
        assertThat(gift.unitPrice()).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @Test
    void parsesCustomerSignedUp() {
        CustomerEvent event = parser.parse(bytes(SIGNUP), ANY);

        assertThat(event).isEqualTo(new CustomerSignedUp("evt-2", "cust-2", "grace@example.org", "Grace Hopper",
                Instant.parse("2026-11-23T09:00:00Z")));
        assertThat(event.type()).isEqualTo(EventType.CUSTOMER_SIGNED_UP);
    }

    @Test
    void acceptsSignupOnTheCrmChannel() {
        assertThat(parser.parse(bytes(SIGNUP), CRM_ONLY)).isInstanceOf(CustomerSignedUp.class);
    }

    @Test
    void treatsMissingNameAsEmpty() {
        ObjectNode signup = signup();
        signup.remove("name");

        assertThat(parser.parse(bytes(signup), ANY).name()).isEmpty();
    }

    @Test
    void stripsSurroundingWhitespaceFromTextFields() {
        ObjectNode signup = signup();
        signup.put("email", "  grace@example.org ");
        signup.put("name", " Grace Hopper  ");

        CustomerEvent event = parser.parse(bytes(signup), ANY);

        assertThat(event.email()).isEqualTo("grace@example.org");
        assertThat(event.name()).isEqualTo("Grace Hopper");
    }

    @Test
    void defaultsCurrencyToPoundsSterling() {
        ObjectNode order = order();
        order.remove("currency");

        assertThat(((OrderCompleted) parser.parse(bytes(order), ANY)).currency()).isEqualTo("GBP");
    }

    @Test
    void acceptsTotalWithinOneCentOfTheItems() {
        ObjectNode order = order();
        order.put("total", new BigDecimal("7.01"));

        assertThat(((OrderCompleted) parser.parse(bytes(order), ANY)).total()).isEqualByComparingTo("7.01");
    }

    @Test
    void acceptsPayloadOfExactlyTheSizeLimit() {
        byte[] padded = padTo(ORDER, EventParser.MAX_PAYLOAD_BYTES);

        assertThat(padded).hasSize(EventParser.MAX_PAYLOAD_BYTES);
        assertThat(parser.parse(padded, ANY).eventId()).isEqualTo("evt-1");
    }

    // ---- rejected payloads (no event id readable) -------------------------------------------------------

    @Test
    void rejectsEmptyPayload() {
        assertThat(rejection(new byte[0], ANY).reason()).isEqualTo("empty payload");
        assertThat(rejection((byte[]) null, ANY).reason()).isEqualTo("empty payload");
        assertThat(rejection(bytes("   \n "), ANY).reason()).isEqualTo("empty payload");
    }

    @Test
    void rejectsMalformedJsonNamingLineAndColumn() {
        InvalidEventException e = rejection(bytes("{\n  \"eventId\": \"evt-1\",\n  \"type\": }"), ANY);

        assertThat(e.reason()).startsWith("malformed JSON").contains("line 3").contains("column ");
        assertThat(e.eventId()).as("the event id is not trusted from unparseable JSON").isEmpty();
    }

    @Test
    void rejectsSegmentChangedFromOutsideBecauseOnlyHeraldProducesIt() {
        InvalidEventException e = rejection(bytes(SIGNUP.replace("customer_signed_up", "segment_changed")), ANY);

        assertThat(e.reason()).isEqualTo("event type 'segment_changed' is produced by Herald itself from its"
                + " segment_change table and is not accepted from outside");
        assertThat(e.eventId()).contains("evt-2");
    }

    @Test
    void rejectsCampaignScheduledFromOutsideBecauseOnlyHeraldProducesIt() {
        InvalidEventException e = rejection(bytes(SIGNUP.replace("customer_signed_up", "campaign_scheduled")), ANY);

        assertThat(e.reason()).isEqualTo("event type 'campaign_scheduled' is produced by Herald itself when a"
                + " scheduled campaign's time comes and is not accepted from outside");
    }

    @Test
    void rejectsTrailingContentAfterTheObject() {
        InvalidEventException e = rejection(bytes(SIGNUP + " {}"), ANY);

        assertThat(e.reason()).startsWith("malformed JSON");
        assertThat(e.eventId()).isEmpty();
    }

    @Test
    void rejectsJsonThatIsNotAnObject() {
        assertThat(rejection(bytes("[" + SIGNUP + "]"), ANY).reason())
                .isEqualTo("payload must be a JSON object, got array");
        assertThat(rejection(bytes("\"evt-1\""), ANY).reason())
                .isEqualTo("payload must be a JSON object, got string");
    }

    @Test
    void rejectsPayloadOverTheSizeLimitNamingTheSize() {
        byte[] tooBig = padTo(ORDER, EventParser.MAX_PAYLOAD_BYTES + 1);

        InvalidEventException e = rejection(tooBig, ANY);

        assertThat(e.reason()).contains(String.valueOf(EventParser.MAX_PAYLOAD_BYTES + 1))
                .contains("limit of " + EventParser.MAX_PAYLOAD_BYTES + " bytes");
        assertThat(e.eventId()).isEmpty();
    }

    @Test
    void rejectsEventWithoutEventId() {
        ObjectNode order = order();
        order.remove("eventId");

        InvalidEventException e = rejection(order, ANY);

        assertThat(e.reason()).isEqualTo("missing field 'eventId'");
        assertThat(e.eventId()).isEmpty();
    }

    @Test
    void rejectsBlankEventId() {
        ObjectNode order = order();
        order.put("eventId", "   ");

        assertThat(rejection(order, ANY).reason()).isEqualTo("field 'eventId' must not be blank");
    }

    @Test
    void rejectsEventIdThatIsNotAString() {
        ObjectNode order = order();
        order.put("eventId", 42);

        InvalidEventException e = rejection(order, ANY);

        assertThat(e.reason()).isEqualTo("field 'eventId' must be a string, got number");
        assertThat(e.eventId()).isEmpty();
    }

    @Test
    void rejectsEventIdWithForbiddenCharacters() {
        ObjectNode order = order();
        order.put("eventId", "evt 1;drop");

        InvalidEventException e = rejection(order, ANY);

        assertThat(e.reason()).contains("'eventId'").contains("may only contain");
        assertThat(e.eventId()).contains("evt 1;drop");
    }

    // ---- rejected events (event id kept) ----------------------------------------------------------------

    @Test
    void rejectsEventWithoutCustomerId() {
        ObjectNode order = order();
        order.remove("customerId");

        assertRejected(order, ANY, "missing field 'customerId'");
    }

    @Test
    void rejectsCustomerIdThatIsNotAString() {
        ObjectNode signup = signup();
        signup.put("customerId", 1234);

        InvalidEventException e = rejection(signup, ANY);

        assertThat(e.reason()).isEqualTo("field 'customerId' must be a string, got number");
        assertThat(e.eventId()).contains("evt-2");
    }

    @Test
    void rejectsOrderWithoutEmail() {
        ObjectNode order = order();
        order.remove("email");

        assertRejected(order, ANY, "missing field 'email'");
    }

    @Test
    void rejectsSignupWithNullEmail() {
        ObjectNode signup = signup();
        signup.putNull("email");

        InvalidEventException e = rejection(signup, ANY);

        assertThat(e.reason()).isEqualTo("missing field 'email'");
        assertThat(e.eventId()).contains("evt-2");
    }

    @Test
    void rejectsInvalidEmail() {
        for (String bad : new String[] {"ada", "ada@", "ada@example", "ada lovelace@example.com",
                "ada@example.com>, eve@evil.com"}) {
            ObjectNode order = order();
            order.put("email", bad);

            assertThat(rejection(order, ANY).reason()).as(bad).isEqualTo("field 'email' is not an email address");
        }
    }

    @Test
    void rejectsUnknownEventType() {
        ObjectNode order = order();
        order.put("type", "order_refunded");

        assertRejected(order, ANY, "unknown event type 'order_refunded'");
    }

    @Test
    void rejectsEventWithoutType() {
        ObjectNode order = order();
        order.remove("type");

        assertRejected(order, ANY, "missing field 'type'");
    }

    @Test
    void rejectsEventTypeNotAcceptedOnThisChannel() {
        assertRejected(order(), CRM_ONLY, "event type 'order_completed' is not accepted on this channel");
    }

    @Test
    void rejectsOverlongName() {
        ObjectNode order = order();
        order.put("name", "A".repeat(201));

        assertRejected(order, ANY, "field 'name' is 201 characters long, over the limit of 200");
    }

    @Test
    void acceptsNameOfExactlyTheLengthLimit() {
        ObjectNode signup = signup();
        signup.put("name", "A".repeat(200));

        assertThat(parser.parse(bytes(signup), ANY).name()).hasSize(200);
    }

    @Test
    void rejectsNameWithLineBreak() {
        ObjectNode signup = signup();
        signup.put("name", "Grace\r\nBcc: everyone@example.com");

        assertThat(rejection(signup, ANY).reason()).isEqualTo("field 'name' must not contain line breaks");
    }

    @Test
    void rejectsOverlongCustomerId() {
        ObjectNode order = order();
        order.put("customerId", "c".repeat(101));

        assertRejected(order, ANY, "field 'customerId' is 101 characters long, over the limit of 100");
    }

    @Test
    void rejectsTimestampThatIsNotAnIsoInstant() {
        ObjectNode order = order();
        order.put("timestamp", "23/11/2026 10:15");

        InvalidEventException e = rejection(order, ANY);

        assertThat(e.reason()).contains("'timestamp'").contains("ISO-8601").contains("'23/11/2026 10:15'");
        assertThat(e.eventId()).contains("evt-1");
    }

    @Test
    void rejectsTimestampWithoutZone() {
        ObjectNode signup = signup();
        signup.put("timestamp", "2026-11-23T10:15:30");

        assertThat(rejection(signup, ANY).reason()).contains("ISO-8601");
    }

    @Test
    void rejectsEventWithoutTimestamp() {
        ObjectNode signup = signup();
        signup.remove("timestamp");

        assertThat(rejection(signup, ANY).reason()).isEqualTo("missing field 'timestamp'");
    }

    @Test
    void rejectsOrderWithoutOrderId() {
        ObjectNode order = order();
        order.remove("orderId");

        assertRejected(order, ANY, "missing field 'orderId'");
    }

    @Test
    void rejectsCurrencyThatIsNotAnIsoCode() {
        ObjectNode order = order();
        order.put("currency", "gbp");

        assertRejected(order, ANY, "field 'currency' must be a three-letter ISO 4217 code such as GBP");
    }

    @Test
    void rejectsQuantityGivenAsWord() {
        ObjectNode order = order();
        item(order, 0).put("quantity", "two");

        InvalidEventException e = rejection(order, ANY);

        assertThat(e.reason()).startsWith("field 'items[0].quantity' must be a whole number from 1 to")
                .endsWith("got \"two\"");
        assertThat(e.eventId()).contains("evt-1");
    }

    @Test
    void rejectsQuantityThatIsNotAPositiveWholeNumber() {
        for (String bad : new String[] {"0", "-1", "1.5", "1000001", "99999999999"}) {
            ObjectNode order = order();
            item(order, 1).set("quantity", read(bad));

            assertThat(rejection(order, ANY).reason()).as(bad)
                    .startsWith("field 'items[1].quantity' must be a whole number from 1 to 1000000");
        }
    }

    @Test
    void rejectsItemWithoutQuantity() {
        ObjectNode order = order();
        item(order, 0).remove("quantity");

        assertRejected(order, ANY, "missing field 'items[0].quantity'");
    }

    @Test
    void rejectsPriceGivenAsString() {
        ObjectNode order = order();
        item(order, 0).put("price", "3.50");

        assertRejected(order, ANY, "field 'items[0].price' must be a number, got string");
    }

    @Test
    void rejectsNegativePrice() {
        ObjectNode order = order();
        item(order, 1).put("price", new BigDecimal("-1.50"));
        order.put("total", new BigDecimal("5.50"));

        assertRejected(order, ANY, "field 'items[1].price' must not be negative, got -1.5");
    }

    @Test
    void rejectsNegativeTotal() {
        ObjectNode order = order();
        order.put("total", new BigDecimal("-7.0"));

        assertRejected(order, ANY, "field 'total' must not be negative, got -7");
    }

    @Test
    void rejectsItemWithoutProductId() {
        ObjectNode order = order();
        item(order, 1).remove("productId");

        assertRejected(order, ANY, "missing field 'items[1].productId'");
    }

    @Test
    void rejectsItemsThatAreNotAnArray() {
        ObjectNode order = order();
        order.set("items", item(order, 0));

        assertRejected(order, ANY, "field 'items' must be an array, got object");
    }

    @Test
    void rejectsItemThatIsNotAnObject() {
        ObjectNode order = order();
        ((ArrayNode) order.get("items")).set(1, mapper.getNodeFactory().textNode("p-2"));

        assertRejected(order, ANY, "field 'items[1]' must be an object, got string");
    }

    @Test
    void rejectsOrderWithEmptyItems() {
        ObjectNode order = order();
        order.putArray("items");
        order.put("total", 0);

        assertRejected(order, ANY, "field 'items' must hold at least one item");
    }

    @Test
    void rejectsOrderWithoutItems() {
        ObjectNode order = order();
        order.remove("items");

        assertRejected(order, ANY, "missing field 'items'");
    }

    @Test
    void rejectsOrderWithTooManyItems() {
        ObjectNode order = order();
        ArrayNode items = order.putArray("items");
        for (int i = 0; i < 1001; i++) {
            items.addObject().put("productId", "p-" + i).put("quantity", 1).put("price", 0);
        }
        order.put("total", 0);

        assertRejected(order, ANY, "field 'items' holds 1001 items, over the limit of 1000");
    }

    @Test
    void rejectsTotalThatDoesNotMatchTheItems() {
        ObjectNode order = order();
        order.put("total", new BigDecimal("10.00"));

        assertRejected(order, ANY, "field 'total' is 10 but the items add up to 7.0");
    }

    @Test
    void rejectsOrderWithoutTotal() {
        ObjectNode order = order();
        order.remove("total");

        assertRejected(order, ANY, "missing field 'total'");
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private void assertRejected(ObjectNode event, Set<EventType> accepted, String reason) {
        InvalidEventException e = rejection(event, accepted);
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.getMessage()).isEqualTo(reason);
        assertThat(e.eventId()).as("event id kept for the log").contains(event.get("eventId").textValue());
    }

    private InvalidEventException rejection(ObjectNode event, Set<EventType> accepted) {
        return rejection(bytes(event), accepted);
    }

    private InvalidEventException rejection(byte[] payload, Set<EventType> accepted) {
        InvalidEventException e = catchThrowableOfType(InvalidEventException.class,
                () -> parser.parse(payload, accepted));
        assertThat(e).as("payload should have been rejected").isNotNull();
        return e;
    }

    private ObjectNode order() {
        return read(ORDER);
    }

    private ObjectNode signup() {
        return read(SIGNUP);
    }

    private static ObjectNode item(ObjectNode order, int index) {
        return (ObjectNode) order.get("items").get(index);
    }

    private <T extends JsonNode> T read(String json) {
        try {
            @SuppressWarnings("unchecked")
            T node = (T) mapper.readTree(json);
            return node;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] bytes(ObjectNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** The JSON followed by as many spaces as it takes to reach {@code size} bytes. */
    private static byte[] padTo(String json, int size) {
        byte[] body = bytes(json);
        byte[] padded = new byte[size];
        System.arraycopy(body, 0, padded, 0, body.length);
        Arrays.fill(padded, body.length, size, (byte) ' ');
        return padded;
    }
}
