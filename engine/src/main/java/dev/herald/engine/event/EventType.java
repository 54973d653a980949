package dev.herald.engine.event;

import java.util.Arrays;
import java.util.Optional;

/** The event types Herald accepts, with the wire name producers put in the {@code type} field. */
public enum EventType {
    CUSTOMER_SIGNED_UP("customer_signed_up"),
    ORDER_COMPLETED("order_completed"),
    /** Herald's own event: a customer moved to another segment (never accepted from outside). */
    SEGMENT_CHANGED("segment_changed");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<EventType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }
}
