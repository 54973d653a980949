package dev.herald.engine.delivery;

import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.Objects;

/**
 * A check made at send time, not only at decision time: between the decision and the send a customer may
 * unsubscribe, bounce, reach a frequency cap or enter quiet hours. The dispatcher asks every gate, in
 * order, inside the transaction that leases the message; the first verdict other than {@link Send} wins.
 * A deferred message keeps its attempts and is taken again at the given time; a suppressed one is kept
 * on record with its reason and never sent.
 */
@FunctionalInterface
public interface SendGate {

    Verdict check(EntityManager em, OutboxMessage message, Instant now);

    /**
     * True when the verdict depends on other dispatchers' claims (leases not yet committed elsewhere would be
     * missed), as a frequency cap's count of in-flight emails does. The dispatcher then serialises its claim
     * transactions, across threads and nodes, so each such check sees every lease taken before it.
     */
    default boolean countsOtherClaims() {
        return false;
    }

    /** What a gate says about one message. */
    sealed interface Verdict permits Send, Defer, Suppress {
    }

    /** Nothing against sending now. */
    record Send() implements Verdict {
        public static final Send INSTANCE = new Send();
    }

    /** Not now: take it again at {@code until} (quiet hours, a cap window, a throttle). */
    record Defer(Instant until, String reason) implements Verdict {
        public Defer {
            Objects.requireNonNull(until, "until");
        }
    }

    /** Never: the recipient is suppressed (unsubscribed, bounced, complained, manual) or lacks consent. */
    record Suppress(String reason) implements Verdict {
    }

    static Verdict send() {
        return Send.INSTANCE;
    }
}
