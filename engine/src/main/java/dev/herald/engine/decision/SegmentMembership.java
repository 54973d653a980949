package dev.herald.engine.decision;

import java.util.Objects;

/**
 * The customer belongs to a named segment (e.g. an RFM segment such as {@code "At risk"}). Fed by the segment
 * engine; campaign rules test membership by name.
 */
public record SegmentMembership(String customerId, String segment) {

    public SegmentMembership {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(segment, "segment");
    }
}
