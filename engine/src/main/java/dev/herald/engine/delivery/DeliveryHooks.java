package dev.herald.engine.delivery;

import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.Map;

/**
 * What the outbox lets other features add to a send without knowing them: values for the template model
 * (an unsubscribe link), a change to the rendered email (tracked links, an open pixel), extra MIME headers
 * ({@code List-Unsubscribe}) and a reaction to a message that failed for good (an SMTP 5xx suppresses the
 * address). The defaults change nothing.
 */
public interface DeliveryHooks {

    DeliveryHooks NONE = new DeliveryHooks() {
    };

    /** The model the template is rendered with; may return a new map with values added. */
    default Map<String, Object> model(OutboxMessage message, Map<String, Object> model) {
        return model;
    }

    /** The email as sent; may rewrite the rendered parts. */
    default RenderedEmail email(OutboxMessage message, RenderedEmail email) {
        return email;
    }

    /** Extra MIME headers of the email (names and values free of CR/LF). */
    default Map<String, String> headers(OutboxMessage message) {
        return Map.of();
    }

    /**
     * Called inside the transaction that marks {@code message} permanently failed.
     *
     * @param error the recorded error, {@code "SMTP 550: ..."} for SMTP refusals
     */
    default void failedForGood(EntityManager em, OutboxMessage message, String error, Instant now) {
    }
}
