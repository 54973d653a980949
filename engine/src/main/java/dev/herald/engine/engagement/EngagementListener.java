package dev.herald.engine.engagement;

import java.time.Instant;

/**
 * Told after a click is recorded, e.g. so a journey waiting for a click can move on. Called outside the
 * recording transaction; an exception is logged and does not undo the click.
 */
@FunctionalInterface
public interface EngagementListener {

    EngagementListener NONE = (customerId, campaign, outboxId, at) -> {
    };

    void clicked(String customerId, String campaign, long outboxId, Instant at);
}
