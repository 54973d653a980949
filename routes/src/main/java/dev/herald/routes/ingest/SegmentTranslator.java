package dev.herald.routes.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns Segment HTTP tracking API calls ({@code track}, {@code identify}, {@code page}, {@code alias},
 * {@code batch}) into Herald's internal events, or refuses them with a reason. The Segment e-commerce names map
 * to internal types (Order Completed → {@code order_completed}, Checkout Started → {@code checkout_started}, …);
 * track events Herald has no use for are reported back as ignored rather than enqueued. A batch is all or
 * nothing: one bad item refuses the whole batch, naming the item.
 *
 * <p>Ids: {@code messageId} becomes the internal {@code eventId} (the idempotency key); without one, the id is
 * derived from the event's content, so a resent identical body is still processed once. The customer is the
 * {@code userId}, or {@code "anon:" + anonymousId} for an anonymous visitor.
 */
public final class SegmentTranslator {

    /** Largest single event body, and largest event inside a batch: 512 KiB. */
    public static final int MAX_EVENT_BYTES = 512 * 1024;
    /** Largest batch body: 4 MiB. */
    public static final int MAX_BATCH_BYTES = 4 * 1024 * 1024;
    /** Most events in one batch. */
    public static final int MAX_BATCH_ITEMS = 2000;
    static final int MAX_TRAITS = 100;
    static final int MAX_TRAIT_VALUE_LENGTH = 1000;
    static final int MAX_ITEMS = 1000;
    static final String ANONYMOUS_PREFIX = "anon:";

    /** The API's calls, by path. */
    public enum Call {
        TRACK("track"), IDENTIFY("identify"), PAGE("page"), ALIAS("alias"), BATCH("batch");

        private final String path;

        Call(String path) {
            this.path = path;
        }

        public String path() {
            return path;
        }

        /** The batch item {@code type}s, Segment's names. */
        static Call ofItemType(String type) {
            for (Call c : values()) {
                if (c != BATCH && c.path.equals(type)) {
                    return c;
                }
            }
            return null;
        }
    }

    /** Segment e-commerce event names (normalised: lower case, single spaces) → internal types. */
    private static final Map<String, String> TRACK_EVENTS = Map.of(
            "signed up", InternalTypes.CUSTOMER_SIGNED_UP,
            "order completed", InternalTypes.ORDER_COMPLETED,
            "product viewed", InternalTypes.PRODUCT_VIEWED,
            "product added", InternalTypes.PRODUCT_ADDED,
            "cart viewed", InternalTypes.CART_VIEWED,
            "checkout started", InternalTypes.CHECKOUT_STARTED);

    private final Clock clock;

    public SegmentTranslator(Clock clock) {
        this.clock = clock;
    }

    /** The body limit of a call: {@link #MAX_BATCH_BYTES} for a batch, {@link #MAX_EVENT_BYTES} otherwise. */
    public static int limitOf(Call call) {
        return call == Call.BATCH ? MAX_BATCH_BYTES : MAX_EVENT_BYTES;
    }

    /**
     * @throws IngestRejection with 400 or 413 and the first problem found; nothing of the request is accepted then
     */
    public Translation translate(Call call, byte[] body) {
        if (body != null && body.length > limitOf(call)) {
            throw IngestRejection.tooLarge("body is " + body.length + " bytes, over the limit of " + limitOf(call)
                    + " bytes for /v1/" + call.path());
        }
        JsonNode root = StrictJson.readObject(body);
        if (!root.isObject()) {
            throw IngestRejection.badRequest("body must be a JSON object, got " + StrictJson.kind(root));
        }
        List<InternalEvent> events = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        if (call == Call.BATCH) {
            // no item can be over the per-event limit when the whole body is not
            batch(root, body.length > MAX_EVENT_BYTES, events, ignored);
        } else {
            one(call, root, "", events, ignored);
        }
        return new Translation(events, ignored);
    }

