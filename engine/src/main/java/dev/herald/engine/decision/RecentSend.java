package dev.herald.engine.decision;

import java.time.Instant;
import java.util.Objects;

/** A campaign message recently sent to the customer: what frequency caps count. */
public record RecentSend(String customerId, String campaign, Instant sentAt) {

    public RecentSend {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(campaign, "campaign");
        Objects.requireNonNull(sentAt, "sentAt");
    }
}
