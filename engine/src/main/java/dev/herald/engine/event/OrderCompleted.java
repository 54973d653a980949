package dev.herald.engine.event;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A customer paid for an order (usually from the shop platform). */
public record OrderCompleted(String eventId, String customerId, String email, String name, String orderId,
                             String currency, List<OrderItem> items, BigDecimal total, Instant occurredAt,
                             String anonymousId)
        implements CustomerEvent {

    public OrderCompleted {
        items = List.copyOf(items);
        anonymousId = anonymousId == null ? "" : anonymousId;
    }

    public OrderCompleted(String eventId, String customerId, String email, String name, String orderId,
                          String currency, List<OrderItem> items, BigDecimal total, Instant occurredAt) {
        this(eventId, customerId, email, name, orderId, currency, items, total, occurredAt, "");
    }

    @Override
    public EventType type() {
        return EventType.ORDER_COMPLETED;
    }

    /** One line of the order. */
    public record OrderItem(String productId, String productName, int quantity, BigDecimal unitPrice) {
    }
}
