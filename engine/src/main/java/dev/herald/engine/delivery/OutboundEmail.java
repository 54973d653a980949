package dev.herald.engine.delivery;

import java.util.Map;

/**
 * A leased outbox message, rendered and ready to hand to the SMTP adapter.
 *
 * @param headers extra MIME headers (e.g. {@code List-Unsubscribe}) from the {@link DeliveryHooks}
 */
public record OutboundEmail(long outboxId, String campaign, String customerId, String recipient,
                            RenderedEmail email, Map<String, String> headers) {

    public OutboundEmail {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public OutboundEmail(long outboxId, String campaign, String customerId, String recipient, RenderedEmail email) {
        this(outboxId, campaign, customerId, recipient, email, Map.of());
    }
}
