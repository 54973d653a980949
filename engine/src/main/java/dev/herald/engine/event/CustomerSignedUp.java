package dev.herald.engine.event;

import java.time.Instant;

/** A new customer registered (usually from the CRM). */
public record CustomerSignedUp(String eventId, String customerId, String email, String name, Instant occurredAt,
                               String anonymousId)
        implements CustomerEvent {

    public CustomerSignedUp {
        anonymousId = anonymousId == null ? "" : anonymousId;
    }

    public CustomerSignedUp(String eventId, String customerId, String email, String name, Instant occurredAt) {
        this(eventId, customerId, email, name, occurredAt, "");
    }

    @Override
    public EventType type() {
        return EventType.CUSTOMER_SIGNED_UP;
    }
}
