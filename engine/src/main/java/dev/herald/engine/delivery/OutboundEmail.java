package dev.herald.engine.delivery;

/** A leased outbox message, rendered and ready to hand to the SMTP adapter. */
public record OutboundEmail(long outboxId, String campaign, String customerId, String recipient,
                            RenderedEmail email) {
}
