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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
 * {@code customer_signed_up} events carry the same customer fields and no order fields. Every event may add
 * {@code anonymousId}; the Segment-derived types ({@code customer_identified}, {@code customer_aliased},
 * {@code page_viewed}, {@code product_viewed}, {@code product_added}, {@code cart_viewed},
 * {@code checkout_started}) make {@code email} and {@code name} optional and add their own fields (README,
 * "Event format").
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
    static final int MAX_TRAITS = 100;
    static final int MAX_TRAIT_TEXT = 400;
    static final BigDecimal MAX_TRAIT_NUMBER = new BigDecimal("1E15");
    static final int MAX_URL_LENGTH = 2000;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@/-]*");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s\"<>,;()\\[\\]\\\\]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern TRAIT_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,99}");

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
        String anonymousId = f.optionalText("anonymousId", MAX_ID_LENGTH);
        if (!anonymousId.isEmpty() && !ID.matcher(anonymousId).matches()) {
            throw f.invalid("field 'anonymousId' may only contain letters, digits and . _ : @ / -");
        }
        // signups and orders always name the address; the other types may not know it yet (anonymous visitors)
        boolean emailRequired = type == EventType.CUSTOMER_SIGNED_UP || type == EventType.ORDER_COMPLETED;
        String email = f.text("email", MAX_EMAIL_LENGTH, emailRequired);
        if (!email.isEmpty() && !EMAIL.matcher(email).matches()) {
            throw f.invalid("field 'email' is not an email address");
        }
        String name = f.optionalText("name", MAX_NAME_LENGTH);
        if (name.chars().anyMatch(c -> c == '\r' || c == '\n')) {
            throw f.invalid("field 'name' must not contain line breaks");
        }
        Instant occurredAt = f.instant("timestamp");
        return switch (type) {
            case CUSTOMER_SIGNED_UP -> new CustomerSignedUp(eventId, customerId, email, name, occurredAt, anonymousId);
            case ORDER_COMPLETED -> order(f, eventId, customerId, email, name, occurredAt, anonymousId);
            case SEGMENT_CHANGED -> throw f.invalid("event type 'segment_changed' is produced by Herald itself"
                    + " from its segment_change table and is not accepted from outside");
            case CAMPAIGN_SCHEDULED -> throw f.invalid("event type 'campaign_scheduled' is produced by Herald itself"
                    + " when a scheduled campaign's time comes and is not accepted from outside");
            case CUSTOMER_IDENTIFIED -> new CustomerIdentified(eventId, customerId, anonymousId, email, name,
                    traits(f), consent(f), occurredAt);
            case CUSTOMER_ALIASED -> aliased(f, eventId, customerId, anonymousId, occurredAt);
            case PAGE_VIEWED -> new PageViewed(eventId, customerId, anonymousId, email, name, url(f, "url"),
                    f.singleLine("pageName", MAX_NAME_LENGTH), occurredAt);
            case PRODUCT_VIEWED, PRODUCT_ADDED -> product(f, type, eventId, customerId, anonymousId, email, name,
                    occurredAt);
            case CART_VIEWED -> new CartViewed(eventId, customerId, anonymousId, email, name,
                    optionalId(f, "cartId"), occurredAt);
            case CHECKOUT_STARTED -> checkout(f, eventId, customerId, anonymousId, email, name, occurredAt);
        };
    }

    private static CustomerAliased aliased(Fields f, String eventId, String customerId, String anonymousId,
                                           Instant occurredAt) {
        String previousId = f.requiredText("previousId", MAX_ID_LENGTH);
        if (!ID.matcher(previousId).matches()) {
            throw f.invalid("field 'previousId' may only contain letters, digits and . _ : @ / -");
        }
        if (previousId.equals(customerId)) {
            throw f.invalid("field 'previousId' names the same id as 'customerId'");
        }
        return new CustomerAliased(eventId, customerId, previousId, anonymousId, occurredAt);
    }

    /** Traits: a flat object of string, number or boolean values; consent goes through 'consent' only. */
    private static Map<String, Object> traits(Fields f) {
        JsonNode node = f.root.get("traits");
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw f.invalid("field 'traits' must be an object, got " + kind(node));
        }
        if (node.size() > MAX_TRAITS) {
            throw f.invalid("field 'traits' holds " + node.size() + " traits, over the limit of " + MAX_TRAITS);
        }
        Map<String, Object> traits = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> trait = fields.next();
            String key = trait.getKey();
            if (!TRAIT_NAME.matcher(key).matches()) {
                throw f.invalid("trait name '" + printable(key) + "' must be 1 to 100 letters, digits or _ . -,"
                        + " starting with a letter");
            }
            if (key.toLowerCase(Locale.ROOT).startsWith("consent")) {
                throw f.invalid("trait '" + key + "' is not accepted: state consent in the 'consent' object");
            }
            JsonNode value = trait.getValue();
            String at = "traits." + key;
            if (value.isTextual()) {
                String text = value.textValue().strip();
                if (text.length() > MAX_TRAIT_TEXT) {
                    throw f.invalid("field '" + at + "' is " + text.length() + " characters long, over the limit of "
                            + MAX_TRAIT_TEXT);
                }
                if (text.chars().anyMatch(Character::isISOControl)) {
                    throw f.invalid("field '" + at + "' must not contain control characters or line breaks");
                }
                traits.put(key, text);
            } else if (value.isNumber()) {
                BigDecimal number = value.decimalValue();
                if (number.abs().compareTo(MAX_TRAIT_NUMBER) >= 0) {
                    throw f.invalid("field '" + at + "' is out of range");
                }
                traits.put(key, number);
            } else if (value.isBoolean()) {
                traits.put(key, value.booleanValue());
            } else if (!value.isNull()) {
                throw f.invalid("field '" + at + "' must be a string, number or boolean, got " + kind(value));
            }
        }
        return traits;
    }

    private static Optional<CustomerIdentified.Consent> consent(Fields f) {
        JsonNode node = f.root.get("consent");
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw f.invalid("field 'consent' must be an object, got " + kind(node));
        }
        Fields c = new Fields(node, f.eventId, "consent.");
        JsonNode marketing = node.get("marketing");
        if (marketing == null || marketing.isNull()) {
            throw f.invalid("missing field 'consent.marketing'");
        }
        if (!marketing.isBoolean()) {
            throw f.invalid("field 'consent.marketing' must be true or false, got " + kind(marketing));
        }
        String source = c.singleLine("source", 50);
        return Optional.of(new CustomerIdentified.Consent(marketing.booleanValue(),
                source.isEmpty() ? "identify" : source));
    }

    private static ProductActivity product(Fields f, EventType type, String eventId, String customerId,
                                           String anonymousId, String email, String name, Instant occurredAt) {
        String productId = f.requiredText("productId", MAX_ID_LENGTH);
        String productName = f.singleLine("productName", MAX_NAME_LENGTH);
        BigDecimal price = f.root.hasNonNull("price") ? f.nonNegativeNumber("price") : null;
        int quantity = f.root.hasNonNull("quantity") ? quantity(f, f.root.get("quantity"), "quantity") : 1;
        return new ProductActivity(type, eventId, customerId, anonymousId, email, name, productId, productName, price,
                quantity, occurredAt);
    }

    private CheckoutStarted checkout(Fields f, String eventId, String customerId, String anonymousId, String email,
                                     String name, Instant occurredAt) {
        String currency = currency(f);
        BigDecimal total = f.nonNegativeNumber("total");
        JsonNode itemsNode = f.root.get("items");
        List<OrderCompleted.OrderItem> items = itemsNode == null || itemsNode.isNull() ? List.of() : items(f, itemsNode);
        return new CheckoutStarted(eventId, customerId, anonymousId, email, name, optionalId(f, "cartId"), currency,
                total, items, url(f, "url"), occurredAt);
    }

    private static String optionalId(Fields f, String field) {
        String id = f.optionalText(field, MAX_ID_LENGTH);
        if (!id.isEmpty() && !ID.matcher(id).matches()) {
            throw f.invalid("field '" + field + "' may only contain letters, digits and . _ : @ / -");
        }
        return id;
    }

    /** A URL is only stored, never followed; it may be relative but holds no spaces or control characters. */
    private static String url(Fields f, String field) {
        String url = f.optionalText(field, MAX_URL_LENGTH);
        if (url.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw f.invalid("field '" + field + "' must not contain spaces or control characters");
        }
        return url;
    }

    private static String currency(Fields f) {
        String currency = f.optionalText("currency", 3);
        if (currency.isEmpty()) {
            return "GBP";
        }
        if (!CURRENCY.matcher(currency).matches()) {
            throw f.invalid("field 'currency' must be a three-letter ISO 4217 code such as GBP");
        }
        return currency;
    }

    private static int quantity(Fields f, JsonNode q, String at) {
        if (!q.isIntegralNumber() || !q.canConvertToInt() || q.intValue() <= 0 || q.intValue() > MAX_QUANTITY) {
            throw f.invalid("field '" + at + "' must be a whole number from 1 to " + MAX_QUANTITY + ", got " + q);
        }
        return q.intValue();
    }

    private static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        StringBuilder b = new StringBuilder();
        cut.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    private OrderCompleted order(Fields f, String eventId, String customerId, String email, String name,
                                 Instant occurredAt, String anonymousId) {
        String orderId = f.requiredText("orderId", MAX_ID_LENGTH);
        String currency = currency(f);
        JsonNode itemsNode = f.root.get("items");
        if (itemsNode == null || itemsNode.isNull()) {
            throw f.invalid("missing field 'items'");
        }
        List<OrderCompleted.OrderItem> items = items(f, itemsNode);
        if (items.isEmpty()) {
            throw f.invalid("field 'items' must hold at least one item");
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (OrderCompleted.OrderItem item : items) {
            sum = sum.add(item.unitPrice().multiply(BigDecimal.valueOf(item.quantity())));
        }
        BigDecimal total = f.nonNegativeNumber("total");
        if (total.subtract(sum).abs().compareTo(TOTAL_TOLERANCE) > 0) {
            throw f.invalid("field 'total' is " + total.toPlainString() + " but the items add up to "
                    + sum.toPlainString());
        }
        return new OrderCompleted(eventId, customerId, email, name, orderId, currency, items, total, occurredAt,
                anonymousId);
    }

    /** Order and checkout items: productId, optional name, quantity 1..MAX_QUANTITY, non-negative price. */
    private static List<OrderCompleted.OrderItem> items(Fields f, JsonNode itemsNode) {
        if (!itemsNode.isArray()) {
            throw f.invalid("field 'items' must be an array, got " + kind(itemsNode));
        }
        if (itemsNode.size() > MAX_ITEMS) {
            throw f.invalid("field 'items' holds " + itemsNode.size() + " items, over the limit of " + MAX_ITEMS);
        }
        List<OrderCompleted.OrderItem> items = new ArrayList<>();
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
            int quantity = quantity(f, q, at + ".quantity");
            BigDecimal price = itemFields.nonNegativeNumber("price");
            items.add(new OrderCompleted.OrderItem(productId, productName, quantity, price));
        }
        return items;
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

        /** Optional text without line breaks. */
        String singleLine(String field, int maxLength) {
            String value = text(field, maxLength, false);
            if (value.chars().anyMatch(c -> c == '\r' || c == '\n')) {
                throw invalid("field '" + prefix + field + "' must not contain line breaks");
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
