package dev.herald.engine.event;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the JSON of an incoming event into a {@link CustomerEvent}, or rejects it with a reason a person can
 * act on. Every check that can fail here is permanent: retrying the same bytes gives the same answer, so the
 * caller dead-letters the event instead of redelivering it.
 *
 * <p>Wire format (one JSON object):
 * <pre>
 * {"eventId":"…","type":"order_completed","customerId":"…","email":"…","name":"…",
 *  "orderId":"…","currency":"GBP","items":[{"productId":"…","name":"…","quantity":2,"price":3.5}],
 *  "total":7.0,"timestamp":"2026-11-23T10:15:30Z"}
 * </pre>
 * {@code customer_signed_up} events carry the same customer fields and no order fields.
 */
public final class EventParser {

    /** Largest event payload accepted, in bytes (256 KiB). */
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;
    static final int MAX_ID_LENGTH = 100;
    static final int MAX_NAME_LENGTH = 200;
    static final int MAX_EMAIL_LENGTH = 254;
    static final int MAX_ITEMS = 1000;
    static final int MAX_QUANTITY = 1_000_000;
    static final BigDecimal TOTAL_TOLERANCE = new BigDecimal("0.01");

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@/-]*");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s\"<>,;()\\[\\]\\\\]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private final ObjectMapper mapper = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * Parses and validates one event.
     *
     * @param payload  the raw bytes as received
     * @param accepted the event types this source may send (a CRM queue does not take orders)
     * @throws InvalidEventException with the first problem found
     */
    public CustomerEvent parse(byte[] payload, Set<EventType> accepted) {
        if (payload == null || payload.length == 0) {
            throw new InvalidEventException("empty payload", null);
        }
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new InvalidEventException("payload is " + payload.length + " bytes, over the limit of "
                    + MAX_PAYLOAD_BYTES + " bytes", null);
        }
        JsonNode root = readTree(payload);
        if (!root.isObject()) {
            throw new InvalidEventException("payload must be a JSON object, got " + kind(root), null);
        }
        String eventId = text(root, "eventId", MAX_ID_LENGTH, null, true);
        Fields f = new Fields(root, eventId);
        if (!ID.matcher(eventId).matches()) {
            throw f.invalid("field 'eventId' may only contain letters, digits and . _ : @ / -");
        }
        String typeName = f.requiredText("type", 50);
        EventType type = EventType.fromWireName(typeName)
                .orElseThrow(() -> f.invalid("unknown event type '" + typeName + "'"));
        if (!accepted.contains(type)) {
            throw f.invalid("event type '" + typeName + "' is not accepted on this channel");
        }
        String customerId = f.requiredText("customerId", MAX_ID_LENGTH);
        if (!ID.matcher(customerId).matches()) {
            throw f.invalid("field 'customerId' may only contain letters, digits and . _ : @ / -");
        }
        String email = f.requiredText("email", MAX_EMAIL_LENGTH);
        if (!EMAIL.matcher(email).matches()) {
            throw f.invalid("field 'email' is not an email address");
        }
        String name = f.optionalText("name", MAX_NAME_LENGTH);
        if (name.chars().anyMatch(c -> c == '\r' || c == '\n')) {
            throw f.invalid("field 'name' must not contain line breaks");
        }
        Instant occurredAt = f.instant("timestamp");
        return switch (type) {
            case CUSTOMER_SIGNED_UP -> new CustomerSignedUp(eventId, customerId, email, name, occurredAt);
            case ORDER_COMPLETED -> order(f, eventId, customerId, email, name, occurredAt);
            case SEGMENT_CHANGED -> throw f.invalid("event type 'segment_changed' is produced by Herald itself"
                    + " from its segment_change table and is not accepted from outside");
        };
    }

    private OrderCompleted order(Fields f, String eventId, String customerId, String email, String name,
                                 Instant occurredAt) {
        String orderId = f.requiredText("orderId", MAX_ID_LENGTH);
        String currency = f.optionalText("currency", 3);
        if (currency.isEmpty()) {
            currency = "GBP";
        } else if (!CURRENCY.matcher(currency).matches()) {
            throw f.invalid("field 'currency' must be a three-letter ISO 4217 code such as GBP");
        }
        JsonNode itemsNode = f.root.get("items");
        if (itemsNode == null || itemsNode.isNull()) {
            throw f.invalid("missing field 'items'");
        }
        if (!itemsNode.isArray()) {
            throw f.invalid("field 'items' must be an array, got " + kind(itemsNode));
        }
        if (itemsNode.isEmpty()) {
            throw f.invalid("field 'items' must hold at least one item");
        }
        if (itemsNode.size() > MAX_ITEMS) {
            throw f.invalid("field 'items' holds " + itemsNode.size() + " items, over the limit of " + MAX_ITEMS);
        }
        List<OrderCompleted.OrderItem> items = new ArrayList<>();
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < itemsNode.size(); i++) {
            JsonNode item = itemsNode.get(i);
            String at = "items[" + i + "]";
            if (!item.isObject()) {
                throw f.invalid("field '" + at + "' must be an object, got " + kind(item));
            }
            Fields itemFields = new Fields(item, f.eventId, at + ".");
            String productId = itemFields.requiredText("productId", MAX_ID_LENGTH);
            String productName = itemFields.optionalText("name", MAX_NAME_LENGTH);
            JsonNode q = item.get("quantity");
            if (q == null || q.isNull()) {
                throw f.invalid("missing field '" + at + ".quantity'");
            }
            if (!q.isIntegralNumber() || !q.canConvertToInt() || q.intValue() <= 0 || q.intValue() > MAX_QUANTITY) {
                throw f.invalid("field '" + at + ".quantity' must be a whole number from 1 to " + MAX_QUANTITY
                        + ", got " + q);
            }
            BigDecimal price = itemFields.nonNegativeNumber("price");
            sum = sum.add(price.multiply(BigDecimal.valueOf(q.intValue())));
            items.add(new OrderCompleted.OrderItem(productId, productName, q.intValue(), price));
        }
        BigDecimal total = f.nonNegativeNumber("total");
        if (total.subtract(sum).abs().compareTo(TOTAL_TOLERANCE) > 0) {
            throw f.invalid("field 'total' is " + total.toPlainString() + " but the items add up to "
                    + sum.toPlainString());
        }
        return new OrderCompleted(eventId, customerId, email, name, orderId, currency, items, total, occurredAt);
    }

    private JsonNode readTree(byte[] payload) {
        try {
            JsonNode node = mapper.readTree(payload);
            if (node == null || node.isMissingNode()) {
                throw new InvalidEventException("empty payload", null);
            }
            return node;
        } catch (JsonParseException e) {
            throw new InvalidEventException("malformed JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr(), null);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("malformed JSON: " + e.getOriginalMessage(), null);
        } catch (java.io.IOException e) {
            throw new InvalidEventException("unreadable payload: " + e.getMessage(), null);
        }
    }

    private static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase();
    }

    private static String text(JsonNode root, String field, int maxLength, String eventId, boolean required) {
        return new Fields(root, eventId).text(field, maxLength, required);
    }

    /** Field access with messages that name the field, its path and the event. */
    private static final class Fields {
        private final JsonNode root;
        private final String eventId;
        private final String prefix;

        Fields(JsonNode root, String eventId) {
            this(root, eventId, "");
        }

        Fields(JsonNode root, String eventId, String prefix) {
            this.root = root;
            this.eventId = eventId;
            this.prefix = prefix;
        }

        InvalidEventException invalid(String reason) {
            return new InvalidEventException(reason, eventId);
        }

        String requiredText(String field, int maxLength) {
            return text(field, maxLength, true);
        }

        String optionalText(String field, int maxLength) {
            return text(field, maxLength, false);
        }

        String text(String field, int maxLength, boolean required) {
            JsonNode node = root.get(field);
            if (node == null || node.isNull()) {
                if (required) {
                    throw invalid("missing field '" + prefix + field + "'");
                }
                return "";
            }
            if (!node.isTextual()) {
                throw invalid("field '" + prefix + field + "' must be a string, got " + kind(node));
            }
            String value = node.textValue().strip();
            if (required && value.isEmpty()) {
                throw invalid("field '" + prefix + field + "' must not be blank");
            }
            if (value.length() > maxLength) {
                throw invalid("field '" + prefix + field + "' is " + value.length()
                        + " characters long, over the limit of " + maxLength);
            }
            return value;
        }

        BigDecimal nonNegativeNumber(String field) {
            JsonNode node = root.get(field);
            if (node == null || node.isNull()) {
                throw invalid("missing field '" + prefix + field + "'");
            }
            if (!node.isNumber()) {
                throw invalid("field '" + prefix + field + "' must be a number, got " + kind(node));
            }
            BigDecimal value = node.decimalValue();
            if (value.signum() < 0) {
                throw invalid("field '" + prefix + field + "' must not be negative, got " + value.toPlainString());
            }
            return value;
        }

        Instant instant(String field) {
            String value = requiredText(field, 40);
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw invalid("field '" + prefix + field + "' must be an ISO-8601 instant such as "
                        + "2026-11-23T10:15:30Z, got '" + value + "'");
            }
        }
    }
}
