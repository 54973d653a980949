package dev.herald.engine.delivery;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A leased outbox message, rendered and ready to hand to the SMTP adapter.
 *
 * @param headers extra MIME headers (e.g. {@code List-Unsubscribe}) from the {@link DeliveryHooks}
 * @param lease   the lease this email was claimed under; checked again just before the send
 *                ({@link OutboxDispatcher#holdLease})
 */
public record OutboundEmail(long outboxId, String campaign, String customerId, String recipient,
                            RenderedEmail email, Map<String, String> headers, Lease lease) {

    public OutboundEmail {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        Objects.requireNonNull(lease, "lease");
    }

    /**
     * One claim of an outbox row.
     *
     * @param claim the row's claim count once this claim was taken: it changes only when another claim takes the
     *              row, so it tells whether the row is still this claim's
     * @param until when the lease runs out unless it is extended
     */
    public record Lease(int claim, Instant until) {
    }
}
