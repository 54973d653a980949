package dev.herald.engine.event;

import java.time.Instant;
import java.util.Objects;

/**
 * Herald's own event: the customer left segment {@code fromSegment} (null when they had none in the scheme) for
 * {@code toSegment}. Made from a {@code segment_change} row by {@code SegmentChangeFeed}, never parsed from
 * outside, so it carries no contact details: the stored profile is used as it is.
 *
 * @param eventId   {@code segment-change:ID}, the row's id, so processing it twice is a no-op
 * @param scheme    the segmentation scheme, e.g. {@code rfm}
 */
public record SegmentChanged(String eventId, String customerId, String scheme, String fromSegment, String toSegment,
                             Instant occurredAt) implements HeraldEvent {

    /** Event id prefix; the rest is the {@code segment_change} row id. */
    public static final String EVENT_ID_PREFIX = "segment-change:";

    public SegmentChanged {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(toSegment, "toSegment");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    public static String eventIdOf(long changeId) {
        return EVENT_ID_PREFIX + changeId;
    }

    @Override
    public EventType type() {
        return EventType.SEGMENT_CHANGED;
    }
}