    private void batch(JsonNode root, boolean checkItemSizes, List<InternalEvent> events, List<String> ignored) {
        JsonNode batch = root.get("batch");
        if (batch == null || batch.isNull()) {
            throw IngestRejection.badRequest("missing field 'batch'");
        }
        if (!batch.isArray()) {
            throw IngestRejection.badRequest("field 'batch' must be an array, got " + StrictJson.kind(batch));
        }
        if (batch.isEmpty()) {
            throw IngestRejection.badRequest("field 'batch' must hold at least one event");
        }
        if (batch.size() > MAX_BATCH_ITEMS) {
            throw IngestRejection.badRequest("field 'batch' holds " + batch.size() + " events, over the limit of "
                    + MAX_BATCH_ITEMS);
        }
        for (int i = 0; i < batch.size(); i++) {
            JsonNode item = batch.get(i);
            String where = "batch[" + i + "]";
            if (!item.isObject()) {
                throw IngestRejection.badRequest("field '" + where + "' must be an object, got " + StrictJson.kind(item));
            }
            int size = checkItemSizes ? serialize(item).length : 0;
            if (size > MAX_EVENT_BYTES) {
                throw IngestRejection.tooLarge(where + ": the event is " + size + " bytes, over the limit of "
                        + MAX_EVENT_BYTES + " bytes per event");
            }
            String type = new Fields(item, where).line("type", 20);
            if (type.isEmpty()) {
                throw IngestRejection.badRequest("missing field '" + where + ".type' (track, identify, page or alias)");
            }
            Call call = Call.ofItemType(type);
            if (call == null) {
                if (type.equals("screen") || type.equals("group")) {
                    ignored.add(where + ": " + type + " calls are not used by Herald");
                    continue;
                }
                throw IngestRejection.badRequest("field '" + where + ".type' must be track, identify, page or alias, got "
                        + Safe.quote(type));
            }
            one(call, item, where, events, ignored);
        }
    }

    private void one(Call call, JsonNode item, String where, List<InternalEvent> events, List<String> ignored) {
        Fields f = new Fields(item, where);
        String prefix = where.isEmpty() ? "" : where + ": ";
        String eventId = eventId(f, item);
        String userId = f.id("userId");
        String anonymousId = f.id("anonymousId");
        if (anonymousId.length() > Fields.MAX_ID_LENGTH - ANONYMOUS_PREFIX.length()) {
            throw IngestRejection.badRequest("field '" + f.path("anonymousId") + "' is " + anonymousId.length()
                    + " characters long, over the limit of " + (Fields.MAX_ID_LENGTH - ANONYMOUS_PREFIX.length()));
        }
        String customerId = !userId.isEmpty() ? userId
                : !anonymousId.isEmpty() ? ANONYMOUS_PREFIX + anonymousId : null;
        if (customerId == null) {
            throw IngestRejection.badRequest(prefix + "either 'userId' or 'anonymousId' is required");
        }
        Instant timestamp = timestamp(f);
        Fields context = Fields.of(item, "context", where);
        Fields contextTraits = Fields.of(context.node(), "traits", context.name());
        switch (call) {
            case TRACK -> track(f, prefix, where, eventId, customerId, anonymousId, timestamp, context, contextTraits,
                    events, ignored);
            case IDENTIFY -> events.add(identify(f, where, eventId, customerId, anonymousId, timestamp, context,
                    contextTraits));
            case PAGE -> {
                Fields properties = Fields.of(item, "properties", where);
                Fields page = Fields.of(context.node(), "page", context.name());
                String url = properties.has("url") ? properties.line("url", Fields.MAX_URL_LENGTH)
                        : page.line("url", Fields.MAX_URL_LENGTH);
                String pageName = f.has("name") ? f.displayName("name")
                        : properties.has("name") ? properties.displayName("name")
                        : properties.displayName("title");
                events.add(customer(InternalTypes.PAGE_VIEWED, eventId, customerId, anonymousId, timestamp,
                        properties, contextTraits).put("url", url).put("pageName", pageName).build(where));
            }
            case ALIAS -> {
                if (userId.isEmpty()) {
                    throw IngestRejection.badRequest(prefix + "alias needs 'userId' (the id the customer is known by from now on)");
                }
                String previousId = f.id("previousId");
                if (previousId.isEmpty()) {
                    throw IngestRejection.badRequest("missing field '" + f.path("previousId") + "'");
                }
                events.add(new InternalEventBuilder(InternalTypes.CUSTOMER_ALIASED, eventId, userId, anonymousId,
                        timestamp).put("previousId", previousId).build(where));
            }
            case BATCH -> throw new IllegalArgumentException("a batch inside a batch");
        }
    }

