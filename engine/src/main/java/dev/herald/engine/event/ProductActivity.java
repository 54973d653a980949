package dev.herald.engine.event;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The customer viewed a product or added it to the cart ({@link EventType#PRODUCT_VIEWED} or
 * {@link EventType#PRODUCT_ADDED}); {@code price} is null when not given.
 */
public record ProductActivity(EventType type, String eventId, String customerId, String anonymousId, String email,
                              String name, String productId, String productName, BigDecimal price, int quantity,
                              Instant occurredAt) implements ActivityEvent {

    public ProductActivity {
        if (type != EventType.PRODUCT_VIEWED && type != EventType.PRODUCT_ADDED) {
            throw new IllegalArgumentException("not a product event type: " + type);
        }
    }

    @Override
    public Map<String, Object> detail() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("productId", productId);
        d.put("productName", productName);
        if (price != null) {
            d.put("price", price);
        }
        d.put("quantity", quantity);
        return d;
    }
}
