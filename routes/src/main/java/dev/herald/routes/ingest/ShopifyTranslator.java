package dev.herald.routes.ingest;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns Shopify webhooks into internal events: {@code orders/create} → {@code order_completed},
 * {@code checkouts/create} and {@code checkouts/update} → {@code checkout_started}. The signature has been checked
 * before this runs. Shopify retries anything but a 2xx for two days and then drops the subscription, so payloads
 * that are well-formed but of no use to Herald (other topics, a checkout with no customer yet) are answered 200
 * and reported as ignored; only broken payloads get a 400.
 *
 * <p>Customer id: {@code "shopify:" + customer.id}. Event ids: {@code shopify-order-ID} (a redelivered webhook is
 * processed once) and {@code shopify-checkout-ID-EPOCHSECONDS} of {@code updated_at} (each update of a checkout is its
 * own event; a redelivery of one update is processed once).
 */
public final class ShopifyTranslator {

    public static final String ORDERS_CREATE = "orders/create";
    public static final String CHECKOUTS_CREATE = "checkouts/create";
    public static final String CHECKOUTS_UPDATE = "checkouts/update";
    /** Largest webhook body: 512 KiB, as for one Segment event. */
    public static final int MAX_BODY_BYTES = SegmentTranslator.MAX_EVENT_BYTES;

    private final Clock clock;

    public ShopifyTranslator(Clock clock) {
        this.clock = clock;
    }

    public Translation translate(String topic, byte[] body) {
        if (body != null && body.length > MAX_BODY_BYTES) {
            throw IngestRejection.tooLarge("body is " + body.length + " bytes, over the limit of " + MAX_BODY_BYTES
                    + " bytes");
        }
        String t = topic == null ? "" : topic.strip();
        if (!t.equals(ORDERS_CREATE) && !t.equals(CHECKOUTS_CREATE) && !t.equals(CHECKOUTS_UPDATE)) {
            // read anyway: a body that is not JSON is refused whatever the topic
            StrictJson.readObject(body);
            return Translation.ignoredOnly("topic " + Safe.quote(t) + " is not used by Herald");
        }
        JsonNode root = StrictJson.readObject(body);
        if (!root.isObject()) {
            throw IngestRejection.badRequest("body must be a JSON object, got " + StrictJson.kind(root));
        }
        Fields f = new Fields(root, "");
        String id = f.id("id");
        if (id.isEmpty()) {
            throw IngestRejection.badRequest("missing field 'id'");
        }
        Fields customer = Fields.of(root, "customer", "");
        String customerNumber = customer.id("id");
        if (customerNumber.isEmpty()) {
            return Translation.ignoredOnly(t + " " + id + " has no customer yet");
        }
        String email = f.has("email") ? f.email("email") : customer.email("email");
        String name = (customer.displayName("first_name") + " "
                + customer.displayName("last_name")).strip();
        String customerId = "shopify:" + customerNumber;
        Fields.checkId("customer.id", customerId, Fields.MAX_ID_LENGTH);
        List<InternalEventBuilder.Item> items = lineItems(root);
        InternalEvent event;
        if (t.equals(ORDERS_CREATE)) {
            if (email.isEmpty()) {
                throw IngestRejection.badRequest("order " + id + " has no 'email' (or 'customer.email')");
            }
            if (items.isEmpty()) {
                throw IngestRejection.badRequest("field 'line_items' must hold at least one item");
            }
            Instant at = orNow(f.instant("created_at"));
            event = new InternalEventBuilder(InternalTypes.ORDER_COMPLETED, "shopify-order-" + id, customerId, null, at)
                    .put("email", email).put("name", name)
                    .put("orderId", "shopify-" + id).put("currency", f.currency("currency"))
                    .items(items).build("");
        } else {
            Instant updated = orNow(f.has("updated_at") ? f.instant("updated_at") : f.instant("created_at"));
            String cartId = f.has("token") ? f.id("token") : f.has("cart_token") ? f.id("cart_token") : id;
            InternalEventBuilder b = new InternalEventBuilder(InternalTypes.CHECKOUT_STARTED,
                    "shopify-checkout-" + id + "-" + updated.getEpochSecond(), customerId, null, updated)
                    .put("email", email).put("name", name)
                    .put("cartId", cartId).put("currency", f.currency("currency"))
                    .items(items)
                    .put("url", f.line("abandoned_checkout_url", Fields.MAX_URL_LENGTH));
            event = b.build("");
        }
        return new Translation(List.of(event), List.of());
    }

    private Instant orNow(Instant t) {
        return t != null ? t : clock.instant();
    }

    private static List<InternalEventBuilder.Item> lineItems(JsonNode root) {
        JsonNode lines = root.get("line_items");
        if (lines == null || lines.isNull()) {
            return List.of();
        }
        if (!lines.isArray()) {
            throw IngestRejection.badRequest("field 'line_items' must be an array, got " + StrictJson.kind(lines));
        }
        if (lines.size() > SegmentTranslator.MAX_ITEMS) {
            throw IngestRejection.badRequest("field 'line_items' holds " + lines.size() + " items, over the limit of "
                    + SegmentTranslator.MAX_ITEMS);
        }
        List<InternalEventBuilder.Item> items = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String at = "line_items[" + i + "]";
            JsonNode line = lines.get(i);
            if (!line.isObject()) {
                throw IngestRejection.badRequest("field '" + at + "' must be an object, got " + StrictJson.kind(line));
            }
            Fields l = new Fields(line, at);
            String productId = l.has("product_id") ? l.id("product_id")
                    : l.has("variant_id") ? l.id("variant_id") : l.id("sku");
            if (productId.isEmpty()) {
                throw IngestRejection.badRequest("field '" + at + "' has no 'product_id', 'variant_id' or 'sku'");
            }
            var price = l.amount("price", true);
            if (price == null) {
                throw IngestRejection.badRequest("missing field '" + at + ".price'");
            }
            items.add(new InternalEventBuilder.Item(productId, l.displayName("title"),
                    l.quantity("quantity", 1), price));
        }
        return items;
    }
}