    private void track(Fields f, String prefix, String where, String eventId, String customerId, String anonymousId,
                       Instant timestamp, Fields context, Fields contextTraits, List<InternalEvent> events,
                       List<String> ignored) {
        String name = f.line("event", Fields.MAX_NAME_LENGTH);
        if (name.isEmpty()) {
            throw IngestRejection.badRequest("missing field '" + f.path("event") + "' (the name of what happened)");
        }
        String type = TRACK_EVENTS.get(normalise(name));
        if (type == null) {
            ignored.add(prefix + "track event " + Safe.quote(name) + " is not used by Herald");
            return;
        }
        Fields properties = Fields.of(f.node(), "properties", where);
        InternalEventBuilder event = customer(type, eventId, customerId, anonymousId, timestamp, properties,
                contextTraits);
        switch (type) {
            case InternalTypes.CUSTOMER_SIGNED_UP -> requireEmail(event, prefix, name);
            case InternalTypes.ORDER_COMPLETED -> {
                requireEmail(event, prefix, name);
                String orderId = firstId(properties, "order_id", "orderId");
                if (orderId.isEmpty()) {
                    throw IngestRejection.badRequest("missing field '" + properties.path("order_id") + "'");
                }
                List<InternalEventBuilder.Item> items = products(properties, true);
                event.put("orderId", orderId).put("currency", properties.currency("currency")).items(items);
            }
            case InternalTypes.PRODUCT_VIEWED, InternalTypes.PRODUCT_ADDED -> {
                String productId = firstId(properties, "product_id", "productId", "sku");
                if (productId.isEmpty()) {
                    throw IngestRejection.badRequest("missing field '" + properties.path("product_id") + "'");
                }
                event.put("productId", productId)
                        .put("productName", properties.displayName("name"))
                        .put("price", properties.amount("price", false));
                if (properties.has("quantity") || type.equals(InternalTypes.PRODUCT_ADDED)) {
                    event.put("quantity", properties.quantity("quantity", 1));
                }
            }
            case InternalTypes.CART_VIEWED -> {
                // the cart's contents are not part of the internal event; the type is what campaigns need
            }
            case InternalTypes.CHECKOUT_STARTED -> {
                Fields page = Fields.of(context.node(), "page", context.name());
                event.put("cartId", firstId(properties, "cart_id", "checkout_id", "order_id"))
                        .put("currency", properties.currency("currency"));
                List<InternalEventBuilder.Item> items = products(properties, false);
                if (items.isEmpty()) {
                    BigDecimal total = properties.amount("revenue", false);
                    event.put("total", total != null ? total : properties.amount("value", false));
                } else {
                    event.items(items);
                }
                event.put("url", properties.has("url") ? properties.line("url", Fields.MAX_URL_LENGTH)
                        : page.line("url", Fields.MAX_URL_LENGTH));
            }
            default -> throw new IllegalStateException("unmapped type " + type);
        }
        events.add(event.build(where));
    }

