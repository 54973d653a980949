package dev.herald.engine.event;

import java.time.Instant;

/**
 * Something a customer did, as Herald understands it after validation. Every event carries a business
 * {@link #eventId()} chosen by its producer: that id, not the transport's message id, makes processing
 * idempotent.
 */
public sealed interface CustomerEvent permits CustomerSignedUp, OrderCompleted, SegmentChanged {

    String eventId();

    EventType type();

    String customerId();

    String email();

    /** The customer's display name as given; may be empty, never null. */
    String name();

    Instant occurredAt();
}
