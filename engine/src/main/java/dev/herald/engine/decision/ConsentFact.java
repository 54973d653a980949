package dev.herald.engine.decision;

import java.util.Objects;

/**
 * Whether the customer agreed to marketing on a channel (e.g. {@code "email"}), from their consent record.
 * Campaigns that require consent are suppressed unless a granted consent for their channel is on record; a fact
 * that is not granted (withdrawn, pending, or the address suppressed) also holds back every marketing campaign,
 * while {@code type: transactional} ones ignore consent (ADR 0034). No fact: nothing stated.
 */
public record ConsentFact(String customerId, String channel, boolean granted) {

    public ConsentFact {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(channel, "channel");
    }
}