    private InternalEvent identify(Fields f, String where, String eventId, String customerId, String anonymousId,
                                   Instant timestamp, Fields context, Fields contextTraits) {
        Fields traits = Fields.of(f.node(), "traits", where);
        Fields source = traits.node().isMissingNode() ? contextTraits : traits;
        InternalEventBuilder event = new InternalEventBuilder(InternalTypes.CUSTOMER_IDENTIFIED, eventId, customerId,
                anonymousId, timestamp)
                .put("email", source.email("email"))
                .put("name", name(source));
        ObjectNode traitValues = flatTraits(source);
        // Segment's libraries send the browser's or device's locale in context.locale; the customer's own trait wins
        String locale = context.has("locale") ? context.line("locale", 35) : "";
        if (!locale.isEmpty() && !traitValues.has("locale")) {
            traitValues.put("locale", locale);
        }
        event.set("traits", traitValues);
        Fields consent = Fields.of(context.node(), "consent", context.name());
        Fields preferences = Fields.of(consent.node(), "categoryPreferences", consent.name());
        Iterator<String> names = preferences.node().fieldNames();
        while (names.hasNext()) {
            String category = names.next();
            if (category.equalsIgnoreCase("marketing")) {
                Boolean marketing = preferences.bool(category);
                if (marketing != null) {
                    ObjectNode c = StrictJson.MAPPER.createObjectNode();
                    c.put("marketing", marketing);
                    c.put("source", "segment");
                    event.set("consent", c);
                }
            }
        }
        return event.build(where);
    }

    /** Starts an event with the customer fields Segment carries in context.traits (or a signup's properties). */
    private InternalEventBuilder customer(String type, String eventId, String customerId, String anonymousId,
                                          Instant timestamp, Fields properties, Fields contextTraits) {
        String email = properties.has("email") ? properties.email("email") : contextTraits.email("email");
        // only a signup's properties describe the customer; elsewhere properties.name is a product or a page
        String name = type.equals(InternalTypes.CUSTOMER_SIGNED_UP) ? name(properties) : "";
        if (name.isEmpty()) {
            name = name(contextTraits);
        }
        return new InternalEventBuilder(type, eventId, customerId, anonymousId, timestamp)
                .put("email", email).put("name", name);
    }

    private static void requireEmail(InternalEventBuilder event, String prefix, String eventName) {
        if (!event.has("email")) {
            throw IngestRejection.badRequest(prefix + "track " + Safe.quote(eventName) + " needs the customer's email in"
                    + " 'properties.email' or 'context.traits.email'");
        }
    }

    /** {@code name}, or {@code firstName}/{@code first_name} and {@code lastName}/{@code last_name} joined. */
    private static String name(Fields fields) {
        String name = fields.displayName("name");
        if (!name.isEmpty()) {
            return name;
        }
        String first = fields.has("firstName") ? fields.displayName("firstName")
                : fields.displayName("first_name");
        String last = fields.has("lastName") ? fields.displayName("lastName")
                : fields.displayName("last_name");
        String joined = (first + " " + last).strip();
        if (joined.length() > Fields.MAX_NAME_LENGTH) {
            throw IngestRejection.badRequest("field '" + fields.path("firstName") + "' and '" + fields.path("lastName")
                    + "' together are over the limit of " + Fields.MAX_NAME_LENGTH + " characters");
        }
        return joined;
    }

    private static String firstId(Fields fields, String... names) {
        for (String n : names) {
            if (fields.has(n)) {
                return fields.id(n);
            }
        }
        return "";
    }

