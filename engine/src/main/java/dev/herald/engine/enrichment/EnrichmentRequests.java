package dev.herald.engine.enrichment;

import dev.herald.engine.customer.Customer;
import jakarta.persistence.EntityManager;

import java.time.Instant;

/**
 * Called inside an event's transaction: notes that a customer's profile lacks attributes the CRM may have.
 * It never calls the CRM itself, so the CRM can never block or fail an event; a sweep does the asking later.
 */
@FunctionalInterface
public interface EnrichmentRequests {

    void requestIfIncomplete(EntityManager em, Customer customer, Instant now);

    /** No CRM configured. */
    EnrichmentRequests NONE = (em, customer, now) -> { };
}
