package dev.herald.engine.customer;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * The idempotency record: written in the same transaction as everything the event changed, so an event
 * redelivered after a crash or sent twice by its producer finds it and is skipped.
 */
@Entity
@Table(name = "processed_event")
public class ProcessedEvent {

    @Id
    @Column(name = "event_id")
    private String eventId;

    @Column(name = "event_type", nullable = false)
    private String eventType;

    @Column(name = "customer_id", nullable = false)
    private String customerId;

    @Column(nullable = false)
    private int decisions;

    @Column(name = "processed_at", nullable = false)
    private Instant processedAt;

    protected ProcessedEvent() {
        // for JPA
    }

    public ProcessedEvent(String eventId, String eventType, String customerId, int decisions, Instant processedAt) {
        this.eventId = eventId;
        this.eventType = eventType;
        this.customerId = customerId;
        this.decisions = decisions;
        this.processedAt = processedAt;
    }

    public String eventId() {
        return eventId;
    }

    public String eventType() {
        return eventType;
    }

    public int decisions() {
        return decisions;
    }
}
