package dev.herald.engine.journey;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether a customer may start a journey again after an earlier run: never, after a cool-down counted from the
 * earlier run's start, or always. A customer is never in two runs of the same journey at once.
 */
public record ReentryPolicy(Kind kind, Duration coolDown) {

    public enum Kind { NEVER, AFTER_COOL_DOWN, ALWAYS }

    public static final ReentryPolicy NEVER = new ReentryPolicy(Kind.NEVER, Duration.ZERO);
    public static final ReentryPolicy ALWAYS = new ReentryPolicy(Kind.ALWAYS, Duration.ZERO);

    public static ReentryPolicy after(Duration coolDown) {
        return new ReentryPolicy(Kind.AFTER_COOL_DOWN, coolDown);
    }

    /** May a finished earlier run that started at {@code previousStart} be followed by a new one at {@code now}? */
    public boolean allowsAfter(Instant previousStart, Instant now) {
        return switch (kind) {
            case NEVER -> false;
            case ALWAYS -> true;
            case AFTER_COOL_DOWN -> !now.isBefore(previousStart.plus(coolDown));
        };
    }

    @Override
    public String toString() {
        return kind == Kind.AFTER_COOL_DOWN ? "after " + coolDown : kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
