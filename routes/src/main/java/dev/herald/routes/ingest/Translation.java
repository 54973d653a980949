package dev.herald.routes.ingest;

import java.util.List;

/**
 * What one request turned into: the events to enqueue (all or none) and the parts Herald has no use for,
 * reported back to the sender instead of silently dropped.
 *
 * @param ignored one line per ignored part, e.g. {@code "batch[2]: track event 'Button Clicked' is not used by Herald"}
 */
public record Translation(List<InternalEvent> events, List<String> ignored) {

    public Translation {
        events = List.copyOf(events);
        ignored = List.copyOf(ignored);
    }

    public static Translation ignoredOnly(String why) {
        return new Translation(List.of(), List.of(why));
    }
}
