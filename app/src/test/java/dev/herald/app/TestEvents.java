package dev.herald.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * Events in Herald's wire format (see {@code dev.herald.engine.event.EventParser}), as mutable JSON trees so
 * a test can break one field and send the rest as it is.
 */
public final class TestEvents {

    /** When every test event happened; the engine does not care how long ago that was. */
    public static final Instant OCCURRED_AT = Instant.parse("2026-03-01T10:15:30Z");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Someone who signs up and orders. */
    public record Customer(String id, String email, String name) {
    }

    /** One order line. */
    public record Item(String productId, String name, int quantity, BigDecimal price) {
    }

    private TestEvents() {
    }

    /** A customer with an address derived from the id: {@code C-ANN} gets {@code c-ann@example.com}. */
    public static Customer customer(String id, String name) {
        return new Customer(id, id.toLowerCase(Locale.ROOT) + "@example.com", name);
    }

    public static Item item(String productId, String name, int quantity, String price) {
        return new Item(productId, name, quantity, new BigDecimal(price));
    }

    /** A fresh event id, so no two tests (or runs) share one. */
    public static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    public static ObjectNode signup(Customer customer) {
        return signup(newId("signup-" + customer.id()), customer);
    }

    public static ObjectNode signup(String eventId, Customer customer) {
        return base(eventId, "customer_signed_up", customer);
    }

    /** A completed order whose total is the sum of its lines; the event id is the order id + "-completed". */
    public static ObjectNode order(Customer customer, String orderId, Item... items) {
        ObjectNode e = base(orderId + "-completed", "order_completed", customer);
        e.put("orderId", orderId);
        e.put("currency", "GBP");
        ArrayNode lines = e.putArray("items");
        BigDecimal total = BigDecimal.ZERO;
        for (Item item : items) {
            lines.addObject().put("productId", item.productId()).put("name", item.name())
                    .put("quantity", item.quantity()).put("price", item.price());
            total = total.add(item.price().multiply(BigDecimal.valueOf(item.quantity())));
        }
        e.put("total", total);
        return e;
    }

    /**
     * An activity event of the customer happening now (product_viewed, page_viewed, cart_viewed, ...), about
     * {@code productId} on its page: for tests where the event's time matters (scores that fade, what sent today).
     */
    public static ObjectNode activityNow(Customer customer, String type, String productId) {
        ObjectNode e = base(newId(type), type, customer);
        e.put("productId", productId);
        e.put("url", "/" + productId);
        e.put("timestamp", Instant.now().toString());
        return e;
    }

    private static ObjectNode base(String eventId, String type, Customer customer) {
        ObjectNode e = JSON.createObjectNode();
        e.put("eventId", eventId);
        e.put("type", type);
        e.put("customerId", customer.id());
        e.put("email", customer.email());
        e.put("name", customer.name());
        e.put("timestamp", OCCURRED_AT.toString());
        return e;
    }
}
