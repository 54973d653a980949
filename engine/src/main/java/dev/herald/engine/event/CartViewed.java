package dev.herald.engine.event;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The customer looked at their cart; {@code cartId} may be empty. */
public record CartViewed(String eventId, String customerId, String anonymousId, String email, String name,
                         String cartId, Instant occurredAt) implements ActivityEvent {

    @Override
    public EventType type() {
        return EventType.CART_VIEWED;
    }

    @Override
    public Map<String, Object> detail() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("cartId", cartId);
        return d;
    }
}
