package dev.herald.engine.event;

import java.time.Instant;

/**
 * Something a customer did, as Herald understands it after validation. Every event carries a business
 * {@link #eventId()} chosen by its producer: that id, not the transport's message id, makes processing
 * idempotent.
 */
public sealed interface CustomerEvent permits CustomerSignedUp, OrderCompleted, HeraldEvent, CustomerIdentified,
        CustomerAliased, ActivityEvent {

    String eventId();

    EventType type();

    String customerId();

    String email();

    /** The customer's display name as given; may be empty, never null. */
    String name();

    Instant occurredAt();

    /**
     * The Segment anonymous id the producer also sent, or empty. With a known {@link #customerId()} it links the
     * anonymous profile {@code anon:ID} to that customer; an event with only an anonymous id arrives with
     * {@code customerId} = {@code anon:ID}.
     */
    default String anonymousId() {
        return "";
    }
}
