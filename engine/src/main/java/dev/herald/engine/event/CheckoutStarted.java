package dev.herald.engine.event;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The customer started checking out (the abandoned-cart journey starts here). {@code items} use the order's
 * item shape and may be empty; {@code total} may include shipping and tax, so it is not checked against them.
 */
public record CheckoutStarted(String eventId, String customerId, String anonymousId, String email, String name,
                              String cartId, String currency, BigDecimal total, List<OrderCompleted.OrderItem> items,
                              String url, Instant occurredAt) implements ActivityEvent {

    public CheckoutStarted {
        items = List.copyOf(items);
    }

    @Override
    public EventType type() {
        return EventType.CHECKOUT_STARTED;
    }

    /** Cart, currency, total, URL and the items as [productId, quantity, price] triples. */
    @Override
    public Map<String, Object> detail() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("cartId", cartId);
        d.put("currency", currency);
        d.put("total", total);
        d.put("url", url);
        List<List<Object>> lines = new ArrayList<>();
        for (OrderCompleted.OrderItem i : items) {
            lines.add(List.of(i.productId(), i.quantity(), i.unitPrice()));
        }
        d.put("items", lines);
        return d;
    }
}
