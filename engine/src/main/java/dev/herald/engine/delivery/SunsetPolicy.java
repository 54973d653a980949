package dev.herald.engine.delivery;

import java.time.Duration;
import java.util.Objects;

/**
 * When Herald stops sending marketing email to a customer who no longer reads it (ADR 0070): no open, click or
 * order for {@code after}, while at least {@code minEmails} marketing emails reached them in that time.
 *
 * <p>Why: mailbox providers judge a sender by how its recipients react. Mail that is never opened, sent again and
 * again, pushes everyone's mail towards the spam folder and keeps dead addresses that turn into spam traps.
 * Stopping it is what every mature sender does; {@code minEmails} keeps a customer who was hardly mailed from being
 * judged on silence alone.
 */
public record SunsetPolicy(Duration after, int minEmails) {

    /** No sunset: every customer keeps getting marketing email. */
    public static final SunsetPolicy NONE = new SunsetPolicy(Duration.ZERO, 0);
    /** A shorter silence says nothing: people go on holiday. */
    public static final Duration SHORTEST = Duration.ofDays(7);
    public static final int DEFAULT_MIN_EMAILS = 5;

    public SunsetPolicy {
        Objects.requireNonNull(after, "after");
        if (!after.isZero() && after.compareTo(SHORTEST) < 0) {
            throw new IllegalArgumentException("sunset after must be at least " + Durations.format(SHORTEST)
                    + " (people go on holiday), was " + Durations.format(after));
        }
        if (!after.isZero() && minEmails < 1) {
            throw new IllegalArgumentException("sunset minEmails must be at least 1, was " + minEmails);
        }
    }

    public boolean enabled() {
        return !after.isZero();
    }

    /** "no opens, clicks or orders in 180d over at least 5 marketing emails", for logs and the command line. */
    public String describe() {
        return enabled() ? "no opens, clicks or orders in " + Durations.format(after) + " over at least " + minEmails
                + " marketing email" + (minEmails == 1 ? "" : "s") : "none";
    }
}