    /** Segment's {@code products} array as order lines. */
    private static List<InternalEventBuilder.Item> products(Fields properties, boolean required) {
        JsonNode products = properties.node().get("products");
        String path = properties.path("products");
        if (products == null || products.isNull()) {
            if (required) {
                throw IngestRejection.badRequest("missing field '" + path + "'");
            }
            return List.of();
        }
        if (!products.isArray()) {
            throw IngestRejection.badRequest("field '" + path + "' must be an array, got " + StrictJson.kind(products));
        }
        if (required && products.isEmpty()) {
            throw IngestRejection.badRequest("field '" + path + "' must hold at least one product");
        }
        if (products.size() > MAX_ITEMS) {
            throw IngestRejection.badRequest("field '" + path + "' holds " + products.size()
                    + " products, over the limit of " + MAX_ITEMS);
        }
        List<InternalEventBuilder.Item> items = new ArrayList<>();
        for (int i = 0; i < products.size(); i++) {
            JsonNode p = products.get(i);
            String at = path + "[" + i + "]";
            if (!p.isObject()) {
                throw IngestRejection.badRequest("field '" + at + "' must be an object, got " + StrictJson.kind(p));
            }
            Fields product = new Fields(p, at);
            String productId = firstId(product, "product_id", "productId", "sku");
            if (productId.isEmpty()) {
                throw IngestRejection.badRequest("missing field '" + at + ".product_id'");
            }
            BigDecimal price = product.amount("price", false);
            if (price == null) {
                throw IngestRejection.badRequest("missing field '" + at + ".price'");
            }
            items.add(new InternalEventBuilder.Item(productId, product.displayName("name"),
                    product.quantity("quantity", 1), price));
        }
        return items;
    }

    /**
     * Traits as a flat object of strings, numbers and booleans: a nested object becomes dotted keys
     * ({@code address.city}); arrays and deeper nesting are refused.
     */
    private static ObjectNode flatTraits(Fields traits) {
        ObjectNode flat = StrictJson.MAPPER.createObjectNode();
        flatten(traits.node(), "", traits.path(""), flat, 0);
        flat.remove(List.of("email", "name"));
        if (flat.size() > MAX_TRAITS) {
            throw IngestRejection.badRequest("traits hold " + flat.size() + " values, over the limit of " + MAX_TRAITS);
        }
        return flat;
    }

    private static void flatten(JsonNode node, String keyPrefix, String path, ObjectNode out, int depth) {
        if (node == null || !node.isObject()) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            String key = keyPrefix + e.getKey();
            String at = path + e.getKey();
            if (key.isBlank() || key.length() > Fields.MAX_ID_LENGTH || key.chars().anyMatch(Character::isISOControl)) {
                throw IngestRejection.badRequest("trait name " + Safe.quote(key) + " at '" + Safe.text(path, 80)
                        + "' must be 1 to " + Fields.MAX_ID_LENGTH + " characters without control characters");
            }
            JsonNode v = e.getValue();
            if (v.isNull()) {
                continue;
            }
            if (v.isObject() && depth == 0) {
                flatten(v, key + ".", at + ".", out, depth + 1);
            } else if (v.isTextual()) {
                String s = v.textValue();
                if (s.length() > MAX_TRAIT_VALUE_LENGTH) {
                    throw IngestRejection.badRequest("field '" + Safe.text(at, 120) + "' is " + s.length()
                            + " characters long, over the limit of " + MAX_TRAIT_VALUE_LENGTH);
                }
                if (s.chars().anyMatch(Character::isISOControl)) {
                    throw IngestRejection.badRequest("field '" + Safe.text(at, 120)
                            + "' must not contain line breaks or control characters");
                }
                out.put(key, s);
            } else if (v.isNumber() || v.isBoolean()) {
                out.set(key, v);
            } else {
                throw IngestRejection.badRequest("field '" + Safe.text(at, 120) + "' must be a string, number or"
                        + " boolean (one level of nested object at most), got " + StrictJson.kind(v));
            }
        }
    }

    private Instant timestamp(Fields f) {
        for (String field : new String[]{"timestamp", "originalTimestamp", "sentAt"}) {
            Instant t = f.instant(field);
            if (t != null) {
                return t;
            }
        }
        return clock.instant();
    }

    private static String eventId(Fields f, JsonNode item) {
        String messageId = f.text("messageId", Fields.MAX_ID_LENGTH);
        if (!messageId.isEmpty()) {
            Fields.checkId(f.path("messageId"), messageId, Fields.MAX_ID_LENGTH);
            return messageId;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(serialize(item));
            return "content-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] serialize(JsonNode node) {
        try {
            return StrictJson.MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String normalise(String eventName) {
        return eventName.strip().toLowerCase(Locale.ROOT).replace('_', ' ').replaceAll("\\s+", " ");
    }
}
