package dev.herald.engine.decision;

import java.util.Objects;

/**
 * Whether the customer agreed to marketing on a channel (e.g. {@code "email"}). Campaigns that require consent
 * are suppressed unless a granted consent for their channel is on record.
 */
public record ConsentFact(String customerId, String channel, boolean granted) {

    public ConsentFact {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(channel, "channel");
    }
}
