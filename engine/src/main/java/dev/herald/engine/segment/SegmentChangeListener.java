package dev.herald.engine.segment;

/**
 * Told about segment changes after the transaction that stored them committed (e.g. to start a win-back
 * campaign when a customer enters "At risk"). The {@code segment_change} table holds the same events durably
 * for consumers that poll.
 */
@FunctionalInterface
public interface SegmentChangeListener {

    void onSegmentChanged(SegmentChange change);

    SegmentChangeListener NONE = change -> { };
}
