package dev.herald.engine.decision;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The event campaign rules are asked about, by wire type name (so rules can name event types the engine will
 * accept later, e.g. {@code cart_updated}) with its attributes (text or number values).
 */
public record TriggerEvent(String eventId, String type, Instant occurredAt, Map<String, Object> attributes) {

    public TriggerEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
