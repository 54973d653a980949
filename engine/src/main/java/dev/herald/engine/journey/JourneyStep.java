package dev.herald.engine.journey;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Objects;

/**
 * One step of a {@link Journey}. Step ids are unique within a journey and end up in the outbox row's step, so
 * an email of a journey is queued at most once per customer, step and entry.
 */
public sealed interface JourneyStep permits JourneyStep.Send, JourneyStep.Delay, JourneyStep.Wait {

    /** Where a wait goes next: the following step, the end of the journey, or a later step by id. */
    String NEXT = "next";
    String END = "end";

    String id();

    /** Sends {@code template}, or one of {@code variants} drawn by customer id (weights) when there are any. */
    record Send(String id, String template, List<Variant> variants) implements JourneyStep {
        public Send {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(template, "template");
            variants = List.copyOf(variants);
        }
    }

    /** A split inside one send step. */
    record Variant(String name, String template, int weight) {
    }

    /**
     * Waits a fixed {@code duration}, or (when {@code untilLocalTime} is set) until the next time the clock shows
     * that time in the customer's time zone ("next 09:00").
     */
    record Delay(String id, Duration duration, LocalTime untilLocalTime) implements JourneyStep {
        public Delay {
            Objects.requireNonNull(id, "id");
            if ((duration == null) == (untilLocalTime == null)) {
                throw new IllegalArgumentException("a delay is either a duration or a local time, not both or none");
            }
            if (duration != null && duration.isNegative()) {
                throw new IllegalArgumentException("a delay cannot be negative: " + duration);
            }
        }

        public static Delay of(String id, Duration duration) {
            return new Delay(id, duration, null);
        }

        public static Delay until(String id, LocalTime time) {
            return new Delay(id, null, time);
        }
    }

    /**
     * Waits for {@code event} at most {@code timeout}: when it arrives the journey goes to {@code onEvent}, when
     * the timeout passes first to {@code onTimeout} ({@link #NEXT}, {@link #END} or a later step's id).
     */
    record Wait(String id, String event, Duration timeout, String onEvent, String onTimeout) implements JourneyStep {
        public Wait {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(timeout, "timeout");
            onEvent = onEvent == null ? END : onEvent;
            onTimeout = onTimeout == null ? NEXT : onTimeout;
        }
    }
}
