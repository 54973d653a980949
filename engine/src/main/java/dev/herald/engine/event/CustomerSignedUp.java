package dev.herald.engine.event;

import java.time.Instant;

/** A new customer registered (usually from the CRM). */
public record CustomerSignedUp(String eventId, String customerId, String email, String name, Instant occurredAt)
        implements CustomerEvent {

    @Override
    public EventType type() {
        return EventType.CUSTOMER_SIGNED_UP;
    }
}
