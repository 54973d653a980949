package dev.herald.engine.engagement;

import java.time.Instant;

/**
 * Told after a click or an unsubscribe is recorded, e.g. so a journey waiting for a click moves on and one with
 * an unsubscribe exit ends. Called outside the recording transaction; an exception is logged and does not undo
 * what was recorded.
 */
@FunctionalInterface
public interface EngagementListener {

    EngagementListener NONE = (customerId, campaign, outboxId, at) -> {
    };

    void clicked(String customerId, String campaign, long outboxId, Instant at);

    /** The recipient of the message unsubscribed (told once, the first time). */
    default void unsubscribed(String customerId, String campaign, long outboxId, Instant at) {
    }
}
